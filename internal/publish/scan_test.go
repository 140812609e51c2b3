package publish

import (
	"fmt"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

type fk struct{ Field, Kind string }

func findingKeys(fs []Finding) map[fk]bool {
	m := map[fk]bool{}
	for _, f := range fs {
		m[fk{f.Field, f.Kind}] = true
	}
	return m
}

func TestScanCleanItemHasNoFindings(t *testing.T) {
	it := cleanItem()
	if fs := Scan(it, PublicView(it, testConfig()), testConfig()); len(fs) != 0 {
		t.Errorf("findings on a clean description: %+v", fs)
	}
}

func TestScan(t *testing.T) {
	const longSecret = "De sensoren op de fregatten registreren elke nacht de positie van onderzeeboten in het Kanaal."
	tests := []struct {
		name   string
		mutate func(it *Item)
		want   []fk
	}{
		{"redacted text copied verbatim", func(it *Item) {
			it.Desc.MethodsAndModels = longSecret
			*it = withField(*it, "methods_and_models", "redact", "5.1.1.b")
			it.Desc.Goal += " " + longSecret
		}, []fk{{"goal", KindRedactedText}}},
		{"redacted text partially copied, other case, spacing and markup", func(it *Item) {
			it.Desc.MethodsAndModels = "<p>" + longSecret + "</p><p>Tweede zin.</p>"
			*it = withField(*it, "methods_and_models", "omit", "5.1.1.b")
			it.Desc.Risks = "Let op: REGISTREREN ELKE <b>nacht</b>   de positie van\nonderzeeboten in het gebied."
		}, []fk{{"risks", KindRedactedText}}},
		{"short distinctive redacted sentence", func(it *Item) {
			it.Desc.Provider = "Thales Nederland B.V."
			*it = withField(*it, "provider", "redact", "5.1.1.c")
			it.Desc.Tags = "onderhoud, thales nederland b v"
		}, []fk{{"tags", KindRedactedText}}},
		{"redacted list entry reappears", func(it *Item) {
			it.Desc.SourceDataGrouping = []register.Link{{Title: "Inlichtingenbeeld Noordzee", Link: "https://intern.mindef.nl/x"}}
			*it = withField(*it, "source_data_grouping", "redact", "5.1.1.b")
			it.Desc.SourceData = "Het inlichtingenbeeld noordzee wordt gebruikt."
		}, []fk{{"source_data", KindRedactedText}}},
		{"personal e-mail in text", func(it *Item) {
			it.Desc.HumanIntervention = "Vragen aan jan.de.groot@gmail.com of <a>x@y.nl</a>."
		}, []fk{{"human_intervention", KindPersonalEmail}}},
		{"functional mailbox on the allowlist is fine", func(it *Item) {
			it.Desc.HumanIntervention = "Vragen aan servicedesk@functioneel.mindef.nl of algoritmeregister@mindef.nl."
		}, nil},
		{"user name in a list title survives no anonymisation when public is built elsewhere", func(it *Item) {
			it.Desc.ImpacttoetsenGrouping = []register.Link{{Title: "DPIA door Anouk Bakker"}}
		}, nil}, // PublicView replaces the name, so nothing remains to find
		{"contact not on the allowlist", func(it *Item) {
			it.Desc.ContactEmail = "p.jansen@mindef.nl"
		}, []fk{{"contact_email", KindContactNotAllowed}}},
		{"contact URL on the allowlist", func(it *Item) {
			it.Desc.ContactEmail = "https://www.defensie.nl/contact"
		}, nil},
		{"sensitive term, case and diacritics folded, inside HTML", func(it *Item) {
			it.Desc.Goal = "<p>Inzet bij <b>ZEEAREND</b> en bij Den<br>Helder; ook cafe kruiswerk.</p>"
		}, []fk{{"goal", KindSensitiveTerm}}},
		{"sensitive term only on word boundaries", func(it *Item) {
			it.Desc.Goal = "De zeearendnesten en Helderheid van Denhelder."
		}, nil},
		{"CONFIDENTIAL stamp", func(it *Item) { it.Desc.Risks = "Bijlage CONFIDENTIAL" }, []fk{{"risks", KindMarking}}},
		{"classification markings", func(it *Item) {
			it.Desc.Risks = "Zie bijlage (STG. GEHEIM)."
			it.Desc.Tags = "nato restricted"
			it.Desc.Provider = "Departementaal  Vertrouwelijk"
		}, []fk{{"risks", KindMarking}, {"tags", KindMarking}, {"provider", KindMarking}}},
		{"ordinary words are not markings", func(it *Item) {
			it.Desc.Risks = "Het is geen geheim dat gegevens vertrouwelijk worden behandeld; secret sauce."
		}, nil},
		{"capitals stamp is a marking", func(it *Item) {
			it.Desc.Risks = "GEHEIM - niet verspreiden"
		}, []fk{{"risks", KindMarking}}},
		{"required field omitted", func(it *Item) {
			*it = withField(*it, "description_short", "omit", "5.1.1.b")
		}, []fk{{"description_short", KindSchema}}},
		{"do not publish", func(it *Item) {
			it.Assessment.Decision = register.DecisionDoNotPublish
		}, []fk{{"decision", KindDecision}}},
		{"assessment of another revision", func(it *Item) {
			it.Assessment.Revision = 2
		}, []fk{{"decision", KindDecision}}},
		{"field decision without ground", func(it *Item) {
			*it = withField(*it, "risks", "redact", "")
		}, []fk{{"risks", KindDecision}}},
		{"invalid enum and date", func(it *Item) {
			it.Desc.Status = "In use"
			it.Desc.BeginDate = "2023-13"
		}, []fk{{"status", KindSchema}, {"begin_date", KindSchema}}},
		{"too long name", func(it *Item) {
			it.Desc.Name = strings.Repeat("a", 101)
		}, []fk{{"name", KindSchema}}},
		{"bad LARS check digit", func(it *Item) {
			it.Desc.Lars = "12345678"
		}, []fk{{"lars", KindSchema}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it := cleanItem()
			tc.mutate(&it)
			cfg := testConfig()
			fs := Scan(it, PublicView(it, cfg), cfg)
			got := findingKeys(fs)
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("missing finding %v; got %+v", w, fs)
				}
				delete(got, w)
			}
			for k := range got {
				t.Errorf("unexpected finding %v; all: %+v", k, fs)
			}
			for _, f := range fs {
				if f.DescriptionID != "d-1" || f.Name != it.Desc.Name || f.Reason == "" {
					t.Errorf("finding does not name description, field and reason: %+v", f)
				}
			}
		})
	}
}

