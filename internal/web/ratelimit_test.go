package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/auth"
)

func TestLimitAPI(t *testing.T) {
	clock := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	l := NewAPILimiter(60, 3) // one a second, bursts of three
	l.now = func() time.Time { return clock }
	h := LimitAPI(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }), l)
	do := func(path, token, cookie, addr string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.RemoteAddr = addr + ":4000"
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		if cookie != "" {
			r.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: cookie})
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	steps := []struct {
		name                string
		advance             time.Duration
		path, token, cookie string
		addr                string
		want                int
	}{
		{"burst 1", 0, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 204},
		{"burst 2", 0, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 204},
		{"burst 3", 0, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 204},
		{"token a exhausted", 0, "/api/v1/algorithms/x", "tok-a", "", "10.0.0.2", 429},
		{"token b has its own bucket, same address", 0, "/api/v1/algorithms", "tok-b", "", "10.0.0.1", 204},
		{"pages are not limited here", 0, "/algoritmes", "tok-a", "", "10.0.0.1", 204},
		{"the OpenAPI document is exempt", 0, "/api/v1/openapi.json", "tok-a", "", "10.0.0.1", 204},
		{"one second refills one", time.Second, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 204},
		{"and only one", 0, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 429},
		{"session cookie bucket", 0, "/api/v1/algorithms", "", "sess-1", "10.0.0.1", 204},
		{"anonymous per address", 0, "/api/v1/algorithms", "", "", "10.0.0.9", 204},
		{"a full refill", 10 * time.Second, "/api/v1/algorithms", "tok-a", "", "10.0.0.1", 204},
	}
	for _, st := range steps {
		clock = clock.Add(st.advance)
		w := do(st.path, st.token, st.cookie, st.addr)
		if w.Code != st.want {
			t.Errorf("%s: status %d, want %d", st.name, w.Code, st.want)
			continue
		}
		if st.want == 429 {
			if w.Header().Get("Retry-After") != "1" || w.Header().Get("API-Version") == "" {
				t.Errorf("%s: Retry-After %q, API-Version %q", st.name, w.Header().Get("Retry-After"), w.Header().Get("API-Version"))
			}
			var p Problem
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != 429 || !strings.Contains(p.Detail, "seconden") ||
				w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: body %s (%v)", st.name, w.Body, err)
			}
		}
	}
	for k := range l.buckets {
		if strings.Contains(k, "tok-a") || strings.Contains(k, "sess-1") {
			t.Errorf("limiter holds a credential in the clear: %q", k)
		}
	}
}

func TestLimitAPIBoundedMemory(t *testing.T) {
	l := NewAPILimiter(60, 1)
	clock := time.Now()
	l.now = func() time.Time { return clock }
	for i := range maxBuckets + 50 {
		l.allow("token:" + string(rune(i)) + "x")
	}
	if n := len(l.buckets); n > maxBuckets+1 {
		t.Errorf("%d buckets, want at most %d", n, maxBuckets+1)
	}
	if NewAPILimiter(0, 10) != nil {
		t.Error("a rate of 0 should turn the limiter off")
	}
	if h := LimitAPI(http.NotFoundHandler(), nil); h == nil {
		t.Error("LimitAPI(nil limiter) returned nil")
	}
}
