package access

import (
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

func TestCheck(t *testing.T) {
	editor := &register.User{ID: "e", Role: register.RoleEditor, Units: []string{"CLAS"}, Clearance: register.StgConfidentieel}
	viewer := &register.User{ID: "v", Role: register.RoleViewer, Units: []string{"CLAS"}, Clearance: register.StgZeerGeheim}
	tests := []struct {
		name   string
		u      *register.User
		a      Action
		unit   string
		level  register.Level
		code   string // "" = allowed
		fields []string
	}{
		{"editor edits own", editor, Edit, "CLAS", register.Ongerubriceerd, "", nil},
		{"editor approves own unit: visible, so 403", editor, Approve, "CLAS", register.Ongerubriceerd, register.EFORBIDDEN, nil},
		{"editor approves other unit: hidden, so 404", editor, Approve, "MIVD", register.Ongerubriceerd, register.ENOTFOUND, nil},
		{"editor views above clearance: 404", editor, View, "CLAS", register.StgGeheim, register.ENOTFOUND, nil},
		{"editor edits above clearance: 404, not 403", editor, Edit, "CLAS", register.StgGeheim, register.ENOTFOUND, nil},
		{"creates in own unit", editor, Create, "CLAS", register.StgConfidentieel, "", nil},
		{"creates in other unit", editor, Create, "KMAR", register.Ongerubriceerd, register.EINVALID, []string{"unit"}},
		{"creates above clearance elsewhere", editor, Create, "KMAR", register.StgGeheim, register.EINVALID, []string{"unit", "classification"}},
		{"viewer may not create", viewer, Create, "CLAS", register.Ongerubriceerd, register.EFORBIDDEN, nil},
		{"disabled: 404", &register.User{Role: register.RoleAdmin, Clearance: register.StgZeerGeheim, Disabled: true}, View, "CLAS", register.Ongerubriceerd, register.ENOTFOUND, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.u, tt.a, tt.unit, tt.level)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if register.ErrorCode(err) != tt.code {
				t.Fatalf("code = %s (%v), want %s", register.ErrorCode(err), err, tt.code)
			}
			if tt.code == register.ENOTFOUND && register.ErrorMessage(err) != "Niet gevonden." {
				t.Errorf("404 message %q says more than not found", register.ErrorMessage(err))
			}
			e := err.(*register.Error)
			if len(e.Problems) != len(tt.fields) {
				t.Fatalf("problems %+v, want fields %v", e.Problems, tt.fields)
			}
			for i, f := range tt.fields {
				if e.Problems[i].Name != f {
					t.Errorf("problem %d = %s, want %s", i, e.Problems[i].Name, f)
				}
			}
		})
	}
	if err := CheckGlobal(editor, Export); register.ErrorCode(err) != register.EFORBIDDEN || register.ErrorMessage(err) != "U heeft geen recht om het register te exporteren." {
		t.Errorf("CheckGlobal = %v", err)
	}
	if err := CheckGlobal(&register.User{Role: register.RoleAuditor, Clearance: register.Ongerubriceerd}, AuditRead); err != nil {
		t.Errorf("auditor audit_read: %v", err)
	}
	for _, a := range Actions {
		if a.Label() == string(a) {
			t.Errorf("action %s has no Dutch label", a)
		}
	}
}

func TestFilterRevisions(t *testing.T) {
	rev := func(n int, unit string, l register.Level) register.Revision {
		return register.Revision{Revision: n, Snapshot: register.Description{Unit: unit, Classification: l}}
	}
	revs := []register.Revision{
		rev(4, "CLAS", register.Ongerubriceerd),
		rev(3, "CLAS", register.StgGeheim),      // classified higher for a while
		rev(2, "MIVD", register.Ongerubriceerd), // moved from another unit
		rev(1, "CLAS", register.DepVertrouwelijk),
	}
	u := &register.User{Role: register.RoleEditor, Units: []string{"CLAS"}, Clearance: register.StgConfidentieel}
	got := FilterRevisions(u, revs)
	if len(got) != 2 || got[0].Revision != 4 || got[1].Revision != 1 {
		t.Errorf("kept %+v, want revisions 4 and 1", got)
	}
	auditor := &register.User{Role: register.RoleAuditor, Clearance: register.StgZeerGeheim}
	if n := len(FilterRevisions(auditor, revs)); n != 4 {
		t.Errorf("auditor sees %d revisions", n)
	}
}
