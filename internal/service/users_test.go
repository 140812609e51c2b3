package service_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

func TestUpdateUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		svc := service.New(testdb.Open(t, db), nil, service.Config{Ceiling: register.StgGeheim})
		sys := service.System("test")
		add := func(email string, role register.Role, units ...string) service.Actor {
			u, err := svc.AddUser(ctx, sys, service.UserInput{Email: email, Name: "Naam " + email, Role: role, Units: units, Clearance: register.DepVertrouwelijk})
			if err != nil {
				t.Fatal(err)
			}
			return service.Actor{User: u, Origin: "test"}
		}
		admin := add("beheer@mindef.nl", register.RoleAdmin)
		editor := add("redacteur@mindef.nl", register.RoleEditor, "KMAR")
		coord := add("coord@mindef.nl", register.RoleCoordinator, "CLAS")

		// the editor becomes coordinator of two units with a higher clearance
		change := service.UserChange{Name: " Redacteur Nieuw ", Role: register.RoleCoordinator, Units: []string{"kmar", "CLAS"}, Clearance: register.StgConfidentieel}
		if err := svc.UpdateUser(ctx, admin, "Redacteur@mindef.nl", change); err != nil {
			t.Fatal(err)
		}
		u, err := svc.UserByEmail(ctx, "redacteur@mindef.nl")
		if err != nil {
			t.Fatal(err)
		}
		got := service.UserChange{Name: u.Name, Role: u.Role, Units: u.Units, AllUnits: u.AllUnits, Clearance: u.Clearance}
		want := service.UserChange{Name: "Redacteur Nieuw", Role: register.RoleCoordinator, Units: []string{"KMAR", "CLAS"}, Clearance: register.StgConfidentieel}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("after the change (-want +got):\n%s", d)
		}
		if u.ID != editor.User.ID {
			t.Errorf("the change made a new user")
		}

		// bad input names every field; nothing changes
		bad := service.UserChange{Name: "", Role: "baas", Units: []string{"XYZ"}, Clearance: "topgeheim"}
		err = svc.UpdateUser(ctx, admin, "coord@mindef.nl", bad)
		if register.ErrorCode(err) != register.EINVALID {
			t.Fatalf("bad change: %v", err)
		}
		var names []string
		for _, p := range problemsOf(err) {
			names = append(names, p.Name)
		}
		if d := cmp.Diff([]string{"name", "role", "clearance", "unit"}, names); d != "" {
			t.Errorf("problems (-want +got):\n%s", d)
		}
		if c, _ := svc.UserByEmail(ctx, "coord@mindef.nl"); c.Role != register.RoleCoordinator || c.Name != "Naam coord@mindef.nl" {
			t.Errorf("a refused change was written: %+v", c)
		}
		// a unit role needs a unit
		err = svc.UpdateUser(ctx, admin, "coord@mindef.nl", service.UserChange{Name: "C", Role: register.RoleEditor, Clearance: register.Ongerubriceerd})
		if ps := problemsOf(err); len(ps) != 1 || ps[0].Name != "unit" {
			t.Errorf("editor without units: %v", err)
		}
		// all units without a spanning role
		if err := svc.UpdateUser(ctx, admin, "coord@mindef.nl", service.UserChange{Name: "C", Role: register.RoleViewer, AllUnits: true, Clearance: register.Ongerubriceerd}); err != nil {
			t.Errorf("viewer of all units: %v", err)
		}
		// unknown user
		if err := svc.UpdateUser(ctx, admin, "niemand@mindef.nl", change); register.ErrorCode(err) != register.EINVALID {
			t.Errorf("unknown user: %v", err)
		}
		// an administrator cannot change their own role or clearance, but may change their name
		err = svc.UpdateUser(ctx, admin, "beheer@mindef.nl", service.UserChange{Name: "B", Role: register.RoleViewer, Clearance: register.Ongerubriceerd, AllUnits: true})
		if ps := problemsOf(err); len(ps) != 2 || ps[0].Name != "role" || ps[1].Name != "clearance" {
			t.Errorf("own role: %v", err)
		}
		if err := svc.UpdateUser(ctx, admin, "beheer@mindef.nl", service.UserChange{Name: "Beheerder", Role: register.RoleAdmin, Clearance: register.DepVertrouwelijk}); err != nil {
			t.Errorf("own name: %v", err)
		}
		// only administrators manage users
		if err := svc.UpdateUser(ctx, coord, "redacteur@mindef.nl", change); register.ErrorCode(err) != register.EFORBIDDEN {
			t.Errorf("coordinator changes a user: %v", err)
		}
		// the audit trail holds before and after
		entries, err := svc.AuditEntries(ctx, admin, service.AuditQuery{Action: "user.update"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 3 {
			t.Fatalf("%d user.update entries, want 3", len(entries))
		}
		if e := entries[0]; e.Object != "user:redacteur@mindef.nl" || e.Actor != "beheer@mindef.nl" ||
			!strings.Contains(e.Detail, "rol editor; eenheden KMAR; niveau dep-vertrouwelijk → Redacteur Nieuw; rol coordinator; eenheden KMAR,CLAS; niveau stg-confidentieel") {
			t.Errorf("audit entry: %+v", e)
		}
	})
}

// problemsOf returns the field problems of an EINVALID error.
func problemsOf(err error) []register.FieldProblem {
	var e *register.Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}
