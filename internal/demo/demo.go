// Package demo fills an empty register with demonstration data: the demo units exist in every
// database; this adds a user per role and about thirty realistic Defence descriptions (a few
// public facts — DefGPT, the readiness dashboard, Octobox — the rest invented but plausible).
package demo

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

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
	seeds, err := loadSeeds()
	if err != nil {
		return false, err
	}
	for _, s := range seeds {
		if s.Classification.Rank() > svc.Config().Ceiling.Rank() {
			continue // above this register's ceiling: not accepted here
		}
		d, err := svc.CreateDescription(ctx, sys, s.DescriptionInput)
		if err != nil {
			return false, fmt.Errorf("demo description %q: %w", s.Name, err)
		}
		if err := advance(ctx, svc, sys, d, s.State); err != nil {
			return false, fmt.Errorf("demo description %q: %w", s.Name, err)
		}
	}
	// The descriptions marked published go through a real publication run (into a bundle that
	// is thrown away), so their public form is kept exactly as a real run keeps it.
	if err := publishDemo(ctx, svc, sys); err != nil {
		return false, err
	}
	return true, nil
}

// advance records what a description in that state would have: classification facts and a
// publication assessment from the assessed step on, then puts it in the state.
func advance(ctx context.Context, svc *service.Service, sys service.Actor, d *register.Description, state register.State) error {
	switch state {
	case register.StateConcept:
		return nil
	case register.StateSubmitted, register.StateArchived:
		return svc.SeedState(ctx, sys, d.ID, state)
	}
	if _, err := svc.Classify(ctx, sys, d.ID, facts(d), nil); err != nil {
		return err
	}
	if _, err := svc.Assess(ctx, sys, d.ID, decision(d, state)); err != nil {
		return err
	}
	if state == register.StatePublished {
		state = register.StateApproved // published by publishDemo
	}
	return svc.SeedState(ctx, sys, d.ID, state)
}

// facts are plausible classification facts for the demo description's category.
func facts(d *register.Description) register.Facts {
	f := register.Facts{IsAlgorithm: true, Exclusion: "none", ProhibitedPractice: "none", AnnexIProduct: "none",
		AnnexIIIArea: "none", Article63Condition: "none"}
	switch d.PublicationCategory {
	case "Hoog-risico AI-systeem":
		// border control by the Marechaussee: dual use, so the military exclusion does not hold
		f.IsAISystem, f.AnnexIIIArea, f.ImpactOnCitizens = true, "7.d", true
		f.Exclusion = "military_defence_national_security"
	case "Impactvolle algoritmes":
		f.ClassifiesOrContactsPersons, f.JudgedImpactful = true, true
		f.ImpactOnCitizens = d.Unit == "KMAR"
	default:
		f.IsAISystem = d.Unit == "BS" || d.Unit == "DOSCO"
		if f.IsAISystem {
			f.Article50 = []string{"interacts_with_persons"}
		}
	}
	return f
}

// decision is a plausible publication decision: in full when unclassified, in part (the
// technical workings withheld) when classified, not at all for a declined description.
func decision(d *register.Description, state register.State) register.Assessment {
	review := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	switch {
	case state == register.StateNotPublished:
		return register.Assessment{Decision: register.DecisionDoNotPublish, Grounds: []string{"5.1.1.b"}, ReviewOn: review,
			Motivation: "Publicatie geeft inzicht in de inzet van Defensie die de veiligheid van de Staat kan schaden."}
	case d.Classification == register.Ongerubriceerd:
		return register.Assessment{Decision: register.DecisionPublishFull}
	default:
		return register.Assessment{Decision: register.DecisionPublishPartial, Grounds: []string{"5.1.2.h"}, ReviewOn: review,
			Motivation: "De technische werking blijft intern; de rest kan openbaar.",
			Fields: map[string]register.FieldDecision{"methods_and_models": {Action: register.FieldRedact, Ground: "5.1.2.h",
				Motivation: "De technische werking toont beperkingen van de inzet."}},
			Advice: []register.Advice{{From: "NBV (AIVD)", Reference: "NBV-2026-0" + d.Unit, ReceivedOn: "2026-03-15",
				Summary: "Geen bezwaar tegen publicatie zonder technische details."}}}
	}
}

func publishDemo(ctx context.Context, svc *service.Service, sys service.Actor) error {
	dir, err := os.MkdirTemp("", "algoreg-demo-bundle-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	approved, _, err := svc.ListDescriptions(ctx, sys, service.ListQuery{State: register.StateApproved, PageSize: 100})
	if err != nil {
		return err
	}
	// only the descriptions the demo file marks published go out; the others stay approved
	var keep []string
	for _, d := range approved {
		if !demoPublished[d.Name] {
			keep = append(keep, d.ID)
			if err := svc.SeedState(ctx, sys, d.ID, register.StateAssessed); err != nil {
				return err
			}
		}
	}
	rep, err := svc.Publish(ctx, sys, service.PublishOptions{OutDir: filepath.Join(dir, "bundle"), Key: key,
		ContactAllowlist: []string{"algoritmeregister@mindef.nl"}})
	if err != nil {
		return fmt.Errorf("demo publication: %w", err)
	}
	if len(rep.Findings) > 0 {
		return fmt.Errorf("demo publication refused: %s: %s: %s", rep.Findings[0].Name, rep.Findings[0].Field, rep.Findings[0].Reason)
	}
	for _, id := range keep {
		if err := svc.SeedState(ctx, sys, id, register.StateApproved); err != nil {
			return err
		}
	}
	return nil
}

func loadSeeds() ([]seed, error) {
	var seeds []seed
	dec := json.NewDecoder(bytes.NewReader(descriptionsJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seeds); err != nil {
		return nil, fmt.Errorf("demo descriptions: %w", err)
	}
	return seeds, nil
}

// demoPublished names the demo descriptions marked published.
var demoPublished = func() map[string]bool {
	out := map[string]bool{}
	seeds, _ := loadSeeds()
	for _, s := range seeds {
		if s.State == register.StatePublished {
			out[s.Name] = true
		}
	}
	return out
}()
