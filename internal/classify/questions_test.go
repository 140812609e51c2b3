package classify

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

// relevantFacts returns the facts whose questions are relevant for f, in order.
func relevantFacts(f register.Facts) []string {
	var out []string
	for _, q := range Questions() {
		if Relevant(q, f) {
			out = append(out, q.Fact)
		}
	}
	return out
}

func TestQuestionsCoverEveryFact(t *testing.T) {
	qs := Questions()
	var facts []string
	for _, q := range qs {
		facts = append(facts, q.Fact)
		if q.Text == "" || q.Help == "" || q.Article == "" {
			t.Errorf("%s: tekst, uitleg of artikel ontbreekt", q.Fact)
		}
		switch q.Kind {
		case "bool":
			if len(q.Options) != 0 {
				t.Errorf("%s: ja/nee-vraag met opties", q.Fact)
			}
		case "choice", "multi":
			for _, o := range q.Options {
				if o.Label == "" || o.Label == o.Value {
					t.Errorf("%s: optie %q zonder Nederlands label", q.Fact, o.Value)
				}
			}
		default:
			t.Errorf("%s: onbekende soort %q", q.Fact, q.Kind)
		}
	}
	if diff := cmp.Diff(factOrder, facts); diff != "" {
		t.Errorf("vragen (-want +got):\n%s", diff)
	}
	if i := slices.IndexFunc(qs, func(q Question) bool { return q.Fact == "annex_iii_area" }); len(qs[i].Options) != len(AnnexIIIAreas) {
		t.Errorf("bijlage III heeft %d opties, want %d", len(qs[i].Options), len(AnnexIIIAreas))
	}
}

