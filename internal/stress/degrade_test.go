package stress

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/testdb"
)

// proxy stands between serve and PostgreSQL, so a test can take the database away (close
// every connection and refuse new ones) and bring it back on the same address.
type proxy struct {
	t      *testing.T
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	u, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[u] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(u, c); u.Close(); c.Close() }()
	_, _ = io.Copy(c, u)
	c.Close()
	u.Close()
}

// down closes the listener and every connection: the database is unreachable.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}

// up listens again on the same address.
func (p *proxy) up() {
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy: listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestDegradation cuts serve off from PostgreSQL: the API answers 503 problem details with
// Retry-After, the pages a clear message with 503, nothing leaks internals, and both recover
// by themselves when the database returns.
func TestDegradation(t *testing.T) {
	dbURL := testdb.Postgres(t)
	token := admin(t, dbURL)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	srv := startServe(t, u.String(), "--api-rate", "0")
	c := newClient(token)
	page, status := login(t, srv.URL, adminEmail, adminPassword)
	if status != http.StatusSeeOther {
		t.Fatalf("login: %d", status)
	}

	type probe struct {
		name   string
		check  func() (int, http.Header, string)
		marker string // what the 503 body must say
	}
	apiGet := func(path string) func() (int, http.Header, string) {
		return func() (int, http.Header, string) {
			return get(t, http.DefaultClient, srv.URL+path, "Authorization", "Bearer "+token)
		}
	}
	probes := []probe{
		{"API list", apiGet("/api/v1/algorithms"), "De database is niet bereikbaar"},
		{"API search", apiGet("/api/v1/algorithms?q=grens"), "De database is niet bereikbaar"},
		{"API create", func() (int, http.Header, string) {
			st, _, m, err := c.do("POST", srv.URL+"/api/v1/algorithms", map[string]any{"name": "Tijdens de storing", "unit": "CLAS", "classification": "ongerubriceerd"})
			if err != nil {
				return 0, nil, err.Error()
			}
			b, _ := json.Marshal(m)
			h := http.Header{}
			if st >= 400 {
				h.Set("Content-Type", "application/problem+json")
			}
			return st, h, string(b)
		}, "De database is niet bereikbaar"},
		{"page list", func() (int, http.Header, string) { return get(t, page, srv.URL+"/beschrijvingen") }, "De database is niet bereikbaar"},
		{"page dashboard", func() (int, http.Header, string) { return get(t, page, srv.URL+"/") }, "De database is niet bereikbaar"},
	}
	for _, p := range probes {
		if st, _, body := p.check(); st != 200 && st != 201 {
			t.Fatalf("%s before the outage: %d %s", p.name, st, tail(body))
		}
	}

	px.down()
	for _, p := range probes {
		st, h, body := p.check()
		if st != http.StatusServiceUnavailable {
			time.Sleep(100 * time.Millisecond)
			t.Errorf("%s during the outage: status %d, want 503: %s\nserve log:\n%s", p.name, st, tail(body), tail(srv.Stderr.String()))
			continue
		}
		if l := leaks(body); l != "" {
			t.Errorf("%s: the answer shows %q to the user: %s", p.name, l, tail(body))
		}
		if !strings.Contains(body, p.marker) {
			t.Errorf("%s: the answer does not say %q: %s", p.name, p.marker, tail(body))
		}
		if strings.HasPrefix(p.name, "API") && p.name != "API create" {
			if h.Get("Content-Type") != "application/problem+json" || h.Get("Retry-After") == "" {
				t.Errorf("%s: Content-Type %q, Retry-After %q", p.name, h.Get("Content-Type"), h.Get("Retry-After"))
			}
		}
	}
	if st, _, _ := get(t, http.DefaultClient, srv.URL+"/api/v1/openapi.json"); st != 200 {
		t.Errorf("the OpenAPI document needs no database, but answered %d", st)
	}

	px.up()
	deadline := time.Now().Add(30 * time.Second)
	for _, p := range probes[:2] {
		for {
			st, _, body := p.check()
			if st == 200 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not recover within 30 s: %d %s", p.name, st, tail(body))
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	for _, p := range probes {
		if st, _, body := p.check(); st != 200 && st != 201 {
			t.Errorf("%s after recovery: %d %s", p.name, st, tail(body))
		}
	}
	srv.stop(t)
	checkIntact(t, dbURL)
}
