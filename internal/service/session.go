package service

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
)

// LoginResult is a started browser session: the cookie value (given once), the stored session
// (with its CSRF token) and the user.
type LoginResult struct {
	Cookie  string
	Session register.Session
	User    *register.User
}

// Login checks a local account's password under the limiter and starts a session. Every refusal
// is auth.LoginFailed() (one uniform Dutch message) and is audited with its reason; the failure
// counts are committed even when the login is refused.
func (s *Service) Login(ctx context.Context, lim *auth.Limiter, email, password, origin string) (*LoginResult, error) {
	if lim == nil {
		lim = auth.DefaultLimiter()
	}
	var out *LoginResult
	var refused error
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		u, reason, err := lim.Login(ctx, tx, email, password, origin)
		if register.ErrorCode(err) == register.EUNAUTHORIZED {
			refused = err
			who := Actor{User: &register.User{Email: auth.NormalizeEmail(email)}, Origin: origin}
			return s.audit(ctx, tx, who, auth.AuditLogin, "user:"+auth.NormalizeEmail(email), 0, "refused", reason)
		}
		if err != nil {
			return err
		}
		res, err := s.startSession(ctx, tx, u)
		if err != nil {
			return err
		}
		out = res
		return s.audit(ctx, tx, Actor{User: u, Origin: origin}, auth.AuditLogin, "user:"+u.Email, 0, "ok", reason)
	})
	if err != nil {
		return nil, err
	}
	if refused != nil {
		return nil, refused
	}
	return out, nil
}

func (s *Service) startSession(ctx context.Context, tx register.Tx, u *register.User) (*LoginResult, error) {
	cookie, sess := auth.NewSession(u.ID, tx.Now())
	if err := tx.CreateSession(ctx, sess); err != nil {
		return nil, fmt.Errorf("service: create session: %w", err)
	}
	return &LoginResult{Cookie: cookie, Session: sess, User: u}, nil
}

// LoginOIDC maps an identity confirmed by the OpenID Connect provider onto a local user —
// created on first login, its role, units, clearance and name brought up to date after that — and
// starts a session. A disabled local user stays refused.
func (s *Service) LoginOIDC(ctx context.Context, id *auth.Identity, origin string) (*LoginResult, error) {
	if id == nil || id.Email == "" {
		return nil, auth.LoginFailed()
	}
	var out *LoginResult
	var refused error
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		units, err := tx.ListUnits(ctx)
		if err != nil {
			return err
		}
		known := map[string]bool{}
		for _, u := range units {
			known[u.Code] = true
		}
		var codes []string
		for _, c := range id.Units {
			if c = strings.ToUpper(strings.TrimSpace(c)); known[c] {
				codes = append(codes, c)
			}
		}
		u, err := tx.UserByEmail(ctx, auth.NormalizeEmail(id.Email))
		switch {
		case register.ErrorCode(err) == register.ENOTFOUND:
			u = &register.User{ID: newID(), Email: auth.NormalizeEmail(id.Email), Name: id.Name, Role: id.Role,
				Units: codes, AllUnits: id.AllUnits || id.Role.SpansAllUnits(), Clearance: id.Clearance, CreatedAt: tx.Now()}
			if u.Name == "" {
				u.Name = u.Email
			}
			if err := tx.CreateUser(ctx, u); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, Actor{User: u, Origin: origin}, "user.create", "user:"+u.Email, 0, "ok", "via OpenID Connect: "+string(u.Role)); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if u.Disabled {
				refused = auth.LoginFailed()
				return s.audit(ctx, tx, Actor{User: u, Origin: origin}, auth.AuditLoginOIDC, "user:"+u.Email, 0, "refused", auth.ReasonDisabled)
			}
			if id.Name != "" {
				u.Name = id.Name
			}
			u.Role, u.Units, u.AllUnits, u.Clearance = id.Role, codes, id.AllUnits || id.Role.SpansAllUnits(), id.Clearance
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
		}
		res, err := s.startSession(ctx, tx, u)
		if err != nil {
			return err
		}
		out = res
		return s.audit(ctx, tx, Actor{User: u, Origin: origin}, auth.AuditLoginOIDC, "user:"+u.Email, 0, "ok", "subject "+id.Subject)
	})
	if err != nil {
		return nil, err
	}
	if refused != nil {
		return nil, refused
	}
	return out, nil
}

// AuditLoginRefusal records a refused login that never reached the password check (an OIDC
// failure, a malformed request); detail says why, for the audit trail only.
func (s *Service) AuditLoginRefusal(ctx context.Context, action, origin, detail string) {
	if err := s.Audit(ctx, Actor{Origin: origin}, action, "login", "refused", detail); err != nil {
		s.log.Error("audit of a refused login failed", "err", err)
	}
}

// Session finds the browser session of r and its user. A request without a session cookie gives
// ok false; a forged, expired or revoked one gives auth.NotAuthenticated(), and is audited.
func (s *Service) Session(ctx context.Context, r *http.Request, secure bool) (sess *register.Session, u *register.User, ok bool, err error) {
	if _, present := auth.SessionCookieValue(r, secure); !present {
		return nil, nil, false, nil
	}
	err = s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		sess, u, err = auth.LoadSession(ctx, tx, r, secure)
		if register.ErrorCode(err) == register.EUNAUTHORIZED {
			// Commit the removal of an expired session; report the refusal outside.
			return errSessionRefused
		}
		return err
	})
	if errors.Is(err, errSessionRefused) {
		if aerr := s.Audit(ctx, Actor{Origin: clientHost(r)}, auth.AuditSession, "session", "refused", "onbekende, verlopen of ingetrokken sessie"); aerr != nil {
			s.log.Error("audit of a refused session failed", "err", aerr)
		}
		return nil, nil, true, auth.NotAuthenticated()
	}
	if err != nil {
		return nil, nil, true, err
	}
	return sess, u, true, nil
}

var errSessionRefused = errors.New("session refused")

// Logout ends the session of r, clears the cookie and audits it.
func (s *Service) Logout(ctx context.Context, w http.ResponseWriter, r *http.Request, a Actor, secure bool) error {
	return s.store.Tx(ctx, func(tx register.Tx) error {
		if err := auth.Logout(ctx, tx, w, r, secure); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, auth.AuditLogout, "user:"+a.name(), 0, "ok", "")
	})
}

// AuditCSRF records a refused cross-site or token-less request.
func (s *Service) AuditCSRF(ctx context.Context, a Actor, path string) {
	if err := s.Audit(ctx, a, auth.AuditCSRF, "path:"+path, "refused", auth.CSRFMessage); err != nil {
		s.log.Error("audit of a CSRF refusal failed", "err", err)
	}
}

func clientHost(r *http.Request) string {
	h := r.RemoteAddr
	if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.Trim(h, "[]")
}
