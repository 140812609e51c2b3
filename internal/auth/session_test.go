package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

func TestSessionValid(t *testing.T) {
	_, s := NewSession("u1", t0)
	if s.ExpiresAt != t0.Add(AbsoluteTimeout) || s.CSRF == "" || s.Hash == "" || s.UserID != "u1" {
		t.Fatalf("session = %+v", s)
	}
	tests := []struct {
		name     string
		lastSeen time.Duration // after t0
		now      time.Duration // after t0
		want     bool
	}{
		{"fresh", 0, 0, true},
		{"idle just under", 0, IdleTimeout - time.Second, true},
		{"idle reached", 0, IdleTimeout, false},
		{"active for 11h59", 11*time.Hour + 58*time.Minute, 11*time.Hour + 59*time.Minute, true},
		{"absolute reached while active", 12*time.Hour - time.Minute, 12 * time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := s
			c.LastSeen = t0.Add(tt.lastSeen)
			if got := SessionValid(&c, t0.Add(tt.now)); got != tt.want {
				t.Errorf("SessionValid = %v", got)
			}
		})
	}
	// A stored expiry moved forward (by a bug or a hand edit) does not outlive the absolute limit.
	c := s
	c.ExpiresAt = t0.Add(100 * time.Hour)
	c.LastSeen = t0.Add(13 * time.Hour)
	if SessionValid(&c, t0.Add(13*time.Hour)) {
		t.Error("session valid past AbsoluteTimeout")
	}
	if SessionValid(nil, t0) || SessionValid(&register.Session{}, t0) {
		t.Error("empty session valid")
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	for _, secure := range []bool{true, false} {
		w := httptest.NewRecorder()
		SetSessionCookie(w, "v", secure)
		c := w.Result().Cookies()[0]
		wantName := "algoreg_session"
		if secure {
			wantName = "__Host-algoreg_session"
		}
		if c.Name != wantName || !c.HttpOnly || c.Secure != secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
			t.Errorf("secure=%v: cookie = %+v", secure, c)
		}
		w = httptest.NewRecorder()
		ClearSessionCookie(w, secure)
		c = w.Result().Cookies()[0]
		if c.Name != wantName || c.MaxAge >= 0 || c.Value != "" {
			t.Errorf("secure=%v: clear = %+v", secure, c)
		}
	}
}

