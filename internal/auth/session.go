package auth

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// Session lifetimes: a session ends after IdleTimeout without requests, and in any case
// AbsoluteTimeout after login.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
)

// touchEvery limits LastSeen writes to one per minute per session.
const touchEvery = time.Minute

// Session cookie names: with secure cookies the __Host- prefix makes the browser refuse a
// cookie set by a sibling domain or over plain HTTP, or with a Domain or a Path other than /.
const (
	SessionCookie       = "algoreg_session"
	SecureSessionCookie = "__Host-algoreg_session"
)

// NotAuthenticatedMessage is the answer to a missing, forged, tampered or expired session or
// token: the same for all of them.
const NotAuthenticatedMessage = "U bent niet (meer) aangemeld. Meld u opnieuw aan."

// NotAuthenticated returns the uniform EUNAUTHORIZED refusal for sessions and tokens.
func NotAuthenticated() *register.Error {
	return register.Errorf(register.EUNAUTHORIZED, NotAuthenticatedMessage)
}

// NewSession starts a session for userID at now. The cookie value is returned once; the
// session stores only its hash, and a fresh CSRF token.
func NewSession(userID string, now time.Time) (cookieValue string, s register.Session) {
	cookieValue, hash := NewSecret()
	csrf, _ := NewSecret()
	return cookieValue, register.Session{
		Hash:      hash,
		UserID:    userID,
		CSRF:      csrf,
		CreatedAt: now,
		LastSeen:  now,
		ExpiresAt: now.Add(AbsoluteTimeout),
	}
}

// SessionValid reports whether s is still usable at now: not past its absolute expiry (nor
// AbsoluteTimeout after creation), and seen within IdleTimeout.
func SessionValid(s *register.Session, now time.Time) bool {
	if s == nil || s.Hash == "" || s.UserID == "" {
		return false
	}
	if !now.Before(s.ExpiresAt) || !now.Before(s.CreatedAt.Add(AbsoluteTimeout)) {
		return false
	}
	return now.Sub(s.LastSeen) < IdleTimeout
}

func sessionCookieName(secure bool) string {
	if secure {
		return SecureSessionCookie
	}
	return SessionCookie
}

