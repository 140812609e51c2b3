package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

// batchN is more than two of the store's statement batches, so that a batch boundary and a
// short last batch are crossed.
const batchN = 450

// testBatchStates checks that SetDescriptionStates does what SetDescriptionState does, one by
// one, for many descriptions: documents, change feed order, list totals, and failures.
func testBatchStates(t *testing.T, s register.Store) {
	ctx := context.Background()
	units := []string{"CLAS", "KMAR", "MIVD", "BS"}
	var made []*register.Description
	do(t, s, func(tx register.Tx) error {
		for i := range batchN {
			d := fixture(units[i%len(units)], register.Ongerubriceerd, fmt.Sprintf("Batch %03d", i))
			d.ID, d.State = fmt.Sprintf("b%03d", i), register.StateApproved
			if i%3 == 0 {
				d.State = register.StateSubmitted
			}
			if err := tx.CreateDescription(ctx, d); err != nil {
				return err
			}
			made = append(made, d)
		}
		return nil
	})
	var before int64
	do(t, s, func(tx register.Tx) error {
		var err error
		_, before, err = tx.DescriptionsChangedSince(ctx, 0, 0)
		return err
	})
	// Changed in an order other than creation, so the feed order is the batch's own.
	var changes []*register.Description
	for i := batchN - 1; i >= 0; i -= 2 {
		d := made[i]
		changes = append(changes, &register.Description{ID: d.ID, State: register.StatePublished,
			PublicID: fmt.Sprintf("DEF-%03d", i), PublishedRevision: 1, PublicationDT: "2026-01-02T03:04:05Z"})
	}
	do(t, s, func(tx register.Tx) error { return tx.SetDescriptionStates(ctx, changes) })
	do(t, s, func(tx register.Tx) error {
		changed := map[string]*register.Description{}
		for _, c := range changes {
			changed[c.ID] = c
		}
		for _, d := range made {
			want := *d
			if c := changed[d.ID]; c != nil {
				want.State, want.PublicID, want.PublishedRevision, want.PublicationDT = c.State, c.PublicID, c.PublishedRevision, c.PublicationDT
			}
			got, err := tx.Description(ctx, d.ID)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Fatalf("%s after batch state change (-want +got):\n%s", d.ID, diff)
			}
		}
		feed, _, err := tx.DescriptionsChangedSince(ctx, before, 0)
		var wantIDs []string
		for _, c := range changes {
			wantIDs = append(wantIDs, c.ID)
		}
		if diff := cmp.Diff(wantIDs, ids(feed)); diff != "" {
			t.Errorf("change feed after the batch (-want +got):\n%s", diff)
		}
		return err
	})
	all := register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}
	published := len(changes)
	for state, want := range map[register.State]int{
		register.StatePublished: published,
		register.StateSubmitted: batchN/3 - countSubmittedChanged(changes, made),
		register.StateApproved:  batchN - batchN/3 - (published - countSubmittedChanged(changes, made)),
	} {
		for _, unit := range []string{"", "KMAR"} {
			f := register.Filter{Scope: all, State: state, Unit: unit, Limit: 1}
			_, total := list(t, s, f)
			f.Limit = 0
			page, _ := list(t, s, f)
			if total != len(page) || (unit == "" && total != want) {
				t.Errorf("state %s unit %q: total %d, %d listed, want %d", state, unit, total, len(page), want)
			}
		}
	}

	// Failures change nothing: an unknown id among known ones, a repeated one, a bad state.
	keep := get(t, s, made[0].ID)
	for _, tc := range []struct {
		ds   []*register.Description
		code string
	}{
		{[]*register.Description{{ID: made[0].ID, State: register.StateArchived}, {ID: "nope", State: register.StateArchived}}, register.ENOTFOUND},
		{[]*register.Description{{ID: made[0].ID, State: register.StateArchived}, {ID: made[0].ID, State: register.StateArchived}}, register.EINVALID},
		{[]*register.Description{{ID: made[0].ID, State: "weg"}}, register.EINVALID},
	} {
		wantCode(t, s.Tx(ctx, func(tx register.Tx) error { return tx.SetDescriptionStates(ctx, tc.ds) }), tc.code)
	}
	if diff := cmp.Diff(keep, get(t, s, made[0].ID)); diff != "" {
		t.Errorf("a failed batch changed a description (-before +after):\n%s", diff)
	}
	do(t, s, func(tx register.Tx) error { return tx.SetDescriptionStates(ctx, nil) })
}

func countSubmittedChanged(changes []*register.Description, made []*register.Description) int {
	state := map[string]register.State{}
	for _, d := range made {
		state[d.ID] = d.State
	}
	n := 0
	for _, c := range changes {
		if state[c.ID] == register.StateSubmitted {
			n++
		}
	}
	return n
}

