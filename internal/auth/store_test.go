package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
)

// These tests run the login limiter, sessions and tokens against the real SQLite store, as the
// service will: one transaction per request, committed also when a login is refused.

func openStore(t *testing.T) register.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "auth.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := store.Migrate(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLoginAgainstStore(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	hash, err := auth.HashPassword("een lang wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	u := &register.User{Email: "Anna@Mindef.nl", Name: "Anna", Role: register.RoleEditor, Units: []string{"CLAS"},
		Clearance: register.Ongerubriceerd, PasswordHash: hash}
	if err := s.Tx(ctx, func(tx register.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
		t.Fatal(err)
	}
	l := auth.DefaultLimiter()
	login := func(email, pw string) (string, error) {
		var reason string
		var loginErr error
		err := s.Tx(ctx, func(tx register.Tx) error {
			var err error
			_, reason, err = l.Login(ctx, tx, email, pw, "192.0.2.10:4444")
			if register.ErrorCode(err) == register.EUNAUTHORIZED {
				loginErr = err
				return nil // commit the failure count
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return reason, loginErr
	}
	if reason, err := login("anna@mindef.nl", "een lang wachtwoord"); err != nil || reason != auth.ReasonOK {
		t.Fatalf("login: %s %v", reason, err)
	}
	for i := range 5 {
		if reason, _ := login("anna@mindef.nl", "fout fout fout"); reason != auth.ReasonWrongPassword {
			t.Fatalf("attempt %d: %s", i, reason)
		}
	}
	reason, err := login("anna@mindef.nl", "een lang wachtwoord")
	if reason != auth.ReasonLocked || register.ErrorMessage(err) != auth.LoginFailedMessage {
		t.Fatalf("after five failures: %s %v", reason, err)
	}
	if reason, err := login("nobody@mindef.nl", "een lang wachtwoord"); reason != auth.ReasonUnknownUser || register.ErrorMessage(err) != auth.LoginFailedMessage {
		t.Fatalf("unknown: %s %v", reason, err)
	}
}

func TestSessionsAndTokensAgainstStore(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	u := &register.User{Email: "bert@mindef.nl", Name: "Bert", Role: register.RoleViewer, Units: []string{"KMAR"}, Clearance: register.Ongerubriceerd}
	var cookie, old, token, expired string
	err := s.Tx(ctx, func(tx register.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		var sess register.Session
		cookie, sess = auth.NewSession(u.ID, tx.Now())
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		old, sess = auth.NewSession(u.ID, tx.Now().Add(-13*time.Hour))
		if err := tx.CreateSession(ctx, sess); err != nil {
			return err
		}
		var h string
		token, h = auth.NewToken()
		if err := tx.CreateToken(ctx, register.Token{Hash: h, UserID: u.ID, ExpiresAt: tx.Now().Add(time.Hour)}); err != nil {
			return err
		}
		expired, h = auth.NewToken()
		return tx.CreateToken(ctx, register.Token{Hash: h, UserID: u.ID, ExpiresAt: tx.Now().Add(-time.Second)})
	})
	if err != nil {
		t.Fatal(err)
	}
	req := func(v string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.AddCookie(&http.Cookie{Name: auth.SecureSessionCookie, Value: v})
		return r
	}
	load := func(v string) (*register.User, error) {
		var got *register.User
		var loadErr error
		err := s.Tx(ctx, func(tx register.Tx) error {
			_, got, loadErr = auth.LoadSession(ctx, tx, req(v), true)
			if register.ErrorCode(loadErr) == register.EUNAUTHORIZED {
				return nil
			}
			return loadErr
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, loadErr
	}
	if got, err := load(cookie); err != nil || got.ID != u.ID || got.Units[0] != "KMAR" {
		t.Fatalf("LoadSession = %+v, %v", got, err)
	}
	if _, err := load(old); register.ErrorCode(err) != register.EUNAUTHORIZED {
		t.Fatalf("13-hour-old session: %v", err)
	}
	forged, _ := auth.NewSecret()
	if _, err := load(forged); register.ErrorCode(err) != register.EUNAUTHORIZED {
		t.Fatalf("forged session: %v", err)
	}
	// The expired session was deleted, not only refused.
	_ = s.Tx(ctx, func(tx register.Tx) error {
		if _, err := tx.SessionByHash(ctx, auth.HashSecret(old)); register.ErrorCode(err) != register.ENOTFOUND {
			t.Errorf("expired session still stored: %v", err)
		}
		return nil
	})
	// Logout ends it for every instance.
	if err := s.Tx(ctx, func(tx register.Tx) error {
		return auth.Logout(ctx, tx, httptest.NewRecorder(), req(cookie), true)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := load(cookie); register.ErrorCode(err) != register.EUNAUTHORIZED {
		t.Fatalf("session after logout: %v", err)
	}

	for _, tt := range []struct {
		name, token string
		ok          bool
	}{{"valid", token, true}, {"expired", expired, false}, {"forged", "ar_" + forged, false}} {
		var got *register.User
		err := s.Tx(ctx, func(tx register.Tx) error {
			var err error
			got, err = auth.TokenUser(ctx, tx, tt.token)
			return err
		})
		if tt.ok != (err == nil) {
			t.Errorf("%s token: %v", tt.name, err)
		}
		var e *register.Error
		if !tt.ok && (!errors.As(err, &e) || e.Message != auth.NotAuthenticatedMessage) {
			t.Errorf("%s token refusal: %v", tt.name, err)
		}
		if tt.ok && got.ID != u.ID {
			t.Errorf("token user = %+v", got)
		}
	}
}
