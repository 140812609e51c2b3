package risk

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type suggestCase struct {
	Description    register.Description `json:"description"`
	Classification *register.Outcome    `json:"classification"`
	Answers        Answers              `json:"answers"`
}

// TestSuggestGolden runs the default model on realistic Defence descriptions; the suggestions
// are in testdata/suggest/*.golden.json (refresh with go test -update after a deliberate change).
func TestSuggestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/suggest/*.input.json")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("geen testinvoer: %v", err)
	}
	wantDecision := map[string]string{
		"defgpt":                       register.DecisionPublishPartial,
		"gereedheidsdashboard":         register.DecisionPublishPartial,
		"kmar-grensrisico":             register.DecisionPublishPartial,
		"mivd-sensorfusie":             register.DecisionDoNotPublish,
		"mivd-sensorfusie-categorie-b": register.DecisionPublishPartial,
		"octobox":                      register.DecisionPublishFull,
		"onevenredig":                  register.DecisionPublishPartial,
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input.json")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var c suggestCase
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&c); err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			if ps := Default().ValidateAnswers(c.Answers); len(ps) > 0 {
				t.Fatalf("ongeldige antwoorden: %v", ps)
			}
			s := Default().Suggest(c.Description, c.Classification, c.Answers)
			got, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(in, ".input.json") + ".golden.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (maak de golden file met -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("suggestie wijkt af (-golden +got):\n%s", diff)
			}
			if s.Decision != wantDecision[name] {
				t.Errorf("besluit %s, want %s", s.Decision, wantDecision[name])
			}
			checkSuggestion(t, c.Description, s)
		})
	}
}

// checkSuggestion checks that a suggestion, taken over as the decision, passes validation.
func checkSuggestion(t *testing.T, d register.Description, s Suggestion) {
	t.Helper()
	today := time.Date(2026, 8, 8, 0, 0, 0, 0, time.UTC)
	a := register.Assessment{Decision: s.Decision, Grounds: s.Grounds, Fields: s.Fields, ModelVersion: s.ModelVersion,
		Motivation: "Overgenomen advies van het risicomodel."}
	if s.Decision != register.DecisionPublishFull {
		a.ReviewOn = "2027-08-08"
	}
	if ps := ValidateAssessmentAt(a, d, today); len(ps) > 0 {
		t.Errorf("het advies zelf is geen geldig besluit: %v", ps)
	}
	if s.ModelVersion != Default().Version || len(s.Reasons) == 0 {
		t.Errorf("versie of redenen ontbreken: %+v", s)
	}
}

func TestSuggestRules(t *testing.T) {
	m := Default()
	all := func(v string) Answers {
		a := Answers{}
		for _, q := range m.Questions {
			a[q.ID] = Answer{Value: v}
		}
		return a
	}
	full := register.Description{Standard: register.Standard{Name: "x", Goal: "doel", MethodsAndModels: "methoden", SourceData: "bronnen",
		Risks: "risico's", HumanIntervention: "toezicht", Provider: "leverancier", Proportionality: "afweging", LawfulBasis: "wet",
		SourceDataGrouping: []register.Link{{Title: "bron"}}}}
	with := func(a Answers, id, v string) Answers {
		b := Answers{}
		for k, x := range a {
			b[k] = x
		}
		b[id] = Answer{Value: v}
		return b
	}
	catA := &register.Outcome{PublicationCategory: "Hoog-risico AI-systeem"}
	catC := &register.Outcome{PublicationCategory: "Overige algoritmes"}
	cases := []struct {
		name   string
		cls    *register.Outcome
		ans    Answers
		want   string
		score  int
		reason string
	}{
		{"alles nee", nil, all("nee"), register.DecisionPublishFull, 0, "advies"},
		{"niets beantwoord", nil, Answers{}, register.DecisionPublishFull, 0, "voorlopig"},
		{"onder de drempel", nil, with(all("nee"), "samenvoeging", "beperkt"), register.DecisionPublishFull, 2, "advies"},
		{"op de drempel", nil, with(all("nee"), "operationele_capaciteiten", "beperkt"), register.DecisionPublishPartial, 3, "grond 5.1.1.b"},
		{"doorslaggevend bij C", catC, with(all("nee"), "inlichtingenbronnen", "ja"), register.DecisionDoNotPublish, 8, "doorslaggevende"},
		{"doorslaggevend bij A: lakken", catA, with(all("nee"), "inlichtingenbronnen", "ja"), register.DecisionPublishPartial, 8, "vermoeden van openbaarheid"},
		{"alles ja bij A: toch niet publiceren", catA, all("ja"), register.DecisionDoNotPublish, 48, "verhoogd tot 24"},
		{"alles beperkt bij C", catC, all("beperkt"), register.DecisionDoNotPublish, 24, "5.1.5 Woo"},
		{"alles beperkt bij A", catA, all("beperkt"), register.DecisionDoNotPublish, 24, "verhoogd"},
		{"onbekend antwoord telt niet", nil, with(all("nee"), "kwetsbaarheden", "misschien"), register.DecisionPublishFull, 0, "onbekend antwoord"},
		{"onbekende vraag telt niet", nil, with(all("nee"), "bestaat_niet", "ja"), register.DecisionPublishFull, 0, "onbekende vraag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := m.Suggest(full, c.cls, c.ans)
			if s.Decision != c.want || s.Score != c.score {
				t.Errorf("besluit %s score %d, want %s score %d\n%q", s.Decision, s.Score, c.want, c.score, s.Reasons)
			}
			if !slices.ContainsFunc(s.Reasons, func(r string) bool { return strings.Contains(r, c.reason) }) {
				t.Errorf("geen reden met %q: %q", c.reason, s.Reasons)
			}
			if slices.Contains(s.Grounds, "5.1.5") && len(s.Grounds) > 1 {
				t.Errorf("5.1.5 naast andere gronden: %v", s.Grounds)
			}
			checkSuggestion(t, full, s)
		})
	}
}

func TestSuggestFields(t *testing.T) {
	m := Default()
	d := register.Description{Standard: register.Standard{Name: "x", MethodsAndModels: "methoden", SourceDataGrouping: []register.Link{{Title: "bron"}}}}
	s := m.Suggest(d, nil, Answers{
		"inlichtingenbronnen": {Value: "beperkt"},                                                 // source_data (empty), grouping, methods
		"omzeilen":            {Value: "beperkt", Fields: []string{"name", "methods_and_models"}}, // name can never be withheld
	})
	want := map[string]register.FieldDecision{
		"methods_and_models":   {Action: "redact", Ground: "5.1.1.b", Motivation: m.Questions[2].Motivation},
		"source_data_grouping": {Action: "omit", Ground: "5.1.1.b", Motivation: m.Questions[2].Motivation},
	}
	if diff := cmp.Diff(want, s.Fields); diff != "" {
		t.Errorf("velden (-want +got):\n%s", diff)
	}
	if !slices.ContainsFunc(s.Reasons, func(r string) bool { return strings.Contains(r, "Veld name wordt altijd gepubliceerd") }) {
		t.Errorf("geen reden voor het veld name: %q", s.Reasons)
	}
	if s.Decision != register.DecisionPublishPartial {
		t.Errorf("besluit %s", s.Decision)
	}
	// Nothing to withhold: the fields that would reveal it are empty.
	empty := m.Suggest(register.Description{}, nil, Answers{"operationele_capaciteiten": {Value: "ja"}})
	if empty.Decision != register.DecisionPublishFull || len(empty.Fields) != 0 {
		t.Errorf("lege beschrijving: %+v", empty)
	}
}

func BenchmarkSuggest(b *testing.B) {
	m := Default()
	d := register.Description{Standard: register.Standard{Goal: "doel", MethodsAndModels: "methoden", SourceData: "bronnen", Risks: "risico's"}}
	ans := Answers{}
	for _, q := range m.Questions {
		ans[q.ID] = Answer{Value: "beperkt"}
	}
	for b.Loop() {
		m.Suggest(d, nil, ans)
	}
}
