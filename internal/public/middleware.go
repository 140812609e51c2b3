package public

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash/maphash"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// csp allows no inline script or style and nothing from elsewhere.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders go on every response.
var securityHeaders = map[string][]string{
	"Content-Security-Policy":    {csp},
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=()"},
	"Api-Version":                {APIVersion},
}

// secure sets the headers every response carries, recovers from panics and applies the
// per-client rate limit.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Keys are canonical already; direct assignment skips canonicalising on every request.
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = v
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("paniek in handler", "pad", r.URL.Path, "fout", v)
				s.fail(w, r, http.StatusInternalServerError, "")
			}
		}()
		if s.limiter != nil {
			if wait, ok := s.limiter.allow(clientIP(r), time.Now()); !ok {
				h.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				s.fail(w, r, http.StatusTooManyRequests, "")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the peer address. Forwarding headers are not trusted: a proxy in front
// should do its own limiting.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter is a token bucket per client IP, sharded to keep lock contention low.
type limiter struct {
	rate   float64 // tokens per second
	burst  float64
	seed   maphash.Seed
	shards [64]limiterShard
}

type limiterShard struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	l := &limiter{rate: rate, burst: float64(burst), seed: maphash.MakeSeed()}
	for i := range l.shards {
		l.shards[i].buckets = map[string]*bucket{}
	}
	return l
}

// allow takes a token for ip; when none is left it says how long until one is.
func (l *limiter) allow(ip string, now time.Time) (time.Duration, bool) {
	sh := &l.shards[maphash.String(l.seed, ip)%uint64(len(l.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if now.Sub(sh.sweep) > time.Minute {
		// forget clients whose bucket has refilled: keeps the map bounded
		full := time.Duration(l.burst / l.rate * float64(time.Second))
		for k, b := range sh.buckets {
			if now.Sub(b.last) > full {
				delete(sh.buckets, k)
			}
		}
		sh.sweep = now
	}
	b := sh.buckets[ip]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		sh.buckets[ip] = b
	}
	// Concurrent requests take their time before the lock: one may come in with a now
	// before b.last, which must not take tokens away (with a high rate that was a spurious 429).
	if el := now.Sub(b.last); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}

// etag is strong and derived from the bundle hash and the request path with query, so it
// changes exactly when the bundle does.
func etag(bundleHash, pathAndQuery string) string {
	h := sha256.Sum256([]byte(bundleHash + "\x00" + pathAndQuery))
	return `"` + hex.EncodeToString(h[:16]) + `"`
}

// hashBytes is the hex SHA-256 of b.
func hashBytes(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// notModified sets ETag and Cache-Control and answers 304 when If-None-Match matches.
func notModified(w http.ResponseWriter, r *http.Request, tag, cacheControl string) bool {
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", cacheControl)
	if etagMatches(r.Header.Get("If-None-Match"), tag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// etagMatches reports whether an If-None-Match value names tag (weakly) or is "*".
func etagMatches(inm, tag string) bool {
	for t := range strings.SplitSeq(inm, ",") {
		t = strings.TrimSpace(t)
		if t == tag || t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}

// Cache lifetimes. Bundles change a few times a day at most; ETags make revalidation cheap.
const (
	cachePage   = "public, max-age=300"
	cacheAPI    = "public, max-age=60"
	cacheStatic = "public, max-age=86400"
	cacheError  = "no-store"
)

// problem is an RFC 9457 problem document.
type problem struct {
	Type          string                  `json:"type"`
	Title         string                  `json:"title"`
	Status        int                     `json:"status"`
	Detail        string                  `json:"detail"`
	Instance      string                  `json:"instance,omitempty"`
	InvalidParams []register.FieldProblem `json:"invalidParams,omitempty"`
}

// writeProblem sends a problem+json answer.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string, params []register.FieldProblem) {
	p := problem{Type: "about:blank", Title: tr(langNL, "error."+strconv.Itoa(status)+".title"), Status: status, Detail: detail, Instance: r.URL.Path, InvalidParams: params}
	if p.Title == "error."+strconv.Itoa(status)+".title" {
		p.Title = http.StatusText(status)
	}
	if p.Detail == "" {
		p.Detail = problemDetail(status)
	}
	b, _ := json.Marshal(p)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", cacheError)
	h.Del("ETag")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func problemDetail(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Deze bron bestaat niet. Let op: adressen eindigen niet op een schuine streep."
	case http.StatusMethodNotAllowed:
		return "Deze methode is hier niet toegestaan; gebruik GET."
	case http.StatusTooManyRequests:
		return "Te veel verzoeken in korte tijd. Probeer het na de tijd in Retry-After opnieuw."
	case http.StatusBadRequest:
		return "Het verzoek is ongeldig."
	default:
		return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
	}
}

// isAPI reports whether r is for the JSON API (which answers problems as JSON).
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// fail answers an error in the form the caller expects: problem+json for the API, a page
// for people.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, detail string) {
	if isAPI(r) || !acceptsHTML(r) {
		writeProblem(w, r, status, detail, nil)
		return
	}
	s.errorPage(w, r, status)
}

func acceptsHTML(r *http.Request) bool {
	// Browsers ask for text/html; scripts and curl get problem+json.
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// onlyGET answers 405 for anything but GET and HEAD.
func (s *Server) onlyGET(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	s.fail(w, r, http.StatusMethodNotAllowed, "")
	return false
}
