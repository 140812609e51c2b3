package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
)

// bulkData returns n descriptions spread over units, levels, states and statuses; every tenth
// carries its own id and creation time, as an import of an export may.
func bulkData(n int, prefix string) []*register.Description {
	units := []string{"BS", "CLAS", "KMAR", "MIVD"}
	states := []register.State{register.StateConcept, register.StateSubmitted, register.StateArchived, ""}
	statuses := []string{"In gebruik", "Buiten gebruik", "In ontwikkeling"}
	at := time.Date(2023, 5, 1, 12, 30, 15, 123456789, time.FixedZone("CEST", 7200))
	ds := make([]*register.Description, n)
	for i := range ds {
		d := fixture(units[i%len(units)], register.Levels[i%len(register.Levels)], fmt.Sprintf("%s %03d", prefix, i))
		d.State, d.Status = states[i%len(states)], statuses[i%len(statuses)]
		if i%10 == 0 {
			d.ID, d.CreatedAt = fmt.Sprintf("%s-%03d", prefix, i), at
		}
		ds[i] = d
	}
	return ds
}

func testCreateDescriptions(t *testing.T, s register.Store) {
	ctx := context.Background()
	first := create(t, s, fixture("BS", register.Ongerubriceerd, "Eerste"))
	_, _, err := feedAll(t, s, 0)
	if err != nil {
		t.Fatal(err)
	}
	// More than two statements' worth of rows on PostgreSQL, and none on an empty call.
	ds := bulkData(257, "bulk")
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		if err := tx.CreateDescriptions(ctx, nil); err != nil {
			return err
		}
		return tx.CreateDescriptions(ctx, ds)
	})
	for i, d := range ds {
		if d.ID == "" || d.Revision != 1 || d.State == "" || d.UpdatedBy != d.CreatedBy {
			t.Fatalf("record %d after bulk create: id %q revision %d state %q updated by %q", i, d.ID, d.Revision, d.State, d.UpdatedBy)
		}
		if i%10 != 0 && (!d.CreatedAt.Equal(now) || !d.UpdatedAt.Equal(now)) {
			t.Errorf("record %d: created %v updated %v, want the transaction time %v", i, d.CreatedAt, d.UpdatedAt, now)
		}
		if i%10 == 0 && (d.ID != fmt.Sprintf("bulk-%03d", i) || d.CreatedAt.Year() != 2023 || d.CreatedAt.Location() != time.UTC) {
			t.Errorf("record %d: id %q created %v; want the given id and time, in UTC", i, d.ID, d.CreatedAt)
		}
		if i%4 == 3 && d.State != register.StateConcept {
			t.Errorf("record %d without a state became %q, want concept", i, d.State)
		}
	}
	// Every one reads back exactly, with its snapshot, as CreateDescription would store it.
	for _, i := range []int{0, 1, 99, 100, 101, 199, 200, 256} {
		d := ds[i]
		if diff := cmp.Diff(d, get(t, s, d.ID)); diff != "" {
			t.Errorf("record %d round trip (-created +stored):\n%s", i, diff)
		}
		var revs []register.Revision
		var snap *register.Description
		do(t, s, func(tx register.Tx) error {
			var err error
			if revs, err = tx.Revisions(ctx, d.ID); err != nil {
				return err
			}
			snap, err = tx.RevisionOf(ctx, d.ID, 1)
			return err
		})
		if len(revs) != 1 || revs[0].Revision != 1 || revs[0].SavedBy != d.UpdatedBy || !revs[0].SavedAt.Equal(d.UpdatedAt) {
			t.Errorf("record %d revisions: %+v", i, revs)
		}
		if diff := cmp.Diff(d, snap); diff != "" {
			t.Errorf("record %d snapshot (-created +stored):\n%s", i, diff)
		}
	}
	// The change feed has them after the first one, in the order given.
	got, _, _ := feedAll(t, s, 0)
	want := []string{first.ID}
	for _, d := range ds {
		want = append(want, d.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("change feed (-want +got):\n%s", diff)
	}
	// A later single create still takes a new, higher sequence number.
	last := create(t, s, fixture("KMAR", register.Ongerubriceerd, "Laatste"))
	if got, _, _ := feedAll(t, s, 0); len(got) != len(want)+1 || got[len(got)-1] != last.ID {
		t.Errorf("feed after a later create ends %v, want %s last", got[max(0, len(got)-2):], last.ID)
	}
	// The totals (the count table) agree with the rows, before and after Optimize.
	check := func(when string) {
		t.Helper()
		for _, f := range []register.Filter{{}, {Unit: "KMAR"}, {State: register.StateConcept}, {State: register.StateArchived},
			{Status: "Buiten gebruik"}, {Level: register.StgGeheim}, {Unit: "MIVD", Status: "In gebruik"}} {
			for _, sc := range []register.Scope{{AllUnits: true, MaxLevel: register.StgZeerGeheim}, {Units: []string{"CLAS", "KMAR"}, MaxLevel: register.DepVertrouwelijk}} {
				f := f
				f.Scope = sc
				all, n := list(t, s, f)
				f.Limit = 1
				if _, paged := list(t, s, f); n != len(all) || paged != len(all) {
					t.Errorf("%s: %d items, total %d, total of a page %d for %+v", when, len(all), n, paged, f)
				}
			}
		}
		if all, _ := list(t, s, register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}}); len(all) != 259 {
			t.Errorf("%s: %d descriptions, want 259", when, len(all))
		}
	}
	check("after bulk create")
	if Optimize != nil {
		if err := Optimize(ctx, s); err != nil {
			t.Fatalf("Optimize: %v", err)
		}
		check("after Optimize")
	}
}

