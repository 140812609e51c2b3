package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// loginFixture has one enabled and one disabled user with the same password.
func loginFixture(t *testing.T) *fakeTx {
	t.Helper()
	h, err := HashPassword("een lang wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	tx := newFakeTx(t0)
	tx.users["u1"] = &register.User{ID: "u1", Email: "anna@mindef.nl", Role: register.RoleEditor, PasswordHash: h, Clearance: register.Ongerubriceerd}
	tx.users["u2"] = &register.User{ID: "u2", Email: "bert@mindef.nl", Role: register.RoleEditor, PasswordHash: h, Disabled: true}
	tx.users["u3"] = &register.User{ID: "u3", Email: "oidc@mindef.nl", Role: register.RoleViewer}
	return tx
}

func TestLoginOutcomes(t *testing.T) {
	tx := loginFixture(t)
	l := DefaultLimiter()
	ctx := context.Background()
	tests := []struct {
		name, email, pw string
		reason          string
		dummy           bool // no real hash to check: a dummy check keeps the timing equal
	}{
		{"ok", "anna@mindef.nl", "een lang wachtwoord", ReasonOK, false},
		{"ok, other case and spaces", "  Anna@Mindef.NL ", "een lang wachtwoord", ReasonOK, false},
		{"wrong password", "anna@mindef.nl", "een ander wachtwoord", ReasonWrongPassword, false},
		{"unknown user", "nobody@mindef.nl", "een lang wachtwoord", ReasonUnknownUser, true},
		{"disabled", "bert@mindef.nl", "een lang wachtwoord", ReasonDisabled, false},
		{"no local password", "oidc@mindef.nl", "", ReasonNoPassword, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := dummyChecks.Load()
			u, reason, err := l.Login(ctx, tx, tt.email, tt.pw, "192.0.2.1:5000")
			if n := dummyChecks.Load() - before; (n == 1) != tt.dummy {
				t.Errorf("%d dummy checks", n)
			}
			if reason != tt.reason {
				t.Fatalf("reason = %q, want %q", reason, tt.reason)
			}
			if tt.reason == ReasonOK {
				if err != nil || u == nil || u.ID != "u1" {
					t.Fatalf("login = %v, %v", u, err)
				}
				return
			}
			if u != nil || err == nil {
				t.Fatalf("refusal returned user %v, err %v", u, err)
			}
			// One message for every refusal: nothing tells which addresses exist.
			if register.ErrorCode(err) != register.EUNAUTHORIZED || register.ErrorMessage(err) != LoginFailedMessage {
				t.Errorf("refusal = %s %q", register.ErrorCode(err), register.ErrorMessage(err))
			}
		})
	}
}

func TestLoginLockoutPerEmail(t *testing.T) {
	tx := loginFixture(t)
	l := DefaultLimiter()
	ctx := context.Background()
	for i := range 5 {
		tx.now = t0.Add(time.Duration(i) * time.Minute)
		if _, reason, _ := l.Login(ctx, tx, "anna@mindef.nl", "fout wachtwoord!", "192.0.2.1"); reason != ReasonWrongPassword {
			t.Fatalf("attempt %d: %s", i, reason)
		}
	}
	// Locked now, even with the right password and from another address; same message.
	tx.now = t0.Add(5 * time.Minute)
	u, reason, err := l.Login(ctx, tx, "anna@mindef.nl", "een lang wachtwoord", "198.51.100.7")
	if u != nil || reason != ReasonLocked || register.ErrorMessage(err) != LoginFailedMessage {
		t.Fatalf("locked login = %v %s %v", u, reason, err)
	}
	// Attempts while locked are not counted, and do not extend it: the lock lasts 15 minutes
	// from the fifth failure.
	for _, at := range []time.Duration{6 * time.Minute, 15 * time.Minute, 19*time.Minute - time.Second} {
		tx.now = t0.Add(at)
		if _, reason, _ := l.Login(ctx, tx, "anna@mindef.nl", "een lang wachtwoord", "198.51.100.7"); reason != ReasonLocked {
			t.Fatalf("at +%v: still locked expected, got %s", at, reason)
		}
	}
	tx.now = t0.Add(19*time.Minute + time.Second)
	if u, reason, err := l.Login(ctx, tx, "anna@mindef.nl", "een lang wachtwoord", "198.51.100.7"); u == nil || err != nil {
		t.Fatalf("after the window: %s %v", reason, err)
	}
	// Success cleared the e-mail count.
	if n, _ := tx.LoginFailures(ctx, emailKey("anna@mindef.nl"), time.Time{}); n != 0 {
		t.Errorf("failures after success = %d", n)
	}
	// The address count stays.
	if n, _ := tx.LoginFailures(ctx, addressKey("192.0.2.1"), time.Time{}); n != 5 {
		t.Errorf("address failures = %d", n)
	}
}

