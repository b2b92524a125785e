package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// TestDecoding sends parameters the way real clients write them: stripe-go
// (indexed, sorted, brackets literal, spaces as +), stripe-node (%20) and
// curl (expand[]=, percent-encoded brackets), in bodies and query strings.
func TestDecoding(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	create := func(t *testing.T, body string) map[string]any {
		t.Helper()
		return object(t, srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, body))
	}
	firstLine := func(t *testing.T, m map[string]any) map[string]any {
		t.Helper()
		li, ok := m["line_items"].(map[string]any)
		if !ok {
			t.Fatalf("line_items not expanded: %v", m["line_items"])
		}
		return li["data"].([]any)[0].(map[string]any)
	}
	const base = "mode=payment&success_url=https%3A%2F%2Fshop.example%2Fok" +
		"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1999"

	t.Run("OKCurlAppendAndPercentSpaces", func(t *testing.T) {
		m := create(t, base+"&line_items[0][price_data][product_data][name]=Blue%20T-shirt&line_items[0][quantity]=2&expand[]=line_items")
		if li := firstLine(t, m); li["description"] != "Blue T-shirt" || li["quantity"] != 2.0 {
			t.Errorf("line item = %v", li)
		}
	})

	t.Run("OKPlusSpaces", func(t *testing.T) {
		m := create(t, base+"&line_items[0][price_data][product_data][name]=Blue+T-shirt&line_items[0][quantity]=1&expand[0]=line_items")
		if li := firstLine(t, m); li["description"] != "Blue T-shirt" {
			t.Errorf("description = %v", li["description"])
		}
	})

	t.Run("OKPercentEncodedBrackets", func(t *testing.T) {
		m := create(t, base+"&line_items%5B0%5D%5Bprice_data%5D%5Bproduct_data%5D%5Bname%5D=Mug&line_items%5B0%5D%5Bquantity%5D=3&expand%5B%5D=line_items")
		if li := firstLine(t, m); li["description"] != "Mug" || li["quantity"] != 3.0 || m["amount_total"] != 3*1999.0 {
			t.Errorf("line item = %v, total %v", li, m["amount_total"])
		}
	})

	t.Run("OKLowercasePercentEncoding", func(t *testing.T) {
		m := create(t, base+"&line_items%5b0%5d%5bprice_data%5d%5bproduct_data%5d%5bname%5d=Caf%c3%a9&line_items%5b0%5d%5bquantity%5d=1&expand[]=line_items")
		if li := firstLine(t, m); li["description"] != "Café" {
			t.Errorf("description = %v", li["description"])
		}
	})

	t.Run("OKStripeGoMetadata", func(t *testing.T) {
		// stripe-go writes metadata[a+b]=c%26d for {"a b": "c&d"}.
		m := create(t, base+"&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&metadata[a+b]=c%26d&metadata%5Bx%20y%5D=1%2B1%3D2")
		md := m["metadata"].(map[string]any)
		if md["a b"] != "c&d" || md["x y"] != "1+1=2" || len(md) != 2 {
			t.Errorf("metadata = %v", md)
		}
	})

	t.Run("OKSDKRoundTrip", func(t *testing.T) {
		p := basicSession()
		p.Metadata = map[string]string{"a b": "c&d=e+f%", "ünï": "☕ [x]", "empty-ish": " "}
		p.LineItems[0].PriceData.ProductData.Name = stripe.String("Café ☕ & [friends]")
		p.AddExpand("line_items")
		s, err := acct.Stripe.V1CheckoutSessions.Create(bg, p)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(s.Metadata) != fmt.Sprint(p.Metadata) || s.LineItems.Data[0].Description != "Café ☕ & [friends]" {
			t.Errorf("metadata %v description %q", s.Metadata, s.LineItems.Data[0].Description)
		}
	})

	t.Run("OKAppendArrayOfObjects", func(t *testing.T) {
		// Rack's rules, which Stripe follows: a repeated key starts a new element.
		body := "mode=payment&success_url=https%3A%2F%2Fshop.example%2Fok" +
			"&line_items[][price_data][currency]=usd&line_items[][price_data][unit_amount]=100" +
			"&line_items[][price_data][product_data][name]=A&line_items[][quantity]=1" +
			"&line_items[][price_data][currency]=usd&line_items[][price_data][unit_amount]=200" +
			"&line_items[][price_data][product_data][name]=B&line_items[][quantity]=2&expand[]=line_items"
		m := create(t, body)
		data := m["line_items"].(map[string]any)["data"].([]any)
		if len(data) != 2 || data[0].(map[string]any)["description"] != "A" || data[1].(map[string]any)["description"] != "B" ||
			m["amount_total"] != 500.0 {
			t.Errorf("line items = %v total %v", data, m["amount_total"])
		}
	})

	t.Run("OKArrayIndicesOutOfOrder", func(t *testing.T) {
		body := "mode=payment&success_url=https%3A%2F%2Fshop.example%2Fok" +
			"&line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=200" +
			"&line_items[1][price_data][product_data][name]=Second&line_items[1][quantity]=1" +
			"&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100" +
			"&line_items[0][price_data][product_data][name]=First&line_items[0][quantity]=1&expand[]=line_items"
		data := create(t, body)["line_items"].(map[string]any)["data"].([]any)
		if len(data) != 2 || data[0].(map[string]any)["description"] != "First" {
			t.Errorf("line items = %v, want in index order", data)
		}
	})

	t.Run("OKGetQuery", func(t *testing.T) {
		s := create(t, base+"&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1")
		id := s["id"].(string)
		for _, q := range []string{"expand[]=line_items", "expand%5B%5D=line_items", "expand[0]=line_items", "expand%5B0%5D=line_items"} {
			m := object(t, srv.do(t, "GET", "/v1/checkout/sessions/"+id+"?"+q, acct.SecretKey, ""))
			if _, ok := m["line_items"].(map[string]any); !ok {
				t.Errorf("?%s: line_items = %v", q, m["line_items"])
			}
		}
		got, more := listIDs(t, srv.do(t, "GET", "/v1/checkout/sessions?limit=1&status=open&expand%5B%5D=data.line_items", acct.SecretKey, ""))
		if len(got) != 1 || got[0] != id || !more {
			t.Errorf("list = %v has_more %v, want the newest session and more", got, more)
		}
	})

	for _, tc := range []struct {
		name, body string
		code       string
		param      string
	}{
		{"ErrArrayHole", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&line_items[2][quantity]=1", "", "line_items"},
		{"ErrArrayNotFromZero", strings.ReplaceAll(base, "[0]", "[1]") + "&line_items[1][price_data][product_data][name]=x&line_items[1][quantity]=1", "", "line_items"},
		{"ErrArrayLeadingZero", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&line_items[01][quantity]=1", "", "line_items"},
		{"ErrArrayAsScalar", "mode=payment&success_url=https%3A%2F%2Fx.example&line_items=1", "", "line_items"},
		{"ErrHashAsScalar", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&metadata=x", "", "metadata"},
		{"ErrScalarAsHash", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&mode[x]=1", "parameter_unknown", "mode[x]"},
		{"ErrDuplicate", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&line_items[0][quantity]=2", "", "line_items[0][quantity]"},
		{"ErrMixedAppendAndIndex", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&expand[]=line_items&expand[1]=customer", "", "expand"},
		{"ErrBadPercent", base + "&line_items[0][price_data][product_data][name]=%ZZ&line_items[0][quantity]=1", "", "line_items[0][price_data][product_data][name]"},
		{"ErrBadBrackets", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&metadata[a=1", "parameter_unknown", "metadata[a"},
		{"ErrTooDeep", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&metadata[a][b][c][d][e][f][g]=1", "", "metadata[a][b][c][d][e][f][g]"},
		{"ErrHugeIndex", "line_items[99999999][quantity]=1", "", "line_items"},
		{"ErrHugeIndexFirst", base + "&line_items[99999999][quantity]=1", "", "line_items"},
		{"ErrNegativeIndex", base + "&line_items[-1][quantity]=1", "", "line_items"},
		{"ErrNULByte", base + "&line_items[0][price_data][product_data][name]=a%00b&line_items[0][quantity]=1", "", "line_items[0][price_data][product_data][name]"},
		{"ErrInvalidUTF8", base + "&line_items[0][price_data][product_data][name]=%FF&line_items[0][quantity]=1", "", "line_items[0][price_data][product_data][name]"},
		{"ErrInvalidBoolean", base + "&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&phone_number_collection[enabled]=yes", "", "phone_number_collection[enabled]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, tc.body)
			e := decodeErr(t, res)
			if res.Status != 400 || e.Type != "invalid_request_error" || e.Param != tc.param || (tc.code != "" && e.Code != tc.code) {
				t.Errorf("status %d error %+v, want 400 param %q code %q", res.Status, e, tc.param, tc.code)
			}
		})
	}

	t.Run("ErrTooManyFields", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(base)
		for i := range 2100 {
			fmt.Fprintf(&b, "&x%d=1", i)
		}
		res := srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, b.String())
		decodeErr(t, res)
		if res.Status != 400 {
			t.Errorf("status = %d, want 400", res.Status)
		}
	})

	t.Run("ErrNothingCreated", func(t *testing.T) {
		before := len(sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID))
		srv.do(t, "POST", "/v1/checkout/sessions", acct.SecretKey, base+"&line_items[0][price_data][product_data][name]=x&line_items[0][quantity]=1&line_items[0][foo]=1")
		if after := len(sdkIDs(t, acct.Stripe.V1CheckoutSessions.List(bg, nil), sessionID)); after != before {
			t.Errorf("sessions %d → %d after a refused request", before, after)
		}
	})
}

// TestOversized sends requests far beyond any real Checkout request: each
// gets a Stripe-shaped 4xx, never a 500 and never a hang.
func TestOversized(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	// A generous client timeout only turns a hang into a failure; nothing
	// here asserts how long an answer takes.
	client := &http.Client{Timeout: time.Minute}
	send := func(t *testing.T, method, path string, body []byte, headers ...string) response {
		t.Helper()
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequest(method, srv.URL+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+acct.SecretKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Idempotency-Key", "oversized-"+t.Name())
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		if req.Header.Get("Transfer-Encoding") == "chunked" {
			// No length: the body goes out in chunks.
			req.Header.Del("Transfer-Encoding")
			req.ContentLength = -1
			req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body)))
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{Status: res.StatusCode, Header: res.Header, Body: string(b)}
	}

	t.Run("Err5MiBBody", func(t *testing.T) {
		body := []byte(rawSession("metadata[big]", strings.Repeat("x", 5<<20)))
		res := send(t, "POST", "/v1/checkout/sessions", body)
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413: %.300s", res.Status, res.Body)
		}
		e := decodeErr(t, res)
		if e.Type != "invalid_request_error" {
			t.Errorf("type = %q", e.Type)
		}
	})

	t.Run("Err5MiBChunked", func(t *testing.T) {
		body := []byte(rawSession("metadata[big]", strings.Repeat("x", 5<<20)))
		res := send(t, "POST", "/v1/checkout/sessions", body, "Transfer-Encoding", "chunked")
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("Err5MiBExpectContinue", func(t *testing.T) {
		// curl asks before sending a large body.
		body := []byte(rawSession("metadata[big]", strings.Repeat("x", 5<<20)))
		res := send(t, "POST", "/v1/checkout/sessions", body, "Expect", "100-continue")
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("Err5MiBMultipart", func(t *testing.T) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		fw, _ := w.CreateFormFile("file", "big.bin")
		fw.Write(bytes.Repeat([]byte("x"), 5<<20))
		w.Close()
		res := send(t, "POST", "/v1/checkout/sessions", b.Bytes(), "Content-Type", w.FormDataContentType())
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("OKChunkedBody", func(t *testing.T) {
		res := send(t, "POST", "/v1/checkout/sessions", []byte(rawSession()), "Transfer-Encoding", "chunked")
		object(t, res)
	})

	t.Run("ErrCompressedBody", func(t *testing.T) {
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write([]byte(rawSession("metadata[big]", strings.Repeat("x", 8<<20))))
		w.Close()
		// Inflating it would turn 8 KiB into 8 MiB: it is refused unread.
		res := send(t, "POST", "/v1/checkout/sessions", gz.Bytes(), "Content-Encoding", "gzip")
		e := wantRawErr(t, res, 400, "invalid_request_error", "", "")
		if !strings.Contains(e.Message, "Content-Encoding") {
			t.Errorf("message = %q", e.Message)
		}
	})

	t.Run("Err300KiBBody", func(t *testing.T) {
		// Under the server's body limit but over the parameters' limit.
		body := []byte(rawSession("metadata[big]", strings.Repeat("x", 300<<10)))
		res := send(t, "POST", "/v1/checkout/sessions", body)
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("ErrLongValue", func(t *testing.T) {
		body := []byte(rawSession("client_reference_id", strings.Repeat("x", 60<<10)))
		res := send(t, "POST", "/v1/checkout/sessions", body)
		if res.Status != 400 {
			t.Fatalf("status = %d, want 400: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("ErrHugeIndex", func(t *testing.T) {
		res := send(t, "POST", "/v1/checkout/sessions", []byte("line_items[99999999][quantity]=1"))
		wantRawErr(t, res, 400, "invalid_request_error", "", "line_items")
	})

	t.Run("ErrLongQueryString", func(t *testing.T) {
		res := send(t, "GET", "/v1/checkout/sessions?status=open&x="+strings.Repeat("y", 16<<10), nil)
		if res.Status < 400 || res.Status >= 500 {
			t.Fatalf("status = %d, want 4xx: %.300s", res.Status, res.Body)
		}
		decodeErr(t, res)
	})

	t.Run("OKServerStillAnswers", func(t *testing.T) {
		if _, err := acct.Stripe.V1CheckoutSessions.Create(bg, basicSession()); err != nil {
			t.Fatal(err)
		}
	})
}
