package publish

import (
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// tokenizeRef is the plain per-rune form of tokenizePlain (a string per word), kept as the
// reference the faster one must agree with.
func tokenizeRef(s string) []token {
	var toks []token
	var b strings.Builder
	upper, letters := true, 0
	flush := func() {
		if b.Len() > 0 {
			toks = append(toks, token{Word: b.String(), Upper: upper && letters > 1})
			b.Reset()
		}
		upper, letters = true, 0
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
			if !unicode.IsUpper(r) {
				upper = false
			}
			lr := unicode.ToLower(r)
			if f, ok := foldTable[lr]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(lr)
			}
		case unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
		default:
			flush()
		}
	}
	flush()
	return toks
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "GEHEIM", "Stg. Zeer Geheim", "Café Ærø ĳs straße", "e\u0301e 12ab", "Ω ΣΑΣ x1 A", "a\xffb", "\u0301\u0301 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := tokenizePlain(s)
		if diff := cmp.Diff(tokenizeRef(s), got, cmp.AllowUnexported(token{})); diff != "" {
			t.Fatalf("tokenizePlain(%q) (-ref +got):\n%s", s, diff)
		}
	})
}