// feedAll returns the ids of the whole change feed after after, in order.
func feedAll(t *testing.T, s register.Store, after int64) ([]string, int64, error) {
	t.Helper()
	var ds []register.Description
	var last int64
	err := s.Tx(context.Background(), func(tx register.Tx) error {
		var err error
		ds, last, err = tx.DescriptionsChangedSince(context.Background(), after, 0)
		return err
	})
	return ids(ds), last, err
}

func testCreateDescriptionsErrors(t *testing.T, s register.Store) {
	ctx := context.Background()
	existing := create(t, s, fixture("BS", register.Ongerubriceerd, "Eerste"))
	tests := []struct {
		name string
		bad  func(d *register.Description)
		code string
	}{
		{"existing id", func(d *register.Description) { d.ID = existing.ID }, register.ECONFLICT},
		{"id twice", func(d *register.Description) { d.ID = "bulk-000" }, register.ECONFLICT},
		{"unknown unit", func(d *register.Description) { d.Unit = "NOPE" }, register.EINVALID},
		{"no unit", func(d *register.Description) { d.Unit = "" }, register.EINVALID},
		{"unknown level", func(d *register.Description) { d.Classification = "topgeheim" }, register.EINVALID},
		{"unknown state", func(d *register.Description) { d.State = "half" }, register.EINVALID},
		{"NUL character", func(d *register.Description) { d.Name = "a\x00b" }, register.EINVALID},
		{"invalid UTF-8", func(d *register.Description) { d.Goal = "\xff\xfe" }, register.EINVALID},
	}
	for _, tc := range tests {
		for _, at := range []int{1, 150, 249} {
			t.Run(fmt.Sprintf("%s at %d", tc.name, at), func(t *testing.T) {
				ds := bulkData(250, "bulk")
				tc.bad(ds[at])
				err := s.Tx(ctx, func(tx register.Tx) error { return tx.CreateDescriptions(ctx, ds) })
				wantCode(t, err, tc.code)
			})
		}
	}
	// Nothing of the refused batches was stored, and the store still works.
	if all, n := list(t, s, register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}}); n != 1 || len(all) != 1 {
		t.Errorf("after refused bulk creates: %v (total %d), want only the first", all, n)
	}
	ds := bulkData(3, "daarna")
	do(t, s, func(tx register.Tx) error { return tx.CreateDescriptions(ctx, ds) })
	if got, _, _ := feedAll(t, s, 0); !slices.Equal(got, []string{existing.ID, ds[0].ID, ds[1].ID, ds[2].ID}) {
		t.Errorf("feed after refused bulk creates: %v", got)
	}
}

