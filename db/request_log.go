package db

import (
	"context"
	"strings"

	"github.com/lib/pq"

	"till"
)

// RecordAPIRequests adds a batch of requests to their accounts' request
// logs in one statement.
func (s *Store) RecordAPIRequests(ctx context.Context, reqs []till.APIRequest) error {
	n := len(reqs)
	accounts, ids, methods, paths, keys := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	livemodes, statuses, created := make([]bool, n), make([]int64, n), make([]int64, n)
	for i, r := range reqs {
		accounts[i], livemodes[i], ids[i], methods[i], paths[i] = r.AccountID, r.Livemode, r.RequestID, r.Method, r.Path
		statuses[i], keys[i], created[i] = int64(r.Status), r.IdempotencyKey, r.Created
	}
	_, err := s.q.RecordAPIRequests.ExecContext(ctx, pq.StringArray(accounts), pq.BoolArray(livemodes), pq.StringArray(ids),
		pq.StringArray(methods), pq.StringArray(paths), pq.Int64Array(statuses), pq.StringArray(keys), pq.Int64Array(created))
	return translate(err)
}

type apiRequestRow struct {
	Seq            int64  `db:"seq"`
	RequestID      string `db:"request_id"`
	Method         string `db:"method"`
	Path           string `db:"path"`
	Status         int    `db:"status"`
	IdempotencyKey string `db:"idempotency_key"`
	Created        int64  `db:"created"`
}

// ListAPIRequests returns a page of the caller's account's requests, newest
// first, and whether more follow; page's cursors are request ids. A search
// (a request id, or an Idempotency-Key) returns its requests, up to the
// page's limit, on one page.
func (s *Store) ListAPIRequests(ctx context.Context, caller till.Caller, search string, page till.Page) ([]till.APIRequest, bool, error) {
	var rows []apiRequestRow
	if q := strings.TrimSpace(search); q != "" {
		if err := s.stmt(ctx, s.q.SearchAPIRequests).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, q, page.Limit); err != nil {
			return nil, false, translate(err)
		}
		return apiRequests(caller, rows), false, nil
	}
	after, before, err := s.cursors(ctx, s.q.APIRequestSeq, caller.AccountID, page, "request")
	if err != nil {
		return nil, false, err
	}
	err = s.stmt(ctx, s.q.ListAPIRequests).SelectContext(ctx, &rows, caller.AccountID, caller.Livemode, after, before, page.Limit+1)
	if err != nil {
		return nil, false, translate(err)
	}
	rows, more := trimPage(rows, page)
	return apiRequests(caller, rows), more, nil
}

func apiRequests(caller till.Caller, rows []apiRequestRow) []till.APIRequest {
	out := make([]till.APIRequest, len(rows))
	for i, r := range rows {
		out[i] = till.APIRequest{AccountID: caller.AccountID, Livemode: caller.Livemode, RequestID: r.RequestID,
			Method: r.Method, Path: r.Path, Status: r.Status, IdempotencyKey: r.IdempotencyKey, Created: r.Created}
	}
	return out
}

// PruneAPIRequests deletes the requests logged before a time (unix
// seconds), and returns how many it deleted.
func (s *Store) PruneAPIRequests(ctx context.Context, before int64) (int64, error) {
	res, err := s.q.PruneAPIRequests.ExecContext(ctx, before)
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}
