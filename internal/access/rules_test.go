package access

import (
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

func TestFourEyes(t *testing.T) {
	u := &register.User{ID: "u-7", Email: "Piet.Approver@mindef.nl", Role: register.RoleApprover}
	tests := []struct {
		name    string
		editors []string
		refused bool
	}{
		{"no editors", nil, false},
		{"someone else", []string{"u-1", "jan@mindef.nl"}, false},
		{"same id", []string{"u-1", "u-7"}, true},
		{"same e-mail, other case", []string{"piet.approver@MINDEF.nl"}, true},
		{"same e-mail with spaces", []string{" Piet.Approver@mindef.nl "}, true},
		{"empty entries", []string{"", " "}, false},
		{"prefix is not the person", []string{"u-77", "Piet.Approver@mindef.nl.evil"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := FourEyes(u, tt.editors)
			if (err != nil) != tt.refused {
				t.Fatalf("FourEyes = %v, refused want %v", err, tt.refused)
			}
			if err != nil {
				if register.ErrorCode(err) != register.EFORBIDDEN || register.ErrorMessage(err) != FourEyesMessage {
					t.Errorf("refusal = %q (%s)", register.ErrorMessage(err), register.ErrorCode(err))
				}
			}
		})
	}
	if FourEyes(nil, nil) == nil {
		t.Error("nil user accepted")
	}
}

func TestEditorsSinceApproval(t *testing.T) {
	revs := []register.Revision{
		{Revision: 1, SavedBy: "a"}, {Revision: 2, SavedBy: "b"}, {Revision: 3, SavedBy: "c"}, {Revision: 4, SavedBy: "c"},
	}
	tests := []struct {
		name  string
		trans []register.Transition
		want  []string
	}{
		{"never approved", nil, []string{"a", "b", "c"}},
		{"approved at 2", []register.Transition{{Action: register.ActionSubmit, Revision: 3}, {Action: register.ActionApprove, Revision: 2}}, []string{"c"}},
		{"approved at 4", []register.Transition{{Action: register.ActionApprove, Revision: 4}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EditorsSinceApproval(revs, tt.trans)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestCheckCeiling(t *testing.T) {
	tests := []struct {
		level, ceiling register.Level
		reason         string // "" means accepted
	}{
		{register.Ongerubriceerd, register.StgConfidentieel, ""},
		{register.StgConfidentieel, register.StgConfidentieel, ""},
		{register.StgGeheim, register.StgConfidentieel, "rubricering stg-geheim is hoger dan het plafond van dit register (stg-confidentieel)"},
		{register.StgZeerGeheim, register.StgGeheim, "rubricering stg-zeer-geheim is hoger dan het plafond van dit register (stg-geheim)"},
		{register.StgZeerGeheim, register.StgZeerGeheim, ""},
		{register.DepVertrouwelijk, register.Ongerubriceerd, "rubricering dep-vertrouwelijk is hoger dan het plafond van dit register (ongerubriceerd)"},
		{"geheim", register.StgZeerGeheim, `onbekende rubricering "geheim"; kies uit ongerubriceerd, dep-vertrouwelijk, stg-confidentieel, stg-geheim, stg-zeer-geheim`},
		{register.StgGeheim, "", "rubricering stg-geheim is hoger dan het plafond van dit register (stg-confidentieel)"},
	}
	for _, tt := range tests {
		t.Run(string(tt.level)+"/"+string(tt.ceiling), func(t *testing.T) {
			err := CheckCeiling(tt.level, tt.ceiling)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*register.Error)
			if !ok || e.Code != register.EINVALID || len(e.Problems) != 1 {
				t.Fatalf("err = %#v", err)
			}
			if p := e.Problems[0]; p.Name != "classification" || p.Reason != tt.reason {
				t.Errorf("problem = %+v, want classification: %s", p, tt.reason)
			}
		})
	}
}

func TestResolveCeiling(t *testing.T) {
	tests := []struct {
		flag, env string
		want      register.Level
		bad       bool
	}{
		{"", "", DefaultCeiling, false},
		{"", "stg-geheim", register.StgGeheim, false},
		{"STG-ZEER-GEHEIM", "stg-geheim", register.StgZeerGeheim, false},
		{"geheim", "", "", true},
		{"", "topsecret", "", true},
	}
	for _, tt := range tests {
		got, err := ResolveCeiling(tt.flag, tt.env)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("ResolveCeiling(%q, %q) = %q, %v", tt.flag, tt.env, got, err)
		}
		if err != nil && register.ErrorCode(err) != register.EINVALID {
			t.Errorf("code = %s", register.ErrorCode(err))
		}
	}
	if DefaultCeiling != register.StgConfidentieel {
		t.Error("default ceiling changed without the documentation")
	}
}
