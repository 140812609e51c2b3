// Package report computes the register's progress figures and renders the yearly report to
// Parliament (domain.md §10) as HTML, PDF and CSV. Everything here is a pure function of its
// input: the caller loads the data (applying need-to-know) and stores the snapshots.
package report

import (
	"sort"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// The publication categories of the standard, and the keys used for values outside them.
const (
	CategoryA = "Hoog-risico AI-systeem"
	CategoryB = "Impactvolle algoritmes"
	CategoryC = "Overige algoritmes"

	// StatusUnknown is the ByStatus key of a description whose status is not filled in.
	StatusUnknown = "onbekend"
	// CategoryUnknown is the ByCategory key of a description without a publication category.
	CategoryUnknown = "niet bepaald"
)

// The statuses of the standard (v1.0), in the order the report shows them.
var statuses = []string{"In ontwikkeling", "In gebruik", "Buiten gebruik", StatusUnknown}

// The publication categories, in the order the report shows them.
var categories = []string{CategoryA, CategoryB, CategoryC, CategoryUnknown}

// NationalRegisterURL is the public page of a description in the national register; %s is its lars.
const NationalRegisterURL = "https://algoritmes.overheid.nl/nl/algoritme/"

// Input is what the yearly report is computed from. Descriptions are exactly what the report may
// count: the caller has already applied need-to-know.
type Input struct {
	Year            int
	Now             time.Time
	Units           []register.Unit
	Descriptions    []register.Description
	Classifications map[string]register.Classification // by description id
	Assessments     map[string]register.Assessment     // by description id
	Round           *RoundStatus                       // the current inventory round; may be nil
}

// RoundStatus is the state of the current inventory round: which units have declared their
// inventory for the round complete.
type RoundStatus struct {
	Name     string      `json:"name"`     // e.g. "Inventarisatieronde 2026"
	Deadline time.Time   `json:"deadline"` // zero when none was set
	Units    []RoundUnit `json:"units"`    // one per unit taking part
}

// RoundUnit is one unit's part in an inventory round.
type RoundUnit struct {
	Unit        string    `json:"unit"`
	Complete    bool      `json:"complete"`
	CompletedAt time.Time `json:"completed_at"`
}

// RoundFigures summarises the inventory round in the figures.
type RoundFigures struct {
	Name     string    `json:"name"`
	Deadline time.Time `json:"deadline"`
	// Units is the number of units taking part; Complete those that declared their inventory complete.
	Units    int `json:"units"`
	Complete int `json:"complete"`
	// Pending lists the codes of the units that have not, sorted.
	Pending []string `json:"pending"`
}

// UnitFigures are the figures of one unit, or of all units together (Figures.Total).
//
// Every description counts under its own unit. Archived descriptions are retired: they count
// only in Archived and in no other figure.
type UnitFigures struct {
	// Unit is the unit code ("" for the total); Name its name.
	Unit string `json:"unit"`
	Name string `json:"name"`
	// Inventoried: descriptions in the register that are not archived, in any other state.
	Inventoried int `json:"inventoried"`
	// NewThisYear: inventoried descriptions created in the report's year.
	NewThisYear int `json:"new_this_year"`
	// ByStatus: inventoried descriptions by the standard's status (In ontwikkeling, In gebruik,
	// Buiten gebruik; StatusUnknown when empty). Zero counts are left out.
	ByStatus map[string]int `json:"by_status"`
	// ByCategory: inventoried descriptions by the description's publication category (the value
	// that is or will be published, including an assessor's override; CategoryUnknown when empty).
	ByCategory map[string]int `json:"by_category"`
	// ByState: inventoried descriptions by workflow state.
	ByState map[string]int `json:"by_state"`
	// ImpactOnCitizens: inventoried descriptions with impact on citizens: the recorded
	// classification's fact when there is one, otherwise the description's own flag.
	ImpactOnCitizens int `json:"impact_on_citizens"`
	// Classified: inventoried descriptions with recorded classification facts.
	Classified int `json:"classified"`
	// Assessed: inventoried descriptions with a recorded publication assessment (a decision proposed).
	Assessed int `json:"assessed"`
	// DecidedFull, DecidedPartial, DecidedNot: inventoried descriptions on which the approver has
	// decided (state approved, published, not_published or withdrawn, or a revision is public),
	// by the recorded assessment's decision. A description in such a state without an assessment
	// counts in none of the three.
	DecidedFull    int `json:"decided_full"`
	DecidedPartial int `json:"decided_partial"`
	DecidedNot     int `json:"decided_not"`
	// Published: descriptions currently on the public register: state published, or a published
	// revision stays public while its successor is in the workflow (published_revision > 0 and
	// state neither withdrawn nor archived). Withdrawn descriptions are not published.
	Published int `json:"published"`
	// HighRisk: inventoried descriptions in publication category A (Hoog-risico AI-systeem).
	HighRisk int `json:"high_risk"`
	// HighRiskPublished: HighRisk descriptions that are Published.
	HighRiskPublished int `json:"high_risk_published"`
	// ReviewsDue: inventoried descriptions whose assessment's review date (review_on) is on or
	// before the day of AsOf.
	ReviewsDue int `json:"reviews_due"`
	// Archived: archived descriptions, counted here only.
	Archived int `json:"archived"`
}

// Decided is the number of descriptions with a decision of any kind.
func (u UnitFigures) Decided() int { return u.DecidedFull + u.DecidedPartial + u.DecidedNot }

// PublishedEntry is one published description in the report's list.
type PublishedEntry struct {
	ID       string `json:"id"`
	Unit     string `json:"unit"`
	Name     string `json:"name"`
	Category string `json:"category"`
	Lars     string `json:"lars,omitempty"`
	// URL is the description's page in the national register, empty when its lars is unknown.
	URL string `json:"url,omitempty"`
}

// Figures are the report's figures at one moment. They are JSON-serialisable: the caller stores
// them as snapshots (at every publication run and quarter end) so any past report can be reproduced.
type Figures struct {
	Year int       `json:"year"`
	AsOf time.Time `json:"as_of"`
	// Units has one entry per unit of Input.Units (in that order), then one per other unit code
	// found among the descriptions (sorted).
	Units []UnitFigures `json:"units"`
	Total UnitFigures   `json:"total"`
	// Marking is the highest classification among the descriptions counted (archived included).
	Marking register.Level `json:"marking"`
	// Published lists the published descriptions, by unit and name.
	Published []PublishedEntry `json:"published"`
	// NotPublishedGrounds counts, per Woo ground, the descriptions decided not to be published
	// (DecidedNot) that cite it; a description citing two grounds counts under both.
	NotPublishedGrounds map[string]int `json:"not_published_grounds"`
	// PartialGrounds counts, per Woo ground, the descriptions published in part (DecidedPartial)
	// that cite it for the decision or for a redacted or omitted field.
	PartialGrounds map[string]int `json:"partial_grounds"`
	// Round is the inventory round's completeness, nil when no round was given.
	Round *RoundFigures `json:"round,omitempty"`
}

// Unit returns the figures of the unit with that code, or false.
func (f *Figures) Unit(code string) (UnitFigures, bool) {
	for _, u := range f.Units {
		if u.Unit == code {
			return u, true
		}
	}
	return UnitFigures{}, false
}

// decidedStates are the states in which the approver has taken the publication decision.
var decidedStates = map[register.State]bool{
	register.StateApproved: true, register.StatePublished: true,
	register.StateNotPublished: true, register.StateWithdrawn: true,
}

// IsPublished reports whether d is currently on the public register (see UnitFigures.Published).
func IsPublished(d *register.Description) bool {
	if d.State == register.StatePublished {
		return true
	}
	return d.PublishedRevision > 0 && d.State != register.StateWithdrawn && d.State != register.StateArchived
}

// ValidLars reports whether s is a national register id (register.ValidLARS), so the report
// links only to pages that can exist.
func ValidLars(s string) bool { return register.ValidLARS(s) }

func newUnitFigures(code, name string) *UnitFigures {
	return &UnitFigures{Unit: code, Name: name, ByStatus: map[string]int{}, ByCategory: map[string]int{}, ByState: map[string]int{}}
}

// Compute counts the figures of in. It is deterministic: the same input gives the same figures.
func Compute(in Input) Figures {
	f := Figures{
		Year: in.Year, AsOf: in.Now, Marking: register.Ongerubriceerd,
		NotPublishedGrounds: map[string]int{}, PartialGrounds: map[string]int{},
	}
	day := in.Now.Format("2006-01-02")

	byCode := map[string]*UnitFigures{}
	var order []string
	for _, u := range in.Units {
		if _, dup := byCode[u.Code]; dup {
			continue
		}
		byCode[u.Code] = newUnitFigures(u.Code, u.Name)
		order = append(order, u.Code)
	}
	var extra []string
	total := newUnitFigures("", "Totaal")

	for i := range in.Descriptions {
		d := &in.Descriptions[i]
		f.Marking = register.Highest(f.Marking, d.Classification)
		u := byCode[d.Unit]
		if u == nil {
			u = newUnitFigures(d.Unit, d.Unit)
			byCode[d.Unit] = u
			extra = append(extra, d.Unit)
		}
		if d.State == register.StateArchived {
			u.Archived++
			total.Archived++
			continue
		}
		cl, classified := in.Classifications[d.ID]
		as, assessed := in.Assessments[d.ID]
		assessed = assessed && as.Decision != ""
		published := IsPublished(d)
		status := d.Status
		if status == "" {
			status = StatusUnknown
		}
		category := d.PublicationCategory
		if category == "" {
			category = CategoryUnknown
		}
		impact := d.ImpactOnCitizens
		if classified {
			impact = cl.Facts.ImpactOnCitizens
		}
		decided := assessed && (decidedStates[d.State] || d.PublishedRevision > 0)
		for _, t := range [...]*UnitFigures{u, total} {
			t.Inventoried++
			if d.CreatedAt.Year() == in.Year {
				t.NewThisYear++
			}
			t.ByStatus[status]++
			t.ByCategory[category]++
			t.ByState[string(d.State)]++
			if impact {
				t.ImpactOnCitizens++
			}
			if classified {
				t.Classified++
			}
			if assessed {
				t.Assessed++
				if as.ReviewOn != "" && as.ReviewOn <= day {
					t.ReviewsDue++
				}
			}
			if decided {
				switch as.Decision {
				case register.DecisionPublishFull:
					t.DecidedFull++
				case register.DecisionPublishPartial:
					t.DecidedPartial++
				case register.DecisionDoNotPublish:
					t.DecidedNot++
				}
			}
			if published {
				t.Published++
			}
			if category == CategoryA {
				t.HighRisk++
				if published {
					t.HighRiskPublished++
				}
			}
		}
		if decided {
			switch as.Decision {
			case register.DecisionDoNotPublish:
				for _, g := range uniq(as.Grounds) {
					f.NotPublishedGrounds[g]++
				}
			case register.DecisionPublishPartial:
				gs := append([]string(nil), as.Grounds...)
				for _, fd := range as.Fields {
					if fd.Action != register.FieldPublish && fd.Action != "" && fd.Ground != "" {
						gs = append(gs, fd.Ground)
					}
				}
				for _, g := range uniq(gs) {
					f.PartialGrounds[g]++
				}
			}
		}
		if published {
			e := PublishedEntry{ID: d.ID, Unit: d.Unit, Name: d.Name, Category: d.PublicationCategory, Lars: d.Lars}
			if ValidLars(d.Lars) {
				e.URL = NationalRegisterURL + d.Lars
			}
			f.Published = append(f.Published, e)
		}
	}
	sort.Strings(extra)
	for _, code := range append(order, extra...) {
		f.Units = append(f.Units, *byCode[code])
	}
	f.Total = *total
	rank := make(map[string]int, len(f.Units))
	for i, u := range f.Units {
		rank[u.Unit] = i
	}
	sort.SliceStable(f.Published, func(i, j int) bool {
		a, b := f.Published[i], f.Published[j]
		if a.Unit != b.Unit {
			return rank[a.Unit] < rank[b.Unit]
		}
		if la, lb := strings.ToLower(a.Name), strings.ToLower(b.Name); la != lb {
			return la < lb
		}
		return a.ID < b.ID
	})
	if in.Round != nil {
		r := &RoundFigures{Name: in.Round.Name, Deadline: in.Round.Deadline, Pending: []string{}}
		for _, ru := range in.Round.Units {
			r.Units++
			if ru.Complete {
				r.Complete++
			} else {
				r.Pending = append(r.Pending, ru.Unit)
			}
		}
		sort.Strings(r.Pending)
		f.Round = r
	}
	return f
}

// uniq returns the distinct non-empty values of s, in first-seen order.
func uniq(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
