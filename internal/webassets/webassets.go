// Package webassets holds the Rijkshuisstijl look as built, embedded files: the design
// tokens as CSS custom properties (rijkshuisstijl.css), the community component CSS
// (rijkshuisstijl-components.css), the tokens as JSON, and the site's own layout (site.css).
// scripts/refresh-assets rebuilds the Rijkshuisstijl files from npm; site.css is ours.
// The public site uses it now; the internal application can serve the same files.
package webassets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

//go:embed static
var files embed.FS

// FS returns the assets, by file name (no directories).
func FS() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// Version identifies this set of assets (a hash over all files), for ETags and cache busting.
var Version = func() string {
	h := sha256.New()
	_ = fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}()
