package access

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// FourEyesMessage is the refusal when an approver decides on a description they edited.
const FourEyesMessage = "U heeft deze beschrijving zelf bewerkt. Volgens het vier-ogenprincipe moet iemand anders hierover beslissen."

// FourEyes refuses (EFORBIDDEN) when u is among lastEditors: the people who saved a content
// revision of the description since its last approval. The caller passes their user ids or
// e-mail addresses (as stored in SavedBy/UpdatedBy); both are compared, e-mail without regard
// to case. Call it for approve and decline, after Can.
func FourEyes(u *register.User, lastEditors []string) error {
	if u == nil {
		return register.Errorf(register.EFORBIDDEN, FourEyesMessage)
	}
	for _, e := range lastEditors {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if (u.ID != "" && e == u.ID) || (u.Email != "" && strings.EqualFold(e, strings.TrimSpace(u.Email))) {
			return register.Errorf(register.EFORBIDDEN, FourEyesMessage)
		}
	}
	return nil
}

// EditorsSinceApproval returns who saved a content revision after the last approval, from the
// revisions (any order) and the transitions of one description. With no approval yet, every
// revision counts. It is the list FourEyes expects.
func EditorsSinceApproval(revs []register.Revision, trans []register.Transition) []string {
	last := 0
	for _, t := range trans {
		if t.Action == register.ActionApprove && t.Revision > last {
			last = t.Revision
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range revs {
		if r.Revision > last && r.SavedBy != "" && !seen[r.SavedBy] {
			seen[r.SavedBy] = true
			out = append(out, r.SavedBy)
		}
	}
	return out
}
