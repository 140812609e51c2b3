package cli

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// tlsConfig loads a certificate and key (PEM) for serving HTTPS directly. TLS 1.2 is the
// floor (as the NCSC's ICT security guidelines for TLS ask); Go's default cipher suites for
// 1.2 are all in the NCSC's "good" set. The files are read again when they change, so a
// renewed certificate takes effect without a restart. Both empty means no TLS (nil).
func tlsConfig(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, register.Errorf(register.EINVALID, "TLS: geef zowel --tls-cert als --tls-key (of geen van beide).")
	}
	c := &certReloader{certFile: certFile, keyFile: keyFile}
	if _, err := c.load(); err != nil {
		return nil, err
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, GetCertificate: c.get}, nil
}

// certReloader hands out the certificate, re-reading the files at most every few seconds
// when their modification times changed. A broken new pair keeps the old one in use.
type certReloader struct {
	certFile, keyFile string

	mu      sync.Mutex
	cert    *tls.Certificate
	stamp   string
	checked time.Time
}

func (c *certReloader) load() (*tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", register.Errorf(register.EINVALID,
			"TLS: het certificaat %s of de sleutel %s kan niet worden gelezen of hoort niet bij elkaar.", c.certFile, c.keyFile), err)
	}
	c.cert, c.stamp = &cert, c.fileStamp()
	return c.cert, nil
}

func (c *certReloader) fileStamp() string {
	var s string
	for _, f := range []string{c.certFile, c.keyFile} {
		if fi, err := os.Stat(f); err == nil {
			s += fi.ModTime().String() + fmt.Sprint(fi.Size())
		}
	}
	return s
}

func (c *certReloader) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if time.Since(c.checked) > 5*time.Second {
		c.checked = time.Now()
		if c.fileStamp() != c.stamp {
			_, _ = c.load() // on failure c.cert is still the pair that worked
		}
	}
	return c.cert, nil
}

// hsts tells browsers to use HTTPS only, on responses that went out over TLS.
func hsts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}
