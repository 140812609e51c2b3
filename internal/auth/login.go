package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// LoginFailedMessage is the one answer to every refused login — wrong password, unknown user,
// disabled or locked account — so the answer never tells which e-mail addresses exist.
const LoginFailedMessage = "Inloggen is niet gelukt. Controleer uw gegevens of probeer het over enkele minuten opnieuw."

// LoginFailed returns the uniform refusal (EUNAUTHORIZED).
func LoginFailed() *register.Error {
	return register.Errorf(register.EUNAUTHORIZED, LoginFailedMessage)
}

// Reasons a login attempt ends with, for the audit trail only (never shown to the user).
const (
	ReasonOK            = "ok"
	ReasonLocked        = "locked"
	ReasonUnknownUser   = "unknown_user"
	ReasonDisabled      = "disabled"
	ReasonNoPassword    = "no_password" // an account that logs in through OpenID Connect only
	ReasonWrongPassword = "wrong_password"
)

// Limiter throttles password guessing. Failures are counted per e-mail address and per remote
// address (IPv6 per /64) over Window; the failure that reaches MaxPerEmail (or MaxPerAddress)
// locks that key for Lockout. Attempts during a lockout are refused without being counted, so
// a lockout ends Lockout after it began; an attacker gets at most MaxPerEmail guesses per
// account per Window+Lockout.
type Limiter struct {
	MaxPerEmail   int
	MaxPerAddress int
	Window        time.Duration
	Lockout       time.Duration
}

// DefaultLimiter: 5 failures per e-mail, or 20 per address, within 15 minutes lock that key
// for 15 minutes.
func DefaultLimiter() *Limiter {
	return &Limiter{MaxPerEmail: 5, MaxPerAddress: 20, Window: 15 * time.Minute, Lockout: 15 * time.Minute}
}

// NormalizeEmail is the form e-mail addresses are looked up and counted in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func emailKey(email string) string { return "email:" + NormalizeEmail(email) }

// lockKey is where a lockout of key is recorded: as one more entry in the failure table, so
// the store's three login-failure methods are all the limiter needs.
func lockKey(key string) string { return "lock:" + key }

// addressKey reduces a remote address (host or host:port) to the key failures are counted under:
// the IPv4 address, or the /64 of an IPv6 address (one host usually owns the whole /64).
func addressKey(addr string) string {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return "addr:" + host
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + ip.String()
}