func sessionRequest(name, value string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://algoreg.mindef.nl/", nil)
	if name != "" {
		r.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	return r
}

func TestLoadSession(t *testing.T) {
	ctx := context.Background()
	tx := newFakeTx(t0)
	tx.users["u1"] = &register.User{ID: "u1", Email: "anna@mindef.nl", Role: register.RoleEditor}
	tx.users["u2"] = &register.User{ID: "u2", Email: "bert@mindef.nl", Role: register.RoleEditor, Disabled: true}
	good, s := NewSession("u1", t0)
	tx.sessions[s.Hash] = s
	gone, s2 := NewSession("u2", t0)
	tx.sessions[s2.Hash] = s2
	forged, _ := NewSecret()

	tests := []struct {
		name   string
		cookie string
		value  string
		now    time.Duration
		ok     bool
	}{
		{"valid", SecureSessionCookie, good, time.Minute, true},
		{"no cookie", "", "", 0, false},
		{"insecure name in secure mode", SessionCookie, good, 0, false},
		{"forged id", SecureSessionCookie, forged, 0, false},
		{"tampered id", SecureSessionCookie, good[:42] + flip(good[42]), 0, false},
		{"truncated id", SecureSessionCookie, good[:20], 0, false},
		{"hash instead of id", SecureSessionCookie, s.Hash, 0, false},
		{"disabled user", SecureSessionCookie, gone, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx.now = t0.Add(tt.now)
			gs, u, err := LoadSession(ctx, tx, sessionRequest(tt.cookie, tt.value), true)
			if tt.ok {
				if err != nil || u == nil || u.ID != "u1" || gs == nil {
					t.Fatalf("LoadSession = %v %v %v", gs, u, err)
				}
				return
			}
			if gs != nil || u != nil || register.ErrorCode(err) != register.EUNAUTHORIZED || register.ErrorMessage(err) != NotAuthenticatedMessage {
				t.Fatalf("LoadSession = %v %v %v", gs, u, err)
			}
		})
	}
	if _, ok := tx.sessions[s2.Hash]; ok {
		t.Error("session of a disabled user kept")
	}
	if tx.sessions[s.Hash].LastSeen != t0.Add(time.Minute) || tx.touched != 1 {
		t.Errorf("LastSeen = %v, touched %d", tx.sessions[s.Hash].LastSeen, tx.touched)
	}
	// Within a minute no extra write.
	tx.now = t0.Add(time.Minute + 30*time.Second)
	if _, _, err := LoadSession(ctx, tx, sessionRequest(SecureSessionCookie, good), true); err != nil || tx.touched != 1 {
		t.Fatalf("second load: %v, touched %d", err, tx.touched)
	}
	// Idle expiry deletes the session.
	tx.now = t0.Add(time.Minute + IdleTimeout)
	if _, _, err := LoadSession(ctx, tx, sessionRequest(SecureSessionCookie, good), true); err == nil {
		t.Fatal("idle session accepted")
	}
	if _, ok := tx.sessions[s.Hash]; ok {
		t.Error("expired session kept")
	}
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

func TestLogout(t *testing.T) {
	ctx := context.Background()
	tx := newFakeTx(t0)
	tx.users["u1"] = &register.User{ID: "u1", Role: register.RoleViewer}
	v, s := NewSession("u1", t0)
	tx.sessions[s.Hash] = s
	w := httptest.NewRecorder()
	if err := Logout(ctx, tx, w, sessionRequest(SessionCookie, v), false); err != nil {
		t.Fatal(err)
	}
	if len(tx.sessions) != 0 {
		t.Error("session not deleted")
	}
	if c := w.Result().Cookies(); len(c) != 1 || c[0].MaxAge >= 0 {
		t.Errorf("cookie not cleared: %+v", c)
	}
	// The old cookie no longer works (a copied cookie cannot be replayed after logout).
	if _, _, err := LoadSession(ctx, tx, sessionRequest(SessionCookie, v), false); err == nil {
		t.Error("session works after logout")
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	tx := newFakeTx(t0)
	tx.users["u1"] = &register.User{ID: "u1", Role: register.RoleEditor}
	tx.users["u2"] = &register.User{ID: "u2", Role: register.RoleEditor, Disabled: true}
	good, gh := NewToken()
	tx.tokens[gh] = register.Token{Hash: gh, UserID: "u1", ExpiresAt: t0.Add(time.Hour)}
	forever, fh := NewToken()
	tx.tokens[fh] = register.Token{Hash: fh, UserID: "u1"}
	expired, eh := NewToken()
	tx.tokens[eh] = register.Token{Hash: eh, UserID: "u1", ExpiresAt: t0}
	disabled, dh := NewToken()
	tx.tokens[dh] = register.Token{Hash: dh, UserID: "u2"}
	forged, _ := NewToken()

	tests := []struct {
		name, header string
		present, ok  bool
	}{
		{"valid", "Bearer " + good, true, true},
		{"scheme case", "bearer " + good, true, true},
		{"no expiry", "Bearer " + forever, true, true},
		{"none", "", false, false},
		{"expired", "Bearer " + expired, true, false},
		{"disabled user", "Bearer " + disabled, true, false},
		{"forged", "Bearer " + forged, true, false},
		{"tampered", "Bearer " + good[:len(good)-1] + flip(good[len(good)-1]), true, false},
		{"without prefix", "Bearer " + strings.TrimPrefix(good, "ar_"), true, false},
		{"basic auth", "Basic YTpi", true, false},
		{"no token", "Bearer", true, false},
		{"hash as token", "Bearer ar_" + gh, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/api/v1/algorithms", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			tok, present, err := BearerToken(r)
			if present != tt.present {
				t.Fatalf("present = %v", present)
			}
			if !present {
				return
			}
			var u *register.User
			if err == nil {
				u, err = TokenUser(ctx, tx, tok)
			}
			if tt.ok != (err == nil && u != nil && u.ID == "u1") {
				t.Fatalf("user %v, err %v", u, err)
			}
			if !tt.ok && (register.ErrorCode(err) != register.EUNAUTHORIZED || register.ErrorMessage(err) != NotAuthenticatedMessage) {
				t.Errorf("refusal = %v", err)
			}
		})
	}
}

func TestCheckCSRF(t *testing.T) {
	_, s := NewSession("u1", t0)
	form := func(tok string) string { return url.Values{"csrf": {tok}, "name": {"x"}}.Encode() }
	tests := []struct {
		name, method, body string
		headers            map[string]string
		session            *register.Session
		ok                 bool
	}{
		{"GET passes", http.MethodGet, "", nil, &s, true},
		{"form with token, same origin", http.MethodPost, form(s.CSRF), map[string]string{"Origin": "https://algoreg.mindef.nl", "Sec-Fetch-Site": "same-origin"}, &s, true},
		{"header token (script)", http.MethodPut, "", map[string]string{"X-CSRF-Token": s.CSRF, "Sec-Fetch-Site": "same-origin"}, &s, true},
		{"old browser, no origin headers, token", http.MethodPost, form(s.CSRF), nil, &s, true},
		{"no token", http.MethodPost, form(""), map[string]string{"Sec-Fetch-Site": "same-origin"}, &s, false},
		{"wrong token", http.MethodPost, form(s.CSRF[:42] + flip(s.CSRF[42])), nil, &s, false},
		{"token of another session", http.MethodPost, form(flip(s.CSRF[0]) + s.CSRF[1:]), nil, &s, false},
		{"cross-site form post with token", http.MethodPost, form(s.CSRF), map[string]string{"Sec-Fetch-Site": "cross-site"}, &s, false},
		{"same-site sibling", http.MethodPost, form(s.CSRF), map[string]string{"Sec-Fetch-Site": "same-site"}, &s, false},
		{"foreign origin with token", http.MethodPost, form(s.CSRF), map[string]string{"Origin": "https://evil.example"}, &s, false},
		{"null origin", http.MethodPost, form(s.CSRF), map[string]string{"Origin": "null"}, &s, false},
		{"DELETE cross-site", http.MethodDelete, "", map[string]string{"X-CSRF-Token": s.CSRF, "Sec-Fetch-Site": "cross-site"}, &s, false},
		{"no session", http.MethodPost, form(s.CSRF), nil, nil, false},
		{"session without token", http.MethodPost, form(""), nil, &register.Session{Hash: "h"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "https://algoreg.mindef.nl/algorithms/1", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			err := CheckCSRF(r, tt.session)
			if (err == nil) != tt.ok {
				t.Fatalf("CheckCSRF = %v", err)
			}
			if err != nil && (register.ErrorCode(err) != register.EFORBIDDEN || register.ErrorMessage(err) != CSRFMessage) {
				t.Errorf("refusal = %v", err)
			}
		})
	}
}

func TestStartSessionReplacesOld(t *testing.T) {
	ctx := context.Background()
	tx := newFakeTx(t0)
	u := &register.User{ID: "u1", Role: register.RoleViewer}
	tx.users["u1"] = u
	planted, ps := NewSession("u1", t0)
	tx.sessions[ps.Hash] = ps
	w := httptest.NewRecorder()
	s, err := StartSession(ctx, tx, w, sessionRequest(SecureSessionCookie, planted), u, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tx.sessions[ps.Hash]; ok {
		t.Error("the session the request came with survives login (fixation)")
	}
	if _, ok := tx.sessions[s.Hash]; !ok || len(tx.sessions) != 1 {
		t.Errorf("sessions = %v", tx.sessions)
	}
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != SecureSessionCookie || HashSecret(c[0].Value) != s.Hash {
		t.Errorf("cookie = %+v", c)
	}
}