// SetSessionCookie sets the session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain; with
// secure (HTTPS) also Secure and the __Host- prefix. It lives as long as the browser session;
// the server enforces the idle and absolute expiry.
func SetSessionCookie(w http.ResponseWriter, value string, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookieName(secure),
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie removes the session cookie from the browser.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookieName(secure),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// SessionCookieValue returns the well-formed session cookie value of r. Only the cookie name
// for the configured mode counts (with secure, a cookie without the __Host- prefix is ignored:
// it could have been planted by a sibling domain). A malformed value is treated as absent.
func SessionCookieValue(r *http.Request, secure bool) (string, bool) {
	c, err := r.Cookie(sessionCookieName(secure))
	if err != nil || !wellFormedSecret(c.Value) {
		return "", false
	}
	return c.Value, true
}

// LoadSession finds the session of r and its user, at tx.Now(). A missing, malformed,
// unknown, expired or disabled one gives NotAuthenticated(); an expired or disabled one is
// also deleted. The session's LastSeen is refreshed at most once a minute.
func LoadSession(ctx context.Context, tx register.Tx, r *http.Request, secure bool) (*register.Session, *register.User, error) {
	value, ok := SessionCookieValue(r, secure)
	if !ok {
		return nil, nil, NotAuthenticated()
	}
	hash := HashSecret(value)
	s, err := tx.SessionByHash(ctx, hash)
	if err != nil {
		if register.ErrorCode(err) == register.ENOTFOUND {
			return nil, nil, NotAuthenticated()
		}
		return nil, nil, fmt.Errorf("auth: load session: %w", err)
	}
	now := tx.Now()
	if s == nil || s.Hash != hash {
		return nil, nil, NotAuthenticated()
	}
	if !SessionValid(s, now) {
		if err := tx.DeleteSession(ctx, hash); err != nil {
			return nil, nil, fmt.Errorf("auth: delete expired session: %w", err)
		}
		return nil, nil, NotAuthenticated()
	}
	u, err := activeUser(ctx, tx, s.UserID)
	if err != nil {
		if register.ErrorCode(err) == register.EUNAUTHORIZED {
			if derr := tx.DeleteSession(ctx, hash); derr != nil {
				return nil, nil, fmt.Errorf("auth: delete session: %w", derr)
			}
		}
		return nil, nil, err
	}
	if now.Sub(s.LastSeen) >= touchEvery {
		if err := tx.TouchSession(ctx, hash, now); err != nil {
			return nil, nil, fmt.Errorf("auth: touch session: %w", err)
		}
		s.LastSeen = now
	}
	return s, u, nil
}

// Logout deletes the session of r (if any) and clears the cookie.
func Logout(ctx context.Context, tx register.Tx, w http.ResponseWriter, r *http.Request, secure bool) error {
	ClearSessionCookie(w, secure)
	value, ok := SessionCookieValue(r, secure)
	if !ok {
		return nil
	}
	if err := tx.DeleteSession(ctx, HashSecret(value)); err != nil && register.ErrorCode(err) != register.ENOTFOUND {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

// activeUser loads an enabled user by id, or NotAuthenticated().
func activeUser(ctx context.Context, tx register.Tx, id string) (*register.User, error) {
	u, err := tx.UserByID(ctx, id)
	if err != nil {
		if register.ErrorCode(err) == register.ENOTFOUND {
			return nil, NotAuthenticated()
		}
		return nil, fmt.Errorf("auth: load user: %w", err)
	}
	if u == nil || u.Disabled {
		return nil, NotAuthenticated()
	}
	return u, nil
}

// BearerToken extracts the token of an "Authorization: Bearer …" header. present is false
// when there is no Authorization header at all (try the session instead); a header that is
// there but malformed gives NotAuthenticated().
func BearerToken(r *http.Request) (token string, present bool, err error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false, nil
	}
	scheme, tok, ok := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || !WellFormedToken(tok) {
		return "", true, NotAuthenticated()
	}
	return tok, true, nil
}

// TokenUser resolves an API token (from BearerToken) to its enabled user, at tx.Now(). An
// unknown, expired or malformed token, or a disabled user, gives NotAuthenticated().
func TokenUser(ctx context.Context, tx register.Tx, token string) (*register.User, error) {
	if !WellFormedToken(token) {
		return nil, NotAuthenticated()
	}
	t, err := tx.TokenByHash(ctx, HashSecret(token))
	if err != nil {
		if register.ErrorCode(err) == register.ENOTFOUND {
			return nil, NotAuthenticated()
		}
		return nil, fmt.Errorf("auth: load token: %w", err)
	}
	if t == nil || (!t.ExpiresAt.IsZero() && !tx.Now().Before(t.ExpiresAt)) {
		return nil, NotAuthenticated()
	}
	return activeUser(ctx, tx, t.UserID)
}

// StartSession begins a session for u after a successful login, at tx.Now(): any session the
// request already carried is deleted first (no session fixation), the new one is stored and
// its cookie set. It returns the session (for its CSRF token).
func StartSession(ctx context.Context, tx register.Tx, w http.ResponseWriter, r *http.Request, u *register.User, secure bool) (*register.Session, error) {
	if old, ok := SessionCookieValue(r, secure); ok {
		if err := tx.DeleteSession(ctx, HashSecret(old)); err != nil && register.ErrorCode(err) != register.ENOTFOUND {
			return nil, fmt.Errorf("auth: end previous session: %w", err)
		}
	}
	value, s := NewSession(u.ID, tx.Now())
	if err := tx.CreateSession(ctx, s); err != nil {
		return nil, fmt.Errorf("auth: create session: %w", err)
	}
	SetSessionCookie(w, value, secure)
	return &s, nil
}
