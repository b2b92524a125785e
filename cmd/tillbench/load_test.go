package main

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestRoundTripReadsBodies sends requests on one kept-alive connection to a
// net/http server answering with a Content-Length body, a chunked one (as
// stripe-mock's answers are) and an empty one, and checks each status and
// body and that the connection stays usable after each.
func TestRoundTripReadsBodies(t *testing.T) {
	big := strings.Repeat("0123456789", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Write([]byte("short"))
		case "/chunked":
			// Flushed in pieces, so net/http sends chunks.
			for i := 0; i < len(big); i += 3000 {
				w.Write([]byte(big[i:min(i+3000, len(big))]))
				w.(http.Flusher).Flush()
			}
		case "/empty":
			w.WriteHeader(http.StatusSeeOther)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	rd := bufio.NewReaderSize(conn, 4<<10)
	body := new([]byte)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{{"/length", 200, "short"}, {"/chunked", 200, big}, {"/empty", 303, ""}, {"/length", 200, "short"}} {
		status, err := roundTrip(conn, rd, rawRequest(http.MethodGet, srv.URL+tc.path, nil, ""), body)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if status != tc.status || string(*body) != tc.body {
			t.Errorf("%s: got %d with %d bytes, want %d with %d bytes", tc.path, status, len(*body), tc.status, len(tc.body))
		}
	}
	if status, err := roundTrip(conn, rd, rawRequest(http.MethodGet, srv.URL+"/chunked", nil, ""), nil); err != nil || status != 200 {
		t.Errorf("discarding a chunked body: got %d, %v", status, err)
	}
}
