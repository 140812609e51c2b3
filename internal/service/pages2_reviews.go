package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// ReviewsDue returns the publication decisions whose review date has passed or falls within
// the given time from now, over the descriptions a may see: per unit, then soonest first.
// Every recorded assessment is looked at (one query), so no decision is missed however large
// the register is; archived descriptions no longer need a review.
func (s *Service) ReviewsDue(ctx context.Context, a Actor, within time.Duration) ([]ReviewDue, error) {
	if a.User == nil {
		return nil, register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld.")
	}
	var out []ReviewDue
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		if out, err = s.reviewsDue(ctx, tx, access.ListScope(a.User), within); err != nil {
			return err
		}
		ds := make([]register.Description, len(out))
		for i := range out {
			ds[i] = out[i].Description
		}
		return s.auditListReadTx(ctx, tx, a, ds)
	})
	return out, err
}

// reviewsDue finds the due reviews within scope: the assessments come from one read of all of
// them, and only the descriptions they belong to are loaded, through the store's scope, so a
// hidden description is never returned.
func (s *Service) reviewsDue(ctx context.Context, tx register.Tx, scope register.Scope, within time.Duration) ([]ReviewDue, error) {
	now := tx.Now()
	today := now.Format("2006-01-02")
	horizon := now.Add(within).Format("2006-01-02")
	all, err := tx.AssessmentsDue(ctx, horizon)
	if err != nil {
		return nil, err
	}
	due := map[string]register.Assessment{}
	ids := make([]string, 0, 16)
	for _, asm := range all {
		if asm.Decision == "" {
			continue
		}
		if _, perr := time.Parse("2006-01-02", asm.ReviewOn); perr != nil {
			continue
		}
		due[asm.DescriptionID] = asm
		ids = append(ids, asm.DescriptionID)
	}
	out := []ReviewDue{}
	if len(ids) == 0 {
		return out, nil
	}
	slices.Sort(ids)
	ds, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, IDs: ids, Sort: "unit"})
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.State == register.StateArchived {
			continue
		}
		asm := due[d.ID]
		out = append(out, ReviewDue{Description: d, ReviewOn: asm.ReviewOn, Overdue: asm.ReviewOn <= today, Decision: asm.Decision})
	}
	slices.SortStableFunc(out, func(x, y ReviewDue) int {
		if c := strings.Compare(x.Description.Unit, y.Description.Unit); c != 0 {
			return c
		}
		if c := strings.Compare(x.ReviewOn, y.ReviewOn); c != 0 {
			return c
		}
		return strings.Compare(x.Description.ID, y.Description.ID)
	})
	return out, nil
}

// soonestReviews returns how many reviews are due within scope and horizon, and the soonest
// limit of them, loading only those descriptions: the dashboard shows a few, and reading every
// due description on a large register made it slow.
func (s *Service) soonestReviews(ctx context.Context, tx register.Tx, scope register.Scope, within time.Duration, limit int) (int, []ReviewDue, error) {
	now := tx.Now()
	today := now.Format("2006-01-02")
	all, err := tx.AssessmentsDue(ctx, now.Add(within).Format("2006-01-02"))
	if err != nil {
		return 0, nil, err
	}
	due := map[string]register.Assessment{}
	var ids []string
	for _, asm := range all {
		if _, perr := time.Parse("2006-01-02", asm.ReviewOn); asm.Decision == "" || perr != nil {
			continue
		}
		due[asm.DescriptionID] = asm
		ids = append(ids, asm.DescriptionID)
	}
	if len(ids) == 0 {
		return 0, []ReviewDue{}, nil
	}
	// the total over what the scope sees, archived ones not counted: two counts, no documents read
	_, visible, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, IDs: ids, Limit: 1})
	if err != nil {
		return 0, nil, err
	}
	_, archived, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, IDs: ids, State: register.StateArchived, Limit: 1})
	if err != nil {
		return 0, nil, err
	}
	slices.SortFunc(ids, func(x, y string) int {
		if c := strings.Compare(due[x].ReviewOn, due[y].ReviewOn); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	})
	out := []ReviewDue{}
	for start := 0; start < len(ids) && len(out) < limit; start += 4 * limit {
		chunk := ids[start:min(start+4*limit, len(ids))]
		ds, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, IDs: chunk})
		if err != nil {
			return 0, nil, err
		}
		for _, d := range ds { // in chunk order: soonest first
			if d.State == register.StateArchived || len(out) == limit {
				continue
			}
			asm := due[d.ID]
			out = append(out, ReviewDue{Description: d, ReviewOn: asm.ReviewOn, Overdue: asm.ReviewOn <= today, Decision: asm.Decision})
		}
	}
	return visible - archived, out, nil
}
