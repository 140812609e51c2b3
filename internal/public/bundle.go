package public

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/defensie/algoreg/internal/publish"
)

// Item is one public description as algorithms.json carries it.
type Item = publish.PublicItem

// Manifest describes a bundle (format, counts, hashes, signature); see publish.Manifest.
type Manifest = publish.Manifest

// bundleFiles are the four files of a bundle.
var bundleFiles = []string{publish.FileManifest, publish.FileJSON, publish.FileCSV, publish.FileXLSX}

// loadedBundle is a verified bundle: its manifest, its items, and the private copy it came from.
type loadedBundle struct {
	manifest *Manifest
	items    []Item
	files    map[string]string // data file name → path in the private copy
	dir      string            // the private copy; removed when the bundle is retired
	hash     string            // SHA-256 of manifest.json as served: identifies the bundle
}

// loadBundle copies the bundle in dir into a private directory under cacheDir and verifies
// and parses that copy with publish.LoadBundle: exactly the four files, every size and hash,
// and the signature (against trusted, or the manifest's own key when trusted is nil). What is
// served is therefore exactly what was verified, whatever happens to dir afterwards.
func loadBundle(dir string, trusted ed25519.PublicKey, cacheDir string) (*loadedBundle, error) {
	if err := checkFileSet(dir); err != nil {
		// Let the publication package word the refusal, so both sides say the same thing.
		if _, verr := publish.VerifyBundle(dir, trusted); verr != nil {
			return nil, verr
		}
		return nil, err
	}
	priv, err := os.MkdirTemp(cacheDir, "algoreg-bundle-")
	if err != nil {
		return nil, fmt.Errorf("tijdelijke map voor de bundel: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(priv)
		}
	}()
	for _, name := range bundleFiles {
		if err := copyFile(filepath.Join(dir, name), filepath.Join(priv, name)); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", publish.ErrBundle, name, err)
		}
	}
	m, items, err := publish.LoadBundle(priv, trusted)
	if err != nil {
		return nil, err
	}
	if err := checkItems(items); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(filepath.Join(priv, publish.FileManifest))
	if err != nil {
		return nil, fmt.Errorf("%s lezen: %w", publish.FileManifest, err)
	}
	sum := sha256.Sum256(raw)
	ok = true
	return &loadedBundle{
		manifest: m,
		items:    items,
		files: map[string]string{
			publish.FileJSON: filepath.Join(priv, publish.FileJSON),
			publish.FileCSV:  filepath.Join(priv, publish.FileCSV),
			publish.FileXLSX: filepath.Join(priv, publish.FileXLSX),
		},
		dir:  priv,
		hash: hex.EncodeToString(sum[:]),
	}, nil
}

// checkFileSet reports whether dir holds exactly the four bundle files as regular files.
func checkFileSet(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("%w: map %s: %w", publish.ErrBundle, dir, err)
	}
	want := map[string]bool{}
	for _, f := range bundleFiles {
		want[f] = true
	}
	n := 0
	for _, e := range entries {
		if !want[e.Name()] || !e.Type().IsRegular() {
			return fmt.Errorf("%w: onverwacht bestand %s", publish.ErrBundle, e.Name())
		}
		n++
	}
	if n != len(bundleFiles) {
		return fmt.Errorf("%w: de bundel is onvolledig", publish.ErrBundle)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("niet te openen: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("kopie maken: %w", err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("kopiëren: %w", err)
	}
	return nil
}

// checkItems refuses items the site cannot address: every source_id present, unique and
// fit for a URL path segment. (publish.WriteBundle guarantees this; we do not trust it.)
func checkItems(items []Item) error {
	seen := make(map[string]bool, len(items))
	for i := range items {
		id := items[i].SourceID
		switch {
		case id == "":
			return fmt.Errorf("%w: %s: beschrijving %d heeft geen source_id", publish.ErrBundle, publish.FileJSON, i)
		case !validPublicID(id):
			return fmt.Errorf("%w: %s: beschrijving %d: source_id %q bevat tekens die niet in een adres passen", publish.ErrBundle, publish.FileJSON, i, id)
		case seen[id]:
			return fmt.Errorf("%w: %s: source_id %q komt meer dan eens voor", publish.ErrBundle, publish.FileJSON, id)
		}
		seen[id] = true
	}
	return nil
}

// validPublicID accepts the characters a public id may have in a URL path segment.
func validPublicID(s string) bool {
	if len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// IsBundleError reports whether err is a refusal of the bundle itself (tampered, incomplete),
// as opposed to an operational failure.
func IsBundleError(err error) bool { return errors.Is(err, publish.ErrBundle) }
