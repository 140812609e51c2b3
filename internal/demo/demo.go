// Package demo fills an empty register with demonstration data: the demo units exist in every
// database; this adds a user per role and about thirty realistic Defence descriptions (a few
// public facts — DefGPT, the readiness dashboard, Octobox — the rest invented but plausible).
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

//go:embed descriptions.json
var descriptionsJSON []byte

// Password is the demo users' password. Demo data is for trying the register out, never for production.
const Password = "demo-wachtwoord-2026"

// User is a demo account.
type User struct {
	Email, Name string
	Role        register.Role
	Units       []string
	AllUnits    bool
	Clearance   register.Level
}

// Users are the demo accounts, one for each role.
var Users = []User{
	{"beheerder@demo.mindef.nl", "Demo Beheerder", register.RoleAdmin, nil, true, register.StgConfidentieel},
	{"redacteur@demo.mindef.nl", "Demo Redacteur", register.RoleEditor, []string{"CLSK", "BS"}, false, register.DepVertrouwelijk},
	{"coordinator@demo.mindef.nl", "Demo Coördinator", register.RoleCoordinator, []string{"KMAR"}, false, register.StgConfidentieel},
	{"beoordelaar@demo.mindef.nl", "Demo Beoordelaar", register.RoleAssessor, nil, true, register.StgConfidentieel},
	{"besluitvormer@demo.mindef.nl", "Demo Besluitvormer", register.RoleApprover, nil, true, register.StgConfidentieel},
	{"lezer@demo.mindef.nl", "Demo Lezer", register.RoleViewer, []string{"DOSCO"}, false, register.Ongerubriceerd},
	{"auditor@demo.mindef.nl", "Demo Auditor", register.RoleAuditor, nil, true, register.StgConfidentieel},
}

type seed struct {
	service.DescriptionInput
	State register.State `json:"state"`
}

// Load adds the demo users and descriptions when the register holds no descriptions yet. It
// returns false when the register was not empty (nothing is added then).
func Load(ctx context.Context, svc *service.Service) (bool, error) {
	sys := service.System("demo")
	_, total, err := svc.ListDescriptions(ctx, sys, service.ListQuery{PageSize: 1})
	if err != nil {
		return false, err
	}
	if total > 0 {
		return false, nil
	}
	for _, u := range Users {
		if _, err := svc.UserByEmail(ctx, u.Email); err == nil {
			continue
		}
		if _, err := svc.AddUser(ctx, sys, service.UserInput{Email: u.Email, Name: u.Name, Role: u.Role, Units: u.Units,
			AllUnits: u.AllUnits, Clearance: u.Clearance, Password: Password}); err != nil {
			return false, fmt.Errorf("demo user %s: %w", u.Email, err)
		}
	}
	var seeds []seed
	dec := json.NewDecoder(bytes.NewReader(descriptionsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seeds); err != nil {
		return false, fmt.Errorf("demo descriptions: %w", err)
	}
	for _, s := range seeds {
		if s.Classification.Rank() > svc.Config().Ceiling.Rank() {
			continue // above this register's ceiling: not accepted here
		}
		d, err := svc.CreateDescription(ctx, sys, s.DescriptionInput)
		if err != nil {
			return false, fmt.Errorf("demo description %q: %w", s.Name, err)
		}
		if s.State != register.StateConcept {
			if err := svc.SeedState(ctx, sys, d.ID, s.State); err != nil {
				return false, fmt.Errorf("demo description %q: %w", s.Name, err)
			}
		}
	}
	return true, nil
}
