package public

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestParseRequest(t *testing.T) {
	const ok = "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: example.nl\r\n\r\n"
	tests := []struct {
		name string
		in   string
		want verdict
	}{
		{"plain get", ok, serveFast},
		{"head, english", "HEAD /en/algoritme/DEF-1 HTTP/1.1\r\nHost: a:8080\r\n\r\n", serveFast},
		{"browser headers", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nUser-Agent: Mozilla/5.0 (X11)\r\nAccept: text/html,*/*;q=0.8\r\nConnection: keep-alive\r\nIf-None-Match: \"x\", W/\"y\"\r\nUpgrade-Insecure-Requests: 1\r\n\r\n", serveFast},
		{"pipelined rest ignored", ok + "POST / HTTP/1.1\r\n", serveFast},
		{"incomplete line", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a", needMore},
		{"incomplete head", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n", needMore},
		{"empty", "", needMore},
		{"too long", "GET /algoritme/DEF-1 HTTP/1.1\r\nX: " + strings.Repeat("a", maxFastHead), handOff},
		{"post", "POST /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"lower-case method", "get /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"http/1.0", "GET /algoritme/DEF-1 HTTP/1.0\r\nHost: a\r\n\r\n", handOff},
		{"http/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", handOff},
		{"other page", "GET /algoritmes HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"query", "GET /algoritme/DEF-1?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"empty query", "GET /algoritme/DEF-1? HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"percent", "GET /algoritme/DEF%2D1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"dot dot", "GET /algoritme/.. HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"dot", "GET /algoritme/. HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"dot segment", "GET /algoritme/../algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"double slash", "GET //algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"trailing slash", "GET /algoritme/DEF-1/ HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"empty id", "GET /algoritme/ HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"absolute form", "GET http://a/algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"two spaces", "GET  /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n", handOff},
		{"no host", "GET /algoritme/DEF-1 HTTP/1.1\r\n\r\n", handOff},
		{"two hosts", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", handOff},
		{"empty host", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost:\r\n\r\n", handOff},
		{"odd host", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a/b\r\n\r\n", handOff},
		{"content-length", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", handOff},
		{"transfer-encoding", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n", handOff},
		{"expect", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n", handOff},
		{"upgrade", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", handOff},
		{"connection close", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", handOff},
		{"two connection", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: keep-alive\r\n\r\n", handOff},
		{"two if-none-match", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"a\"\r\nIf-None-Match: \"b\"\r\n\r\n", handOff},
		{"bare lf end", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\n", handOff},
		{"bare lf request line", "GET /algoritme/DEF-1 HTTP/1.1\nHost: a\r\n\r\n", handOff},
		{"bare cr", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", handOff},
		{"obs-fold", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n", handOff},
		{"space before colon", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost : a\r\n\r\n", handOff},
		{"empty name", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", handOff},
		{"no colon", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nXb\r\n\r\n", handOff},
		{"nul in value", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", handOff},
		{"non-ascii value", "GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nX: é\r\n\r\n", handOff},
		{"leading empty line", "\r\n" + ok, handOff},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req fastRequest
			n, v := parseRequest([]byte(tt.in), maxFastHead, &req)
			if v != tt.want {
				t.Fatalf("verdict %d, want %d", v, tt.want)
			}
			if v == serveFast && !strings.HasSuffix(tt.in[:n], "\r\n\r\n") {
				t.Fatalf("head length %d does not end the head", n)
			}
		})
	}
	var req fastRequest
	if _, v := parseRequest([]byte("GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nif-none-match:  \"x\" \t\r\n\r\n"), maxFastHead, &req); v != serveFast || string(req.inm) != `"x"` || req.lang != langNL || string(req.id) != "DEF-1" {
		t.Fatalf("parsed %+v (%d)", req, v)
	}
	if _, v := parseRequest([]byte(ok), len(ok)-1, &req); v != handOff {
		t.Fatalf("a head over the limit: verdict %d", v)
	}
	if _, v := parseRequest([]byte(ok[:20]), 20, &req); v != handOff {
		t.Fatalf("an incomplete head at the limit: verdict %d", v)
	}
}

// FuzzParseRequest checks the fast path's reader against net/http's: whatever it accepts,
// net/http must read as the same request — GET or HEAD of the same path without query or
// body, HTTP/1.1, keep-alive, one Host, the same If-None-Match — and a head it accepts must
// never be cut short or run past the bytes given.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{
		"GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /en/algoritme/x.y_z~ HTTP/1.1\r\nHost: [::1]:80\r\nConnection: keep-alive\r\nIf-None-Match: W/\"a\", *\r\n\r\n",
		"GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
		"GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n",
		"GET /algoritme/DEF-1 HTTP/1.1\r\nHost: a\r\n\r\nGET /algoritme/DEF-2 HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /algoritme/%2e%2e HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /algoritme/DEF-1 HTTP/1.1\nHost: a\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var req fastRequest
		n, v := parseRequest(b, maxFastHead, &req)
		if v != serveFast {
			return
		}
		if n <= 0 || n > len(b) || !bytes.HasSuffix(b[:n], []byte("\r\n\r\n")) {
			t.Fatalf("head length %d of %q", n, b)
		}
		if bytes.Contains(b[:n-2], []byte("\r\n\r\n")) {
			t.Fatalf("head %q ends before %d", b, n)
		}
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(b[:n])))
		if err != nil {
			t.Fatalf("accepted %q, net/http refuses it: %v", b[:n], err)
		}
		method := "GET"
		if req.head {
			method = "HEAD"
		}
		prefix := "/algoritme/"
		if req.lang == langEN {
			prefix = "/en/algoritme/"
		}
		switch {
		case r.Method != method,
			r.URL.Path != string(req.path), r.URL.RawPath != "", r.URL.RawQuery != "", r.URL.ForceQuery,
			r.RequestURI != string(req.path), string(req.path) != prefix+string(req.id),
			r.ProtoMajor != 1 || r.ProtoMinor != 1, r.Close,
			r.ContentLength != 0, len(r.TransferEncoding) != 0,
			len(r.Header["Host"]) != 0 || r.Host == "", // ReadRequest moves Host out of the map
			len(r.Header["If-None-Match"]) > 1, r.Header.Get("If-None-Match") != string(req.inm),
			r.Header.Get("Expect") != "", r.Header.Get("Upgrade") != "":
			t.Fatalf("accepted %q, but net/http reads %s %q %s (close %v, length %d, header %v) and we %+v",
				b[:n], r.Method, r.RequestURI, r.Proto, r.Close, r.ContentLength, r.Header, req)
		}
		if body, _ := io.ReadAll(r.Body); len(body) != 0 {
			t.Fatalf("accepted %q, net/http reads a body", b[:n])
		}
	})
}
