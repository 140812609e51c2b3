package demo

import (
	"context"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

func TestLoad(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		svc := service.New(testdb.Open(t, db), nil, service.Config{Ceiling: register.StgConfidentieel})
		added, err := Load(ctx, svc)
		if err != nil || !added {
			t.Fatalf("Load: %v %v", added, err)
		}
		sys := service.System("test")
		all, total, err := svc.ListDescriptions(ctx, sys, service.ListQuery{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		if total < 25 {
			t.Errorf("only %d demo descriptions within the ceiling", total)
		}
		states := map[register.State]int{}
		units := map[string]bool{}
		for _, d := range all {
			states[d.State]++
			units[d.Unit] = true
			if d.Classification.Rank() > register.StgConfidentieel.Rank() {
				t.Errorf("%s is above the ceiling", d.Name)
			}
		}
		for _, st := range []register.State{register.StateConcept, register.StateSubmitted, register.StateAssessed, register.StateApproved, register.StatePublished, register.StateNotPublished} {
			if states[st] == 0 {
				t.Errorf("no demo description in state %s: %v", st, states)
			}
		}
		if len(units) < 8 {
			t.Errorf("demo descriptions span %d units, want all 8", len(units))
		}
		// a second Load on a filled register adds nothing
		if added, err := Load(ctx, svc); err != nil || added {
			t.Errorf("second Load: %v %v", added, err)
		}
	})
}
