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
		return s.auditListRead(ctx, tx, a, ds)
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
	all, err := tx.AllAssessments(ctx)
	if err != nil {
		return nil, err
	}
	due := map[string]register.Assessment{}
	ids := make([]string, 0, 16)
	for id, asm := range all {
		if asm.Decision == "" || asm.ReviewOn == "" {
			continue
		}
		if _, perr := time.Parse("2006-01-02", asm.ReviewOn); perr != nil || asm.ReviewOn > horizon {
			continue
		}
		due[id] = asm
		ids = append(ids, id)
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
