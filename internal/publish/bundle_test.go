package publish

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
)

func testKey(seed byte) ed25519.PrivateKey {
	s := make([]byte, ed25519.SeedSize)
	for i := range s {
		s[i] = seed + byte(i)
	}
	return ed25519.NewKeyFromSeed(s)
}

var testMeta = Meta{RuleVersion: "classify-1", ModelVersion: "risk-1", Organization: "Ministerie van Defensie",
	CreatedAt: time.Date(2026, 8, 8, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600))}

// threeItems returns three public views with distinct names and ids, not in name order.
func threeItems() []register.Standard {
	var out []register.Standard
	for i, name := range []string{"Zeta planning", "Alfa onderhoud", "Mu roosters"} {
		it := cleanItem()
		it.Desc.Name = name
		it.Desc.PublicID = "DEF-000000" + string(rune('A'+i))
		out = append(out, PublicView(it, testConfig()))
	}
	return out
}

func writeTestBundle(t *testing.T, dir string) *Manifest {
	t.Helper()
	m, err := WriteBundle(dir, threeItems(), map[string]string{"DEF-000000A": "2026-08-08T10:00:00Z"}, testMeta, testKey(1))
	if err != nil {
		t.Fatalf("WriteBundle: %v", err)
	}
	return m
}

func TestWriteLoadBundle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bundel")
	m := writeTestBundle(t, dir)
	pub := testKey(1).Public().(ed25519.PublicKey)

	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"algorithms.csv", "algorithms.json", "algorithms.xlsx", "manifest.json"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if m.Format != "algoreg-bundle/1" || m.Count != 3 || m.CreatedAt != "2026-08-08T10:00:00Z" ||
		m.Organization != "Ministerie van Defensie" || m.RuleVersion != "classify-1" || m.ModelVersion != "risk-1" {
		t.Errorf("manifest = %+v", m)
	}
	if m.KeyID != KeyID(pub) || len(m.KeyID) != 16 || m.PublicKey != base64.StdEncoding.EncodeToString(pub) {
		t.Errorf("key_id %s / public_key %s do not describe the key", m.KeyID, m.PublicKey)
	}

	lm, items, err := LoadBundle(dir, pub)
	if err != nil {
		t.Fatalf("LoadBundle: %v", err)
	}
	if diff := cmp.Diff(m, lm); diff != "" {
		t.Errorf("loaded manifest (-written +loaded):\n%s", diff)
	}
	want := threeItems()
	sort.Slice(want, func(i, j int) bool { return want[i].Name < want[j].Name })
	var got []register.Standard
	for _, it := range items {
		got = append(got, it.Standard)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	for _, it := range items {
		want := ""
		if it.SourceID == "DEF-000000A" {
			want = "2026-08-08T10:00:00Z"
		}
		if it.PublicationDT != want {
			t.Errorf("%s: publication_dt = %q, want %q", it.SourceID, it.PublicationDT, want)
		}
	}

	// Only v1.0 names, nulls for empty values.
	b, _ := os.ReadFile(filepath.Join(dir, FileJSON))
	var raw []map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"publication_dt": true}
	for _, f := range standardFields {
		allowed[f.Name] = true
	}
	for k, v := range raw[1] {
		if !allowed[k] {
			t.Errorf("algorithms.json has key %s", k)
		}
		if s, ok := v.(string); ok && s == "" {
			t.Errorf("%s is an empty string, want null", k)
		}
	}
	if v, ok := raw[1]["end_date"]; !ok || v != nil {
		t.Errorf("end_date = %v (present %v), want null", v, ok)
	}
	if len(raw[1]) != len(standardFields)+1 {
		t.Errorf("item has %d keys, want %d", len(raw[1]), len(standardFields)+1)
	}

	// Untrusted verification works on integrity alone.
	if _, err := VerifyBundle(dir, nil); err != nil {
		t.Errorf("VerifyBundle(nil): %v", err)
	}
}

