package search

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

func TestStemExamples(t *testing.T) {
	tests := []struct{ word, want string }{
		{"vergunningen", "vergunn"},
		{"vergunning", "vergunn"},
		{"parkeervergunning", "parkeervergunn"},
		{"overheden", "over"},
		{"overheid", "over"},
		{"openbaar", "open"},
		{"lichamelijk", "licham"},
		{"maan", "man"},
		{"gemeente", "gemeent"},
		{"gemeenten", "gemeent"},
		{"koninklijke", "konink"},
		{"ogen", "ogen"},
		{"gemen", "gemen"}, // en after gem stays
		{"kleurrijke", "kleurrijk"},
		{"yoghurt", "yoghurt"},
		{"mooie", "mooi"},
		{"a", "a"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Stem(tt.word); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestStemPostgreSQL compares the stemmer with PostgreSQL's dutch_stem for every word of the
// real data (testdata/stems.txt, written by go run ./internal/search/eval -pg URL).
func TestStemPostgreSQL(t *testing.T) {
	f, err := os.Open("testdata/stems.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, stop := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		word, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		if want == "" { // PostgreSQL dropped it as a stopword
			stop++
			if !IsStopword(word) {
				t.Errorf("%q is a stopword for PostgreSQL, not for us", word)
			}
			continue
		}
		n++
		if IsStopword(word) {
			t.Errorf("%q is a stopword for us, not for PostgreSQL", word)
		}
		if got := Stem(word); got != want {
			t.Errorf("Stem(%q) = %q, PostgreSQL says %q", word, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 5000 || stop < 50 {
		t.Fatalf("only %d words and %d stopwords checked", n, stop)
	}
}
