package service

import (
	"context"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// Dashboard is one user's overview: their descriptions by workflow state, what waits for them
// (per their role) and the decisions not to publish whose review date is near or past.
type Dashboard struct {
	ByState    map[register.State]int
	Total      int
	Waiting    []WaitingList
	ReviewsDue []ReviewDue
	// ReviewsTotal is how many reviews are due in all; ReviewsDue holds the soonest few.
	ReviewsTotal int
	// Marking is the highest classification level among the descriptions shown.
	Marking register.Level
}

// WaitingList is one kind of work waiting for the user: the action, the state it starts from,
// how many there are and the first few.
type WaitingList struct {
	Action register.Action
	State  register.State
	Total  int
	Items  []register.Description
}

// ReviewDue is a decision whose review date falls within the next 60 days, or has passed.
type ReviewDue struct {
	Description register.Description
	ReviewOn    string
	Overdue     bool
	// Decision is the assessment's decision (publish_partial, do_not_publish, …).
	Decision string
}

// dashboardWork says which states wait for which role: editors submit concepts, coordinators
// submit concepts and review what was submitted, assessors assess, approvers decide.
var dashboardWork = map[register.Role][]struct {
	action register.Action
	state  register.State
}{
	register.RoleEditor:      {{register.ActionSubmit, register.StateConcept}},
	register.RoleCoordinator: {{register.ActionSubmit, register.StateConcept}, {register.ActionReturn, register.StateSubmitted}},
	register.RoleAssessor:    {{register.ActionAssess, register.StateSubmitted}},
	register.RoleApprover:    {{register.ActionApprove, register.StateAssessed}},
	register.RoleAdmin:       {{register.ActionSubmit, register.StateConcept}, {register.ActionAssess, register.StateSubmitted}},
}

// dashboardItems is how many descriptions a waiting list shows.
const dashboardItems = 8

// reviewHorizon is how far ahead reviews count as due.
const reviewHorizon = 60 * 24 * time.Hour

// Dashboard returns the overview for a, in one transaction (counts use the store's own scope,
// so hidden descriptions are never counted).
func (s *Service) Dashboard(ctx context.Context, a Actor) (*Dashboard, error) {
	if a.User == nil {
		return nil, register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld.")
	}
	scope := access.ListScope(a.User)
	out := &Dashboard{ByState: map[register.State]int{}, Marking: register.Ongerubriceerd}
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		for _, st := range register.States {
			_, n, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, State: st, Limit: 1})
			if err != nil {
				return err
			}
			out.ByState[st] = n
			out.Total += n
		}
		for _, w := range dashboardWork[a.User.Role] {
			items, n, err := tx.ListDescriptions(ctx, register.Filter{Scope: scope, State: w.state, Sort: "-updated", Limit: dashboardItems})
			if err != nil {
				return err
			}
			out.Waiting = append(out.Waiting, WaitingList{Action: w.action, State: w.state, Total: n, Items: items})
			out.Marking = register.Highest(out.Marking, Marking(items))
		}
		// Reviews: decisions not to publish (and partial ones) carry a review date. All recorded
		// assessments are read in one query, so none is missed on a large register.
		total, due, err := s.soonestReviews(ctx, tx, scope, reviewHorizon, dashboardItems)
		if err != nil {
			return err
		}
		out.ReviewsTotal, out.ReviewsDue = total, due
		for _, r := range out.ReviewsDue {
			out.Marking = register.Highest(out.Marking, r.Description.Classification)
		}
		return nil
	})
	return out, err
}