// Locked reports whether a login for email from addr must be refused now.
func (l *Limiter) Locked(ctx context.Context, tx register.Tx, email, addr string, now time.Time) (bool, error) {
	for _, k := range []string{emailKey(email), addressKey(addr)} {
		n, err := tx.LoginFailures(ctx, lockKey(k), now.Add(-l.Lockout))
		if err != nil {
			return false, fmt.Errorf("auth: read lockout: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// Fail records a failed login for both keys, and a lockout for a key that reached its limit.
func (l *Limiter) Fail(ctx context.Context, tx register.Tx, email, addr string, now time.Time) error {
	for _, k := range []struct {
		key string
		max int
	}{{emailKey(email), l.MaxPerEmail}, {addressKey(addr), l.MaxPerAddress}} {
		if err := tx.AddLoginFailure(ctx, k.key, now); err != nil {
			return fmt.Errorf("auth: record login failure: %w", err)
		}
		n, err := tx.LoginFailures(ctx, k.key, now.Add(-l.Window))
		if err != nil {
			return fmt.Errorf("auth: count login failures: %w", err)
		}
		if n >= k.max {
			if err := tx.AddLoginFailure(ctx, lockKey(k.key), now); err != nil {
				return fmt.Errorf("auth: record lockout: %w", err)
			}
		}
	}
	return nil
}

// Succeed forgets the failures of the e-mail address after a successful login. The address
// count stays: one valid account must not reset the guessing budget of an address.
func (l *Limiter) Succeed(ctx context.Context, tx register.Tx, email string) error {
	if err := tx.ClearLoginFailures(ctx, emailKey(email)); err != nil {
		return fmt.Errorf("auth: clear login failures: %w", err)
	}
	return nil
}

// Login checks a local account's password under the limiter, at tx.Now(). It returns the user,
// the reason for the audit trail (Reason*), and for every refusal LoginFailed() — the same
// message, and the same argon2 cost, whatever the reason. Other errors are storage failures.
//
// The failure counts are written in tx: the caller must COMMIT tx also when the login is
// refused (return nil from the transaction function and carry the error out), or the limiter
// never counts anything. Write the audit entry in the same transaction.
func (l *Limiter) Login(ctx context.Context, tx register.Tx, email, password, addr string) (*register.User, string, error) {
	now := tx.Now()
	email = NormalizeEmail(email)
	locked, err := l.Locked(ctx, tx, email, addr, now)
	if err != nil {
		return nil, "", err
	}
	if locked {
		DummyCheck()
		return nil, ReasonLocked, LoginFailed()
	}
	u, err := tx.UserByEmail(ctx, email)
	if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
		return nil, "", fmt.Errorf("auth: look up user: %w", err)
	}
	reason := ReasonOK
	switch {
	case u == nil:
		DummyCheck()
		reason = ReasonUnknownUser
	case u.PasswordHash == "":
		DummyCheck()
		reason = ReasonNoPassword
	case !CheckPassword(u.PasswordHash, password):
		reason = ReasonWrongPassword
	case u.Disabled:
		// Checked after the password, so a disabled account costs the same and says the same.
		reason = ReasonDisabled
	}
	if reason != ReasonOK {
		if err := l.Fail(ctx, tx, email, addr, now); err != nil {
			return nil, "", err
		}
		return nil, reason, LoginFailed()
	}
	if err := l.Succeed(ctx, tx, email); err != nil {
		return nil, "", err
	}
	return u, ReasonOK, nil
}

// MaxLoginBody bounds a login request body; anything larger is refused unread.
const MaxLoginBody = 8 << 10

// maxEmailLength is the longest e-mail address SMTP allows.
const maxEmailLength = 254

// ReadLogin reads e-mail and password from a login request: an HTML form
// (application/x-www-form-urlencoded, fields email and password) or JSON ({"email", "password"}).
// A body over MaxLoginBody is ETOOLARGE; a malformed one, or one with a missing or oversized
// field, is EINVALID naming the field. Neither message says anything about accounts.
func ReadLogin(w http.ResponseWriter, r *http.Request) (email, password string, err error) {
	if r.ContentLength > MaxLoginBody {
		return "", "", tooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxLoginBody)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", "", tooLarge()
			}
			return "", "", malformed("body", "het inlogformulier kon niet worden gelezen")
		}
		email, password = r.PostForm.Get("email"), r.PostForm.Get("password")
	case "application/json":
		var body struct {
			Email    string `json:"email"`
			Password string `json:"password"`
		}
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", "", tooLarge()
			}
			return "", "", malformed("body", "de inloggegevens zijn geen geldige JSON")
		}
		if dec.More() {
			return "", "", malformed("body", "de inloggegevens zijn geen geldige JSON")
		}
		email, password = body.Email, body.Password
	default:
		return "", "", malformed("body", "verstuur het inlogformulier als formulier of als JSON")
	}
	var problems []register.FieldProblem
	email = strings.TrimSpace(email)
	switch {
	case email == "":
		problems = append(problems, register.FieldProblem{Name: "email", Reason: "vul uw e-mailadres in"})
	case len(email) > maxEmailLength || !strings.Contains(email, "@"):
		problems = append(problems, register.FieldProblem{Name: "email", Reason: "dit is geen geldig e-mailadres"})
	}
	switch {
	case password == "":
		problems = append(problems, register.FieldProblem{Name: "password", Reason: "vul uw wachtwoord in"})
	case len(password) > MaxPasswordLength:
		problems = append(problems, register.FieldProblem{Name: "password", Reason: fmt.Sprintf("het wachtwoord mag hoogstens %d tekens lang zijn", MaxPasswordLength)})
	}
	if problems != nil {
		return "", "", register.Invalid(problems)
	}
	return email, password, nil
}

func tooLarge() error {
	return register.Errorf(register.ETOOLARGE, "Het inlogverzoek is te groot (hoogstens %d bytes).", MaxLoginBody)
}

func malformed(field, reason string) error {
	return register.Invalid([]register.FieldProblem{{Name: field, Reason: reason}})
}

// Audit actions for authentication events, so every refusal leaves the same kind of entry
// (Result "refused", Detail = the reason or err.Error(), Origin = the remote address).
const (
	AuditLogin        = "login"         // local password login (Result ok or refused, Detail = Reason*)
	AuditLoginOIDC    = "login.oidc"    // OpenID Connect login
	AuditLogout       = "logout"        // session ended by the user
	AuditSession      = "session"       // a forged, tampered or expired session cookie
	AuditToken        = "token"         // a forged, expired or malformed API token
	AuditCSRF         = "csrf"          // a cross-site or token-less state-changing request
	AuditLoginRequest = "login.request" // an oversized or malformed login body
)
