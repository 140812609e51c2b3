package classify

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

func names(ps []register.FieldProblem) []string {
	var ns []string
	for _, p := range ps {
		ns = append(ns, p.Name)
	}
	return ns
}

func TestValidateFacts(t *testing.T) {
	cases := []struct {
		name  string
		facts register.Facts
		want  []string
	}{
		{"leeg is geldig", register.Facts{}, nil},
		{"alles geldig", register.Facts{Exclusion: "scientific_research", ProhibitedPractice: "5.1.h", AnnexIProduct: "section_b",
			AnnexIIIArea: "8.b", Article63Condition: "d", Article50: Article50Situations}, nil},
		{"onbekende uitsluiting", register.Facts{Exclusion: "military"}, []string{"exclusion"}},
		{"onbekende verboden praktijk", register.Facts{ProhibitedPractice: "5.1.i"}, []string{"prohibited_practice"}},
		{"onbekend bijlage I", register.Facts{AnnexIProduct: "section_c"}, []string{"annex_i_product"}},
		{"onbekend bijlage III", register.Facts{AnnexIIIArea: "6"}, []string{"annex_iii_area"}},
		{"onbekende 6(3)-voorwaarde", register.Facts{Article63Condition: "e"}, []string{"article_6_3_condition"}},
		{"artikel 50 onbekend en dubbel", register.Facts{Article50: []string{"deep_fake", "chatbot", "deep_fake"}}, []string{"article_50[1]", "article_50[2]"}},
		{"alles fout", register.Facts{Exclusion: "x", ProhibitedPractice: "x", AnnexIProduct: "x", AnnexIIIArea: "x", Article63Condition: "x", Article50: []string{"x"}},
			[]string{"exclusion", "prohibited_practice", "annex_i_product", "annex_iii_area", "article_6_3_condition", "article_50[0]"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := ValidateFacts(c.facts)
			if diff := cmp.Diff(c.want, names(ps)); diff != "" {
				t.Errorf("velden (-want +got):\n%s", diff)
			}
			for _, p := range ps {
				if p.Reason == "" {
					t.Errorf("%s zonder reden", p.Name)
				}
			}
		})
	}
}

func TestDecodeFacts(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		want  []string
		check func(t *testing.T, f register.Facts)
	}{
		{"volledig", `{"is_algorithm": true, "is_ai_system": true, "is_general_purpose_ai": false, "exclusion": "none",
			"used_exclusively_for_excluded_purpose": false, "prohibited_practice": "none", "annex_i_product": "none",
			"annex_iii_area": "7.b", "profiles_natural_persons": true, "article_6_3_condition": "none",
			"article_50": ["interacts_with_persons"], "legal_effects": false, "classifies_or_contacts_persons": true,
			"judged_impactful": false, "impact_on_citizens": true}`, nil, func(t *testing.T, f register.Facts) {
			if !f.IsAlgorithm || f.AnnexIIIArea != "7.b" || !f.ProfilesNaturalPersons || len(f.Article50) != 1 || !f.ImpactOnCitizens {
				t.Errorf("verkeerd gelezen: %+v", f)
			}
		}},
		{"ontbrekend is standaard", `{"is_algorithm": true}`, nil, func(t *testing.T, f register.Facts) {
			if f.Exclusion != None || f.AnnexIIIArea != None || f.Article50 == nil {
				t.Errorf("niet genormaliseerd: %+v", f)
			}
		}},
		{"null is standaard", `{"is_algorithm": null, "exclusion": null, "article_50": null}`, nil, nil},
		{"onbekend veld", `{"is_algoritm": true, "extra": 1}`, []string{"extra", "is_algoritm"}, nil},
		{"verkeerde typen", `{"is_algorithm": "ja", "exclusion": 3, "article_50": "deep_fake"}`, []string{"article_50", "exclusion", "is_algorithm"}, nil},
		{"verkeerde waarden", `{"annex_iii_area": "9.a", "article_50": ["deep_fake", "deep_fake"]}`, []string{"annex_iii_area", "article_50[1]"}, nil},
		{"geen object", `[1, 2]`, []string{"body"}, nil},
		{"kapotte JSON", `{"is_algorithm": tru`, []string{"body"}, nil},
		{"leeg", ``, []string{"body"}, nil},
		{"te groot", `{"judged_impactful": true, "x": "` + strings.Repeat("a", maxFactsBody) + `"}`, []string{"body"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, ps := DecodeFacts(strings.NewReader(c.body))
			if diff := cmp.Diff(c.want, names(ps)); diff != "" {
				t.Errorf("problemen (-want +got):\n%s\n%v", diff, ps)
			}
			if c.check != nil {
				c.check(t, f)
			}
		})
	}
}

func FuzzDecodeFacts(f *testing.F) {
	f.Add(`{"is_algorithm": true, "annex_iii_area": "2", "article_50": ["deep_fake"]}`)
	f.Add(`{"exclusion": 1, "x": null}`)
	f.Add(`[]`)
	f.Add(`{"article_50": [1, "a"]}`)
	f.Fuzz(func(t *testing.T, body string) {
		fs, ps := DecodeFacts(strings.NewReader(body))
		for _, p := range ps {
			if p.Name == "" || p.Reason == "" {
				t.Fatalf("probleem zonder naam of reden: %+v", p)
			}
		}
		if len(ps) == 0 {
			if v := ValidateFacts(fs); len(v) != 0 {
				t.Fatalf("zonder problemen gelezen maar ongeldig: %v", v)
			}
			checkInvariants(t, fs, Derive(fs))
		}
	})
}