func TestVerifyBundleTampered(t *testing.T) {
	other := testKey(2).Public().(ed25519.PublicKey)
	tests := []struct {
		name    string
		tamper  func(t *testing.T, dir string)
		trusted ed25519.PublicKey
		want    string
	}{
		{"changed byte in json", func(t *testing.T, dir string) { flipByte(t, filepath.Join(dir, FileJSON), 10) }, nil, "algorithms.json: de SHA-256 komt niet overeen"},
		{"changed byte in csv", func(t *testing.T, dir string) { flipByte(t, filepath.Join(dir, FileCSV), 20) }, nil, "algorithms.csv: de SHA-256"},
		{"changed byte in xlsx", func(t *testing.T, dir string) { flipByte(t, filepath.Join(dir, FileXLSX), 30) }, nil, "algorithms.xlsx: de SHA-256"},
		{"appended bytes", func(t *testing.T, dir string) { appendBytes(t, filepath.Join(dir, FileCSV), "\"x\"\n") }, nil, "algorithms.csv is"},
		{"extra file", func(t *testing.T, dir string) { writeTestFile(t, filepath.Join(dir, "notities.txt"), "x") }, nil, "onverwacht bestand notities.txt"},
		{"extra directory", func(t *testing.T, dir string) { os.Mkdir(filepath.Join(dir, "sub"), 0o755) }, nil, "onverwacht bestand sub"},
		{"missing file", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, FileXLSX)) }, nil, "bestand algorithms.xlsx ontbreekt"},
		{"missing manifest", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, FileManifest)) }, nil, "bestand manifest.json ontbreekt"},
		{"manifest count changed", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) { m["count"] = 4 })
		}, nil, "manifest.json: de handtekening klopt niet"},
		{"hash changed with file", func(t *testing.T, dir string) {
			writeTestFile(t, filepath.Join(dir, FileJSON), "[]\n")
			editManifest(t, dir, func(m map[string]any) {
				m["files"].(map[string]any)[FileJSON] = map[string]any{"sha256": "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945", "bytes": 3}
			})
		}, nil, "de handtekening klopt niet"},
		{"bad signature", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) {
				sig := []byte(m["signature"].(string))
				sig[5] ^= 1
				m["signature"] = string(sig)
			})
		}, nil, "manifest.json: de handtekening"},
		{"no signature", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) { delete(m, "signature") })
		}, nil, "de handtekening ontbreekt"},
		{"unknown manifest field", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) { m["extra"] = "x" })
		}, nil, "manifest.json is geen geldig manifest"},
		{"re-signed with another key", func(t *testing.T, dir string) {
			_, err := WriteBundle(dir, threeItems(), nil, testMeta, testKey(2))
			if err != nil {
				t.Fatal(err)
			}
		}, testKey(1).Public().(ed25519.PublicKey), "ondertekend met een andere sleutel"},
		{"other trusted key", func(t *testing.T, dir string) {}, other, "ondertekend met een andere sleutel"},
		{"key id does not match", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) { m["key_id"] = "0000000000000000" })
		}, nil, "key_id 0000000000000000 hoort niet bij public_key"},
		{"wrong format", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m map[string]any) { m["format"] = "algoreg-bundle/2" })
		}, nil, "onbekend formaat"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "bundel")
			writeTestBundle(t, dir)
			if _, err := VerifyBundle(dir, testKey(1).Public().(ed25519.PublicKey)); err != nil {
				t.Fatalf("untampered bundle: %v", err)
			}
			tc.tamper(t, dir)
			_, err := VerifyBundle(dir, tc.trusted)
			if err == nil {
				t.Fatal("tampered bundle verified")
			}
			if !errors.Is(err, ErrBundle) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want one containing %q", err, tc.want)
			}
			if _, _, err := LoadBundle(dir, tc.trusted); err == nil {
				t.Error("LoadBundle accepted the tampered bundle")
			}
		})
	}
}

func flipByte(t *testing.T, path string, at int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[at] ^= 0x20
	writeTestFile(t, path, string(b))
}

func appendBytes(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(s)
	f.Close()
}

func writeTestFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func editManifest(t *testing.T, dir string, fn func(m map[string]any)) {
	t.Helper()
	p := filepath.Join(dir, FileManifest)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	b, _ = json.Marshal(m)
	writeTestFile(t, p, string(b))
}

// TestSignatureCoversDocumentedBytes re-derives the signed bytes as documented: json.Marshal
// of the manifest with signature "" (and so without the key).
func TestSignatureCoversDocumentedBytes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bundel")
	m := writeTestBundle(t, dir)
	c := *m
	c.Signature = ""
	b, _ := json.Marshal(c)
	if strings.Contains(string(b), "signature") {
		t.Fatalf("signed bytes contain the signature key: %s", b)
	}
	sig, _ := base64.StdEncoding.DecodeString(m.Signature)
	if !ed25519.Verify(testKey(1).Public().(ed25519.PublicKey), b, sig) {
		t.Error("signature does not verify over json.Marshal(manifest without signature)")
	}
}

