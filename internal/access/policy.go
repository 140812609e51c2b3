// Package access is the register's one need-to-know policy: who may see which description and
// who may do what to it. Every path that shows or changes data (API, pages, search, counts,
// exports, history, suggestions, the CLI) asks this package, so the answer is the same
// everywhere. The role table below is the single source; docs/access.md prints it.
package access

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// Action is something a user may want to do in the register.
type Action string

// Actions tied to a description (checked with Can, for the description's unit and level).
const (
	View     Action = "view"     // read a description, its revisions, classification and assessment
	Create   Action = "create"   // create a description in a unit
	Edit     Action = "edit"     // save a new content revision
	Submit   Action = "submit"   // workflow: concept → submitted
	Return   Action = "return"   // workflow: send a review step back to concept
	Classify Action = "classify" // record the classification facts
	Assess   Action = "assess"   // record the publication assessment and take the assess step
	Approve  Action = "approve"  // decide: publish (four eyes)
	Decline  Action = "decline"  // decide: do not publish (four eyes)
	Archive  Action = "archive"  // retire a description
	Withdraw Action = "withdraw" // take a published description off the public register
	// RoundConfirm is a coordinator confirming a unit's inventory list; check it with Can for
	// the unit and register.Ongerubriceerd.
	RoundConfirm Action = "round_confirm"
)

// Actions not tied to one description (checked with CanGlobal). The records they touch are
// still filtered with Visible: an export or report never contains what its user may not see.
const (
	Publish      Action = "publish"       // run a publication (build the bundle)
	Export       Action = "export"        // full register export
	Import       Action = "import"        // import descriptions (each record also needs Create)
	AuditRead    Action = "audit_read"    // read and verify the audit trail
	UsersManage  Action = "users_manage"  // create, change, disable users and tokens
	UnitsManage  Action = "units_manage"  // add and rename units
	TermsManage  Action = "terms_manage"  // the list of sensitive terms
	RoundsManage Action = "rounds_manage" // open an inventory round
	Report       Action = "report"        // progress overview and yearly report
)

// Actions lists every action in the order the matrix shows them.
var Actions = []Action{
	View, Create, Edit, Submit, Return, Classify, Assess, Approve, Decline, Archive, Withdraw, RoundConfirm,
	Publish, Export, Import, AuditRead, UsersManage, UnitsManage, TermsManage, RoundsManage, Report,
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool {
	for _, x := range Actions {
		if x == a {
			return true
		}
	}
	return false
}

// Global reports whether a is not tied to one description.
func (a Action) Global() bool {
	switch a {
	case Publish, Export, Import, AuditRead, UsersManage, UnitsManage, TermsManage, RoundsManage, Report:
		return true
	}
	return false
}

// roleActions is THE decision table: role → the actions it allows. Everything else is refused.
// Choices (documented in docs/access.md):
//   - admin manages everything but never decides on publication (approve, decline): four eyes
//     stay with the approvers even for the person who runs the system;
//   - auditor reads everything, including the audit trail, exports and reports, and changes nothing;
//   - archive lies with the unit's coordinator and admin; a publication run with admin only;
//   - import is open to admin and coordinator; each imported record is also checked with Create.
var roleActions = map[register.Role][]Action{
	register.RoleViewer:      {View},
	register.RoleEditor:      {View, Create, Edit, Submit},
	register.RoleCoordinator: {View, Create, Edit, Submit, Return, Archive, RoundConfirm, Import, Report},
	register.RoleAssessor:    {View, Classify, Assess, Return},
	register.RoleApprover:    {View, Approve, Decline, Return, Withdraw, Report},
	register.RoleAdmin: {View, Create, Edit, Submit, Return, Classify, Assess, Archive, Withdraw, RoundConfirm,
		Publish, Export, Import, AuditRead, UsersManage, UnitsManage, TermsManage, RoundsManage, Report},
	register.RoleAuditor: {View, Export, AuditRead, Report},
}

// allows reports whether the table gives role r action a.
func allows(r register.Role, a Action) bool {
	for _, x := range roleActions[r] {
		if x == a {
			return true
		}
	}
	return false
}

// active reports whether u is a usable account: present, enabled, with a known role and clearance.
func active(u *register.User) bool {
	return u != nil && !u.Disabled && u.Role.Valid() && u.Clearance.Valid()
}

// Visible reports whether u may know that a description of that unit and level exists. It
// combines unit membership (admin and auditor span every unit; anyone else only when AllUnits
// is set, e.g. a central assessor or approver) with clearance ≥ level. A disabled user, an
// unknown role or an unknown level sees nothing.
func Visible(u *register.User, unit string, level register.Level) bool {
	if !active(u) || strings.TrimSpace(unit) == "" {
		return false
	}
	return u.Scope().Sees(unit, level)
}

// Can reports whether u may take action a on a description of that unit and level: it must be
// Visible and the role table must allow a. For a global action it answers whether that
// description may take part in it (e.g. appear in u's export).
func Can(u *register.User, a Action, unit string, level register.Level) bool {
	return Visible(u, unit, level) && allows(u.Role, a)
}

// CanGlobal reports whether u may take an action that is not tied to one description (export,
// import, audit_read, users_manage, …). For a description action it answers whether u may do
// it anywhere at all (e.g. whether to show a "new description" button).
func CanGlobal(u *register.User, a Action) bool {
	return active(u) && allows(u.Role, a)
}

// ListScope is the scope a store filter must use for u's lists and counts. It agrees with
// Visible for every unit and level; for an inactive user it sees nothing.
func ListScope(u *register.User) register.Scope {
	if !active(u) {
		return register.Scope{}
	}
	s := u.Scope()
	s.Units = append([]string(nil), s.Units...)
	return s
}

// FilterVisible keeps the items u may see, in order; key gives an item's unit and level. Use it
// for in-memory lists (search hits, suggestions, facets) before counting or showing them.
func FilterVisible[T any](u *register.User, items []T, key func(T) (string, register.Level)) []T {
	out := make([]T, 0, len(items))
	for _, it := range items {
		if unit, level := key(it); Visible(u, unit, level) {
			out = append(out, it)
		}
	}
	return out
}

// DescriptionKey is the FilterVisible key for descriptions.
func DescriptionKey(d register.Description) (string, register.Level) { return d.Unit, d.Classification }

// ActionsFor lists the actions the table gives role r, in matrix order.
func ActionsFor(r register.Role) []Action {
	var out []Action
	for _, a := range Actions {
		if allows(r, a) {
			out = append(out, a)
		}
	}
	return out
}

// FilterRevisions keeps the revisions u may see, each judged by its own snapshot's unit and
// level: a revision saved while the description was in another unit, or classified higher,
// stays hidden even when the current version is visible. Check the current version first (a
// hidden description has no revision list at all: 404).
func FilterRevisions(u *register.User, revs []register.Revision) []register.Revision {
	return FilterVisible(u, revs, func(r register.Revision) (string, register.Level) {
		return r.Snapshot.Unit, r.Snapshot.Classification
	})
}
