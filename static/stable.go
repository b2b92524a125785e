package static

import (
	"mime"
	"path"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Stable serves one asset at a URL that does not change with its content,
// for scripts merchants load from their own pages (/js/till.js): cached
// briefly so a new release reaches them soon, and readable from any origin.
func Stable(name string, maxAge time.Duration) fiber.Handler {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("static: no asset " + name)
	}
	etag := `"` + hashes[name] + `"`
	cache := "public, max-age=" + strconv.Itoa(int(maxAge/time.Second))
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, mime.TypeByExtension(path.Ext(name)))
		c.Set(fiber.HeaderCacheControl, cache)
		c.Set(fiber.HeaderETag, etag)
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Cross-Origin-Resource-Policy", "cross-origin")
		c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
		if c.Get(fiber.HeaderIfNoneMatch) == etag {
			return c.SendStatus(fiber.StatusNotModified)
		}
		return c.Send(b)
	}
}
