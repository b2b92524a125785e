# Till's two commands are `make run` and `make test`; everything they need is
# installed or started by them (see db/dev/ensure-postgres.sh).
GO ?= go
PG := db/dev/ensure-postgres.sh

.PHONY: run test lint bench generate check-generated build migrate clean

## run: build, start PostgreSQL if needed, migrate, and serve on http://localhost:4242
run: build
	@url=$$($(PG) till) && DATABASE_URL=$$url TILL_LOG_FORMAT=$${TILL_LOG_FORMAT:-text} TILL_WEBHOOK_ALLOW_CIDRS=$${TILL_WEBHOOK_ALLOW_CIDRS:-127.0.0.0/8,::1/128} \
		./bin/till serve --migrate --demo-keys .data/demo-keys.json

## test: every test against a real PostgreSQL, plus the generated-code check (the web package alone runs for minutes: 30 m, not go test's default 10, bounds it)
test: check-generated
	@web/testdata/ensure-browser.sh
	@web/testdata/ensure-npm-tools.sh
	@url=$$($(PG) postgres) && TEST_DATABASE_URL=$$url TILL_AXE_JS=$(CURDIR)/.data/npm/node_modules/axe-core/axe.min.js \
		$(GO) test -race -count=1 -timeout 30m ./...

## lint: vet, formatting of Go and templ files, staticcheck
lint: check-generated
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) tool templ fmt -fail .
	$(GO) tool staticcheck ./...

## bench: creates, page views and payments against pgbench's rate; creates beside stripe-mock's (installed if missing)
bench: build
	@url=$$($(PG) postgres) && BENCH_DATABASE_URL=$$url $(GO) run ./cmd/tillbench

generate:
	$(GO) tool templ generate

## check-generated: the committed *_templ.go files match their .templ sources
check-generated:
	@tmp=$$(mktemp -d) && trap 'rm -rf $$tmp' EXIT && cp -r views $$tmp/ 2>/dev/null || exit 0; \
	$(GO) tool templ generate -path $$tmp >/dev/null 2>&1 && \
	if ! diff -r views $$tmp/views >/dev/null; then \
		echo "generated templ code is stale: run 'make generate' and commit the result"; diff -r views $$tmp/views | head -20; exit 1; fi

build: generate
	$(GO) build -o bin/till ./cmd/till

migrate: build
	@url=$$($(PG) till) && DATABASE_URL=$$url ./bin/till migrate

clean:
	rm -rf bin
