package register

// State is a description's place in the workflow (domain.md §9).
type State string

// The workflow states.
const (
	StateConcept      State = "concept"
	StateSubmitted    State = "submitted"
	StateAssessed     State = "assessed"
	StateApproved     State = "approved"
	StateNotPublished State = "not_published"
	StatePublished    State = "published"
	StateWithdrawn    State = "withdrawn"
	StateArchived     State = "archived"
)

// States lists every state.
var States = []State{StateConcept, StateSubmitted, StateAssessed, StateApproved, StateNotPublished, StatePublished, StateWithdrawn, StateArchived}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Action is a workflow step.
type Action string

// The workflow actions.
const (
	ActionSubmit   Action = "submit"
	ActionAssess   Action = "assess"
	ActionApprove  Action = "approve"
	ActionDecline  Action = "decline"
	ActionPublish  Action = "publish" // taken by a publication run, not by a person
	ActionWithdraw Action = "withdraw"
	ActionReturn   Action = "return"
	ActionArchive  Action = "archive"
)

// Label is the Dutch name of the state, as every page, report and message shows it.
func (s State) Label() string {
	switch s {
	case StateConcept:
		return "concept"
	case StateSubmitted:
		return "ingediend"
	case StateAssessed:
		return "beoordeeld"
	case StateApproved:
		return "goedgekeurd"
	case StateNotPublished:
		return "niet gepubliceerd"
	case StatePublished:
		return "gepubliceerd"
	case StateWithdrawn:
		return "ingetrokken"
	case StateArchived:
		return "gearchiveerd"
	}
	return string(s)
}
