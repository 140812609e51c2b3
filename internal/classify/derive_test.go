package classify

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

// want is the part of an outcome a case checks; reason is a fragment that one of the reasons
// must contain (the article that fired).
type want struct {
	Applies      bool
	RiskGroup    string
	Transparency bool
	EUDatabase   string
	Category     string
	Required     bool
}

func got(o register.Outcome) want {
	return want{o.AIAct.Applies, o.AIAct.RiskGroup, o.AIAct.TransparencyObligation, o.AIAct.EUDatabase, o.PublicationCategory, o.RegisterRequired}
}

type deriveCase struct {
	name   string
	facts  register.Facts
	want   want
	reason string
}

// ai returns the facts of an AI system in scope, changed by fn.
func ai(fn func(f *register.Facts)) register.Facts {
	f := register.Facts{IsAlgorithm: true, IsAISystem: true}
	if fn != nil {
		fn(&f)
	}
	return f
}

var (
	notApplicableC = want{false, "not_applicable", false, None, CategoryC, false}
	notHighRiskC   = want{true, "not_high_risk", false, None, CategoryC, false}
	excludedC      = want{false, "excluded", false, None, CategoryC, false}
	highRiskPublic = want{true, "high_risk", false, "public", CategoryA, true}
	prohibitedB    = want{true, "prohibited", false, None, CategoryB, true}
)