func TestLoginLockoutPerAddress(t *testing.T) {
	tx := loginFixture(t)
	l := DefaultLimiter()
	ctx := context.Background()
	// 20 guesses spread over many e-mail addresses from one IPv6 /64 (different hosts in it).
	for i := range 20 {
		addr := "[2001:db8:1:2::" + string(rune('a'+i%6)) + "]:443"
		if _, reason, _ := l.Login(ctx, tx, "x"+string(rune('a'+i))+"@mindef.nl", "whatever password", addr); reason != ReasonUnknownUser {
			t.Fatalf("attempt %d: %s", i, reason)
		}
	}
	_, reason, _ := l.Login(ctx, tx, "anna@mindef.nl", "een lang wachtwoord", "[2001:db8:1:2::ffff]:1")
	if reason != ReasonLocked {
		t.Fatalf("address not locked: %s", reason)
	}
	// Another /64 is not affected.
	if u, reason, _ := l.Login(ctx, tx, "anna@mindef.nl", "een lang wachtwoord", "[2001:db8:1:3::1]:1"); u == nil {
		t.Fatalf("other network refused: %s", reason)
	}
}

func TestAddressKey(t *testing.T) {
	tests := map[string]string{
		"192.0.2.1:5000":            "addr:192.0.2.1",
		"192.0.2.1":                 "addr:192.0.2.1",
		"[::ffff:192.0.2.1]:80":     "addr:192.0.2.1",
		"[2001:db8::1]:80":          "addr:2001:db8::/64",
		"2001:db8:0:0:ffff::1":      "addr:2001:db8::/64",
		"[fe80::1%eth0]:80":         "addr:fe80::/64",
		"not an address":            "addr:not an address",
		"[2001:db8:0:1::1]:80":      "addr:2001:db8:0:1::/64",
		"cli":                       "addr:cli",
		"203.0.113.9:1, 10.0.0.1:2": "addr:203.0.113.9:1, 10.0.0.1:2",
	}
	for in, want := range tests {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadLogin(t *testing.T) {
	big := strings.Repeat("a", MaxLoginBody)
	tests := []struct {
		name, ct, body string
		code           string // "" = ok
		field          string
	}{
		{"form", "application/x-www-form-urlencoded", "email=anna%40mindef.nl&password=geheim", "", ""},
		{"json", "application/json; charset=utf-8", `{"email":"anna@mindef.nl","password":"geheim"}`, "", ""},
		{"oversized form", "application/x-www-form-urlencoded", "email=a%40b&password=" + big, register.ETOOLARGE, ""},
		{"oversized json", "application/json", `{"email":"a@b","password":"` + big + `"}`, register.ETOOLARGE, ""},
		{"broken json", "application/json", `{"email":`, register.EINVALID, "body"},
		{"two json values", "application/json", `{"email":"a@b","password":"x"}{}`, register.EINVALID, "body"},
		{"unknown json field", "application/json", `{"email":"a@b","password":"x","role":"admin"}`, register.EINVALID, "body"},
		{"json wrong type", "application/json", `{"email":["a@b"],"password":"x"}`, register.EINVALID, "body"},
		{"bad form encoding", "application/x-www-form-urlencoded", "email=%zz", register.EINVALID, "body"},
		{"no content type", "", "email=a%40b&password=x", register.EINVALID, "body"},
		{"multipart", "multipart/form-data; boundary=x", "--x--", register.EINVALID, "body"},
		{"missing email", "application/x-www-form-urlencoded", "password=x", register.EINVALID, "email"},
		{"not an e-mail", "application/x-www-form-urlencoded", "email=anna&password=x", register.EINVALID, "email"},
		{"missing password", "application/x-www-form-urlencoded", "email=a%40b", register.EINVALID, "password"},
		{"long password", "application/x-www-form-urlencoded", "email=a%40b&password=" + strings.Repeat("p", MaxPasswordLength+1), register.EINVALID, "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(tt.body))
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
			email, pw, err := ReadLogin(httptest.NewRecorder(), r)
			if tt.code == "" {
				if err != nil || email != "anna@mindef.nl" || pw != "geheim" {
					t.Fatalf("ReadLogin = %q %q %v", email, pw, err)
				}
				return
			}
			if register.ErrorCode(err) != tt.code {
				t.Fatalf("code = %s (%v), want %s", register.ErrorCode(err), err, tt.code)
			}
			if tt.field != "" {
				e := err.(*register.Error)
				if len(e.Problems) == 0 || e.Problems[0].Name != tt.field {
					t.Errorf("problems = %+v, want field %s", e.Problems, tt.field)
				}
			}
		})
	}
}

// Chunked bodies have no Content-Length: the limit must still hold while reading.
func TestReadLoginChunkedOversize(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader("email=a%40b&password="+strings.Repeat("a", 3*MaxLoginBody)))
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, _, err := ReadLogin(httptest.NewRecorder(), r); register.ErrorCode(err) != register.ETOOLARGE {
		t.Fatalf("err = %v", err)
	}
}

func FuzzReadLogin(f *testing.F) {
	f.Add("application/json", `{"email":"a@b","password":"x"}`)
	f.Add("application/x-www-form-urlencoded", "email=a%40b&password=x")
	f.Add("application/json", `{"email":"\u0000@b","password":1}`)
	f.Add("text/plain", "")
	f.Fuzz(func(t *testing.T, ct, body string) {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		email, pw, err := ReadLogin(httptest.NewRecorder(), r)
		if err != nil {
			switch register.ErrorCode(err) {
			case register.EINVALID, register.ETOOLARGE:
			default:
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if email == "" || pw == "" || len(pw) > MaxPasswordLength || len(email) > maxEmailLength {
			t.Fatalf("accepted %q %q", email, pw)
		}
	})
}
