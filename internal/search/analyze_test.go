package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyze(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"De vergunningen van de Gemeente", []string{"vergunn", "gemeent"}},
		{"Financiële positie", []string{"financiel", "positie"}},
		{"café crème", []string{"caf", "crem"}},
		{"BRP-medewerker, e-mail", []string{"brp", "medewerker", "mail"}},
		{"risico’s en kansen", []string{"risico", "kans"}},
		{"GPT-4o en 2024", []string{"gpt", "4o", "2024"}},
		{"", nil},
		{"de het een", nil},
	}
	for _, tt := range tests {
		got := Analyze(tt.text)
		if len(got) == 0 {
			got = nil
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Analyze(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Financiën":  "financien",
		"ÉÉN":        "een",
		"naïef":      "naief",
		"ĳs":         "ijs",
		"Straße":     "strasse",
		"cafe\u0301": "cafe",
		"plain":      "plain",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
