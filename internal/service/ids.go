package service

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// newID returns a random, unguessable id (16 characters of base32, 80 bits): ids of hidden
// records cannot be found by counting.
func newID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
}

// newPublicID returns a new public id in the form DEF-XXXXXXXX.
func newPublicID() string {
	var b [5]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "DEF-" + base32.StdEncoding.EncodeToString(b[:])
}
