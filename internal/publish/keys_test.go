package publish

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateAndLoadKeys(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sleutels")
	pubPath, privPath, err := GenerateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := LoadPrivateKey(privPath)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := LoadPublicKey(pubPath)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) {
		t.Error("the public key does not belong to the private key")
	}
	msg := []byte("bundel")
	if !ed25519.Verify(pub, msg, ed25519.Sign(priv, msg)) {
		t.Error("sign/verify with the loaded keys fails")
	}
	fi, _ := os.Stat(privPath)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(privPath)
	if !strings.HasPrefix(string(b), "-----BEGIN PRIVATE KEY-----") {
		t.Errorf("private key is not PEM PKCS#8: %.40s", b)
	}
	b, _ = os.ReadFile(pubPath)
	if !strings.HasPrefix(string(b), "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("public key is not PEM PKIX: %.40s", b)
	}

	if _, _, err := GenerateKey(dir); err == nil || !strings.Contains(err.Error(), "bestaat al") {
		t.Errorf("second GenerateKey: %v, want a refusal to overwrite", err)
	}
	if again, _ := LoadPrivateKey(privPath); !again.Equal(priv) {
		t.Error("the existing key changed")
	}
	if _, err := LoadPrivateKey(pubPath); err == nil {
		t.Error("a public key loaded as private key")
	}
	if _, err := LoadPublicKey(privPath); err == nil {
		t.Error("a private key loaded as public key")
	}
	if _, err := LoadPublicKey(filepath.Join(dir, "bestaat-niet.pub")); err == nil {
		t.Error("a missing file loaded")
	}
}

func FuzzParseKeys(f *testing.F) {
	dir := f.TempDir()
	pubPath, privPath, err := GenerateKey(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{pubPath, privPath} {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if k, err := ParsePrivateKey(b); err == nil && len(k) != ed25519.PrivateKeySize {
			t.Fatalf("private key of %d bytes accepted", len(k))
		}
		if k, err := ParsePublicKey(b); err == nil && len(k) != ed25519.PublicKeySize {
			t.Fatalf("public key of %d bytes accepted", len(k))
		}
	})
}
