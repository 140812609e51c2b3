package public_test

import (
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/public"
	"github.com/defensie/algoreg/internal/public/publictest"
	"github.com/defensie/algoreg/internal/register"
)

// newServer writes the fixture bundle and starts a server on it.
func newServer(t testing.TB, cfg public.Config) (*public.Server, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "bundle")
	if _, err := publictest.Write(dir, publictest.Items()); err != nil {
		t.Fatal(err)
	}
	cfg.BundleDir = dir
	if cfg.PublicKey == nil {
		cfg.PublicKey, _ = publictest.Key()
	}
	cfg.CacheDir = t.TempDir()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	s, err := public.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, dir
}

// get performs a request against h and returns the response and body.
func get(t testing.TB, h http.Handler, method, target string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestNewRefusesBadBundles(t *testing.T) {
	pub, _ := publictest.Key()
	other, _, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name    string
		tamper  func(dir string) error
		key     ed25519.PublicKey
		wantErr string
	}{
		{"valid", func(string) error { return nil }, pub, ""},
		{"valid, integrity only", func(string) error { return nil }, nil, ""},
		{"changed json", func(dir string) error {
			return replaceIn(filepath.Join(dir, "algorithms.json"), "DefGPT", "DefGPX")
		}, pub, "algorithms.json"},
		{"changed csv", func(dir string) error {
			return appendTo(filepath.Join(dir, "algorithms.csv"), "x")
		}, pub, "algorithms.csv"},
		{"changed manifest", func(dir string) error {
			return replaceIn(filepath.Join(dir, "manifest.json"), `"count": 5`, `"count": 4`)
		}, pub, "handtekening"},
		{"extra file", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "intern.db"), []byte("x"), 0o644)
		}, pub, "intern.db"},
		{"missing xlsx", func(dir string) error { return os.Remove(filepath.Join(dir, "algorithms.xlsx")) }, pub, "algorithms.xlsx"},
		{"other key", func(string) error { return nil }, other, "sleutel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bundle")
			if _, err := publictest.Write(dir, publictest.Items()); err != nil {
				t.Fatal(err)
			}
			if err := tt.tamper(dir); err != nil {
				t.Fatal(err)
			}
			s, err := public.New(public.Config{BundleDir: dir, PublicKey: tt.key, CacheDir: t.TempDir()})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("New accepted a bad bundle; want error naming %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not name %q", err, tt.wantErr)
			}
			if !public.IsBundleError(err) {
				t.Errorf("error %q is not a bundle refusal", err)
			}
		})
	}
}

func replaceIn(path, old, new string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !strings.Contains(string(b), old) {
		return os.ErrNotExist
	}
	return os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

func appendTo(path, s string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString(s)
	return err
}

func TestReloadSwapsAndKeepsOldOnFailure(t *testing.T) {
	s, dir := newServer(t, public.Config{})
	h := s.Handler()
	count := func() int {
		_, body := get(t, h, "GET", "/api/v1/algorithms", nil)
		var out struct{ Total int }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Total
	}
	if got := count(); got != 5 {
		t.Fatalf("total = %d, want 5", got)
	}
	// A broken bundle is refused; the old one stays.
	if err := appendTo(filepath.Join(dir, "algorithms.json"), " "); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err == nil || !strings.Contains(err.Error(), "algorithms.json") {
		t.Fatalf("Reload of a tampered bundle: %v", err)
	}
	if got := count(); got != 5 {
		t.Fatalf("after failed reload total = %d, want 5", got)
	}
	// A new valid bundle is picked up.
	items := append(publictest.Items(), register.Standard{Name: "Nieuw", SourceID: "DEF-NIEUW001", Organization: "Ministerie van Defensie",
		DescriptionShort: "Nieuw.", Status: "In gebruik", ContactEmail: "a@mindef.nl", PublicationCategory: "Overige algoritmes", Lang: "nld"})
	if _, err := publictest.Write(dir, items); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != 6 {
		t.Fatalf("after reload total = %d, want 6", got)
	}
}
