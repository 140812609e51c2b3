package access

import (
	"fmt"

	"github.com/defensie/algoreg/internal/register"
)

// actionLabels name each action in Dutch, to complete "U heeft geen recht om …".
var actionLabels = map[Action]string{
	View:         "deze beschrijving te bekijken",
	Create:       "een beschrijving aan te maken",
	Edit:         "deze beschrijving te bewerken",
	Submit:       "deze beschrijving in te dienen",
	Return:       "deze beschrijving terug te sturen",
	Classify:     "deze beschrijving te classificeren",
	Assess:       "de publicatiebeoordeling vast te leggen",
	Approve:      "deze beschrijving goed te keuren",
	Decline:      "deze beschrijving af te wijzen",
	Archive:      "deze beschrijving te archiveren",
	Withdraw:     "deze beschrijving terug te trekken",
	RoundConfirm: "de inventarisatie van deze eenheid te bevestigen",
	Publish:      "een publicatie uit te voeren",
	Export:       "het register te exporteren",
	Import:       "beschrijvingen te importeren",
	AuditRead:    "het auditlogboek in te zien",
	UsersManage:  "gebruikers te beheren",
	UnitsManage:  "eenheden te beheren",
	TermsManage:  "gevoelige termen te beheren",
	RoundsManage: "een inventarisatieronde te openen",
	Report:       "de voortgangsrapportage in te zien",
}

// Label is the Dutch phrase for a that completes "U heeft geen recht om …" (e.g. "het
// register te exporteren").
func (a Action) Label() string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return string(a)
}

// Check is Can as an error, in the one shape every caller must use:
//   - a description u may not see does not exist: register.NotFound() (404), whatever the action;
//   - one u sees but may not act on: EFORBIDDEN naming the action (403);
//   - for Create, where no description exists yet, EINVALID naming the field (unit or
//     classification) that u may not use.
func Check(u *register.User, a Action, unit string, level register.Level) error {
	if a == Create {
		var p []register.FieldProblem
		if !CanGlobal(u, Create) {
			return forbidden(a)
		}
		if !Visible(u, unit, register.Ongerubriceerd) {
			p = append(p, register.FieldProblem{Name: "unit", Reason: fmt.Sprintf("u kunt geen beschrijvingen vastleggen voor eenheid %q", unit)})
		}
		if !level.AtMost(u.Clearance) {
			p = append(p, register.FieldProblem{Name: "classification", Reason: fmt.Sprintf("rubricering %s is hoger dan uw machtiging (%s)", level, u.Clearance)})
		}
		if p != nil {
			return register.Invalid(p)
		}
		return nil
	}
	if !Visible(u, unit, level) {
		return register.NotFound()
	}
	if !allows(u.Role, a) {
		return forbidden(a)
	}
	return nil
}

// CheckGlobal is CanGlobal as an error: EFORBIDDEN naming the action.
func CheckGlobal(u *register.User, a Action) error {
	if !CanGlobal(u, a) {
		return forbidden(a)
	}
	return nil
}

func forbidden(a Action) error {
	return register.Errorf(register.EFORBIDDEN, "U heeft geen recht om %s.", a.Label())
}
