// Package workflow is the description workflow of domain.md §9 as a transition table.
package workflow

import "github.com/defensie/algoreg/internal/register"

// Step is one row of the transition table: an action allowed from some states, leading to one.
type Step struct {
	Action register.Action
	From   []register.State
	To     register.State
	// NeedsComment: the action must carry a comment (return explains why).
	NeedsComment bool
	// System: taken by a publication run, never by a person through the API.
	System bool
}

// Table is the workflow. Anything not in it is refused.
var Table = []Step{
	{Action: register.ActionSubmit, From: []register.State{register.StateConcept}, To: register.StateSubmitted},
	{Action: register.ActionAssess, From: []register.State{register.StateSubmitted}, To: register.StateAssessed},
	{Action: register.ActionApprove, From: []register.State{register.StateAssessed}, To: register.StateApproved},
	{Action: register.ActionDecline, From: []register.State{register.StateAssessed}, To: register.StateNotPublished},
	{Action: register.ActionPublish, From: []register.State{register.StateApproved}, To: register.StatePublished, System: true},
	{Action: register.ActionWithdraw, From: []register.State{register.StatePublished}, To: register.StateWithdrawn},
	{Action: register.ActionReturn, From: []register.State{register.StateSubmitted, register.StateAssessed, register.StateApproved, register.StateNotPublished}, To: register.StateConcept, NeedsComment: true},
	{Action: register.ActionArchive, From: []register.State{register.StateConcept, register.StateSubmitted, register.StateAssessed, register.StateApproved, register.StateNotPublished, register.StatePublished, register.StateWithdrawn}, To: register.StateArchived},
}

// Lookup returns the step for an action, or false for an unknown action.
func Lookup(a register.Action) (Step, bool) {
	for _, s := range Table {
		if s.Action == a {
			return s, true
		}
	}
	return Step{}, false
}

// Next returns the state after taking action a from state s, or an error saying why not.
func Next(s register.State, a register.Action) (Step, error) {
	step, ok := Lookup(a)
	if !ok {
		return Step{}, register.Invalid([]register.FieldProblem{{Name: "action", Reason: "onbekende actie " + quote(string(a))}})
	}
	for _, f := range step.From {
		if f == s {
			return step, nil
		}
	}
	return Step{}, register.Errorf(register.ECONFLICT, "De actie %s kan niet in de status %s.", ActionLabel(a), StateLabel(s))
}

// Available lists the actions a person may take from state s (before role checks).
func Available(s register.State) []register.Action {
	var out []register.Action
	for _, step := range Table {
		if step.System {
			continue
		}
		for _, f := range step.From {
			if f == s {
				out = append(out, step.Action)
			}
		}
	}
	return out
}

// AfterEdit is the state a description is in after its content is edited: an edit of a
// reviewed, published or withdrawn entry starts a new concept (the published version stays public
// until its successor is published); an archived entry stays archived.
func AfterEdit(s register.State) register.State {
	if s == register.StateArchived {
		return s
	}
	return register.StateConcept
}

// StateLabel is the Dutch label of a state (register.State.Label).
func StateLabel(s register.State) string { return s.Label() }

// ActionLabel is the Dutch label of an action.
func ActionLabel(a register.Action) string {
	switch a {
	case register.ActionSubmit:
		return "indienen"
	case register.ActionAssess:
		return "beoordelen"
	case register.ActionApprove:
		return "goedkeuren"
	case register.ActionDecline:
		return "afwijzen"
	case register.ActionPublish:
		return "publiceren"
	case register.ActionWithdraw:
		return "intrekken"
	case register.ActionReturn:
		return "terugsturen"
	case register.ActionArchive:
		return "archiveren"
	}
	return string(a)
}

func quote(s string) string { return "\u201c" + s + "\u201d" }
