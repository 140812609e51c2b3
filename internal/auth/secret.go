package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenPrefix marks API tokens so secret scanners recognise a leaked one.
const TokenPrefix = "ar_"

// secretLen is the length of a base64url-encoded 32-byte secret.
const secretLen = 43

// NewSecret returns a new random secret (32 bytes, unpadded base64url) and the SHA-256 hex hash
// that is stored in its place. Session ids and CSRF tokens use it directly.
func NewSecret() (plain, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand does not fail on supported platforms (Go 1.24+ crashes the program instead).
		panic("auth: crypto/rand: " + err.Error())
	}
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, HashSecret(plain)
}

// NewToken returns a new API bearer token ("ar_" + a secret) and its stored hash.
func NewToken() (plain, hash string) {
	s, _ := NewSecret()
	plain = TokenPrefix + s
	return plain, HashSecret(plain)
}

// HashSecret is the SHA-256 hex hash under which a secret (token or session id) is stored and
// looked up. The secrets carry 256 random bits, so a fast hash suffices.
func HashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// wellFormedSecret reports whether s looks like a NewSecret value, so forged or truncated
// values are refused before any database lookup.
func wellFormedSecret(s string) bool {
	if len(s) != secretLen {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil
}

// WellFormedToken reports whether s looks like a NewToken value.
func WellFormedToken(s string) bool {
	rest, ok := strings.CutPrefix(s, TokenPrefix)
	return ok && wellFormedSecret(rest)
}