func TestRelevant(t *testing.T) {
	dutch := []string{"legal_effects", "classifies_or_contacts_persons", "judged_impactful", "impact_on_citizens"}
	with := func(s ...string) []string { return append(s, dutch...) }
	cases := []struct {
		name  string
		facts register.Facts
		want  []string
	}{
		{"begin", register.Facts{}, []string{"is_algorithm"}},
		{"algoritme, geen AI: geen AI-vragen", register.Facts{IsAlgorithm: true, Exclusion: "scientific_research"},
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai")},
		{"AI zonder uitsluiting: geen exclusiviteitsvraag", ai(nil),
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "prohibited_practice", "annex_i_product", "annex_iii_area", "article_50")},
		{"uitsluiting opgegeven: vraag naar exclusiviteit", ai(func(f *register.Facts) { f.Exclusion = "military_defence_national_security" }),
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "used_exclusively_for_excluded_purpose", "prohibited_practice",
				"annex_i_product", "annex_iii_area", "article_50")},
		{"uitsluiting geldt: geen AI-verordeningsvragen meer", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse = "military_defence_national_security", true
		}), with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "used_exclusively_for_excluded_purpose")},
		{"verboden praktijk: geen bijlagevragen", ai(func(f *register.Facts) { f.ProhibitedPractice = "5.1.c" }),
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "prohibited_practice", "article_50")},
		{"bijlage III: profilering en 6(3)", ai(func(f *register.Facts) { f.AnnexIIIArea = "4.a" }),
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "prohibited_practice", "annex_i_product", "annex_iii_area",
				"profiles_natural_persons", "article_6_3_condition", "article_50")},
		{"bijlage III met profilering: geen 6(3)", ai(func(f *register.Facts) { f.AnnexIIIArea, f.ProfilesNaturalPersons = "4.a", true }),
			with("is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion", "prohibited_practice", "annex_i_product", "annex_iii_area",
				"profiles_natural_persons", "article_50")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := relevantFacts(c.facts)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("relevante vragen (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRelevantQuestionBuiltByHand(t *testing.T) {
	q := Question{Fact: "used_exclusively_for_excluded_purpose", ShowIf: "in_scope or exclusion != 'none'"}
	if Relevant(q, register.Facts{}) {
		t.Error("relevant zonder uitsluiting")
	}
	if !Relevant(q, register.Facts{Exclusion: "scientific_research"}) {
		t.Error("niet relevant met uitsluiting")
	}
}

func TestObligations(t *testing.T) {
	articles := func(f register.Facts) []string {
		var as []string
		for _, o := range Obligations(Derive(f), f) {
			if o.From == "" || o.Title == "" || strings.Contains(o.Title, "{") {
				t.Errorf("onvolledige verplichting %+v", o)
			}
			as = append(as, o.Article+" "+o.From)
		}
		return as
	}
	cases := []struct {
		name  string
		facts register.Facts
		want  []string
	}{
		{"geen AI", register.Facts{IsAlgorithm: true}, nil},
		{"uitgesloten", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse = "military_defence_national_security", true
		}), nil},
		{"verboden", ai(func(f *register.Facts) { f.ProhibitedPractice = "5.1.e" }), []string{"Artikel 5 2025-02-02"}},
		{"GPAI met synthetische inhoud", register.Facts{IsAlgorithm: true, IsGeneralPurposeAI: true, Article50: []string{"generates_synthetic_content"}},
			[]string{"Artikel 4 2025-02-02", "Artikel 53 2025-08-02", "Artikel 50, lid 2 2026-08-02"}},
		{"bijlage III punt 6", ai(func(f *register.Facts) { f.AnnexIIIArea = "6.d" }),
			[]string{"Artikel 4 2025-02-02", "Artikelen 8 tot en met 17 2027-12-02", "Artikel 26 2027-12-02", "Artikel 27 2027-12-02", "Artikel 49 2027-12-02"}},
		{"bijlage III punt 2: geen FRIA", ai(func(f *register.Facts) { f.AnnexIIIArea = "2" }),
			[]string{"Artikel 4 2025-02-02", "Artikelen 8 tot en met 17 2027-12-02", "Artikel 26 2027-12-02", "Artikel 49 2027-12-02"}},
		{"afwijking 6(3)", ai(func(f *register.Facts) { f.AnnexIIIArea, f.Article63Condition = "4.a", "a" }),
			[]string{"Artikel 4 2025-02-02", "Artikel 6, lid 4 en artikel 49, lid 2 2027-12-02"}},
		{"bijlage I afdeling A", ai(func(f *register.Facts) { f.AnnexIProduct = "section_a" }),
			[]string{"Artikel 4 2025-02-02", "Artikel 6, lid 1 en artikelen 8 tot en met 17 en 43 2028-08-02"}},
		{"bijlage I afdeling B", ai(func(f *register.Facts) { f.AnnexIProduct = "section_b" }),
			[]string{"Artikel 4 2025-02-02", "Artikel 2, lid 2 en artikelen 102 tot en met 109 2028-08-02"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, articles(c.facts)); diff != "" {
				t.Errorf("verplichtingen (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadRuleSetRejects(t *testing.T) {
	base := string(currentRules)
	cases := []struct {
		name, old, new, want string
	}{
		{"onbekende naam", `"when": "not is_algorithm"`, `"when": "not is_algoritme"`, "onbekende naam"},
		{"onbekende waarde", `"when": "annex_iii_point in ['6', '7']"`, `"when": "annex_iii_point in ['6', '9']"`, `"9" is geen waarde`},
		{"verkeerde uitkomst", `"then": "secure_non_public"`, `"then": "secret"`, "is geen waarde van eu_database"},
		{"geen slotregel", `{"id": "anders", "when": "true", "then": "none"}`, `{"id": "anders", "when": "false", "then": "none"}`, "laatste regel"},
		{"uitkomst te vroeg gelezen", `"when": "not is_algorithm", "then": "not_applicable"`, `"when": "not register_required", "then": "not_applicable"`, "voordat die is afgeleid"},
		{"kapotte datum", `"from": "2027-12-02"`, `"from": "2 december 2027"`, "geen datum"},
		{"onbekende plaatshouder", `{annex_iii_area:label}): hoog risico.`, `{annex_iii_areaa}): hoog risico.`, "onbekende naam"},
		{"ontbrekend label", `"8.b": "8b Democratie`, `"8.x": "8b Democratie`, "label ontbreekt"},
		{"onbekend veld", `"version": "ai-act-2026.1",`, `"version": "ai-act-2026.1", "versie": 2,`, "unknown field"},
		{"syntaxis", `"show_if": "is_algorithm and ai"`, `"show_if": "is_algorithm and (ai"`, `")" verwacht`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("testfout: %q niet in de regelset", c.old)
			}
			_, err := LoadRuleSet(strings.NewReader(strings.Replace(base, c.old, c.new, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("fout = %v, want %q", err, c.want)
			}
		})
	}
}

// TestConditionJSON checks that the JSON form of each question's condition (what the
// questionnaire page evaluates in the browser) carries the whole condition: decoded and
// evaluated, it decides like Relevant for many random fact combinations.
func TestConditionJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(vs []string) string { return vs[rng.IntN(len(vs))] }
	conds := map[string]*node{}
	asked := 0
	for _, q := range Questions() {
		src := q.Condition()
		if (src == "") != (q.ShowIf == "") {
			t.Fatalf("%s: Condition() = %q for show_if %q", q.Fact, src, q.ShowIf)
		}
		if src == "" {
			continue
		}
		asked++
		if strings.Contains(src, "in_scope") || strings.Contains(src, `"ai"`) {
			t.Errorf("%s: a definition is named, not written out: %s", q.Fact, src)
		}
		var n node
		if err := json.Unmarshal([]byte(src), &n); err != nil {
			t.Fatalf("%s: %v", q.Fact, err)
		}
		conds[q.Fact] = &n
	}
	if asked < 10 {
		t.Fatalf("only %d questions have a condition", asked)
	}
	differ := 0
	for i := 0; i < 5000; i++ {
		f := register.Facts{
			IsAlgorithm: rng.IntN(4) > 0, IsAISystem: rng.IntN(2) == 0, IsGeneralPurposeAI: rng.IntN(4) == 0,
			Exclusion: pick(Exclusions), UsedExclusivelyForExcludedUse: rng.IntN(2) == 0,
			ProhibitedPractice: pick(ProhibitedPractices), AnnexIProduct: pick(AnnexIProducts),
			AnnexIIIArea: pick(AnnexIIIAreas), ProfilesNaturalPersons: rng.IntN(2) == 0,
			Article63Condition: pick(Article63Conditions),
		}
		if rng.IntN(3) == 0 {
			f.Exclusion, f.ProhibitedPractice, f.AnnexIIIArea = None, None, None
		}
		if rng.IntN(2) == 0 {
			f.Article50 = []string{pick(Article50Situations)}
		}
		for _, q := range Questions() {
			n, ok := conds[q.Fact]
			if !ok {
				continue
			}
			if got, want := n.eval(&factEnv{f: Normalize(f)}), Relevant(q, f); got != want {
				differ++
				if differ < 5 {
					t.Errorf("%s with %+v: JSON condition says %v, Relevant %v", q.Fact, f, got, want)
				}
			}
		}
	}
}
