package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/auth"
)

// APILimiter limits requests to the JSON API per caller with a token bucket: per API token
// (keyed by a hash of the token, never the token itself), else per session cookie, else per
// remote address. Password guessing on the login page has its own, persistent limiter
// (auth.Limiter); this one keeps one caller from starving the others.
type APILimiter struct {
	perSecond float64
	burst     float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the limiter's memory: callers inventing a new token per request would
// otherwise grow the map without end. Past it, unknown callers share one bucket per address.
const maxBuckets = 100_000

// NewAPILimiter allows perMinute requests per caller on average, and bursts of up to burst.
// perMinute <= 0 turns the limit off (nil).
func NewAPILimiter(perMinute, burst int) *APILimiter {
	if perMinute <= 0 {
		return nil
	}
	if burst < 1 {
		burst = 1
	}
	return &APILimiter{perSecond: float64(perMinute) / 60, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// LimitAPI wraps h: requests under /api/ beyond the caller's allowance get 429 problem+json
// with Retry-After. The OpenAPI document is exempt. A nil limiter passes everything.
func LimitAPI(h http.Handler, l *APILimiter) http.Handler {
	if l == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/api/v1/openapi.json" {
			h.ServeHTTP(w, r)
			return
		}
		if wait, ok := l.allow(callerKey(r)); !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			w.Header().Set("API-Version", APIVersion)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			writeProblem(w, r, http.StatusTooManyRequests,
				fmt.Sprintf("Te veel verzoeken met dit token of vanaf dit adres; probeer het over %d seconden opnieuw.", secs), nil)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// callerKey names the bucket of a request. Tokens and cookies are hashed so the limiter's
// memory never holds a credential.
func callerKey(r *http.Request) string {
	if scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") && strings.TrimSpace(tok) != "" {
		return "token:" + digest(strings.TrimSpace(tok))
	}
	for _, name := range []string{auth.SecureSessionCookie, auth.SessionCookie} {
		if c, err := r.Cookie(name); err == nil && c.Value != "" {
			return "session:" + digest(c.Value)
		}
	}
	return "addr:" + clientAddr(r)
}

func digest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:12])
}

// allow takes one token from key's bucket; when it is empty it says how long until the next.
func (l *APILimiter) allow(key string) (time.Duration, bool) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		if len(l.buckets) >= maxBuckets {
			key = "overflow"
			if b, ok = l.buckets[key]; !ok {
				b = &bucket{tokens: l.burst, at: now}
				l.buckets[key] = b
			}
		} else {
			b = &bucket{tokens: l.burst, at: now}
			l.buckets[key] = b
		}
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.perSecond)
	b.at = now
	if now.Sub(l.swept) > time.Minute {
		l.sweep(now)
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.perSecond * float64(time.Second)), false
}

// sweep forgets buckets that have refilled completely: they behave exactly like new ones.
func (l *APILimiter) sweep(now time.Time) {
	l.swept = now
	full := time.Duration(l.burst / l.perSecond * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
}
