package web

import (
	"io"
	"net"
	"sync"
	"time"
)

// Lingering wraps a listener so that an answer the server writes before
// reading the whole request reaches its client. fasthttp refuses a request
// line or headers beyond its read buffer (431, 414) unread and closes the
// connection; closing a socket with unread input makes the kernel send a
// reset at once, which can overtake the answer, so the client sees
// "connection reset" instead of Till's Stripe-shaped error. A connection
// of this listener closes as net/http's do: it half-closes first (the
// answer, then a FIN), reads and drops what the client still sends for a
// moment, and closes then.
func Lingering(ln net.Listener) net.Listener { return lingeringListener{ln} }

// The drain's bounds: net/http waits half a second (rstAvoidanceDelay)
// after its half-close; a client still sending past 256 KiB gets its
// reset.
const (
	lingerFor   = 500 * time.Millisecond
	lingerBytes = 256 << 10
)

type lingeringListener struct{ net.Listener }

func (l lingeringListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok && err == nil {
		return &lingeringConn{TCPConn: tc}, nil
	}
	return c, err
}

type lingeringConn struct {
	*net.TCPConn
	closing sync.Once
}

// Close half-closes the connection and returns; the drain and the close
// itself happen off the server's goroutine, within lingerFor.
func (c *lingeringConn) Close() error {
	c.closing.Do(func() {
		if err := c.CloseWrite(); err != nil {
			c.TCPConn.Close()
			return
		}
		go func() {
			c.SetReadDeadline(time.Now().Add(lingerFor))
			io.CopyN(io.Discard, c.TCPConn, lingerBytes)
			c.TCPConn.Close()
		}()
	})
	return nil
}