func TestWriteBundleReplacesAtomically(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "bundel")
	first := writeTestBundle(t, dir)

	// A second, successful run replaces the bundle and leaves nothing beside it.
	items := threeItems()[:2]
	second, err := WriteBundle(dir, items, nil, testMeta, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if second.Count != 2 || second.Files[FileJSON] == first.Files[FileJSON] {
		t.Errorf("second manifest %+v", second)
	}
	if _, err := VerifyBundle(dir, nil); err != nil {
		t.Fatal(err)
	}
	assertOnlyBundle(t, parent)

	// A run that fails after writing (here: just before the swap) leaves the previous bundle.
	before, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	beforeSwap = func(string) error { return errors.New("schijf vol") }
	t.Cleanup(func() { beforeSwap = func(string) error { return nil } })
	if _, err := WriteBundle(dir, threeItems(), nil, testMeta, testKey(1)); err == nil || !strings.Contains(err.Error(), "schijf vol") {
		t.Fatalf("failing run: err = %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	if string(before) != string(after) {
		t.Error("a failed run changed the previous bundle")
	}
	if _, err := VerifyBundle(dir, nil); err != nil {
		t.Errorf("previous bundle no longer verifies: %v", err)
	}
	assertOnlyBundle(t, parent)
}

func assertOnlyBundle(t *testing.T, parent string) {
	t.Helper()
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "bundel" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the bundle: %v", names)
	}
}

func TestWriteBundleRefuses(t *testing.T) {
	t.Run("a directory with other files", func(t *testing.T) {
		dir := t.TempDir()
		writeTestFile(t, filepath.Join(dir, "rapport.docx"), "belangrijk")
		_, err := WriteBundle(dir, threeItems(), nil, testMeta, testKey(1))
		if err == nil || !strings.Contains(err.Error(), "rapport.docx") {
			t.Fatalf("err = %v", err)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "rapport.docx")); string(b) != "belangrijk" {
			t.Error("the other file was touched")
		}
	})
	t.Run("duplicate source_id", func(t *testing.T) {
		items := threeItems()
		items[1].SourceID = items[0].SourceID
		if _, err := WriteBundle(filepath.Join(t.TempDir(), "b"), items, nil, testMeta, testKey(1)); err == nil || !strings.Contains(err.Error(), "meer dan eens") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("missing source_id", func(t *testing.T) {
		items := threeItems()
		items[2].SourceID = ""
		if _, err := WriteBundle(filepath.Join(t.TempDir(), "b"), items, nil, testMeta, testKey(1)); err == nil || !strings.Contains(err.Error(), "geen source_id") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("no key", func(t *testing.T) {
		if _, err := WriteBundle(filepath.Join(t.TempDir(), "b"), threeItems(), nil, testMeta, nil); err == nil {
			t.Fatal("wrote an unsigned bundle")
		}
	})
}

func TestEmptyBundle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "leeg")
	if _, err := WriteBundle(dir, nil, nil, testMeta, testKey(1)); err != nil {
		t.Fatal(err)
	}
	m, items, err := LoadBundle(dir, nil)
	if err != nil || m.Count != 0 || len(items) != 0 {
		t.Fatalf("empty bundle: %v %v %v", m, items, err)
	}
}

// TestStagedBundleRestore: a run that installed its bundle but whose transaction did not
// commit puts the previous bundle back; one that committed keeps the new one. Neither leaves
// anything beside the bundle.
func TestStagedBundleRestore(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "bundel")

	// no previous bundle: Restore removes the new one
	st, err := StageBundle(dir, threeItems(), nil, testMeta, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Install(); err != nil {
		t.Fatal(err)
	}
	if err := st.Restore(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("restored first run left %s: %v", dir, err)
	}

	writeTestBundle(t, dir)
	before, _ := os.ReadFile(filepath.Join(dir, FileManifest))
	st, err = StageBundle(dir, threeItems()[:1], nil, testMeta, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Install(); err != nil {
		t.Fatal(err)
	}
	if m, _ := os.ReadFile(filepath.Join(dir, FileManifest)); string(m) == string(before) {
		t.Fatal("Install did not put the new bundle in place")
	}
	if err := st.Restore(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, FileManifest)); string(after) != string(before) {
		t.Error("Restore did not put the previous bundle back")
	}
	if _, err := VerifyBundle(dir, nil); err != nil {
		t.Errorf("restored bundle does not verify: %v", err)
	}
	assertOnlyBundle(t, parent)

	st, err = StageBundle(dir, threeItems()[:1], nil, testMeta, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Install(); err != nil {
		t.Fatal(err)
	}
	if err := st.Keep(); err != nil {
		t.Fatal(err)
	}
	m, err := VerifyBundle(dir, nil)
	if err != nil || m.Count != 1 {
		t.Errorf("kept bundle: %v, %+v", err, m)
	}
	assertOnlyBundle(t, parent)
}
