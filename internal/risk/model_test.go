package risk

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

func TestDefaultModelCoversTheTopics(t *testing.T) {
	m := Default()
	if m.Version == "" {
		t.Fatal("geen versie")
	}
	// domain.md §5: what the model must at least ask about, by the ground it cites.
	want := map[string]string{
		"operationele_capaciteiten": "5.1.1.b", "inzet_en_gereedheid": "5.1.1.b", "inlichtingenbronnen": "5.1.1.b",
		"kwetsbaarheden": "5.1.2.h", "identiteit_personeel": "5.1.2.e", "internationale_partners": "5.1.2.a", "samenvoeging": "5.1.1.b",
	}
	for id, ground := range want {
		q, ok := m.question(id)
		if !ok || q.Ground != ground {
			t.Errorf("vraag %s: aanwezig %v, grond %q, want %q", id, ok, q.Ground, ground)
		}
	}
}

func TestFieldPolicyCoversTheStandard(t *testing.T) {
	if len(standardFields) != 30 {
		t.Errorf("%d velden in register.Standard, want 30", len(standardFields))
	}
	for _, f := range standardFields {
		if _, ok := fieldPolicy[f]; !ok {
			t.Errorf("geen beleid voor veld %s", f)
		}
	}
	for f := range fieldPolicy {
		if !IsStandardField(f) {
			t.Errorf("beleid voor onbekend veld %s", f)
		}
	}
	for _, f := range []string{"name", "organization", "status", "publication_category", "lang", "contact_email"} {
		if len(AllowedActions(f)) != 0 {
			t.Errorf("verplicht veld %s mag worden achtergehouden", f)
		}
	}
}

func TestLoadNamesTheLine(t *testing.T) {
	base := string(defaultModel)
	lineOf := func(s string) int {
		i := strings.Index(base, s)
		if i < 0 {
			t.Fatalf("testfout: %q niet in het model", s)
		}
		return 1 + strings.Count(base[:i], "\n")
	}
	cases := []struct {
		name     string
		old, new string
		line     int // 0: the line of old
		want     string
	}{
		{"onbekende grond", `"ground": "5.1.2.h"`, `"ground": "5.1.9"`, 0, `"5.1.9" is geen Woo-grond`},
		{"onbekend veld van de standaard", `"fields": ["human_intervention", "provider"]`, `"fields": ["human_intervention", "naam"]`, 0, `"naam" is geen veld`},
		{"veld dat altijd wordt gepubliceerd", `"fields": ["risks"]`, `"fields": ["name"]`, 0, "kan niet worden gelakt"},
		{"dubbele vraag", `"id": "omzeilen"`, `"id": "samenvoeging"`, 0, "komt dubbel voor"},
		{"gewicht", `"weight": 4,`, `"weight": 40,`, 0, "ligt niet tussen 1 en 10"},
		{"drempels", `"do_not_publish": 14`, `"do_not_publish": 1`, 0, "mag niet lager zijn"},
		{"categorie", `"Impactvolle algoritmes"]`, `"Impactvol"]`, 0, "geen publicatiecategorie"},
		{"verkeerd type", `"weight": 2,`, `"weight": "twee",`, 0, "verkeerde type"},
		{"onbekend veld", `"decisive": true,`, `"decisive": true, "blokkerend": true,`, 0, `onbekend veld "blokkerend"`},
		{"syntaxfout", `"topic": "Identiteit van personeel",`, `"topic": "Identiteit van personeel"`, 0, "geen geldige JSON"},
		{"lege versie", `"version": "defensie-2026.1"`, `"version": ""`, 0, "version ontbreekt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			line := c.line
			if line == 0 {
				line = lineOf(c.old)
			}
			_, err := Load(strings.NewReader(strings.Replace(base, c.old, c.new, 1)))
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("fout = %v, want een LoadError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) {
				t.Errorf("fout %q zegt niet %q", msg, c.want)
			}
			// A syntax error is reported where the decoder notices it: on the next line.
			if !slices.ContainsFunc(le.Problems, func(p LineProblem) bool { return p.Line == line || (c.name == "syntaxfout" && p.Line == line+1) }) {
				t.Errorf("fout %q noemt regel %d niet", msg, line)
			}
		})
	}
}

func TestLoadEdges(t *testing.T) {
	for _, src := range []string{"", "{", `{"version": "x"} {}`, `[]`, strings.Repeat(" ", maxModel+1)} {
		if _, err := Load(strings.NewReader(src)); err == nil {
			t.Errorf("Load(%.20q) geen fout", src)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(string(defaultModel))
	f.Add(`{"version": "1", "questions": [{"id": "x"}]}`)
	f.Add(`{"scale": [{"value": "a", "factor": -1}]}`)
	f.Fuzz(func(t *testing.T, src string) {
		m, err := Load(strings.NewReader(src))
		if err != nil {
			var le *LoadError
			if errors.As(err, &le) {
				for _, p := range le.Problems {
					if p.Line < 1 || p.Line > strings.Count(src, "\n")+1 {
						t.Fatalf("regel %d buiten het bestand: %v", p.Line, err)
					}
				}
			}
			return
		}
		// A model that loads must give a valid suggestion for any answers.
		ans := Answers{}
		for _, q := range m.Questions {
			ans[q.ID] = Answer{Value: m.Scale[len(m.Scale)-1].Value}
		}
		s := m.Suggest(register.Description{Standard: register.Standard{Goal: "x", Risks: "y", MethodsAndModels: "z"}}, nil, ans)
		if !slices.Contains([]string{register.DecisionPublishFull, register.DecisionPublishPartial, register.DecisionDoNotPublish}, s.Decision) {
			t.Fatalf("besluit %q", s.Decision)
		}
	})
}

func TestValidateAnswers(t *testing.T) {
	ps := Default().ValidateAnswers(Answers{
		"kwetsbaarheden": {Value: "ja", Fields: []string{"risks", "name", "onbekend"}},
		"omzeilen":       {Value: "misschien"},
		"bestaat_niet":   {Value: "ja"},
		"samenvoeging":   {Value: "nee"},
	})
	want := []string{"risk.bestaat_niet", "risk.kwetsbaarheden.fields[1]", "risk.kwetsbaarheden.fields[2]", "risk.omzeilen.value"}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problemen (-want +got):\n%s", diff)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(strings.NewReader(string(defaultModel))); err != nil {
			b.Fatal(err)
		}
	}
}
