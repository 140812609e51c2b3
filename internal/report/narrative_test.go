package report

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func figs(year int, t UnitFigures) Figures {
	return Figures{Year: year, AsOf: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC), Total: t}
}

// TestNarrativeGolden renders the narrative for zero, one and many of every figure, with and
// without a previous report, and compares it with testdata/narrative.golden (-update rewrites it).
func TestNarrativeGolden(t *testing.T) {
	one := UnitFigures{Inventoried: 1, NewThisYear: 1, Archived: 1, Published: 1, HighRisk: 1, HighRiskPublished: 1,
		ImpactOnCitizens: 1, DecidedFull: 1, ReviewsDue: 1}
	many := UnitFigures{Inventoried: 1412, NewThisYear: 38, Archived: 12, Published: 412, HighRisk: 9, HighRiskPublished: 7,
		ImpactOnCitizens: 120, DecidedFull: 300, DecidedPartial: 112, DecidedNot: 30, ReviewsDue: 4}
	allHigh := many
	allHigh.HighRiskPublished = 9
	prev := figs(2025, UnitFigures{Inventoried: 1374, Published: 1})
	prevSame := figs(2025, UnitFigures{Inventoried: 1412})
	prevOld := figs(2023, UnitFigures{Inventoried: 1500, Published: 0})
	withRound := func(f Figures, units, complete int, pending ...string) Figures {
		f.Round = &RoundFigures{Name: "Inventarisatieronde 2026", Units: units, Complete: complete, Pending: pending}
		return f
	}
	manyFigs := figs(2026, many)
	manyFigs.NotPublishedGrounds = map[string]int{"5.1.2.h": 12, "5.1.1.b": 12, "5.1.2.a": 3}
	oneFigs := figs(2026, one)
	oneFigs.NotPublishedGrounds = map[string]int{"5.1.2.e": 1}
	scenarios := []struct {
		name string
		r    Report
	}{
		{"leeg register", Report{Current: figs(2026, UnitFigures{})}},
		{"leeg register, ronde niet begonnen", Report{Current: withRound(figs(2026, UnitFigures{}), 8, 0)}},
		{"van alles één", Report{Current: withRound(oneFigs, 8, 1, "BS", "CLAS", "CLSK", "CZSK", "DMO", "DOSCO", "MIVD"), Previous: &prevSame}},
		{"één algoritme, niets besloten", Report{Current: figs(2026, UnitFigures{Inventoried: 1, HighRisk: 1})}},
		{"veel, meer dan vorig jaar", Report{Current: withRound(manyFigs, 8, 6, "KMAR", "MIVD"), Previous: &prev}},
		{"veel, evenveel als vorig jaar, alle hoog-risico gepubliceerd", Report{Current: withRound(figs(2026, allHigh), 8, 8), Previous: &prevSame}},
		{"minder dan in een ouder verslag", Report{Current: figs(2026, many), Previous: &prevOld}},
		{"niets gepubliceerd", Report{Current: figs(2026, UnitFigures{Inventoried: 5, HighRisk: 2, ImpactOnCitizens: 0}), Previous: &prevOld}},
	}
	var b strings.Builder
	for _, s := range scenarios {
		b.WriteString("== " + s.name + " ==\n")
		for _, line := range Narrative(s.r) {
			b.WriteString(line + "\n")
		}
		b.WriteString("\n")
	}
	path := filepath.Join("testdata", "narrative.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("narrative differs from %s (run with -update after checking):\n%s", path, got)
	}
}
