package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// exchange is one kind of request a load run sends and what it expects back.
type exchange struct {
	// want is the status every answer must have.
	want int
	// next makes worker w's i-th request; ok=false when there are no more.
	next func(w, i int) (req []byte, ok bool)
	// read, when set, is given the body of worker w's i-th answer; the
	// bytes are the worker's buffer, valid only during the call.
	read func(w, i int, body []byte)
}

// result is what one load run measured.
type result struct {
	requests   int
	errors     int
	firstError string
	elapsed    time.Duration
	latencies  []time.Duration
	// ranOut is set when the run ended because next had no more requests,
	// not at its deadline: its rate is over a shorter window.
	ranOut bool
	// cpu is what the run cost in CPU time, for a run against Till.
	cpu cpuUse
}

// check fails a measurement in which any request failed.
func (r result) check(name string) error {
	if r.errors > 0 {
		return fmt.Errorf("%s: %d of %d requests failed (first: %s)", name, r.errors, r.requests, r.firstError)
	}
	return nil
}

func (r result) rate() float64 { return float64(r.requests-r.errors) / r.elapsed.Seconds() }

func (r result) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[int(q*float64(len(r.latencies)-1))]
}

// load sends the requests x makes from cfg.connections workers for
// cfg.duration or until it has no more. Each worker keeps one HTTP/1.1
// connection and writes the request bytes itself: a lean client leaves the
// 2 cores to the server and PostgreSQL, whose throughput is what is measured.
func load(cfg settings, addr string, x exchange) result {
	var mu sync.Mutex
	var res result
	deadline := time.Now().Add(cfg.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range cfg.connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			var errs int
			var first string
			ranOut := false
			fail := func(err error) {
				errs++
				if first == "" {
					first = err.Error()
				}
			}
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				fail(err)
				return
			}
			defer conn.Close()
			rd := bufio.NewReaderSize(conn, 64<<10)
			var body *[]byte
			if x.read != nil {
				body = new([]byte)
			}
			for i := 0; time.Now().Before(deadline); i++ {
				req, ok := x.next(w, i)
				if !ok {
					ranOut = true
					break
				}
				t0 := time.Now()
				status, err := roundTrip(conn, rd, req, body)
				lat = append(lat, time.Since(t0))
				if err == nil && status != x.want {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil {
					fail(err)
					break
				}
				if body != nil {
					x.read(w, i, *body)
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.requests += len(lat)
			res.errors += errs
			res.ranOut = res.ranOut || ranOut
			if res.firstError == "" {
				res.firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

// roundTrip writes one request and reads its response (status line,
// headers, a Content-Length or chunked body) from a kept-alive connection.
// The body is discarded, or, when body is not nil, read into *body, whose
// array is reused: the client shares the cores with what it measures.
func roundTrip(conn net.Conn, rd *bufio.Reader, req []byte, body *[]byte) (int, error) {
	if _, err := conn.Write(req); err != nil {
		return 0, err
	}
	status, length, chunked := 0, -1, false
	for first := true; ; first = false {
		line, err := readLine(rd)
		if err != nil {
			return 0, err
		}
		if first {
			// HTTP/1.1 200 OK
			if len(line) < 12 {
				return 0, fmt.Errorf("bad status line %q", line)
			}
			if status, err = strconv.Atoi(string(line[9:12])); err != nil {
				return 0, fmt.Errorf("bad status line %q", line)
			}
			continue
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case !ok:
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		}
	}
	if body != nil {
		*body = (*body)[:0]
	}
	switch {
	case chunked:
		return status, readChunks(rd, body)
	case length >= 0:
		return status, readBody(rd, length, body)
	}
	return 0, fmt.Errorf("response without Content-Length or chunked body")
}

// readChunks reads a chunked body (RFC 9112 section 7.1) and its trailer.
func readChunks(rd *bufio.Reader, body *[]byte) error {
	for {
		line, err := readLine(rd)
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(line, []byte(";"))
		n, err := strconv.ParseInt(string(bytes.TrimSpace(size)), 16, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 {
			break
		}
		if err := readBody(rd, int(n), body); err != nil {
			return err
		}
		if line, err := readLine(rd); err != nil || len(line) != 0 {
			return fmt.Errorf("chunk without its CRLF: %v", err)
		}
	}
	for {
		line, err := readLine(rd)
		if err != nil || len(line) == 0 {
			return err
		}
	}
}

// readBody reads n bytes of body: appended to *body, or discarded when body
// is nil.
func readBody(rd *bufio.Reader, n int, body *[]byte) error {
	if body == nil {
		_, err := rd.Discard(n)
		return err
	}
	at := len(*body)
	*body = slices.Grow(*body, n)[:at+n]
	_, err := io.ReadFull(rd, (*body)[at:])
	return err
}

// readLine reads one CRLF-terminated line without its terminator; the
// bytes are the reader's, valid until its next read.
func readLine(rd *bufio.Reader) ([]byte, error) {
	line, err := rd.ReadSlice('\n')
	return bytes.TrimRight(line, "\r\n"), err
}

// rawRequest renders an HTTP/1.1 request as bytes.
func rawRequest(method, target string, headers map[string]string, body string) []byte {
	u, _ := url.Parse(target)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, u.RequestURI(), u.Host)
	for k, v := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	if body != "" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return []byte(b.String())
}
