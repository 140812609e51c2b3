package service_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/testdb"
)

// TestReadAuditConcurrent reads classified descriptions from many goroutines at once, while
// others write, and checks that every read has exactly one audit entry and the chain is intact.
func TestReadAuditConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		st := testdb.Open(t, db)
		svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
		sys := service.System("test")
		var ids []string
		for i, level := range []register.Level{register.DepVertrouwelijk, register.StgConfidentieel, register.Ongerubriceerd} {
			in := input(fmt.Sprintf("Leesalgoritme %d", i), "")
			in.Classification = level
			d, err := svc.CreateDescription(ctx, sys, in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}

		const readers, rounds = 12, 15
		var wg sync.WaitGroup
		errs := make(chan error, readers*rounds*2+100)
		for r := range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := service.Actor{User: sys.User, Origin: fmt.Sprintf("lezer-%d", r)}
				for i := range rounds {
					d, err := svc.GetDescription(ctx, a, ids[(r+i)%len(ids)])
					if err != nil {
						errs <- err
						continue
					}
					if d.ID != ids[(r+i)%len(ids)] {
						errs <- fmt.Errorf("got %s", d.ID)
					}
					if _, _, err := svc.ListDescriptions(ctx, a, service.ListQuery{Unit: "KMAR"}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Add(1)
		go func() { // writes in between: their entries share the chain with the reads'
			defer wg.Done()
			for i := range 10 {
				if _, err := svc.CreateDescription(ctx, sys, input(fmt.Sprintf("Schrijfalgoritme %d", i), "")); err != nil {
					errs <- err
				}
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}

		var entries []register.AuditEntry
		if err := st.Tx(ctx, func(tx register.Tx) error {
			var err error
			entries, err = tx.Audit(ctx, 0, 0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		reads := map[string]int{}
		lists, creates := 0, 0
		for _, e := range entries {
			switch e.Action {
			case "description.read":
				reads[e.Object]++
			case "description.list":
				lists++
			case "description.create":
				creates++
			}
		}
		// Reader r reads ids[(r+i)%3] for i < rounds: each id rounds*readers/3 times; the third
		// is ongerubriceerd and not audited.
		want := readers * rounds / len(ids)
		for i, id := range ids[:2] {
			if got := reads["description:"+id]; got != want {
				t.Errorf("reads of description %d audited %d times, want %d", i, got, want)
			}
		}
		if got := reads["description:"+ids[2]]; got != 0 {
			t.Errorf("reads of the unclassified description audited %d times, want 0", got)
		}
		if lists != readers*rounds {
			t.Errorf("list reads audited %d times, want %d", lists, readers*rounds)
		}
		if creates != 13 {
			t.Errorf("creates audited %d times, want 13", creates)
		}
		if broken, err := store.VerifyAudit(ctx, st); err != nil || broken != 0 {
			t.Errorf("VerifyAudit = %d, %v; want 0, nil", broken, err)
		}
	})
}

// noWrites is a store whose read-write transactions all fail, as when the database refuses
// writes; read-only transactions work.
type noWrites struct {
	register.Store
}

func (s noWrites) Tx(ctx context.Context, fn func(register.Tx) error) error {
	return errors.New("schrijven kan niet")
}

func (s noWrites) View(ctx context.Context, fn func(register.Tx) error) error {
	return s.Store.(interface {
		View(context.Context, func(register.Tx) error) error
	}).View(ctx, fn)
}

// TestReadUnauditedRefused: when the audit entry of a read cannot be written, the classified
// description is not returned; an unclassified one still is.
func TestReadUnauditedRefused(t *testing.T) {
	ctx := context.Background()
	st := testdb.Open(t, testdb.SQLite(t))
	svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
	sys := service.System("test")
	open := input("Openbaar", "")
	open.Classification = register.Ongerubriceerd
	d1, err := svc.CreateDescription(ctx, sys, open)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := svc.CreateDescription(ctx, sys, input("Gerubriceerd", ""))
	if err != nil {
		t.Fatal(err)
	}
	ro := service.New(noWrites{st}, nil, service.Config{Ceiling: register.StgGeheim})
	if _, err := ro.GetDescription(ctx, sys, d1.ID); err != nil {
		t.Errorf("unclassified read: %v", err)
	}
	if d, err := ro.GetDescription(ctx, sys, d2.ID); err == nil || d != nil {
		t.Errorf("classified read without audit = %v, %v; want an error and nothing", d, err)
	}
	if items, _, err := ro.ListDescriptions(ctx, sys, service.ListQuery{}); err == nil || items != nil {
		t.Errorf("list with a classified description without audit = %d items, %v; want an error", len(items), err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := ro.GetDescription(ctx, sys, d2.ID); err == nil {
				t.Error("concurrent classified read without audit succeeded")
			}
		}()
	}
	wg.Wait()
}
