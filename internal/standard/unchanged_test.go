package standard

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The shortcut of sanitizeValue may only skip values that the full sanitiser leaves alone.
func checkUnchanged(t *testing.T, s string) {
	t.Helper()
	for _, html := range []bool{false, true} {
		f := FieldDef{HTML: html}
		if got := sanitizeValue(f, s); got != sanitizeFull(f, s) {
			t.Fatalf("html %v: sanitizeValue(%q) = %q, the full sanitiser gives %q", html, s, got, sanitizeFull(f, s))
		}
	}
}

var unchangedPieces = []string{"a", "Defensie", " ", "\n", "\t", "\r", "\r\n", "<", ">", "&", "&amp;", "&#12;", "<p>", "</p>",
	"<br>", "<script>", "<!--", "-->", "é", "ë", "€", "\u00a0", "\u2003", "\uFEFF", "\u0085", "\u009f", "\x00", "\x7f", "\xff",
	"\xe2\x82", "\uFFFD", "'", "\"", "x"}

func TestSanitizeShortcut(t *testing.T) {
	for _, s := range []string{"", "gewone tekst", "efficiënter en betrouwbaarder", "a & b", "a > b", "  spatie", "spatie ",
		"\u00a0nbsp", "regel\nregel", "tab\tweg", "bom\uFEFF", "cr\rlf", "<p>x</p>", "x < y", "ongeldig \xff"} {
		checkUnchanged(t, s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(unchangedPieces[r.IntN(len(unchangedPieces))])
		}
		checkUnchanged(t, b.String())
	}
}

func FuzzSanitizeShortcut(f *testing.F) {
	for _, p := range unchangedPieces {
		f.Add(p + "tekst" + p)
	}
	f.Fuzz(func(t *testing.T, s string) { checkUnchanged(t, s) })
}