// testBatchRecords checks AddTransitions, AppendAudits and SetSettings against their one-at-a-time
// counterparts: order, every field, the audit chain across single and batch appends.
func testBatchRecords(t *testing.T, s register.Store) {
	ctx := context.Background()
	a := create(t, s, fixture("CLAS", register.Ongerubriceerd, "Batch A"))
	b := create(t, s, fixture("KMAR", register.Ongerubriceerd, "Batch B"))
	var trs []register.Transition
	at := time.Date(2026, 2, 3, 4, 5, 6, 7000, time.UTC)
	for i := range batchN {
		tr := register.Transition{DescriptionID: a.ID, Revision: i, Action: register.ActionSubmit, From: register.StateConcept,
			To: register.StateSubmitted, Comment: fmt.Sprintf("stap %d", i), By: "e@mindef.nl", At: at}
		if i%2 == 1 {
			tr.DescriptionID = b.ID
		}
		if i == 0 {
			tr.At = time.Time{} // the transaction's time
		}
		trs = append(trs, tr)
	}
	var now time.Time
	do(t, s, func(tx register.Tx) error { now = tx.Now(); return tx.AddTransitions(ctx, trs) })
	trs[0].At = now
	do(t, s, func(tx register.Tx) error {
		gotA, err := tx.Transitions(ctx, a.ID)
		gotB, err2 := tx.Transitions(ctx, b.ID)
		var wantA, wantB []register.Transition
		for _, tr := range trs {
			if tr.DescriptionID == a.ID {
				wantA = append(wantA, tr)
			} else {
				wantB = append(wantB, tr)
			}
		}
		if diff := cmp.Diff(wantA, gotA); diff != "" {
			t.Errorf("transitions of A (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantB, gotB); diff != "" {
			t.Errorf("transitions of B (-want +got):\n%s", diff)
		}
		return errors.Join(err, err2)
	})
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error {
		return tx.AddTransitions(ctx, []register.Transition{{DescriptionID: a.ID, Action: register.ActionSubmit},
			{DescriptionID: "nope", Action: register.ActionSubmit}})
	}), register.ENOTFOUND)

	appendAudit(t, s, 2)
	var batch []*register.AuditEntry
	for i := range batchN {
		batch = append(batch, &register.AuditEntry{Actor: "p@mindef.nl", Action: "description.publish",
			Object: fmt.Sprintf("description:%d", i), Revision: i, Result: "ok", Origin: "cli", Detail: fmt.Sprintf("DEF-%d", i)})
	}
	do(t, s, func(tx register.Tx) error {
		if err := tx.AppendAudits(ctx, batch); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, &register.AuditEntry{Actor: "p@mindef.nl", Action: "publish", Object: "bundle", Result: "ok"})
	})
	es := readAudit(t, s)
	if len(es) != 2+batchN+1 {
		t.Fatalf("%d audit entries, want %d", len(es), 2+batchN+1)
	}
	if i := register.VerifyChain(es, "", 0); i >= 0 {
		t.Fatalf("audit chain broken at entry %d", i)
	}
	for i, e := range batch {
		if diff := cmp.Diff(*e, es[2+i]); diff != "" {
			t.Fatalf("batch audit entry %d as returned vs as stored (-returned +stored):\n%s", i, diff)
		}
		if e.Detail != fmt.Sprintf("DEF-%d", i) || e.At.IsZero() {
			t.Fatalf("batch audit entry %d: %+v", i, e)
		}
	}
	if VerifyAudit != nil {
		if broken, err := VerifyAudit(ctx, s); err != nil || broken != 0 {
			t.Fatalf("VerifyAudit after batch = %d, %v", broken, err)
		}
	}

	do(t, s, func(tx register.Tx) error { return tx.SetSetting(ctx, "k1", "oud") })
	var kv [][2]string
	for i := range batchN {
		kv = append(kv, [2]string{fmt.Sprintf("k%d", i), fmt.Sprintf("v%d", i)})
	}
	kv = append(kv, [2]string{"k7", "laatste"})
	do(t, s, func(tx register.Tx) error { return tx.SetSettings(ctx, kv) })
	do(t, s, func(tx register.Tx) error {
		for i := range batchN {
			want := fmt.Sprintf("v%d", i)
			if i == 7 {
				want = "laatste"
			}
			got, err := tx.Setting(ctx, fmt.Sprintf("k%d", i))
			if err != nil || got != want {
				t.Fatalf("setting k%d = %q, %v; want %q", i, got, err, want)
			}
		}
		return nil
	})
}
