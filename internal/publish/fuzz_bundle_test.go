package publish

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadBundle: serve-public loads whatever directory it is given. Two ways in: a tampered
// manifest (which must be refused), and arbitrary algorithms.json content that is re-hashed and
// re-signed with the trusted key, so the fuzzer reaches the parsing behind the signature. Either
// the bundle loads with as many items as the manifest says, or the error wraps ErrBundle;
// never a panic.
func FuzzLoadBundle(f *testing.F) {
	src := filepath.Join(f.TempDir(), "bron")
	m, err := WriteBundle(src, threeItems(), map[string]string{"DEF-000000A": "2026-08-08T10:00:00Z"}, testMeta, testKey(1))
	if err != nil {
		f.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range []string{FileJSON, FileCSV, FileXLSX, FileManifest} {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			f.Fatal(err)
		}
		files[n] = b
	}
	f.Add(false, files[FileManifest])
	f.Add(true, files[FileJSON])
	f.Add(true, []byte(`[{"name": 5}]`))
	f.Add(true, []byte(`[null, {}]`))
	f.Add(false, []byte(`{"format": "algoreg-bundle/1", "files": null, "count": -1}`))
	key := testKey(1)
	pub := key.Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, resign bool, b []byte) {
		dir := filepath.Join(t.TempDir(), "bundel")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		write := func(name string, data []byte) {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		write(FileCSV, files[FileCSV])
		write(FileXLSX, files[FileXLSX])
		if resign {
			mm := *m
			mm.Files = map[string]FileSum{}
			for k, v := range m.Files {
				mm.Files[k] = v
			}
			sum := sha256.Sum256(b)
			mm.Files[FileJSON] = FileSum{SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(b))}
			var items []json.RawMessage
			if json.Unmarshal(b, &items) == nil {
				mm.Count = len(items)
			}
			signed, err := mm.SignedBytes()
			if err != nil {
				t.Fatal(err)
			}
			mm.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, signed))
			mb, _ := json.Marshal(mm)
			write(FileJSON, b)
			write(FileManifest, mb)
		} else {
			write(FileJSON, files[FileJSON])
			write(FileManifest, b)
		}
		got, items, err := LoadBundle(dir, pub)
		if err != nil {
			if !errors.Is(err, ErrBundle) {
				t.Fatalf("error does not wrap ErrBundle: %v", err)
			}
			return
		}
		if len(items) != got.Count {
			t.Fatalf("loaded %d items, manifest says %d", len(items), got.Count)
		}
	})
}
