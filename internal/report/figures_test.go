package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

var day = time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC)

func desc(id, unit string, state register.State, mod func(*register.Description)) register.Description {
	d := register.Description{ID: id, Unit: unit, State: state, Classification: register.Ongerubriceerd,
		CreatedAt: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}
	if mod != nil {
		mod(&d)
	}
	return d
}

// TestComputeDefinitions pins the meaning of each figure on small, hand-made registers.
func TestComputeDefinitions(t *testing.T) {
	units := []register.Unit{{Code: "BS", Name: "Bestuursstaf"}, {Code: "KMAR", Name: "Koninklijke Marechaussee"}}
	tests := []struct {
		name  string
		descs []register.Description
		cls   map[string]register.Classification
		as    map[string]register.Assessment
		check func(t *testing.T, f Figures)
	}{
		{
			name: "archived counts only as archived",
			descs: []register.Description{
				desc("a", "BS", register.StateArchived, func(d *register.Description) { d.PublishedRevision = 2; d.PublicationCategory = CategoryA }),
				desc("b", "BS", register.StateConcept, nil),
			},
			check: func(t *testing.T, f Figures) {
				bs, _ := f.Unit("BS")
				want := UnitFigures{Unit: "BS", Name: "Bestuursstaf", Inventoried: 1, Archived: 1,
					ByStatus: map[string]int{StatusUnknown: 1}, ByCategory: map[string]int{CategoryUnknown: 1}, ByState: map[string]int{"concept": 1}}
				if d := cmp.Diff(want, bs); d != "" {
					t.Error(d)
				}
			},
		},
		{
			name: "published: state published, or an earlier revision still public; never withdrawn",
			descs: []register.Description{
				desc("a", "BS", register.StatePublished, nil),
				desc("b", "BS", register.StateConcept, func(d *register.Description) { d.PublishedRevision = 1 }),
				desc("c", "BS", register.StateWithdrawn, func(d *register.Description) { d.PublishedRevision = 1 }),
				desc("d", "BS", register.StateApproved, nil),
			},
			check: func(t *testing.T, f Figures) {
				if f.Total.Published != 2 || len(f.Published) != 2 {
					t.Errorf("published %d, listed %d; want 2", f.Total.Published, len(f.Published))
				}
			},
		},
		{
			name: "high risk is category A; published high risk against all",
			descs: []register.Description{
				desc("a", "KMAR", register.StatePublished, func(d *register.Description) { d.PublicationCategory = CategoryA }),
				desc("b", "KMAR", register.StateAssessed, func(d *register.Description) { d.PublicationCategory = CategoryA }),
				desc("c", "KMAR", register.StatePublished, func(d *register.Description) { d.PublicationCategory = CategoryB }),
			},
			check: func(t *testing.T, f Figures) {
				k, _ := f.Unit("KMAR")
				if k.HighRisk != 2 || k.HighRiskPublished != 1 || k.ByCategory[CategoryB] != 1 {
					t.Errorf("got %+v", k)
				}
			},
		},
		{
			name: "impact on citizens: the classification's fact wins over the description's flag",
			descs: []register.Description{
				desc("a", "BS", register.StateConcept, func(d *register.Description) { d.ImpactOnCitizens = true }),
				desc("b", "BS", register.StateConcept, func(d *register.Description) { d.ImpactOnCitizens = true }),
				desc("c", "BS", register.StateConcept, nil),
			},
			cls: map[string]register.Classification{
				"b": {Facts: register.Facts{ImpactOnCitizens: false}},
				"c": {Facts: register.Facts{ImpactOnCitizens: true}},
			},
			check: func(t *testing.T, f Figures) {
				if f.Total.ImpactOnCitizens != 2 || f.Total.Classified != 2 {
					t.Errorf("impact %d classified %d, want 2 and 2", f.Total.ImpactOnCitizens, f.Total.Classified)
				}
			},
		},
		{
			name: "decided only once the approver acted; assessed as soon as a decision is recorded",
			descs: []register.Description{
				desc("a", "BS", register.StateAssessed, nil),
				desc("b", "BS", register.StateApproved, nil),
				desc("c", "BS", register.StateNotPublished, nil),
				desc("d", "BS", register.StateConcept, func(d *register.Description) { d.PublishedRevision = 1 }),
				desc("e", "BS", register.StateApproved, nil), // no assessment: in no decision figure
				desc("f", "BS", register.StateApproved, nil), // an assessment without a decision
			},
			as: map[string]register.Assessment{
				"a": {Decision: register.DecisionDoNotPublish, Grounds: []string{"5.1.1.b"}},
				"b": {Decision: register.DecisionPublishFull},
				"c": {Decision: register.DecisionDoNotPublish, Grounds: []string{"5.1.1.b", "5.1.2.h", "5.1.1.b"}},
				"d": {Decision: register.DecisionPublishPartial, Grounds: []string{"5.1.2.e"},
					Fields: map[string]register.FieldDecision{
						"provider":           {Action: register.FieldOmit, Ground: "5.1.2.f"},
						"methods_and_models": {Action: register.FieldRedact, Ground: "5.1.2.e"},
						"goal":               {Action: register.FieldPublish, Ground: "5.1.2.i"},
					}},
				"f": {},
			},
			check: func(t *testing.T, f Figures) {
				tot := f.Total
				if tot.Assessed != 4 || tot.DecidedFull != 1 || tot.DecidedPartial != 1 || tot.DecidedNot != 1 {
					t.Errorf("assessed %d, decided %d/%d/%d; want 4, 1/1/1", tot.Assessed, tot.DecidedFull, tot.DecidedPartial, tot.DecidedNot)
				}
				if d := cmp.Diff(map[string]int{"5.1.1.b": 1, "5.1.2.h": 1}, f.NotPublishedGrounds); d != "" {
					t.Errorf("not published grounds: %s", d)
				}
				if d := cmp.Diff(map[string]int{"5.1.2.e": 1, "5.1.2.f": 1}, f.PartialGrounds); d != "" {
					t.Errorf("partial grounds: %s", d)
				}
			},
		},
		{
			name: "reviews due on or before the day of the figures",
			descs: []register.Description{
				desc("a", "BS", register.StateNotPublished, nil),
				desc("b", "BS", register.StateNotPublished, nil),
				desc("c", "BS", register.StateNotPublished, nil),
			},
			as: map[string]register.Assessment{
				"a": {Decision: register.DecisionDoNotPublish, ReviewOn: "2026-12-31"},
				"b": {Decision: register.DecisionDoNotPublish, ReviewOn: "2027-01-01"},
				"c": {Decision: register.DecisionDoNotPublish, ReviewOn: "2025-06-30"},
			},
			check: func(t *testing.T, f Figures) {
				if f.Total.ReviewsDue != 2 {
					t.Errorf("reviews due %d, want 2", f.Total.ReviewsDue)
				}
			},
		},
		{
			name: "units in the given order, then unknown codes sorted; totals add up",
			descs: []register.Description{
				desc("a", "ZZ", register.StateConcept, nil),
				desc("b", "AA", register.StateConcept, nil),
				desc("c", "KMAR", register.StateConcept, func(d *register.Description) { d.CreatedAt = day }),
			},
			check: func(t *testing.T, f Figures) {
				var codes []string
				for _, u := range f.Units {
					codes = append(codes, u.Unit)
				}
				if d := cmp.Diff([]string{"BS", "KMAR", "AA", "ZZ"}, codes); d != "" {
					t.Error(d)
				}
				if f.Total.Inventoried != 3 || f.Total.NewThisYear != 1 {
					t.Errorf("total %+v", f.Total)
				}
			},
		},
		{
			name: "marking is the highest level counted, archived included",
			descs: []register.Description{
				desc("a", "BS", register.StateConcept, func(d *register.Description) { d.Classification = register.DepVertrouwelijk }),
				desc("b", "BS", register.StateArchived, func(d *register.Description) { d.Classification = register.StgConfidentieel }),
			},
			check: func(t *testing.T, f Figures) {
				if f.Marking != register.StgConfidentieel {
					t.Errorf("marking %s", f.Marking)
				}
			},
		},
		{
			name: "a national register link only for a well-formed lars",
			descs: []register.Description{
				desc("a", "BS", register.StatePublished, func(d *register.Description) { d.Lars = "11136893"; d.Name = "B" }),
				desc("b", "BS", register.StatePublished, func(d *register.Description) { d.Lars = "1234"; d.Name = "a" }),
			},
			check: func(t *testing.T, f Figures) {
				want := []PublishedEntry{
					{ID: "b", Unit: "BS", Name: "a", Lars: "1234"},
					{ID: "a", Unit: "BS", Name: "B", Lars: "11136893", URL: "https://algoritmes.overheid.nl/nl/algoritme/11136893"},
				}
				if d := cmp.Diff(want, f.Published); d != "" {
					t.Error(d)
				}
			},
		},
		{
			name:  "an empty register",
			descs: nil,
			check: func(t *testing.T, f Figures) {
				if f.Total.Inventoried != 0 || len(f.Units) != 2 || f.Marking != register.Ongerubriceerd {
					t.Errorf("%+v", f)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Compute(Input{Year: 2026, Now: day, Units: units, Descriptions: tt.descs, Classifications: tt.cls, Assessments: tt.as})
			tt.check(t, f)
		})
	}
}

func TestComputeRound(t *testing.T) {
	f := Compute(Input{Year: 2026, Now: day, Round: &RoundStatus{Name: "Ronde 2026", Units: []RoundUnit{
		{Unit: "MIVD"}, {Unit: "BS", Complete: true}, {Unit: "CLAS"},
	}}})
	want := &RoundFigures{Name: "Ronde 2026", Units: 3, Complete: 1, Pending: []string{"CLAS", "MIVD"}}
	if d := cmp.Diff(want, f.Round); d != "" {
		t.Error(d)
	}
}

// TestSnapshotReproducesReport proves a past report can be reproduced from stored snapshots:
// figures stored as JSON and read back render to exactly the same HTML, PDF and CSV.
func TestSnapshotReproducesReport(t *testing.T) {
	rep := seedReport(t, 300)
	var snap []byte
	var err error
	if snap, err = json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(snap, &back); err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(*bytes.Buffer, Report) error{
		"html": func(b *bytes.Buffer, r Report) error { return WriteHTML(b, r) },
		"pdf":  func(b *bytes.Buffer, r Report) error { return WritePDF(b, r) },
		"csv":  func(b *bytes.Buffer, r Report) error { return WriteCSV(b, r) },
	} {
		var a, b bytes.Buffer
		if err := write(&a, rep); err != nil {
			t.Fatal(err)
		}
		if err := write(&b, back); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: the report from the JSON snapshot differs from the original", name)
		}
	}
}

func TestReportMarkingIncludesSnapshots(t *testing.T) {
	prev := Figures{Marking: register.StgGeheim}
	r := Report{Current: Figures{Marking: register.DepVertrouwelijk}, Previous: &prev, Trend: []Figures{{Marking: register.StgConfidentieel}}}
	if got := r.Marking(); got != register.StgGeheim {
		t.Errorf("marking %s, want %s", got, register.StgGeheim)
	}
}

func TestNum(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 20000: "20.000", 1234567: "1.234.567", -4200: "-4.200"} {
		if got := num(n); got != want {
			t.Errorf("num(%d) = %q, want %q", n, got, want)
		}
	}
}
