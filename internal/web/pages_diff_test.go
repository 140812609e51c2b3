package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiffWords(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		want       []diffOp
	}{
		{"equal", "een twee", "een twee", []diffOp{{"same", "een twee"}}},
		{"both empty", "", "", nil},
		{"added to empty", "", "nieuw", []diffOp{{"ins", "nieuw"}}},
		{"removed all", "oud", "", []diffOp{{"del", "oud"}}},
		{"one word changed", "de snelle bruine vos", "de trage bruine vos",
			[]diffOp{{"same", "de "}, {"del", "snelle"}, {"ins", "trage"}, {"same", " bruine vos"}}},
		{"word inserted", "plant onderhoud", "plant preventief onderhoud",
			[]diffOp{{"same", "plant "}, {"ins", "preventief "}, {"same", "onderhoud"}}},
		{"whitespace counts", "a b", "a  b", []diffOp{{"same", "a"}, {"del", " "}, {"ins", "  "}, {"same", "b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diffWords(tc.a, tc.b)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("diffWords(%q, %q) (-want +got):\n%s", tc.a, tc.b, d)
			}
		})
	}
}

// FuzzDiffWords checks that a difference always rebuilds both texts exactly.
func FuzzDiffWords(f *testing.F) {
	f.Add("de snelle bruine vos", "de trage bruine vos")
	f.Add("", "iets")
	f.Add("a\nb\tc", "a b  c")
	f.Add("één twee drie", "twee drie één")
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := diffWords(a, b)
		if got := applyDiff(ops, false); got != a {
			t.Fatalf("old side: got %q, want %q", got, a)
		}
		if got := applyDiff(ops, true); got != b {
			t.Fatalf("new side: got %q, want %q", got, b)
		}
		for i := 1; i < len(ops); i++ {
			if ops[i].Kind == ops[i-1].Kind {
				t.Fatalf("adjacent ops of one kind: %v", ops)
			}
		}
	})
}

func BenchmarkDiffWords5000(b *testing.B) {
	words := strings.Fields(strings.Repeat("het algoritme voorspelt onderhoud van voertuigen en schepen ", 80))
	a := strings.Join(words, " ")
	words[100], words[300] = "vliegtuigen", "helikopters"
	c := strings.Join(words, " ") + " extra"
	for b.Loop() {
		diffWords(a, c)
	}
}

func TestCataloguesComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range messages {
		if seen[m[0]] {
			t.Errorf("key %q appears twice", m[0])
		}
		seen[m[0]] = true
		if strings.TrimSpace(m[1]) == "" || strings.TrimSpace(m[2]) == "" {
			t.Errorf("key %q lacks a Dutch or English text", m[0])
		}
	}
	if len(catalogNL) != len(catalogEN) {
		t.Errorf("nl has %d keys, en %d", len(catalogNL), len(catalogEN))
	}
	// Every key the templates ask for literally, and every key built from a value set, exists.
	used := map[string]bool{}
	lit := regexp.MustCompile(`\.T "([^"]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, n := range files {
		b, _ := fs.ReadFile(templateFS, n)
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	for _, k := range []string{"decision.publish_full", "decision.publish_partial", "decision.do_not_publish",
		"fieldaction.publish", "fieldaction.redact", "fieldaction.omit",
		"eudb.none", "eudb.public", "eudb.secure_non_public", "eudb.national",
		"waiting.submit.concept", "waiting.return.submitted", "waiting.assess.submitted", "waiting.approve.assessed",
		"risk.prohibited", "risk.high_risk", "risk.not_high_risk", "risk.excluded", "risk.not_applicable"} {
		used[k] = true
	}
	for _, r := range []string{"viewer", "editor", "coordinator", "assessor", "approver", "admin", "auditor"} {
		used["role."+r] = true
	}
	for _, s := range []string{"concept", "submitted", "assessed", "approved", "not_published", "published", "withdrawn", "archived"} {
		used["state."+s] = true
	}
	for _, a := range []string{"submit", "assess", "approve", "decline", "withdraw", "return", "archive"} {
		used["action."+a] = true
	}
	for k := range used {
		for lang, cat := range catalogues {
			if _, ok := cat[k]; !ok {
				t.Errorf("key %q is used but missing in %s", k, lang)
			}
		}
	}
}