func deriveCases() []deriveCase {
	cs := []deriveCase{
		{"geen algoritme", register.Facts{}, notApplicableC, "Geen algoritme"},
		{"geen algoritme, wat er ook is vastgelegd", register.Facts{IsAISystem: true, ProhibitedPractice: "5.1.c", AnnexIIIArea: "6.d",
			LegalEffects: true, JudgedImpactful: true, Article50: []string{"deep_fake"}}, notApplicableC, "Geen algoritme"},
		{"algoritme zonder AI", register.Facts{IsAlgorithm: true}, notApplicableC, "Geen AI-systeem"},
		{"geen AI met uitsluiting", register.Facts{IsAlgorithm: true, Exclusion: "military_defence_national_security", UsedExclusivelyForExcludedUse: true},
			notApplicableC, "verandert niets"},
		{"geen AI: AI-feiten genegeerd", register.Facts{IsAlgorithm: true, AnnexIIIArea: "7.b", ProfilesNaturalPersons: true, Article50: []string{"interacts_with_persons"}},
			notApplicableC, "tellen niet mee"},
		{"geen AI met rechtsgevolgen is B", register.Facts{IsAlgorithm: true, LegalEffects: true},
			want{false, "not_applicable", false, None, CategoryB, true}, "rechtsgevolgen"},
		{"geen AI, verboden feit telt niet", register.Facts{IsAlgorithm: true, ProhibitedPractice: "5.1.c"}, notApplicableC, "tellen niet mee"},
		{"overig AI-systeem", ai(nil), notHighRiskC, "geen hoog risico"},
		{"GPAI alleen", register.Facts{IsAlgorithm: true, IsGeneralPurposeAI: true}, notHighRiskC, "artikel 53"},
		{"GPAI met artikel 50", register.Facts{IsAlgorithm: true, IsGeneralPurposeAI: true, Article50: []string{"generates_synthetic_content"}},
			want{true, "not_high_risk", true, None, CategoryC, false}, "Artikel 50"},
		{"GPAI met bijlage III", register.Facts{IsAlgorithm: true, IsGeneralPurposeAI: true, AnnexIIIArea: "4.a"}, highRiskPublic, "bijlage III"},
		{"verboden en uitgesloten", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse, f.ProhibitedPractice = "military_defence_national_security", true, "5.1.h"
		}), excludedC, "telt niet mee"},
		{"uitgesloten met 5.x en beoordeeld impactvol is B", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse, f.ProhibitedPractice, f.JudgedImpactful = "military_defence_national_security", true, "5.1.a", true
		}), want{false, "excluded", false, None, CategoryB, true}, "als impactvol"},
		{"uitgesloten met bijlage III blijft buiten A", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse, f.AnnexIIIArea, f.ClassifiesOrContactsPersons = "military_defence_national_security", true, "1.a", true
		}), want{false, "excluded", false, None, CategoryB, true}, "Artikel 2, lid 3"},
		{"uitgesloten met artikel 50", ai(func(f *register.Facts) {
			f.Exclusion, f.UsedExclusivelyForExcludedUse, f.Article50 = "scientific_research", true, []string{"interacts_with_persons", "deep_fake"}
		}), excludedC, "Geen transparantieverplichting"},
		{"bijlage I afdeling A", ai(func(f *register.Facts) { f.AnnexIProduct = "section_a" }),
			want{true, "high_risk", false, None, CategoryA, true}, "Artikel 6, lid 1"},
		{"bijlage I afdeling B", ai(func(f *register.Facts) { f.AnnexIProduct = "section_b" }),
			want{true, "high_risk", false, None, CategoryA, true}, "artikel 2, lid 2"},
		{"bijlage I en afwijking in bijlage III punt 2", ai(func(f *register.Facts) { f.AnnexIProduct, f.AnnexIIIArea, f.Article63Condition = "section_a", "2", "a" }),
			want{true, "high_risk", false, "national", CategoryA, true}, "Artikel 49, lid 5"},
		{"profilering buiten bijlage III", ai(func(f *register.Facts) { f.ProfilesNaturalPersons = true }), notHighRiskC, "verandert de risicogroep niet"},
		{"6(3) buiten bijlage III", ai(func(f *register.Facts) { f.Article63Condition = "b" }), notHighRiskC, "verandert de risicogroep niet"},
		{"profilering en 6(3) buiten bijlage III", ai(func(f *register.Facts) { f.ProfilesNaturalPersons, f.Article63Condition = true, "d" }), notHighRiskC, "verandert de risicogroep niet"},
		{"verboden met bijlage III", ai(func(f *register.Facts) { f.ProhibitedPractice, f.AnnexIIIArea = "5.1.d", "6.d" }), prohibitedB, "tellen bijlage I en bijlage III niet mee"},
		{"rechtsgevolgen", ai(func(f *register.Facts) { f.LegalEffects = true }), want{true, "not_high_risk", false, None, CategoryB, true}, "rechtsgevolgen"},
		{"classificeert of selecteert", ai(func(f *register.Facts) { f.ClassifiesOrContactsPersons = true }), want{true, "not_high_risk", false, None, CategoryB, true}, "selecteert"},
		{"beoordeeld impactvol", ai(func(f *register.Facts) { f.JudgedImpactful = true }), want{true, "not_high_risk", false, None, CategoryB, true}, "als impactvol"},
		{"impact op burgers alleen is C", ai(func(f *register.Facts) { f.ImpactOnCitizens = true }), notHighRiskC, "jaarlijkse voortgangsrapportage"},
		{"lege keuzes gelden als none", register.Facts{IsAlgorithm: true, IsAISystem: true, Exclusion: "", AnnexIIIArea: ""}, notHighRiskC, "geen hoog risico"},
	}

	for _, ex := range Exclusions[1:] {
		cs = append(cs,
			deriveCase{"uitsluiting uitsluitend: " + ex, ai(func(f *register.Facts) {
				f.Exclusion, f.UsedExclusivelyForExcludedUse, f.AnnexIIIArea = ex, true, "7.d"
			}), excludedC, "Artikel 2, lid"},
			deriveCase{"uitsluiting niet uitsluitend (dubbel gebruik): " + ex, ai(func(f *register.Facts) {
				f.Exclusion, f.AnnexIIIArea = ex, "7.d"
			}), want{true, "high_risk", false, "secure_non_public", CategoryA, true}, "overweging 24"},
		)
	}
	cs = append(cs, deriveCase{"KMAR grenstoezicht, dubbel gebruik", ai(func(f *register.Facts) {
		f.Exclusion, f.AnnexIIIArea, f.ProfilesNaturalPersons, f.Article63Condition = "military_defence_national_security", "7.b", true, "d"
	}), want{true, "high_risk", false, "secure_non_public", CategoryA, true}, "Koninklijke Marechaussee"})

	for _, p := range ProhibitedPractices[1:] {
		cs = append(cs, deriveCase{"verboden " + p, ai(func(f *register.Facts) { f.ProhibitedPractice = p }), prohibitedB, "verboden praktijk " + p})
	}

	for _, area := range AnnexIIIAreas[1:] {
		point, _, _ := strings.Cut(area, ".")
		highDB, derogDB := "public", "public"
		switch point {
		case "2":
			highDB = "national"
		case "6", "7":
			highDB, derogDB = "secure_non_public", "secure_non_public"
		}
		cs = append(cs, deriveCase{"bijlage III " + area, ai(func(f *register.Facts) { f.AnnexIIIArea = area }),
			want{true, "high_risk", false, highDB, CategoryA, true}, "Artikel 6, lid 2"})
		for _, c := range Article63Conditions[1:] {
			cs = append(cs,
				deriveCase{fmt.Sprintf("bijlage III %s met 6(3)%s", area, c), ai(func(f *register.Facts) { f.AnnexIIIArea, f.Article63Condition = area, c }),
					want{true, "not_high_risk", false, derogDB, CategoryC, false}, "Artikel 6, lid 3"},
				deriveCase{fmt.Sprintf("bijlage III %s met 6(3)%s en profilering", area, c), ai(func(f *register.Facts) {
					f.AnnexIIIArea, f.Article63Condition, f.ProfilesNaturalPersons = area, c, true
				}), want{true, "high_risk", false, highDB, CategoryA, true}, "altijd hoog risico"},
			)
		}
	}

	for _, s := range Article50Situations {
		cs = append(cs,
			deriveCase{"artikel 50 " + s, ai(func(f *register.Facts) { f.Article50 = []string{s} }),
				want{true, "not_high_risk", true, None, CategoryC, false}, "Artikel 50"},
			deriveCase{"artikel 50 " + s + " en verboden", ai(func(f *register.Facts) { f.Article50, f.ProhibitedPractice = []string{s}, "5.1.f" }),
				want{true, "prohibited", true, None, CategoryB, true}, "Artikel 50"},
			deriveCase{"artikel 50 " + s + " en uitgesloten", ai(func(f *register.Facts) {
				f.Article50, f.Exclusion, f.UsedExclusivelyForExcludedUse = []string{s}, "pre_market_research", true
			}), excludedC, "Geen transparantieverplichting"},
		)
	}
	cs = append(cs, deriveCase{"biometrie 1.a: waarschuwing artikel 49, lid 4", ai(func(f *register.Facts) { f.AnnexIIIArea = "1.a" }),
		highRiskPublic, "artikel 49, lid 4"})
	return cs
}