// TestScanPublicBuiltElsewhere scans a public version that did not go through PublicView:
// the scan must catch what anonymisation would have removed.
func TestScanPublicBuiltElsewhere(t *testing.T) {
	it := cleanItem()
	cfg := testConfig()
	pub := PublicView(it, cfg)
	pub.Risks = "Bel Karel Vermeulen of mail p.jansen@mindef.nl."
	pub.ContactEmail = "k.vermeulen@mindef.nl"
	got := findingKeys(Scan(it, pub, cfg))
	for _, w := range []fk{{"risks", KindPersonName}, {"risks", KindPersonalEmail}, {"contact_email", KindContactNotAllowed}} {
		if !got[w] {
			t.Errorf("missing %v in %v", w, got)
		}
	}
}

func TestFindPhones(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"bel 06-12345678 nu", []string{"06-12345678"}},
		{"bel +31 6 1234 5678.", []string{"+31 6 1234 5678"}},
		{"bel 0031612345678", []string{"0031612345678"}},
		{"bel (070) 123 45 67", []string{"(070) 123 45 67"}},
		{"bel 070-3188188", []string{"070-3188188"}},
		{"bel +31 (0)6 12345678", []string{"+31 (0)6 12345678"}},
		{"bel 06 12 34 56 78", []string{"06 12 34 56 78"}},
		{"bel 0612345678", []string{"0612345678"}},
		{"in 2023-2024 en 2019-05 tot 2021-03", nil},
		{"LARS 11136893, kosten 1.250.000 euro", nil},
		{"versie 0.4 en 1.0", nil},
		{"artikel 5.1, tweede lid", nil},
	}
	for _, tc := range tests {
		got := findPhones(tc.text)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("findPhones(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestValidLars(t *testing.T) {
	// 1113689 → 3·(1+1+6+9) + (1+3+8) = 51+12 = 63 → check digit 3.
	for s, want := range map[string]bool{"11136893": true, "11136890": false, "01136893": false, "1113689": false, "1113689a": false} {
		if got := ValidLars(s); got != want {
			t.Errorf("ValidLars(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzScan(f *testing.F) {
	f.Add("<p>Bel 06-12345678 of STG. GEHEIM</p>", "Zeearend", "x@y.nl")
	f.Add("Karel Vermeulen &amp; Den&nbsp;Helder", "den helder", "https://www.defensie.nl/contact")
	f.Add("\xff\xfe<", "", "")
	f.Add("<<b>script>alert(1)<</b>/script>", "", "")
	f.Fuzz(func(t *testing.T, text, term, contact string) {
		it := cleanItem()
		it.Desc.Goal = text
		it.Desc.Risks = text
		it.Desc.ContactEmail = contact
		it = withField(it, "risks", "redact", "5.1.1.b")
		cfg := testConfig()
		cfg.Terms = append(cfg.Terms, term)
		pub := PublicView(it, cfg)
		fs := Scan(it, pub, cfg)
		if pub.Risks != register.RedactionNotice("5.1.1.b") {
			t.Fatalf("redacted field is %q", pub.Risks)
		}
		if pub.ContactEmail != "" && !onAllowlist(pub.ContactEmail, cfg.ContactAllowlist) {
			t.Fatalf("contact %q went out without being allowed", pub.ContactEmail)
		}
		for _, f := range standardFields {
			if tag := disallowedTag(getField(&pub, f.Name), f.Kind); tag != "" && f.Kind != kindList {
				t.Fatalf("public %s carries markup %q", f.Name, tag)
			}
		}
		for _, f := range fs {
			if f.Field == "" || f.Kind == "" || f.Reason == "" {
				t.Fatalf("incomplete finding %+v", f)
			}
		}
	})
}
