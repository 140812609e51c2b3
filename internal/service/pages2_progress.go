package service

import (
	"context"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/report"
)

// Progress measures: the figures of report.UnitFigures that a progress overview shows, by the
// name a link to their list uses. "status:X", "category:X" and "state:X" name one entry of
// ByStatus, ByCategory and ByState.
const (
	MeasureInventoried       = "inventoried"
	MeasureNewThisYear       = "new"
	MeasureImpact            = "impact"
	MeasureClassified        = "classified"
	MeasureAssessed          = "assessed"
	MeasureDecidedFull       = "decided_full"
	MeasureDecidedPartial    = "decided_partial"
	MeasureDecidedNot        = "decided_not"
	MeasurePublished         = "published"
	MeasureHighRisk          = "high_risk"
	MeasureHighRiskPublished = "high_risk_published"
	MeasureReviewsDue        = "reviews_due"
	MeasureArchived          = "archived"
)

// MeasureValue returns the figure that measure names in u, and false for an unknown measure.
func MeasureValue(u report.UnitFigures, measure string) (int, bool) {
	if k, v, ok := strings.Cut(measure, ":"); ok {
		switch k {
		case "status":
			return u.ByStatus[v], true
		case "category":
			return u.ByCategory[v], true
		case "state":
			return u.ByState[v], true
		}
		return 0, false
	}
	switch measure {
	case MeasureInventoried:
		return u.Inventoried, true
	case MeasureNewThisYear:
		return u.NewThisYear, true
	case MeasureImpact:
		return u.ImpactOnCitizens, true
	case MeasureClassified:
		return u.Classified, true
	case MeasureAssessed:
		return u.Assessed, true
	case MeasureDecidedFull:
		return u.DecidedFull, true
	case MeasureDecidedPartial:
		return u.DecidedPartial, true
	case MeasureDecidedNot:
		return u.DecidedNot, true
	case MeasurePublished:
		return u.Published, true
	case MeasureHighRisk:
		return u.HighRisk, true
	case MeasureHighRiskPublished:
		return u.HighRiskPublished, true
	case MeasureReviewsDue:
		return u.ReviewsDue, true
	case MeasureArchived:
		return u.Archived, true
	}
	return 0, false
}

// ProgressQuery selects the descriptions behind one number of the progress overview.
type ProgressQuery struct {
	Year    int
	Unit    string // a unit code; "" for all units
	Measure string // see MeasureValue
	Page    int    // from 1
	// PageSize is 1..500 (default 50).
	PageSize int
}

// ProgressItems returns exactly the descriptions one figure of Progress counts (a page of them,
// by name, and how many there are in all), over what a may see. Each description is counted by
// report.Compute itself, so the list and the number can never disagree.
func (s *Service) ProgressItems(ctx context.Context, a Actor, q ProgressQuery) ([]register.Description, int, error) {
	if !access.CanGlobal(a.User, access.Report) {
		return nil, 0, register.Errorf(register.EFORBIDDEN, "U mag het voortgangsoverzicht niet inzien.")
	}
	if _, ok := MeasureValue(report.UnitFigures{}, q.Measure); !ok {
		return nil, 0, register.Invalid([]register.FieldProblem{problem("measure", "is geen bekend onderdeel van het voortgangsoverzicht")})
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 || q.PageSize > 500 {
		q.PageSize = 50
	}
	var page []register.Description
	total := 0
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		if q.Year == 0 {
			q.Year = tx.Now().Year()
		}
		in, err := s.reportInput(ctx, tx, a, q.Year)
		if err != nil {
			return err
		}
		one := in
		one.Units, one.Round = nil, nil
		lo := (q.Page - 1) * q.PageSize
		for i := range in.Descriptions {
			d := &in.Descriptions[i]
			if q.Unit != "" && d.Unit != q.Unit {
				continue
			}
			one.Descriptions = in.Descriptions[i : i+1]
			if n, _ := MeasureValue(report.Compute(one).Total, q.Measure); n == 0 {
				continue
			}
			if total >= lo && len(page) < q.PageSize {
				page = append(page, *d)
			}
			total++
		}
		if page == nil {
			page = []register.Description{}
		}
		return s.auditListReadTx(ctx, tx, a, page)
	})
	return page, total, err
}
