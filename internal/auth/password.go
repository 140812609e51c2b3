// Package auth holds the register's authentication building blocks: password hashing, secrets
// for tokens and sessions, the login limiter, server-side sessions, cross-site request
// protection and OpenID Connect. It decides who someone is; internal/access decides what they
// may see and do.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/defensie/algoreg/internal/register"
)

// Argon2id parameters: 64 MiB, 2 passes, 2 lanes (above the OWASP minimum of 19 MiB/2 passes;
// the RFC 9106 memory setting). One hash takes about 80–110 ms on the 2-core reference server
// (BenchmarkHashPassword; 3 passes took 185–225 ms, too slow for a login page). Stored hashes
// carry their parameters, so these can be raised later without invalidating passwords.
const (
	argonMemory  = 64 * 1024 // KiB
	argonTime    = 2
	argonThreads = 2
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Limits that keep a hostile stored string or login body from costing unbounded work.
const (
	// MinPasswordLength is the password policy: at least 12 characters.
	MinPasswordLength = 12
	// MaxPasswordLength bounds what is hashed (bytes).
	MaxPasswordLength = 1024
	maxArgonMemory    = 1024 * 1024 // 1 GiB
	maxArgonTime      = 20
)

// CheckPasswordPolicy refuses a password that is too short or too long, naming the field.
func CheckPasswordPolicy(pw string) error {
	var reason string
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		reason = fmt.Sprintf("het wachtwoord moet minstens %d tekens lang zijn", MinPasswordLength)
	case len(pw) > MaxPasswordLength:
		reason = fmt.Sprintf("het wachtwoord mag hoogstens %d tekens lang zijn", MaxPasswordLength)
	case !utf8.ValidString(pw):
		reason = "het wachtwoord bevat ongeldige tekens"
	default:
		return nil
	}
	return register.Invalid([]register.FieldProblem{{Name: "password", Reason: reason}})
}

// HashPassword hashes pw with argon2id into a PHC string:
// $argon2id$v=19$m=65536,t=2,p=2$SALT$HASH (unpadded standard base64). It enforces the policy.
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordPolicy(pw); err != nil {
		return "", err
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := idKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// phc is a parsed argon2id PHC string.
type phc struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// parsePHC reads an argon2id PHC string, refusing anything unusual or too costly.
func parsePHC(s string) (*phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return nil, fmt.Errorf("auth: not an argon2id hash")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return nil, fmt.Errorf("auth: unsupported argon2 version %q", parts[2])
	}
	var p phc
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return nil, fmt.Errorf("auth: bad parameters %q", parts[3])
	}
	for i, name := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(params[i], name)
		if !ok {
			return nil, fmt.Errorf("auth: bad parameter %q", params[i])
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("auth: bad parameter %q", params[i])
		}
		switch i {
		case 0:
			p.memory = uint32(n)
		case 1:
			p.time = uint32(n)
		case 2:
			if n > 255 {
				return nil, fmt.Errorf("auth: bad parameter %q", params[i])
			}
			p.threads = uint8(n)
		}
	}
	if p.memory > maxArgonMemory || p.time > maxArgonTime || p.memory < 8*uint32(p.threads) {
		return nil, fmt.Errorf("auth: parameters out of range")
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.salt) < 8 {
		return nil, fmt.Errorf("auth: bad salt")
	}
	if p.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 64 {
		return nil, fmt.Errorf("auth: bad hash")
	}
	return &p, nil
}

// CheckPassword reports whether pw matches the stored PHC hash, comparing in constant time. A
// malformed or empty hash never matches (and never panics); it still burns the time of a
// normal check, so a broken account cannot be told apart by timing.
func CheckPassword(hash, pw string) bool {
	p, err := parsePHC(hash)
	if err != nil || len(pw) > MaxPasswordLength {
		DummyCheck()
		return false
	}
	key := idKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

// dummyChecks counts DummyCheck calls, so tests can see that every refusal path pays for one.
var dummyChecks atomic.Int64

// dummySalt is fixed: DummyCheck only has to cost the same as a real check.
var dummySalt = []byte("algoreg-dummy-sa")

// DummyCheck burns the time of one CheckPassword with the current parameters. Call it when the
// user is unknown or disabled, so response times do not reveal which e-mail addresses exist.
func DummyCheck() {
	dummyChecks.Add(1)
	idKey([]byte("dummy password for timing"), dummySalt, argonTime, argonMemory, argonThreads, argonKeyLen)
}

// hashSlots bounds how many argon2 computations run at once: each takes 64 MiB, and a burst
// of logins must not exhaust the server's memory. Others wait their turn.
var hashSlots = make(chan struct{}, max(2, runtime.NumCPU()))

func idKey(pw, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(pw, salt, time, memory, threads, keyLen)
}
