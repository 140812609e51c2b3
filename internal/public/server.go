// Package public serves the public website and the public JSON API from a publication
// bundle only. It never opens the internal database: it imports neither the store nor the
// service layer (a test checks the import graph).
//
// Memory: a 20,000-description bundle needs about 120 MB of live heap (items and search
// index). Run the public server with GOMEMLIMIT (e.g. 160MiB) so the collector keeps its
// headroom small; publicdemo sets that limit itself.
package public

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/defensie/algoreg/internal/publish"
)

// Config configures a public Server.
type Config struct {
	// BundleDir is the directory holding the publication bundle.
	BundleDir string
	// PublicKey is the trusted publication key. Nil checks integrity only (against the key
	// in the manifest itself) and logs a warning.
	PublicKey ed25519.PublicKey
	// Logger receives operational messages; nil discards them.
	Logger *slog.Logger
	// CacheDir holds the private, verified copies of served bundles; default os.TempDir().
	CacheDir string
	// RateLimit is the sustained number of requests per second per client IP (default 20);
	// Burst the bucket size (default 60). A negative RateLimit switches limiting off.
	RateLimit float64
	Burst     int
	// WatchInterval is how often Watch polls the manifest (default 2 s).
	WatchInterval time.Duration
}

// Server serves one bundle at a time and swaps to a newer one atomically.
type Server struct {
	cfg     Config
	log     *slog.Logger
	cur     atomic.Pointer[snapshot]
	reload  sync.Mutex // one reload at a time
	limiter *limiter
	handler http.Handler

	// seen is the manifest fingerprint Watch last acted on.
	seen string
}

// APIVersion is sent in the API-Version header of every response.
const APIVersion = "1.0.0"

// New loads and verifies the bundle in cfg.BundleDir and returns a server for it. A
// tampered or incomplete bundle is refused with a Dutch message naming the file.
func New(cfg Config) (*Server, error) {
	if cfg.BundleDir == "" {
		return nil, errors.New("geen bundelmap opgegeven (--bundle)")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.CacheDir == "" {
		cfg.CacheDir = os.TempDir()
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = 20
	}
	if cfg.Burst <= 0 {
		cfg.Burst = 60
	}
	if cfg.WatchInterval <= 0 {
		cfg.WatchInterval = 2 * time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.Burst)
	}
	if cfg.PublicKey == nil {
		s.log.Warn("geen vertrouwde publicatiesleutel opgegeven: de bundel wordt alleen op integriteit gecontroleerd, niet op herkomst")
	}
	if err := s.Reload(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler of the site and the API.
func (s *Server) Handler() http.Handler { return s.handler }

// Reload verifies the bundle directory again and, if it is valid, swaps it in atomically.
// On failure the server keeps serving the bundle it has and returns the (Dutch) reason.
func (s *Server) Reload() error {
	s.reload.Lock()
	defer s.reload.Unlock()
	fp, _ := manifestFingerprint(s.cfg.BundleDir)
	start := time.Now()
	b, err := loadBundle(s.cfg.BundleDir, s.cfg.PublicKey, s.cfg.CacheDir)
	if err != nil {
		s.seen = fp // do not retry the same broken manifest every poll
		s.log.Error("bundel niet geladen", "map", s.cfg.BundleDir, "fout", err)
		return err
	}
	snap := newSnapshot(b, s.cur.Load() == nil)
	old := s.cur.Swap(snap)
	s.seen = fp
	s.log.Info("bundel geladen", "map", s.cfg.BundleDir, "beschrijvingen", len(snap.items),
		"sleutel", b.manifest.KeyID, "aangemaakt", b.manifest.CreatedAt, "duur", time.Since(start).String())
	go func() {
		<-snap.ready
		s.log.Info("zoekindex klaar", "beschrijvingen", len(snap.items), "duur", time.Since(start).String())
		// Loading reads whole files and decodes them: hand that garbage back to the system
		// so resident memory reflects what is served, not the peak of loading.
		debug.FreeOSMemory()
	}()
	if old != nil {
		// In-flight downloads keep their open files; unlinking is safe on POSIX.
		if err := os.RemoveAll(old.dir); err != nil {
			s.log.Warn("oude bundelkopie niet opgeruimd", "map", old.dir, "fout", err)
		}
	}
	return nil
}

// Close removes the private copy of the served bundle.
func (s *Server) Close() error {
	if snap := s.cur.Load(); snap != nil {
		if err := os.RemoveAll(snap.dir); err != nil {
			return fmt.Errorf("bundelkopie opruimen: %w", err)
		}
	}
	return nil
}

// Watch polls the manifest every WatchInterval (2 s) and reloads when its modification time
// or content changes. It returns when ctx is done.
func (s *Server) Watch(ctx context.Context) {
	t := time.NewTicker(s.cfg.WatchInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		fp, err := manifestFingerprint(s.cfg.BundleDir)
		s.reload.Lock()
		changed := err == nil && fp != s.seen
		s.reload.Unlock()
		if !changed {
			continue
		}
		// Let a writer finish: wait until the fingerprint is stable for a moment.
		time.Sleep(200 * time.Millisecond)
		if fp2, err := manifestFingerprint(s.cfg.BundleDir); err != nil || fp2 != fp {
			continue
		}
		if err := s.Reload(); err != nil {
			s.log.Error("nieuwe bundel geweigerd; de vorige blijft online", "fout", err)
		}
	}
}

// manifestFingerprint identifies the manifest on disk by mtime, size and content hash.
func manifestFingerprint(dir string) (string, error) {
	p := filepath.Join(dir, publish.FileManifest)
	fi, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("manifest: %w", err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("manifest: %w", err)
	}
	h := sha256.Sum256(b)
	return fmt.Sprintf("%d/%d/%s", fi.ModTime().UnixNano(), fi.Size(), hex.EncodeToString(h[:])), nil
}

// Ready is closed when the served bundle's search index is built. Pages and the API serve
// at once after New; a search that arrives earlier waits for the index.
func (s *Server) Ready() <-chan struct{} { return s.snap().ready }

// snap returns the current snapshot.
func (s *Server) snap() *snapshot { return s.cur.Load() }
