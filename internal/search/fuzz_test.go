package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"De vergunningen van de Gemeente", "Financiële positie", "café\u0301", "BRP-medewerker", "ĳs", "yiy", "aiiai", "", "\xff\xfe", "GPT-4o"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, term := range Analyze(s) {
			if term == "" {
				t.Fatalf("empty term from %q", s)
			}
			if strings.ToLower(term) != term && utf8.ValidString(term) {
				t.Fatalf("term %q from %q is not lowercase", term, s)
			}
		}
		if w := Stem(strings.ToLower(s)); utf8.RuneCountInString(w) > utf8.RuneCountInString(strings.ToLower(s)) {
			t.Fatalf("Stem(%q) = %q grew", s, w)
		}
	})
}

func FuzzSearch(f *testing.F) {
	ix := exampleIndex()
	for _, s := range []string{"vergunningen", "KMar", "Koninklijke Marechaussee", "parkeerverg", "chatbto", "om OM", "", " ", "\x00", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hs := ix.Search(q, nil, 0)
		for i := 1; i < len(hs); i++ {
			if hs[i-1].Score < hs[i].Score {
				t.Fatalf("Search(%q) not best first: %v", q, hs)
			}
		}
		ix.Put(doc("fuzz", q, q, q))
		ix.Delete("fuzz")
	})
}
