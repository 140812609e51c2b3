package auth

import (
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

func TestHashAndCheckPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Fatalf("hash = %s", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
	tests := []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"correct horse battery ", false},
		{"", false},
		{strings.Repeat("x", MaxPasswordLength+1), false},
	}
	for _, tt := range tests {
		if got := CheckPassword(h, tt.pw); got != tt.want {
			t.Errorf("CheckPassword(%.20q) = %v", tt.pw, got)
		}
	}
}

// A hash stored with other parameters (m=16, t=2, p=1) still verifies: the stored string
// carries its parameters, so they can be raised later. The vector is fixed here, so a change in
// encoding or parameter handling breaks the test.
func TestCheckPasswordOtherParameters(t *testing.T) {
	// Produced with argon2.IDKey("password", "somesalt", 2, 16, 1, 32).
	const h = "$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$BYICwHI82IwkQIzKwcv4KN7mO884Q6FQ6jZKHgtOH/g"
	if !CheckPassword(h, "password") {
		t.Fatal("reference hash does not verify")
	}
	if CheckPassword(h, "Password") {
		t.Fatal("wrong password verifies")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	good, _ := HashPassword("a long enough password")
	for _, h := range []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=65536,t=3,p=2$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=16$m=16,t=2,p=1$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=16,t=2$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=16,t=1000,p=1$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=16,t=2,p=0$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=16,t=2,p=1$$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY",
		"$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$",
		"$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY$",
		good + "x",
		good[:len(good)-4],
	} {
		if CheckPassword(h, "a long enough password") {
			t.Errorf("malformed hash %q verifies", h)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	tests := []struct {
		pw string
		ok bool
	}{
		{"elf tekens!", false}, // 11
		{"twaalf teken", true}, // 12
		{"ëëëëëëëëëëëë", true}, // 12 characters, 24 bytes
		{strings.Repeat("a", MaxPasswordLength), true},
		{strings.Repeat("a", MaxPasswordLength+1), false},
		{"abcdefghijk\xff", false},
	}
	for _, tt := range tests {
		err := CheckPasswordPolicy(tt.pw)
		if (err == nil) != tt.ok {
			t.Errorf("policy(%.20q) = %v", tt.pw, err)
		}
		if err != nil {
			e := err.(*register.Error)
			if e.Code != register.EINVALID || e.Problems[0].Name != "password" {
				t.Errorf("error = %#v", e)
			}
			if _, herr := HashPassword(tt.pw); herr == nil {
				t.Errorf("HashPassword accepted %.20q", tt.pw)
			}
		}
	}
}

// DummyCheck must cost what a real check costs. Rather than timing it (flaky on a busy
// machine), check that it runs argon2id with exactly the parameters HashPassword writes, and
// that every path that has no real hash to check pays for one.
func TestDummyCheckMatchesRealCost(t *testing.T) {
	h, _ := HashPassword("a long enough password")
	p, err := parsePHC(h)
	if err != nil {
		t.Fatal(err)
	}
	if p.memory != argonMemory || p.time != argonTime || p.threads != argonThreads || len(p.key) != argonKeyLen || len(dummySalt) != argonSaltLen {
		t.Fatalf("stored parameters %+v differ from the dummy's", p)
	}
	for _, tt := range []struct {
		name  string
		check func()
		dummy bool
	}{
		{"real check", func() { CheckPassword(h, "wrong password here") }, false},
		{"malformed hash", func() { CheckPassword("not a hash", "wrong password here") }, true},
		{"empty hash", func() { CheckPassword("", "") }, true},
		{"oversized password", func() { CheckPassword(h, strings.Repeat("x", MaxPasswordLength+1)) }, true},
	} {
		before := dummyChecks.Load()
		tt.check()
		if got := dummyChecks.Load() - before; (got == 1) != tt.dummy {
			t.Errorf("%s: %d dummy checks", tt.name, got)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=16,t=2,p=1$c29tZXNhbHQ$ZysEfE5dh4pl5aVfGxrBQgsjqPH4YpgsPHhYAnMHVMY", "password")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("$argon2id$v=19$m=4294967295,t=1,p=255$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA", "x")
	f.Add("$$$$$$", "x")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		p, err := parsePHC(hash)
		if err != nil {
			return // CheckPassword would burn a dummy check and return false; parsing must not panic
		}
		if p.memory > maxArgonMemory || p.time > maxArgonTime || p.threads == 0 || len(p.salt) < 8 || len(p.key) < 16 {
			t.Fatalf("parsePHC accepted out-of-range %q", hash)
		}
		if p.memory <= 1024 && p.time <= 3 { // keep each fuzz run cheap
			CheckPassword(hash, pw)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("a long enough password"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSecrets(t *testing.T) {
	p1, h1 := NewSecret()
	p2, _ := NewSecret()
	if p1 == p2 || len(p1) != 43 || len(h1) != 64 || HashSecret(p1) != h1 {
		t.Fatalf("secret %q hash %q", p1, h1)
	}
	if !wellFormedSecret(p1) || wellFormedSecret(p1[:42]) || wellFormedSecret(p1[:42]+"!") {
		t.Error("wellFormedSecret")
	}
	tok, th := NewToken()
	if !strings.HasPrefix(tok, "ar_") || HashSecret(tok) != th || !WellFormedToken(tok) {
		t.Fatalf("token %q", tok)
	}
	for _, bad := range []string{"", "ar_", p1, "xx_" + p1, tok + "A", tok[:len(tok)-1]} {
		if WellFormedToken(bad) {
			t.Errorf("WellFormedToken(%q)", bad)
		}
	}
}