func testAppendAudits(t *testing.T, s register.Store) {
	ctx := context.Background()
	appendAudit(t, s, 2)
	entries := func(n int, action string) []*register.AuditEntry {
		es := make([]*register.AuditEntry, n)
		for i := range es {
			es[i] = &register.AuditEntry{Actor: "import@mindef.nl", Action: action, Object: fmt.Sprintf("description:%d", i),
				Revision: 1, Result: "ok", Origin: "cli", Detail: fmt.Sprintf("d%d", i)}
		}
		return es
	}
	bulk := entries(233, "description.create")
	given := time.Date(2024, 1, 2, 3, 4, 5, 678901234, time.UTC)
	bulk[7].At = given
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		if err := tx.AppendAudits(ctx, nil); err != nil {
			return err
		}
		return tx.AppendAudits(ctx, bulk)
	})
	appendAudit(t, s, 1)
	es := readAudit(t, s)
	if len(es) != 2+233+1 {
		t.Fatalf("%d entries, want %d", len(es), 2+233+1)
	}
	if i := register.VerifyChain(es, "", 0); i >= 0 {
		t.Fatalf("chain broken at entry %d", i)
	}
	for i, e := range bulk {
		if diff := cmp.Diff(*e, es[2+i]); diff != "" {
			t.Fatalf("entry %d as appended and as stored (-appended +stored):\n%s", i, diff)
		}
		wantAt := now
		if i == 7 {
			wantAt = given.Truncate(time.Microsecond)
		}
		if e.Seq != int64(3+i) || !e.At.Equal(wantAt) {
			t.Errorf("entry %d: seq %d at %v, want %d at %v", i, e.Seq, e.At, 3+i, wantAt)
		}
	}
	if VerifyAudit != nil {
		if broken, err := VerifyAudit(ctx, s); err != nil || broken != 0 {
			t.Errorf("VerifyAudit = %d, %v", broken, err)
		}
	}
	// A rolled-back bulk append leaves nothing behind.
	_ = s.Tx(ctx, func(tx register.Tx) error {
		if err := tx.AppendAudits(ctx, entries(120, "weg")); err != nil {
			return err
		}
		return errors.New("terug")
	})
	if n := len(readAudit(t, s)); n != 236 {
		t.Errorf("%d entries after a rolled-back bulk append, want 236", n)
	}
}

// testBulkConcurrent runs bulk writes alongside single ones: sequence numbers stay unique and
// the audit chain stays whole.
func testBulkConcurrent(t *testing.T, s register.Store) {
	ctx := context.Background()
	const workers, per = 6, 40
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			errs[w] = s.Tx(ctx, func(tx register.Tx) error {
				ds := bulkData(per, fmt.Sprintf("w%d", w))
				if w%2 == 0 {
					for _, d := range ds {
						if err := tx.CreateDescription(ctx, d); err != nil {
							return err
						}
						if err := tx.AppendAudit(ctx, &register.AuditEntry{Actor: "x", Action: "description.create", Object: d.ID}); err != nil {
							return err
						}
					}
					return nil
				}
				if err := tx.CreateDescriptions(ctx, ds); err != nil {
					return err
				}
				es := make([]*register.AuditEntry, len(ds))
				for i, d := range ds {
					es[i] = &register.AuditEntry{Actor: "x", Action: "description.create", Object: d.ID}
				}
				return tx.AppendAudits(ctx, es)
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("write: %v", err)
		}
	}
	got, _, err := feedAll(t, s, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("feed repeats %s", id)
		}
		seen[id] = true
	}
	if len(got) != workers*per {
		t.Errorf("feed has %d, want %d", len(got), workers*per)
	}
	if es := readAudit(t, s); register.VerifyChain(es, "", 0) >= 0 || len(es) != workers*per {
		t.Errorf("audit after concurrent writes: %d entries, chain intact %v", len(es), register.VerifyChain(es, "", 0) < 0)
	}
}
