package stress

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/testdb"
)

// selfSigned writes a certificate for 127.0.0.1 and its key and returns a pool that trusts it.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "algoreg-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

// TestHardening runs serve over TLS with a low API rate and checks the security headers, the
// secure session cookie, the limits on request size and rate, and that neither passwords nor
// tokens nor session cookies ever reach the log.
func TestHardening(t *testing.T) {
	dbURL := testdb.SQLite(t)
	token := admin(t, dbURL)
	const wrongPassword = "fout-wachtwoord-dat-niet-klopt-42"
	cert, key, pool := selfSigned(t)
	srv := startServe(t, dbURL, "--tls-cert", cert, "--tls-key", key, "--api-rate", "60")
	if !strings.HasPrefix(srv.URL, "https://") {
		t.Fatalf("serve listens on %s, want https", srv.URL)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	plain := &http.Client{Transport: tr, Timeout: 15 * time.Second}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Transport: tr, Jar: jar, Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Wrong, then right password; the right one gets the __Host- cookie.
	for _, pw := range []string{wrongPassword, adminPassword} {
		resp, err := browser.PostForm(srv.URL+"/inloggen", url.Values{"email": {adminEmail}, "password": {pw}, "next": {"/"}})
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		want := http.StatusSeeOther
		if pw == wrongPassword {
			want = http.StatusUnauthorized
		}
		if resp.StatusCode != want && !(pw == wrongPassword && resp.StatusCode >= 400 && resp.StatusCode < 500) {
			t.Errorf("login: status %d, want %d", resp.StatusCode, want)
		}
	}
	u, _ := url.Parse(srv.URL)
	var session string
	for _, c := range jar.Cookies(u) {
		if c.Name == "__Host-algoreg_session" {
			session = c.Value
		}
	}
	if session == "" {
		t.Fatalf("no __Host- session cookie over TLS: %v", jar.Cookies(u))
	}

	// Security headers on a page and on the API.
	st, h, body := get(t, browser, srv.URL+"/beschrijvingen")
	if st != 200 {
		t.Fatalf("page: %d %s", st, tail(body))
	}
	st2, h2, _ := get(t, plain, srv.URL+"/api/v1/algorithms", "Authorization", "Bearer "+token)
	if st2 != 200 {
		t.Fatalf("api: %d", st2)
	}
	for _, hh := range []http.Header{h, h2} {
		for name, want := range map[string]string{
			"Strict-Transport-Security": "max-age=", "Content-Security-Policy": "default-src 'self'",
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
			if !strings.Contains(hh.Get(name), want) {
				t.Errorf("%s = %q, want it to contain %q", name, hh.Get(name), want)
			}
		}
	}

	// Request size: a body over the limit is 413, as problem details.
	big := `{"name": "` + strings.Repeat("a", 2<<20) + `", "unit": "CLAS", "classification": "ongerubriceerd"}`
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/algorithms", strings.NewReader(big))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := plain.Do(req); err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || leaks(string(b)) != "" {
			t.Errorf("oversized body: %d %s", resp.StatusCode, tail(string(b)))
		}
	} else {
		t.Errorf("oversized body: %v", err)
	}

	// Rate: 60 a minute with bursts of 10; a quick run of 30 is cut off with 429.
	limited := 0
	for range 30 {
		st, h, body := get(t, plain, srv.URL+"/api/v1/algorithms", "Authorization", "Bearer "+token)
		if st == http.StatusTooManyRequests {
			limited++
			if h.Get("Retry-After") == "" || !strings.Contains(body, "Te veel verzoeken") {
				t.Errorf("429 without Retry-After or message: %v %s", h, body)
			}
		}
	}
	if limited == 0 {
		t.Errorf("30 quick API requests with one token were never limited")
	}
	// A request with a wrong token and one with a token in the query string: refused, and
	// logged without the token either.
	get(t, plain, srv.URL+"/api/v1/algorithms?token="+token+"x", "Authorization", "Bearer "+token+"x")

	srv.stop(t)
	log := srv.Stderr.String()
	if !strings.Contains(log, "luistert op") {
		t.Fatalf("the log was not captured: %q", log)
	}
	for what, secret := range map[string]string{"wrong password": wrongPassword, "password": adminPassword,
		"token": token, "session cookie": session} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains the %s", what)
		}
	}
	if testing.Verbose() {
		t.Logf("serve log (%d bytes):\n%s", len(log), tail(log))
	}
}
