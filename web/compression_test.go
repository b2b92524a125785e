package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// pageWeightLimit is the most the hosted page may weigh compressed, with
// its stylesheet and scripts: the budget for every feature.
const pageWeightLimit = 60 << 10

// gzipGet fetches path as a browser that accepts gzip does and returns the
// compressed size and the page.
func gzipGet(t *testing.T, srv *testServer, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("GET %s: %d, Content-Encoding %q", path, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	return len(raw), string(plain)
}

// The hosted page and its assets are served compressed to a browser that
// accepts it, together within the page budget; a form post's answer is
// not compressed.
func TestPageCompressed(t *testing.T) {
	srv := newTestServer(t)
	acct := srv.newAccount(t)
	s := createSessions(t, acct, 1)[0]
	total, page := gzipGet(t, srv, "/c/pay/"+s)
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(page, -1) {
		n, _ := gzipGet(t, srv, m[1])
		total += n
	}
	t.Logf("hosted page with its assets: %d bytes compressed", total)
	if total > pageWeightLimit {
		t.Errorf("the hosted page weighs %d bytes compressed, over %d", total, pageWeightLimit)
	}
	r := srv.do(t, "POST", "/c/pay/"+s, "", form("csrf_token", formToken(t, srv, s)), "Accept-Encoding", "gzip",
		"Sec-Fetch-Site", "same-origin")
	if enc := r.Header.Get("Content-Encoding"); enc != "" {
		t.Errorf("a form post's answer is compressed (%s)", enc)
	}
}
