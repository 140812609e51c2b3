package workflow

import (
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

func TestNext(t *testing.T) {
	tests := []struct {
		from   register.State
		action register.Action
		want   register.State
		code   string
	}{
		{register.StateConcept, register.ActionSubmit, register.StateSubmitted, ""},
		{register.StateSubmitted, register.ActionAssess, register.StateAssessed, ""},
		{register.StateAssessed, register.ActionApprove, register.StateApproved, ""},
		{register.StateAssessed, register.ActionDecline, register.StateNotPublished, ""},
		{register.StateApproved, register.ActionPublish, register.StatePublished, ""},
		{register.StatePublished, register.ActionWithdraw, register.StateWithdrawn, ""},
		{register.StateSubmitted, register.ActionReturn, register.StateConcept, ""},
		{register.StateAssessed, register.ActionReturn, register.StateConcept, ""},
		{register.StatePublished, register.ActionArchive, register.StateArchived, ""},
		{register.StateConcept, register.ActionApprove, "", register.ECONFLICT},
		{register.StateConcept, register.ActionReturn, "", register.ECONFLICT},
		{register.StateArchived, register.ActionArchive, "", register.ECONFLICT},
		{register.StateConcept, register.ActionSubmit + "x", "", register.EINVALID},
	}
	for _, tt := range tests {
		step, err := Next(tt.from, tt.action)
		if tt.code != "" {
			if register.ErrorCode(err) != tt.code {
				t.Errorf("%s from %s: error %v, want code %s", tt.action, tt.from, err, tt.code)
			}
			continue
		}
		if err != nil || step.To != tt.want {
			t.Errorf("%s from %s = %s, %v; want %s", tt.action, tt.from, step.To, err, tt.want)
		}
	}
}

func TestEveryStateHasALabelAndAWayOn(t *testing.T) {
	for _, s := range register.States {
		if StateLabel(s) == string(s) && s != register.StateConcept {
			t.Errorf("state %s has no Dutch label", s)
		}
		if s != register.StateArchived && len(Available(s)) == 0 {
			t.Errorf("state %s is a dead end", s)
		}
	}
}

func TestAvailableHidesSystemSteps(t *testing.T) {
	for _, a := range Available(register.StateApproved) {
		if a == register.ActionPublish {
			t.Fatal("publish is taken by a publication run, not offered to a person")
		}
	}
}
