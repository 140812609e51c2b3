package service_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/testdb"
)

// recordByRecord is a store whose bulk create always refuses, so every import batch falls
// back to writing its records one by one: the behaviour the bulk path must reproduce.
type recordByRecord struct{ register.Store }

func (s recordByRecord) Tx(ctx context.Context, fn func(register.Tx) error) error {
	return s.Store.Tx(ctx, func(tx register.Tx) error { return fn(refusingTx{tx}) })
}

type refusingTx struct{ register.Tx }

func (refusingTx) CreateDescriptions(context.Context, []*register.Description) error {
	return register.Invalid([]register.FieldProblem{{Name: "unit", Reason: "weigert alles in bulk"}})
}

// importRecords is a realistic import of more than two batches: generated descriptions as
// parsed from a JSON export, with rejected records, unknown units, a given id twice and one
// given id that the register already holds.
func importRecords(t *testing.T) []exchange.Record {
	t.Helper()
	ds := exchange.Generate(7, 4321)
	for i := range ds {
		ds[i].ID = ""
	}
	ds[5].ID, ds[6].ID = "abcdefghijklmnop", "abcdefghijklmnop" // the second gets a new id
	ds[2500].ID = "qrstuvwxyzabcdef"                            // stored before the import
	ds[3000].ID = "bcdefghijklmnopq"
	ds[100].Unit, ds[2001].Unit = "NOPE", "NOPE"
	ds[4320].Name = ""
	var b bytes.Buffer
	if err := exchange.WriteJSON(&b, ds); err != nil {
		t.Fatal(err)
	}
	recs, err := exchange.Parse("gen.json", &b, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs[1999].Problems = []register.FieldProblem{{Name: "status", Reason: "onbekende status"}}
	recs[3001].Desc.Classification = "topgeheim"
	return recs
}

type importOutcome struct {
	Res     service.ImportResult
	Stored  []string // unit, level, state and name of every description, sorted
	IDs     []string // the given ids that are stored, with the name of their description
	Actions map[string]int
}

func runImport(t *testing.T, st register.Store, svc *service.Service, recs []exchange.Record, opt service.ImportOptions) importOutcome {
	t.Helper()
	ctx := context.Background()
	a := service.System("test")
	// One description is already there under a given id.
	pre := exchange.Generate(8, 1)[0]
	pre.ID = "qrstuvwxyzabcdef"
	if _, err := svc.Import(ctx, a, []exchange.Record{{Index: 0, Desc: pre}}, service.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Import(ctx, a, recs, opt)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if broken, err := store.VerifyAudit(ctx, st); err != nil || broken != 0 {
		t.Fatalf("audit chain after import: broken at %d, %v", broken, err)
	}
	out := importOutcome{Res: res, Actions: map[string]int{}}
	err = st.Tx(ctx, func(tx register.Tx) error {
		ds, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}})
		for _, d := range ds {
			out.Stored = append(out.Stored, fmt.Sprintf("%s %s %s %s", d.Unit, d.Classification, d.State, d.Name))
			if slices.Contains([]string{"abcdefghijklmnop", "qrstuvwxyzabcdef", "bcdefghijklmnopq"}, d.ID) {
				out.IDs = append(out.IDs, d.ID+" "+d.Name)
			}
		}
		es, err2 := tx.Audit(ctx, 0, 0)
		for _, e := range es {
			out.Actions[e.Action]++
		}
		return cmpErr(err, err2)
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out.Stored)
	slices.Sort(out.IDs)
	return out
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// TestImportBulkAsRecordByRecord: the bulk import stores, rejects and reports exactly what
// writing the records one by one does, batch boundaries included, on both databases.
func TestImportBulkAsRecordByRecord(t *testing.T) {
	recs := importRecords(t)
	service.SetImportBatch(t, 2000)
	testdb.Each(t, func(t *testing.T, db string) {
		cfg := service.Config{Ceiling: register.StgZeerGeheim}
		var progress []int
		bulkStore := testdb.Open(t, db)
		bulk := runImport(t, bulkStore, service.New(bulkStore, nil, cfg), recs,
			service.ImportOptions{Progress: func(done, total int) { progress = append(progress, done) }})
		oneStore := testdb.Open(t, testdb.SQLite(t))
		one := runImport(t, oneStore, service.New(recordByRecord{oneStore}, nil, cfg), recs, service.ImportOptions{})
		if diff := cmp.Diff(one, bulk); diff != "" {
			t.Errorf("bulk import differs from record by record (-one by one +bulk):\n%s", diff)
		}
		if bulk.Res.Imported != 4321-5 || bulk.Res.Rejected != 5 {
			t.Errorf("imported %d, rejected %d; want %d and 5", bulk.Res.Imported, bulk.Res.Rejected, 4321-5)
		}
		pre := exchange.Generate(8, 1)[0].Name
		if want := []string{"abcdefghijklmnop " + recs[5].Desc.Name, "bcdefghijklmnopq " + recs[3000].Desc.Name,
			"qrstuvwxyzabcdef " + pre}; !slices.Equal(bulk.IDs, want) {
			t.Errorf("given ids kept: %v, want %v", bulk.IDs, want)
		}
		if bulk.Actions["description.create"] != 1+4321-5 || bulk.Actions["import"] != 1+3 {
			t.Errorf("audit actions %v", bulk.Actions)
		}
		if !slices.Equal(progress, []int{2000, 4000, 4321}) {
			t.Errorf("progress %v", progress)
		}
		// A dry run checks the same and stores nothing.
		dryStore := testdb.Open(t, testdb.SQLite(t))
		dry := runImport(t, dryStore, service.New(dryStore, nil, cfg), recs, service.ImportOptions{DryRun: true})
		if diff := cmp.Diff(bulk.Res, dry.Res); diff != "" || len(dry.Stored) != 1 {
			t.Errorf("dry run: %d stored; result differs (-import +dry run):\n%s", len(dry.Stored), diff)
		}
	})
}
