// Package static embeds Till's first-party CSS and JavaScript and serves
// them under content-hashed URLs, so a page names exactly the bytes it was
// built with and browsers may cache them for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed css js
var files embed.FS

// Prefix is where the assets are served.
const Prefix = "/static/"

var hashes = func() map[string]string {
	out := map[string]string{}
	fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return out
}()

// URL returns the content-hashed URL of an asset, e.g. "css/checkout.css"
// → "/static/css/checkout.3f2a9c1b.css". It panics for an asset that does
// not exist, so a typo fails the first render in tests.
func URL(name string) string {
	h, ok := hashes[name]
	if !ok {
		panic("static: no asset " + name)
	}
	ext := path.Ext(name)
	return Prefix + strings.TrimSuffix(name, ext) + "." + h + ext
}

// Handler serves "GET /static/*": an asset requested under its current hash
// is cached for a year; any other name is a 404.
func Handler(c *fiber.Ctx) error {
	rest := strings.TrimPrefix(c.Path(), Prefix)
	ext := path.Ext(rest)
	base := strings.TrimSuffix(rest, ext)
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 {
		return fiber.ErrNotFound
	}
	name, hash := base[:dot]+ext, base[dot+1:]
	if hashes[name] != hash {
		return fiber.ErrNotFound
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, mime.TypeByExtension(ext))
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	// The embedded checkout loads till.js from merchants' sites.
	c.Set("Cross-Origin-Resource-Policy", "cross-origin")
	return c.Send(b)
}
