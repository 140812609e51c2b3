package report

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// realEntry is one algorithm of the national register's overview (../shared/data).
type realEntry struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

var (
	realOnce    sync.Once
	realEntries []realEntry
	realErr     error
)

// realNames loads the national register's overview: real names (with their odd characters) and
// real lars ids for the seeded descriptions.
func realNames(tb testing.TB) []realEntry {
	tb.Helper()
	realOnce.Do(func() {
		var b []byte
		b, realErr = os.ReadFile("../../../shared/data/algoritmeregister-overzicht-2026-08-08.json")
		if realErr != nil {
			return
		}
		var doc struct {
			Algoritmes []realEntry `json:"algoritmes"`
		}
		realErr = json.Unmarshal(b, &doc)
		realEntries = doc.Algoritmes
	})
	if realErr != nil {
		tb.Fatalf("real data: %v", realErr)
	}
	if len(realEntries) == 0 {
		tb.Fatal("real data: no algorithms in the overview")
	}
	return realEntries
}

var seedNow = time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)

func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.Intn(len(xs))] }

// seedInput generates a register of n descriptions across the demo units (and one unit that is
// not in the unit list), all states, statuses, categories, levels, classifications and
// assessments, reproducibly from seed.
func seedInput(tb testing.TB, n int, seed int64) Input {
	tb.Helper()
	real := realNames(tb)
	r := rand.New(rand.NewSource(seed))
	in := Input{
		Year: 2026, Now: seedNow, Units: register.DemoUnits,
		Classifications: map[string]register.Classification{},
		Assessments:     map[string]register.Assessment{},
	}
	codes := []string{}
	for _, u := range register.DemoUnits {
		codes = append(codes, u.Code)
	}
	levels := []register.Level{register.Ongerubriceerd, register.Ongerubriceerd, register.Ongerubriceerd, register.DepVertrouwelijk, register.StgConfidentieel}
	if seed%2 == 1 {
		levels = append(levels, register.StgGeheim)
	}
	decisions := []string{register.DecisionPublishFull, register.DecisionPublishFull, register.DecisionPublishPartial, register.DecisionDoNotPublish}
	for i := 0; i < n; i++ {
		e := real[r.Intn(len(real))]
		unit := pick(r, codes...)
		if r.Intn(200) == 0 {
			unit = "JSF" // a unit code not in the unit list still counts, under its own column
		}
		d := register.Description{
			ID: fmt.Sprintf("d%05d", i), Unit: unit, Revision: 1 + r.Intn(4),
			Classification: pick(r, levels...),
			State:          pick(r, register.States...),
			CreatedAt:      time.Date(2024+r.Intn(3), time.Month(1+r.Intn(12)), 1+r.Intn(28), 9, 0, 0, 0, time.UTC),
		}
		d.Name = e.Title
		d.Status = pick(r, "In gebruik", "In gebruik", "In ontwikkeling", "Buiten gebruik", "")
		d.PublicationCategory = pick(r, CategoryA, CategoryB, CategoryC, CategoryC, "")
		d.ImpactOnCitizens = r.Intn(3) == 0
		if r.Intn(10) < 7 {
			d.Lars = e.ID
		}
		switch d.State {
		case register.StatePublished:
			d.PublishedRevision = d.Revision
		case register.StateConcept, register.StateSubmitted, register.StateWithdrawn, register.StateNotPublished, register.StateArchived:
			if r.Intn(5) == 0 { // an earlier revision was published
				d.PublishedRevision = 1
			}
		}
		if r.Intn(10) < 7 {
			in.Classifications[d.ID] = register.Classification{DescriptionID: d.ID, Facts: register.Facts{IsAlgorithm: true, ImpactOnCitizens: r.Intn(3) == 0}}
		}
		if r.Intn(10) < 6 {
			a := register.Assessment{DescriptionID: d.ID, Decision: pick(r, decisions...)}
			if r.Intn(20) == 0 {
				a.Decision = "" // a draft without a decision
			}
			if a.Decision != register.DecisionPublishFull {
				for k := 0; k < 1+r.Intn(2); k++ {
					a.Grounds = append(a.Grounds, pick(r, "5.1.1.b", "5.1.1.b", "5.1.2.a", "5.1.2.h", "5.1.2.e"))
				}
				a.ReviewOn = time.Date(2026+r.Intn(2), time.Month(1+r.Intn(12)), 1+r.Intn(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
			}
			if a.Decision == register.DecisionPublishPartial {
				a.Fields = map[string]register.FieldDecision{
					"methods_and_models": {Action: register.FieldRedact, Ground: pick(r, "5.1.2.h", "5.1.2.i")},
					"provider":           {Action: register.FieldPublish},
				}
			}
			in.Assessments[d.ID] = a
		}
		in.Descriptions = append(in.Descriptions, d)
	}
	in.Round = &RoundStatus{Name: "Inventarisatieronde 2026", Deadline: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)}
	for _, c := range codes {
		in.Round.Units = append(in.Round.Units, RoundUnit{Unit: c, Complete: r.Intn(4) != 0})
	}
	return in
}

// seedReport is a report with a previous year and quarterly snapshots, all computed from seeded
// registers of growing size.
func seedReport(tb testing.TB, n int) Report {
	tb.Helper()
	cur := Compute(seedInput(tb, n, 1))
	prevIn := seedInput(tb, n*3/4, 2)
	prevIn.Year, prevIn.Now = 2025, time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)
	prev := Compute(prevIn)
	rep := Report{Current: cur, Previous: &prev}
	for q, size := range []int{n * 8 / 10, n * 85 / 100, n * 9 / 10} {
		in := seedInput(tb, size, int64(10+q))
		in.Now = time.Date(2026, time.Month(3*(q+1)+1), 0, 17, 0, 0, 0, time.UTC)
		rep.Trend = append(rep.Trend, Compute(in))
	}
	return rep
}
