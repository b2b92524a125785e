package web

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"till"
)

// maxRequestBody is the largest request body Till reads. Stripe-encoded
// parameters are further limited by stripeform.DefaultLimits; this bounds
// what is read at all, whatever the route.
const maxRequestBody = 1 << 20

// maxBodyDrain is how much of a body over maxRequestBody is read and thrown
// away so that its sender can read the 413. Beyond it the connection is
// simply closed.
const maxBodyDrain = 32 << 20

// limitBody reads the request body, at most maxRequestBody bytes of it, and
// answers a larger one with Stripe's 413 envelope.
//
// The server streams request bodies (Config.StreamRequestBody) so that this
// happens here rather than in fasthttp, for two reasons. A server that
// closes a connection while the client is still sending makes the kernel
// reset it, and the client then never reads the answer: so an oversized
// body is read to its end (up to maxBodyDrain, in small reads, never held)
// before the 413 goes out. And the answer then passes through the request
// id, logging and error rendering of every other answer.
//
// Compressed bodies are refused: no Stripe client sends one, and inflating
// them would let a small request make a large allocation.
func limitBody(c *fiber.Ctx) error {
	req := c.Request()
	if enc := c.Get(fiber.HeaderContentEncoding); enc != "" && enc != "identity" {
		drainBody(c)
		return till.Invalid("", "", "Request bodies may not be compressed (Content-Encoding: %s); send the parameters as plain application/x-www-form-urlencoded.", clipHeader(enc))
	}
	if req.Header.ContentLength() > maxRequestBody {
		drainBody(c)
		return bodyTooLarge()
	}
	stream := req.BodyStream()
	if stream == nil {
		return c.Next()
	}
	body, err := io.ReadAll(io.LimitReader(stream, maxRequestBody+1))
	if err != nil {
		c.Context().SetConnectionClose()
		return &till.Error{Kind: till.KindInvalid, Message: "The request body could not be read."}
	}
	if len(body) > maxRequestBody {
		drainBody(c)
		return bodyTooLarge()
	}
	req.SetBody(body)
	return c.Next()
}

func bodyTooLarge() error {
	return &till.Error{Kind: till.KindTooLarge, Message: "The request body is too large: at most 1 MiB is accepted."}
}

// drainBody discards what is left of the request body, up to maxBodyDrain
// bytes; when more is left, the connection is closed after the answer.
func drainBody(c *fiber.Ctx) {
	stream := c.Request().BodyStream()
	if stream == nil {
		return
	}
	n, err := io.CopyN(io.Discard, stream, maxBodyDrain)
	if err == nil && n == maxBodyDrain {
		c.Context().SetConnectionClose()
	}
	if err != nil && err != io.EOF {
		c.Context().SetConnectionClose()
	}
	c.Request().ResetBody()
}

// clipHeader shortens a header value echoed in a message.
func clipHeader(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