func TestDerive(t *testing.T) {
	for _, c := range deriveCases() {
		t.Run(c.name, func(t *testing.T) {
			o := Derive(c.facts)
			if diff := cmp.Diff(c.want, got(o)); diff != "" {
				t.Errorf("uitkomst (-want +got):\n%s\nredenen: %q", diff, o.Reasons)
			}
			if o.RuleVersion != Current().Version || o.RuleVersion == "" {
				t.Errorf("RuleVersion = %q", o.RuleVersion)
			}
			if !slices.ContainsFunc(o.Reasons, func(r string) bool { return strings.Contains(r, c.reason) }) {
				t.Errorf("geen reden met %q in %q", c.reason, o.Reasons)
			}
			for _, r := range o.Reasons {
				if strings.ContainsAny(r, "{}") {
					t.Errorf("reden met open plaatshouder: %q", r)
				}
			}
		})
	}
}

// TestDeriveInvariants checks the rules that hold for every outcome, over every combination
// of the choices that matter.
func TestDeriveInvariants(t *testing.T) {
	bools := []bool{false, true}
	n := 0
	for _, isAlg := range bools {
		for _, isAI := range bools {
			for _, excl := range []string{None, "military_defence_national_security"} {
				for _, only := range bools {
					for _, pro := range []string{None, "5.1.g"} {
						for _, area := range []string{None, "1.b", "2", "6.c", "7.a"} {
							for _, cnd := range []string{None, "c"} {
								for _, prof := range bools {
									for _, impactful := range bools {
										f := register.Facts{IsAlgorithm: isAlg, IsAISystem: isAI, Exclusion: excl, UsedExclusivelyForExcludedUse: only,
											ProhibitedPractice: pro, AnnexIIIArea: area, Article63Condition: cnd, ProfilesNaturalPersons: prof,
											JudgedImpactful: impactful, Article50: []string{"deep_fake"}}
										o := Derive(f)
										n++
										checkInvariants(t, f, o)
									}
								}
							}
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("geen combinaties")
	}
}

func checkInvariants(t *testing.T, f register.Facts, o register.Outcome) {
	t.Helper()
	g := got(o)
	fail := func(msg string) { t.Errorf("%s: feiten %+v, uitkomst %+v", msg, f, g) }
	if !slices.Contains(RiskGroups, g.RiskGroup) || !slices.Contains(EUDatabases, g.EUDatabase) || !slices.Contains(PublicationCategories, g.Category) {
		fail("waarde buiten de opsomming")
	}
	if g.Applies != slices.Contains([]string{"prohibited", "high_risk", "not_high_risk"}, g.RiskGroup) {
		fail("applies past niet bij risk_group")
	}
	if g.Transparency && !g.Applies {
		fail("transparantie zonder dat de verordening geldt")
	}
	if g.EUDatabase != None && !(g.RiskGroup == "high_risk" || g.RiskGroup == "not_high_risk") {
		fail("EU-databank buiten hoog/geen hoog risico")
	}
	if (g.Category == CategoryA) != (g.RiskGroup == "high_risk") {
		fail("categorie A alleen en altijd bij hoog risico")
	}
	if g.Required != (g.Category != CategoryC) {
		fail("register_required is A of B")
	}
	if g.RiskGroup == "excluded" && (!f.UsedExclusivelyForExcludedUse || f.Exclusion == None) {
		fail("uitgesloten zonder uitsluitend gebruik")
	}
	if !f.IsAlgorithm && (g.RiskGroup != "not_applicable" || g.Category != CategoryC) {
		fail("geen algoritme moet not_applicable en C zijn")
	}
}

func FuzzDerive(f *testing.F) {
	f.Add(true, true, false, "military_defence_national_security", false, "none", "none", "7.b", true, "d", "deep_fake", false, false, true, false)
	f.Add(true, false, true, "", true, "5.1.a", "section_a", "2", false, "a", "", true, true, false, true)
	f.Add(false, true, true, "bogus", true, "5.9", "section_c", "9.z", true, "e", "nonsense", true, true, true, true)
	f.Fuzz(func(t *testing.T, isAlg, isAI, gpai bool, excl string, only bool, pro, annexI, area string, prof bool, cnd, art50 string,
		legal, classifies, impactful, citizens bool) {
		fs := register.Facts{IsAlgorithm: isAlg, IsAISystem: isAI, IsGeneralPurposeAI: gpai, Exclusion: excl, UsedExclusivelyForExcludedUse: only,
			ProhibitedPractice: pro, AnnexIProduct: annexI, AnnexIIIArea: area, ProfilesNaturalPersons: prof, Article63Condition: cnd,
			LegalEffects: legal, ClassifiesOrContactsPersons: classifies, JudgedImpactful: impactful, ImpactOnCitizens: citizens}
		if art50 != "" {
			fs.Article50 = strings.Split(art50, ",")
		}
		o := Derive(fs)
		if o.RuleVersion == "" || len(o.Reasons) == 0 {
			t.Fatalf("geen versie of redenen: %+v", o)
		}
		if len(ValidateFacts(fs)) == 0 {
			checkInvariants(t, fs, o)
		} else {
			g := got(o)
			if !slices.Contains(RiskGroups, g.RiskGroup) || !slices.Contains(EUDatabases, g.EUDatabase) || !slices.Contains(PublicationCategories, g.Category) {
				t.Fatalf("waarde buiten de opsomming: %+v", g)
			}
		}
		_ = Obligations(o, fs)
	})
}

func BenchmarkDerive(b *testing.B) {
	f := ai(func(f *register.Facts) {
		f.Exclusion, f.AnnexIIIArea, f.Article63Condition, f.Article50 = "military_defence_national_security", "7.b", "d", []string{"interacts_with_persons"}
	})
	for b.Loop() {
		Derive(f)
	}
}

// TestEveryRuleFires checks that the table of TestDerive reaches every row of the rule set,
// so no rule path is left untested (and no row is dead).
func TestEveryRuleFires(t *testing.T) {
	fired := map[string]bool{}
	for _, c := range deriveCases() {
		_, ids := Current().derive(c.facts)
		for _, id := range ids {
			fired[id] = true
		}
	}
	// Defensive fallback: an in-scope system with an Annex III area is always high-risk or
	// derogated, so this row cannot fire with the current risk_group table.
	unreachable := map[string]bool{"eu_database/anders": true}
	for _, id := range Current().ruleIDs() {
		if !fired[id] && !unreachable[id] {
			t.Errorf("regel %s wordt door geen testgeval bereikt", id)
		}
	}
}
