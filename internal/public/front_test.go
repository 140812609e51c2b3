package public_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/public"
	"github.com/defensie/algoreg/internal/public/publictest"
)

const (
	fastID   = "DEF-3F9K2M7Q"
	fastPage = "/algoritme/" + fastID
)

// serveFront serves s through its Front on a loopback port.
func serveFront(t *testing.T, s *public.Server, hs *http.Server) (*public.Front, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := s.Front(hs)
	errc := make(chan error, 1)
	go func() { errc <- f.Serve(ln) }()
	t.Cleanup(func() {
		_ = f.Close()
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return f, ln.Addr().String()
}

// servePlain serves s through net/http alone, as before the fast path.
func servePlain(t *testing.T, s *public.Server, hs *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs.Handler = s.Handler()
	go func() { _ = hs.Serve(ln) }()
	t.Cleanup(func() { _ = hs.Close() })
	return ln.Addr().String()
}

func newHTTPServer() *http.Server {
	return &http.Server{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 10 * time.Second, MaxHeaderBytes: 32 << 10}
}

// exchange writes the chunks to a new connection, each after a pause so the server reads
// them separately, and returns everything the server sends until it closes the connection.
func exchange(t *testing.T, addr string, chunks ...string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(c)
		got <- b
	}()
	for _, ch := range chunks {
		if _, err := io.WriteString(c, ch); err != nil {
			break // the server may close first (a 400, Connection: close)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return string(<-got)
}

var dateLine = regexp.MustCompile(`\r\nDate: [A-Za-z]{3}, \d\d [A-Za-z]{3} \d{4} \d\d:\d\d:\d\d GMT\r\n`)

// withoutDate replaces every Date value, the one part allowed to differ.
func withoutDate(s string) string { return dateLine.ReplaceAllString(s, "\r\nDate: X\r\n") }

func req(method, target string, hdr ...string) string {
	return method + " " + target + " HTTP/1.1\r\nHost: register.example\r\n" + strings.Join(append(hdr, ""), "\r\n") + "\r\n"
}

// closing is a last request that makes both servers close the connection after answering.
var closing = req("GET", fastPage, "Connection: close")

// TestFrontAnswersAsNetHTTP sends the same bytes to the site through the fast path and
// through net/http alone and requires the same answers, byte for byte but for Date.
func TestFrontAnswersAsNetHTTP(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	_, fast := serveFront(t, s, newHTTPServer())
	plain := servePlain(t, s, newHTTPServer())
	first := exchange(t, plain, closing)
	tag := regexp.MustCompile(`Etag: ("[0-9a-f]+")`).FindStringSubmatch(first)
	if tag == nil {
		t.Fatalf("no ETag in %q", first)
	}
	big := "X-Big: " + strings.Repeat("a", 10<<10)
	huge := "X-Huge: " + strings.Repeat("a", 40<<10)
	tests := []struct {
		name   string
		chunks []string
	}{
		{"get", []string{req("GET", fastPage), closing}},
		{"english, not yet rendered", []string{req("GET", "/en/algoritme/DEF-Q4M8T2ZC"), closing}},
		{"head", []string{req("HEAD", fastPage), req("HEAD", "/en"+fastPage), closing}},
		{"keep-alive header", []string{req("GET", fastPage, "Connection: keep-alive", "User-Agent: test", "Accept: text/html"), closing}},
		{"if-none-match matches", []string{req("GET", fastPage, "If-None-Match: "+tag[1]), closing}},
		{"if-none-match weak in a list", []string{req("GET", fastPage, `If-None-Match: "x", W/`+tag[1]+` `), closing}},
		{"if-none-match star", []string{req("HEAD", fastPage, "If-None-Match: *"), closing}},
		{"if-none-match other", []string{req("GET", fastPage, `If-None-Match: "0123"`), closing}},
		{"if-none-match empty", []string{req("GET", fastPage, `If-None-Match:`), closing}},
		{"pipelined, handed off in the middle", []string{req("GET", fastPage) + req("HEAD", fastPage) + req("GET", "/algoritmes") + req("GET", fastPage) + closing}},
		{"handed off mid-connection", []string{req("GET", fastPage), req("GET", "/over"), req("GET", fastPage), closing}},
		{"byte by byte", append(strings.Split(req("GET", fastPage), ""), closing)},
		{"request split at the head's end", []string{strings.TrimSuffix(req("GET", fastPage), "\n"), "\n", closing}},
		{"unknown id", []string{req("GET", "/algoritme/DEF-ONBEKEND"), closing}},
		{"query", []string{req("GET", fastPage+"?x=1"), closing}},
		{"percent-encoded", []string{req("GET", "/algoritme/DEF%2D3F9K2M7Q"), closing}},
		{"dot segments", []string{req("GET", "/algoritme/../algoritme/"+fastID), closing}},
		{"post with a body", []string{req("POST", fastPage, "Content-Length: 3") + "abc", closing}},
		{"chunked body", []string{req("GET", fastPage, "Transfer-Encoding: chunked") + "0\r\n\r\n", closing}},
		{"smuggling attempt", []string{req("GET", fastPage, "Content-Length: 4", "Transfer-Encoding: chunked") + "0\r\n\r\n" + req("GET", "/x"), closing}},
		{"expect", []string{req("GET", fastPage, "Expect: 100-continue"), closing}},
		{"http/1.0", []string{"GET " + fastPage + " HTTP/1.0\r\nHost: a\r\n\r\n"}},
		{"no host", []string{"GET " + fastPage + " HTTP/1.1\r\n\r\n"}},
		{"two hosts", []string{req("GET", fastPage, "Host: b")}},
		{"header injection", []string{req("GET", fastPage, "X: a\rSet-Cookie: b"), closing}},
		{"bare lf", []string{"GET " + fastPage + " HTTP/1.1\nHost: a\n\n", closing}},
		{"obs-fold", []string{req("GET", fastPage, "X: a", " b"), closing}},
		{"head over the fast path's limit", []string{req("GET", fastPage, big), closing}},
		{"head over MaxHeaderBytes", []string{req("GET", fastPage, huge)}},
		{"connection close", []string{closing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := withoutDate(exchange(t, plain, tt.chunks...))
			got := withoutDate(exchange(t, fast, tt.chunks...))
			if got != want {
				t.Errorf("fast path answered\n%.2000q\nnet/http answered\n%.2000q", got, want)
			}
			if want == "" {
				t.Error("no answer at all")
			}
		})
	}
}

// TestFrontRateLimit: the fast path takes from the same per-client bucket, and the 429 is
// net/http's.
func TestFrontRateLimit(t *testing.T) {
	s1, dir := newServer(t, public.Config{RateLimit: 0.001, Burst: 3})
	pub, _ := publictest.Key()
	s2, err := public.New(public.Config{BundleDir: dir, PublicKey: pub, CacheDir: t.TempDir(), RateLimit: 0.001, Burst: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s2.Close() })
	_, fast := serveFront(t, s1, newHTTPServer())
	plain := servePlain(t, s2, newHTTPServer())
	chunks := []string{req("GET", fastPage), req("GET", fastPage), req("GET", fastPage, "Accept: text/html"), req("GET", fastPage), closing}
	want := withoutDate(exchange(t, plain, chunks...))
	got := withoutDate(exchange(t, fast, chunks...))
	if got != want {
		t.Fatalf("fast path answered\n%.3000q\nnet/http answered\n%.3000q", got, want)
	}
	if n := strings.Count(got, "HTTP/1.1 200 OK"); n != 3 || !strings.Contains(got, "HTTP/1.1 429 ") || !strings.Contains(got, "Retry-After: ") {
		t.Fatalf("want three 200s, then 429 with Retry-After; got %q", got)
	}
}

// TestFrontClients: the standard client, keep-alive, many requests on few connections.
func TestFrontClients(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	_, fast := serveFront(t, s, newHTTPServer())
	plain := servePlain(t, s, newHTTPServer())
	fetch := func(addr, path string) (int, string, http.Header) {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, string(b), res.Header
	}
	for i := 0; i < 50; i++ {
		for _, path := range []string{fastPage, "/en" + fastPage, "/algoritme/DEF-Q4M8T2ZC", "/algoritmes", "/static/site.css"} {
			ws, wb, wh := fetch(plain, path)
			gs, gb, gh := fetch(fast, path)
			wh.Del("Date")
			gh.Del("Date")
			if gs != ws || gb != wb || !equalHeaders(gh, wh) {
				t.Fatalf("%s: fast path %d %v, net/http %d %v", path, gs, gh, ws, wh)
			}
		}
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, "\x00") != strings.Join(b[k], "\x00") {
			return false
		}
	}
	return true
}

// TestFrontReload: after a reload the same connection gets the new bundle's page and ETag,
// and a description that is gone is a 404, never a stale page.
func TestFrontReload(t *testing.T) {
	s, dir := newServer(t, public.Config{})
	_, addr := serveFront(t, s, newHTTPServer())
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	get := func(path string) *http.Response {
		t.Helper()
		if _, err := io.WriteString(c, req("GET", path)); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			t.Fatal(err)
		}
		return res
	}
	const gone = "DEF-Z9Y8X7W6"
	before, beforeGone := get(fastPage), get("/algoritme/"+gone)
	if before.StatusCode != 200 || beforeGone.StatusCode != 200 {
		t.Fatalf("before reload: %d, %d", before.StatusCode, beforeGone.StatusCode)
	}
	if err := rewriteWithout(dir, gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	after := get(fastPage)
	if after.StatusCode != 200 || after.Header.Get("Etag") == before.Header.Get("Etag") {
		t.Fatalf("after reload: %d, ETag %s (was %s)", after.StatusCode, after.Header.Get("Etag"), before.Header.Get("Etag"))
	}
	if res := get("/algoritme/" + gone); res.StatusCode != 404 {
		t.Fatalf("removed description after reload: %d", res.StatusCode)
	}
}

// TestFrontShutdown: Shutdown closes idle connections on both paths and returns; Serve
// reports http.ErrServerClosed.
func TestFrontShutdown(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := s.Front(newHTTPServer())
	errc := make(chan error, 1)
	go func() { errc <- f.Serve(ln) }()
	idle := func(path string) (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		br := bufio.NewReader(c)
		if _, err := io.WriteString(c, req("GET", path)); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		return c, br
	}
	fc, fbr := idle(fastPage)      // stays on the fast path
	nc, nbr := idle("/algoritmes") // handed to net/http
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Serve after Shutdown: %v", err)
	}
	for _, c := range []struct {
		c  net.Conn
		br *bufio.Reader
	}{{fc, fbr}, {nc, nbr}} {
		if _, err := c.br.ReadByte(); err != io.EOF {
			t.Errorf("idle connection after Shutdown: %v, want EOF", err)
		}
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("still accepting after Shutdown")
	}
}

// TestFrontTimeouts: a client that sends half a head, or nothing after its last answer, is
// disconnected after the http.Server's header and idle timeouts.
func TestFrontTimeouts(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	_, addr := serveFront(t, s, &http.Server{ReadHeaderTimeout: 200 * time.Millisecond, IdleTimeout: 200 * time.Millisecond})
	for name, send := range map[string]string{
		"half a head":         "GET " + fastPage + " HTTP/1.1\r\nHo",
		"idle after a answer": req("GET", fastPage),
		"nothing":             "",
	} {
		t.Run(name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(10 * time.Second)) // a failure, not a hang
			if _, err := io.WriteString(c, send); err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, c); err != nil {
				t.Fatalf("want the server to close the connection: %v", err)
			}
		})
	}
}

// TestFrontSmallMaxHeaderBytes: with a MaxHeaderBytes below the fast path's own limit, a head
// above it is net/http's to judge.
func TestFrontSmallMaxHeaderBytes(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	_, fast := serveFront(t, s, &http.Server{MaxHeaderBytes: 1 << 10})
	plain := servePlain(t, s, &http.Server{MaxHeaderBytes: 1 << 10})
	for _, size := range []int{900, 2 << 10, 6 << 10} {
		chunks := []string{req("GET", fastPage, "X-Pad: "+strings.Repeat("a", size)), closing}
		want := withoutDate(exchange(t, plain, chunks...))
		if got := withoutDate(exchange(t, fast, chunks...)); got != want {
			t.Errorf("head of %d bytes: fast path answered\n%.500q\nnet/http answered\n%.500q", size, got, want)
		}
	}
}
