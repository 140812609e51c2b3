package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

// The inventory round the pages keep reaches the figures and the yearly report.
func TestRoundInFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		svc := service.New(testdb.Open(t, db), nil, service.Config{})
		sys := service.System("test")
		year := time.Now().Year()
		if err := svc.OpenRound(ctx, sys, year); err != nil {
			t.Fatal(err)
		}
		if err := svc.ConfirmRound(ctx, sys, year, "KMAR", true, ""); err != nil {
			t.Fatal(err)
		}
		if err := svc.ConfirmRound(ctx, sys, year, "CLSK", false, "de drone-detectie ontbreekt nog"); err != nil {
			t.Fatal(err)
		}
		f, err := svc.Progress(ctx, sys, year)
		if err != nil {
			t.Fatal(err)
		}
		if f.Round == nil || f.Round.Units != len(register.DemoUnits) || f.Round.Complete != 1 {
			t.Fatalf("round in the figures: %+v", f.Round)
		}
		rep, _, err := svc.YearReport(ctx, sys, year)
		if err != nil || rep.Current.Round == nil || rep.Current.Round.Complete != 1 {
			t.Fatalf("round in the report: %v %+v", err, rep)
		}
	})
}
