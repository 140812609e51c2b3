// Package storetest is the conformance suite for register.Store: one set of tests that every
// database dialect must pass. The store package runs it against SQLite and PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Raw is implemented by stores that can run a statement outside the register's API (with ?
// placeholders); the suite uses it to prove the database itself guards the audit trail.
type Raw interface {
	RawExec(ctx context.Context, query string, args ...any) (int64, error)
	Dialect() string
}

// Viewer is implemented by stores that offer read-only transactions.
type Viewer interface {
	View(ctx context.Context, fn func(register.Tx) error) error
}

// Run runs the suite. open returns a new, empty, migrated store for each subtest; it should
// close it at the test's cleanup.
func Run(t *testing.T, open func(t *testing.T) register.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s register.Store)
	}{
		{"Units", testUnits},
		{"Now", testNow},
		{"DescriptionCreateGet", testDescriptionCreateGet},
		{"DescriptionErrors", testDescriptionErrors},
		{"CreateDescriptions", testCreateDescriptions},
		{"CreateDescriptionsErrors", testCreateDescriptionsErrors},
		{"AppendAudits", testAppendAudits},
		{"BulkConcurrent", testBulkConcurrent},
		{"DescriptionUpdate", testDescriptionUpdate},
		{"DescriptionUpdateConcurrent", testDescriptionUpdateConcurrent},
		{"Revisions", testRevisions},
		{"StateChanges", testStateChanges},
		{"ChangeFeed", testChangeFeed},
		{"BatchStates", testBatchStates},
		{"BatchRecords", testBatchRecords},
		{"ListScope", testListScope},
		{"ListFiltersSortPaging", testListFiltersSortPaging},
		{"ListIDsOrder", testListIDsOrder},
		{"ListInvalid", testListInvalid},
		{"ListTotalsFollowChanges", testListTotalsFollowChanges},
		{"Users", testUsers},
		{"Tokens", testTokens},
		{"Sessions", testSessions},
		{"LoginFailures", testLoginFailures},
		{"Transitions", testTransitions},
		{"ClassificationAssessment", testClassificationAssessment},
		{"Settings", testSettings},
		{"AuditChainConcurrent", testAuditConcurrent},
		{"AuditAppendOnly", testAuditAppendOnly},
		{"AuditVerifyDetectsTampering", testAuditTampering},
		{"Rollback", testRollback},
		{"ConcurrentCreates", testConcurrentCreates},
		{"View", testView},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, open(t))
		})
	}
}

// VerifyAudit is the function the suite uses to check the chain (store.VerifyAudit); set by
// the caller so this package depends on register only.
var VerifyAudit func(ctx context.Context, s register.Store) (int64, error)

// Optimize, when set (store.Optimize), is run by the suite to check that refreshing
// statistics and derived tables changes no answer.
var Optimize func(ctx context.Context, s register.Store) error

// ---- helpers

func do(t *testing.T, s register.Store, fn func(register.Tx) error) {
	t.Helper()
	if err := s.Tx(context.Background(), fn); err != nil {
		t.Fatalf("Tx: %v", err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want code %s", code)
	}
	if got := register.ErrorCode(err); got != code {
		t.Fatalf("error code = %s, want %s (err: %v)", got, code, err)
	}
	if msg := register.ErrorMessage(err); containsSQL(msg) {
		t.Fatalf("user message leaks SQL: %q", msg)
	}
}

func containsSQL(msg string) bool {
	for _, w := range []string{"SELECT", "INSERT", "UPDATE ", "DELETE", "constraint", "SQLSTATE", "sqlite", "pq:"} {
		if strings.Contains(msg, w) {
			return true
		}
	}
	return false
}

// fixture returns a description with every kind of field filled in.
func fixture(unit string, level register.Level, name string) *register.Description {
	return &register.Description{
		Standard: register.Standard{
			Name:                  name,
			DescriptionShort:      "Een korte beschrijving van " + name + " — met “aanhalingstekens” & <p>HTML</p>.",
			Organization:          "Ministerie van Defensie",
			Category:              []string{"Openbare orde en veiligheid", "Organisatie en bedrijfsvoering"},
			Status:                "In gebruik",
			BeginDate:             "2024-03",
			ContactEmail:          "https://www.defensie.nl/contact",
			PublicationCategory:   "Overige algoritmes",
			Goal:                  "<p>Doel</p><ul><li>één</li><li>twee</li></ul>",
			LawfulBasisGrouping:   []register.Link{{Title: "Wet op de inlichtingen- en veiligheidsdiensten", Link: "https://wetten.overheid.nl/BWBR0039896"}},
			ImpacttoetsenGrouping: []register.Link{{Title: "DPIA"}},
			Lang:                  "nld",
			StandardVersion:       "1.0",
			Lars:                  "12345678",
		},
		Unit:           unit,
		Classification: level,
		Owners:         []register.Person{{Name: "J. de Vries", Email: "j.devries@mindef.nl", Role: "algoritme-eigenaar"}},
		InternalNotes:  "intern",
		CreatedBy:      "editor@mindef.nl",
	}
}

func create(t *testing.T, s register.Store, d *register.Description) *register.Description {
	t.Helper()
	do(t, s, func(tx register.Tx) error { return tx.CreateDescription(context.Background(), d) })
	return d
}

func get(t *testing.T, s register.Store, id string) *register.Description {
	t.Helper()
	var d *register.Description
	do(t, s, func(tx register.Tx) error {
		var err error
		d, err = tx.Description(context.Background(), id)
		return err
	})
	return d
}

func ids(ds []register.Description) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// ---- tests

func testUnits(t *testing.T, s register.Store) {
	ctx := context.Background()
	var units []register.Unit
	do(t, s, func(tx register.Tx) error {
		if err := tx.CreateUnit(ctx, register.Unit{Code: "JIVC", Name: "Joint IV Commando"}); err != nil {
			return err
		}
		var err error
		units, err = tx.ListUnits(ctx)
		return err
	})
	want := append(append([]register.Unit(nil), register.DemoUnits...), register.Unit{Code: "JIVC", Name: "Joint IV Commando"})
	if d := cmp.Diff(want, units); d != "" {
		t.Errorf("units (-want +got):\n%s", d)
	}
	for _, tc := range []struct {
		unit register.Unit
		code string
	}{
		{register.Unit{Code: "CLAS", Name: "dubbel"}, register.ECONFLICT},
		{register.Unit{Code: " ", Name: "leeg"}, register.EINVALID},
	} {
		err := s.Tx(ctx, func(tx register.Tx) error { return tx.CreateUnit(ctx, tc.unit) })
		wantCode(t, err, tc.code)
	}
}

func testNow(t *testing.T, s register.Store) {
	do(t, s, func(tx register.Tx) error {
		a := tx.Now()
		time.Sleep(2 * time.Millisecond)
		if b := tx.Now(); !a.Equal(b) {
			t.Errorf("Now changed within a transaction: %v then %v", a, b)
		}
		if a.Location() != time.UTC {
			t.Errorf("Now is in %v, want UTC", a.Location())
		}
		if !a.Equal(a.Truncate(time.Microsecond)) {
			t.Errorf("Now %v is not truncated to microseconds", a)
		}
		if d := time.Since(a); d < 0 || d > time.Minute {
			t.Errorf("Now is %v away from the clock", d)
		}
		return nil
	})
}

func testDescriptionCreateGet(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := fixture("CLAS", register.DepVertrouwelijk, "Voorspellend onderhoud")
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		return tx.CreateDescription(ctx, d)
	})
	if d.ID == "" || d.Revision != 1 || d.State != register.StateConcept {
		t.Fatalf("after create: id %q revision %d state %q; want an id, 1, concept", d.ID, d.Revision, d.State)
	}
	if !d.CreatedAt.Equal(now) || !d.UpdatedAt.Equal(now) || d.UpdatedBy != d.CreatedBy {
		t.Errorf("created %v updated %v by %q, want the transaction time %v and the creator", d.CreatedAt, d.UpdatedAt, d.UpdatedBy, now)
	}
	got := get(t, s, d.ID)
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("round trip (-created +stored):\n%s", diff)
	}

	// A given ID and given times are kept (an import may carry them).
	at := time.Date(2023, 5, 1, 12, 30, 15, 123456789, time.FixedZone("CEST", 7200))
	e := fixture("KMAR", register.Ongerubriceerd, "Grensbewaking")
	e.ID, e.CreatedAt, e.State = "kmar-1", at, register.StatePublished
	create(t, s, e)
	got = get(t, s, "kmar-1")
	if want := at.UTC().Truncate(time.Microsecond); !got.CreatedAt.Equal(want) || got.CreatedAt.Location() != time.UTC {
		t.Errorf("CreatedAt = %v, want %v in UTC", got.CreatedAt, want)
	}
	if got.State != register.StatePublished {
		t.Errorf("state = %q, want published", got.State)
	}
}

func testDescriptionErrors(t *testing.T, s register.Store) {
	ctx := context.Background()
	first := create(t, s, fixture("BS", register.Ongerubriceerd, "Eerste"))
	tests := []struct {
		name string
		d    func() *register.Description
		code string
	}{
		{"duplicate id", func() *register.Description {
			d := fixture("BS", register.Ongerubriceerd, "Dubbel")
			d.ID = first.ID
			return d
		}, register.ECONFLICT},
		{"unknown unit", func() *register.Description { return fixture("NOPE", register.Ongerubriceerd, "x") }, register.EINVALID},
		{"no unit", func() *register.Description { return fixture("", register.Ongerubriceerd, "x") }, register.EINVALID},
		{"unknown level", func() *register.Description { return fixture("BS", "topgeheim", "x") }, register.EINVALID},
		{"unknown state", func() *register.Description {
			d := fixture("BS", register.Ongerubriceerd, "x")
			d.State = "half"
			return d
		}, register.EINVALID},
		{"NUL character", func() *register.Description { return fixture("BS", register.Ongerubriceerd, "a\x00b") }, register.EINVALID},
		{"invalid UTF-8", func() *register.Description {
			d := fixture("BS", register.Ongerubriceerd, "x")
			d.Goal = "\xff\xfe"
			return d
		}, register.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Tx(ctx, func(tx register.Tx) error { return tx.CreateDescription(ctx, tc.d()) })
			wantCode(t, err, tc.code)
		})
	}
	err := s.Tx(ctx, func(tx register.Tx) error {
		_, err := tx.Description(ctx, "does-not-exist")
		return err
	})
	wantCode(t, err, register.ENOTFOUND)
	// Nothing of the refused ones was stored.
	do(t, s, func(tx register.Tx) error {
		_, n, err := tx.ListDescriptions(ctx, register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}})
		if n != 1 {
			t.Errorf("total = %d after refused creates, want 1", n)
		}
		return err
	})
}

func testDescriptionUpdate(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("CZSK", register.StgConfidentieel, "Sonaranalyse"))
	do(t, s, func(tx register.Tx) error {
		return tx.SetDescriptionState(ctx, &register.Description{ID: d.ID, State: register.StatePublished,
			PublicID: "pub-1", PublishedRevision: 1, PublicationDT: "2025-01-01T00:00:00Z"})
	})

	// An edit as it arrives from an API: no created or publication fields.
	edit := fixture("CZSK", register.StgConfidentieel, "Sonaranalyse v2")
	edit.ID, edit.Revision, edit.State, edit.UpdatedBy = d.ID, 1, register.StateConcept, "other@mindef.nl"
	edit.CreatedBy = ""
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		return tx.UpdateDescription(ctx, edit)
	})
	if edit.Revision != 2 || !edit.UpdatedAt.Equal(now) {
		t.Errorf("after update: revision %d updated %v, want 2 and %v", edit.Revision, edit.UpdatedAt, now)
	}
	got := get(t, s, d.ID)
	if diff := cmp.Diff(edit, got); diff != "" {
		t.Errorf("stored after update (-returned +stored):\n%s", diff)
	}
	if got.Name != "Sonaranalyse v2" || got.State != register.StateConcept {
		t.Errorf("name %q state %q, want the edit", got.Name, got.State)
	}
	if got.CreatedBy != d.CreatedBy || !got.CreatedAt.Equal(d.CreatedAt) {
		t.Errorf("created %v by %q, want kept %v by %q", got.CreatedAt, got.CreatedBy, d.CreatedAt, d.CreatedBy)
	}
	if got.PublicID != "pub-1" || got.PublishedRevision != 1 || got.PublicationDT == "" {
		t.Errorf("publication fields %q %d %q were not kept", got.PublicID, got.PublishedRevision, got.PublicationDT)
	}

	tests := []struct {
		name string
		d    register.Description
		code string
	}{
		{"stale revision", register.Description{ID: d.ID, Revision: 1, Unit: "CZSK", Classification: register.Ongerubriceerd, State: register.StateConcept}, register.ESTALE},
		{"future revision", register.Description{ID: d.ID, Revision: 7, Unit: "CZSK", Classification: register.Ongerubriceerd, State: register.StateConcept}, register.ESTALE},
		{"not found", register.Description{ID: "nope", Revision: 1, Unit: "CZSK", Classification: register.Ongerubriceerd}, register.ENOTFOUND},
		{"unknown unit", register.Description{ID: d.ID, Revision: 2, Unit: "NOPE", Classification: register.Ongerubriceerd}, register.EINVALID},
		{"unknown level", register.Description{ID: d.ID, Revision: 2, Unit: "CZSK", Classification: "x"}, register.EINVALID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			err := s.Tx(ctx, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &d) })
			wantCode(t, err, tc.code)
			if d.Revision != tc.d.Revision {
				t.Errorf("a refused update changed Revision to %d", d.Revision)
			}
		})
	}
	if got := get(t, s, d.ID); got.Revision != 2 || got.Name != "Sonaranalyse v2" {
		t.Errorf("after refused updates: revision %d name %q, want 2 and unchanged", got.Revision, got.Name)
	}
	// An empty state keeps the stored one.
	keep := *got
	keep.State = ""
	do(t, s, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &keep) })
	if got := get(t, s, d.ID); got.State != register.StateConcept || got.Revision != 3 {
		t.Errorf("state %q revision %d, want concept 3", got.State, got.Revision)
	}
}

func testDescriptionUpdateConcurrent(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("CLSK", register.Ongerubriceerd, "Vluchtplanning"))
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := *d
			e.Name = fmt.Sprintf("Vluchtplanning %d", i)
			errs[i] = s.Tx(ctx, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &e) })
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case register.ErrorCode(err) != register.ESTALE:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent updates of revision 1 succeeded, want exactly 1", ok, n)
	}
	if got := get(t, s, d.ID); got.Revision != 2 {
		t.Errorf("revision = %d, want 2", got.Revision)
	}
}

func testRevisions(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("DMO", register.Ongerubriceerd, "Voorraadbeheer"))
	names := []string{"Voorraadbeheer", "Voorraadbeheer 2", "Voorraadbeheer 3"}
	snaps := []register.Description{*d}
	for _, name := range names[1:] {
		e := snaps[len(snaps)-1]
		e.Name, e.UpdatedBy = name, "r"+name
		do(t, s, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &e) })
		snaps = append(snaps, e)
	}
	var revs []register.Revision
	do(t, s, func(tx register.Tx) error {
		var err error
		revs, err = tx.Revisions(ctx, d.ID)
		return err
	})
	if len(revs) != 3 {
		t.Fatalf("%d revisions, want 3", len(revs))
	}
	for i, r := range revs {
		want := snaps[len(snaps)-1-i]
		if r.Revision != want.Revision || r.DescriptionID != d.ID || r.SavedBy != want.UpdatedBy || !r.SavedAt.Equal(want.UpdatedAt) {
			t.Errorf("revision %d: %d %q %q %v, want %d %q %q %v", i, r.Revision, r.DescriptionID, r.SavedBy, r.SavedAt,
				want.Revision, d.ID, want.UpdatedBy, want.UpdatedAt)
		}
		if diff := cmp.Diff(want, r.Snapshot); diff != "" {
			t.Errorf("snapshot of revision %d (-want +got):\n%s", r.Revision, diff)
		}
		var one *register.Description
		do(t, s, func(tx register.Tx) error {
			var err error
			one, err = tx.RevisionOf(ctx, d.ID, want.Revision)
			return err
		})
		if diff := cmp.Diff(&want, one); diff != "" {
			t.Errorf("RevisionOf %d (-want +got):\n%s", want.Revision, diff)
		}
	}
	for _, tc := range []struct {
		id  string
		rev int
	}{{d.ID, 4}, {d.ID, 0}, {"nope", 1}} {
		err := s.Tx(ctx, func(tx register.Tx) error {
			_, err := tx.RevisionOf(ctx, tc.id, tc.rev)
			return err
		})
		wantCode(t, err, register.ENOTFOUND)
	}
	err := s.Tx(ctx, func(tx register.Tx) error {
		_, err := tx.Revisions(ctx, "nope")
		return err
	})
	wantCode(t, err, register.ENOTFOUND)
}

func testStateChanges(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("DOSCO", register.Ongerubriceerd, "Roosterplanning"))
	change := register.Description{ID: d.ID, State: register.StatePublished, PublicID: "p-77", PublishedRevision: 1,
		PublicationDT: "2026-01-02T03:04:05Z"}
	do(t, s, func(tx register.Tx) error { return tx.SetDescriptionState(ctx, &change) })
	got := get(t, s, d.ID)
	want := *d
	want.State, want.PublicID, want.PublishedRevision, want.PublicationDT = register.StatePublished, "p-77", 1, "2026-01-02T03:04:05Z"
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after state change (-want +got):\n%s", diff)
	}
	do(t, s, func(tx register.Tx) error {
		revs, err := tx.Revisions(ctx, d.ID)
		if len(revs) != 1 || revs[0].Snapshot.State != register.StateConcept {
			t.Errorf("a state change must not add or alter revisions: %d revisions", len(revs))
		}
		return err
	})
	err := s.Tx(ctx, func(tx register.Tx) error {
		return tx.SetDescriptionState(ctx, &register.Description{ID: d.ID, State: "weg"})
	})
	wantCode(t, err, register.EINVALID)
	err = s.Tx(ctx, func(tx register.Tx) error {
		return tx.SetDescriptionState(ctx, &register.Description{ID: "nope", State: register.StateArchived})
	})
	wantCode(t, err, register.ENOTFOUND)
}

func testChangeFeed(t *testing.T, s register.Store) {
	ctx := context.Background()
	feed := func(after int64, limit int) ([]string, int64) {
		t.Helper()
		var ds []register.Description
		var last int64
		do(t, s, func(tx register.Tx) error {
			var err error
			ds, last, err = tx.DescriptionsChangedSince(ctx, after, limit)
			return err
		})
		return ids(ds), last
	}
	got, start := feed(0, 0)
	if len(got) != 0 || start != 0 {
		t.Fatalf("empty feed: %v, %d", got, start)
	}
	a := create(t, s, fixture("BS", register.Ongerubriceerd, "A"))
	b := create(t, s, fixture("BS", register.Ongerubriceerd, "B"))
	c := create(t, s, fixture("MIVD", register.StgZeerGeheim, "C"))
	_, afterCreates := feed(0, 0)
	e := *a
	do(t, s, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &e) })
	do(t, s, func(tx register.Tx) error {
		return tx.SetDescriptionState(ctx, &register.Description{ID: b.ID, State: register.StateArchived})
	})

	all, last := feed(0, 0)
	if diff := cmp.Diff([]string{c.ID, a.ID, b.ID}, all); diff != "" {
		t.Errorf("feed from 0 (-want +got):\n%s", diff)
	}
	since, last2 := feed(afterCreates, 0)
	if diff := cmp.Diff([]string{a.ID, b.ID}, since); diff != "" || last2 != last {
		t.Errorf("feed since creates (-want +got):\n%s (last %d, want %d)", diff, last2, last)
	}
	// Paging through the feed sees every change once.
	var paged []string
	for after := int64(0); ; {
		page, next := feed(after, 2)
		if len(page) == 0 {
			if next != after {
				t.Errorf("empty page moved the position from %d to %d", after, next)
			}
			break
		}
		if next <= after {
			t.Fatalf("feed did not advance: %d then %d", after, next)
		}
		paged = append(paged, page...)
		after = next
	}
	if diff := cmp.Diff(all, paged); diff != "" {
		t.Errorf("paged feed (-want +got):\n%s", diff)
	}
	if got, l := feed(last, 10); len(got) != 0 || l != last {
		t.Errorf("feed after the end: %v %d", got, l)
	}
}

// scopeData creates one description per unit and level combination used by the list tests,
// and returns them by name.
func scopeData(t *testing.T, s register.Store) map[string]*register.Description {
	ctx := context.Background()
	out := map[string]*register.Description{}
	rows := []struct {
		name, unit string
		level      register.Level
		state      register.State
		status     string
		category   string
	}{
		{"Alfa", "CLAS", register.Ongerubriceerd, register.StateConcept, "In gebruik", "Overige algoritmes"},
		{"bravo", "CLAS", register.DepVertrouwelijk, register.StateSubmitted, "In ontwikkeling", "Impactvolle algoritmes"},
		{"Charlie", "CLAS", register.StgGeheim, register.StateConcept, "In gebruik", "Hoog-risico AI-systeem"},
		{"Delta", "KMAR", register.Ongerubriceerd, register.StatePublished, "In gebruik", "Hoog-risico AI-systeem"},
		{"echo", "KMAR", register.StgConfidentieel, register.StateConcept, "Buiten gebruik", "Overige algoritmes"},
		{"Foxtrot", "MIVD", register.StgZeerGeheim, register.StateConcept, "In gebruik", "Overige algoritmes"},
		{"Golf", "MIVD", register.Ongerubriceerd, register.StateApproved, "In gebruik", "Impactvolle algoritmes"},
		{"Hotel", "BS", register.DepVertrouwelijk, register.StateConcept, "In ontwikkeling", "Overige algoritmes"},
	}
	do(t, s, func(tx register.Tx) error {
		for i, r := range rows {
			d := fixture(r.unit, r.level, r.name)
			d.ID = fmt.Sprintf("d%02d", i+1)
			d.State, d.Status, d.PublicationCategory = r.state, r.status, r.category
			// Distinct update times, in creation order, so "-updated" is well defined.
			d.CreatedAt = time.Date(2025, 1, 1, 0, 0, i, 0, time.UTC)
			if err := tx.CreateDescription(ctx, d); err != nil {
				return err
			}
			out[r.name] = d
		}
		return nil
	})
	return out
}

func names(ds []register.Description) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return out
}

func list(t *testing.T, s register.Store, f register.Filter) ([]string, int) {
	t.Helper()
	var ds []register.Description
	var n int
	do(t, s, func(tx register.Tx) error {
		var err error
		ds, n, err = tx.ListDescriptions(context.Background(), f)
		return err
	})
	return names(ds), n
}

func testListScope(t *testing.T, s register.Store) {
	scopeData(t, s)
	all := register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}
	tests := []struct {
		name  string
		f     register.Filter
		want  []string
		total int
	}{
		{"everything", register.Filter{Scope: all, Sort: "name"},
			[]string{"Alfa", "bravo", "Charlie", "Delta", "echo", "Foxtrot", "Golf", "Hotel"}, 8},
		{"all units, low clearance", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.Ongerubriceerd}, Sort: "name"},
			[]string{"Alfa", "Delta", "Golf"}, 3},
		{"one unit, dep-vertrouwelijk", register.Filter{Scope: register.Scope{Units: []string{"CLAS"}, MaxLevel: register.DepVertrouwelijk}, Sort: "name"},
			[]string{"Alfa", "bravo"}, 2},
		{"two units, stg-confidentieel", register.Filter{Scope: register.Scope{Units: []string{"CLAS", "KMAR"}, MaxLevel: register.StgConfidentieel}, Sort: "name"},
			[]string{"Alfa", "bravo", "Delta", "echo"}, 4},
		{"no units", register.Filter{Scope: register.Scope{MaxLevel: register.StgZeerGeheim}}, nil, 0},
		{"no clearance", register.Filter{Scope: register.Scope{AllUnits: true}}, nil, 0},
		{"unit filter outside scope", register.Filter{Scope: register.Scope{Units: []string{"CLAS"}, MaxLevel: register.StgZeerGeheim}, Unit: "MIVD"}, nil, 0},
		{"level filter above clearance", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.DepVertrouwelijk}, Level: register.StgZeerGeheim}, nil, 0},
		{"IDs outside scope are not counted", register.Filter{Scope: register.Scope{Units: []string{"KMAR"}, MaxLevel: register.StgZeerGeheim},
			IDs: []string{"d01", "d04", "d06", "d05"}}, []string{"Delta", "echo"}, 2},
		// A paged request still counts only what is in scope.
		{"page of the scope", register.Filter{Scope: register.Scope{Units: []string{"CLAS", "MIVD"}, MaxLevel: register.StgGeheim}, Sort: "name", Limit: 2},
			[]string{"Alfa", "bravo"}, 4},
		{"page beyond the end", register.Filter{Scope: register.Scope{Units: []string{"CLAS", "MIVD"}, MaxLevel: register.StgGeheim}, Sort: "name", Limit: 2, Offset: 10},
			nil, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, n := list(t, s, tc.f)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if n != tc.total {
				t.Errorf("total = %d, want %d", n, tc.total)
			}
		})
	}
}

func testListFiltersSortPaging(t *testing.T, s register.Store) {
	scopeData(t, s)
	all := register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}
	tests := []struct {
		name  string
		f     register.Filter
		want  []string
		total int
	}{
		{"default sort is newest first", register.Filter{Scope: all, Limit: 3},
			[]string{"Hotel", "Golf", "Foxtrot"}, 8},
		{"-updated", register.Filter{Scope: all, Sort: "-updated", Limit: 2}, []string{"Hotel", "Golf"}, 8},
		{"updated", register.Filter{Scope: all, Sort: "updated", Limit: 2}, []string{"Alfa", "bravo"}, 8},
		{"name ignores case", register.Filter{Scope: all, Sort: "name", Limit: 4}, []string{"Alfa", "bravo", "Charlie", "Delta"}, 8},
		{"-name", register.Filter{Scope: all, Sort: "-name", Limit: 3}, []string{"Hotel", "Golf", "Foxtrot"}, 8},
		{"unit then name", register.Filter{Scope: all, Sort: "unit"},
			[]string{"Hotel", "Alfa", "bravo", "Charlie", "Delta", "echo", "Foxtrot", "Golf"}, 8},
		{"-unit", register.Filter{Scope: all, Sort: "-unit", Limit: 3}, []string{"Foxtrot", "Golf", "Delta"}, 8},
		{"offset", register.Filter{Scope: all, Sort: "name", Offset: 3, Limit: 2}, []string{"Delta", "echo"}, 8},
		{"offset without limit", register.Filter{Scope: all, Sort: "name", Offset: 6}, []string{"Golf", "Hotel"}, 8},
		{"last short page", register.Filter{Scope: all, Sort: "name", Offset: 6, Limit: 5}, []string{"Golf", "Hotel"}, 8},
		{"unit", register.Filter{Scope: all, Unit: "KMAR", Sort: "name"}, []string{"Delta", "echo"}, 2},
		{"status", register.Filter{Scope: all, Status: "In gebruik", Sort: "name", Limit: 2}, []string{"Alfa", "Charlie"}, 5},
		{"publication category", register.Filter{Scope: all, PublicationCategory: "Hoog-risico AI-systeem", Sort: "name"}, []string{"Charlie", "Delta"}, 2},
		{"state", register.Filter{Scope: all, State: register.StateConcept, Sort: "name"}, []string{"Alfa", "Charlie", "echo", "Foxtrot", "Hotel"}, 5},
		{"level", register.Filter{Scope: all, Level: register.DepVertrouwelijk, Sort: "name"}, []string{"bravo", "Hotel"}, 2},
		{"combined", register.Filter{Scope: all, Unit: "CLAS", State: register.StateConcept, Status: "In gebruik", Sort: "-name"}, []string{"Charlie", "Alfa"}, 2},
		{"no match", register.Filter{Scope: all, Status: "Onbekend"}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, n := list(t, s, tc.f)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if n != tc.total {
				t.Errorf("total = %d, want %d", n, tc.total)
			}
		})
	}
	// Items are whole descriptions, equal to what Description returns.
	var ds []register.Description
	do(t, s, func(tx register.Tx) error {
		var err error
		ds, _, err = tx.ListDescriptions(context.Background(), register.Filter{Scope: all, Unit: "BS"})
		return err
	})
	if len(ds) != 1 {
		t.Fatalf("%d items for BS, want 1", len(ds))
	}
	if diff := cmp.Diff(get(t, s, ds[0].ID), &ds[0]); diff != "" {
		t.Errorf("list item differs from Description (-get +list):\n%s", diff)
	}
}

func testListIDsOrder(t *testing.T, s register.Store) {
	scopeData(t, s)
	all := register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}
	tests := []struct {
		name  string
		f     register.Filter
		want  []string
		total int
	}{
		{"keeps the given order", register.Filter{Scope: all, IDs: []string{"d05", "d01", "d08", "d03"}},
			[]string{"echo", "Alfa", "Hotel", "Charlie"}, 4},
		{"paged in the given order", register.Filter{Scope: all, IDs: []string{"d05", "d01", "d08", "d03"}, Offset: 1, Limit: 2},
			[]string{"Alfa", "Hotel"}, 4},
		{"unknown and repeated ids", register.Filter{Scope: all, IDs: []string{"zz", "d02", "d02", "d07"}},
			[]string{"bravo", "Golf"}, 2},
		{"sort overrides the order", register.Filter{Scope: all, IDs: []string{"d05", "d01", "d08"}, Sort: "name"},
			[]string{"Alfa", "echo", "Hotel"}, 3},
		{"with a filter", register.Filter{Scope: all, IDs: []string{"d06", "d05", "d01"}, State: register.StateConcept, Limit: 2},
			[]string{"Foxtrot", "echo"}, 3},
		{"empty list means none", register.Filter{Scope: all, IDs: []string{}}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, n := list(t, s, tc.f)
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if n != tc.total {
				t.Errorf("total = %d, want %d", n, tc.total)
			}
		})
	}
	// Many ids (search hits) in one request.
	many := make([]string, 0, 5000)
	for i := range 5000 {
		many = append(many, fmt.Sprintf("x%d", i))
	}
	many = append(many, "d04")
	got, n := list(t, s, register.Filter{Scope: all, IDs: many})
	if diff := cmp.Diff([]string{"Delta"}, got); diff != "" || n != 1 {
		t.Errorf("5001 ids: %v, total %d", got, n)
	}
}

// testListTotalsFollowChanges checks, after updates and state changes that move descriptions
// between units, levels, states, statuses and categories, that the total of a one-item page
// equals the number of items of the unpaged list, for many filters.
func testListTotalsFollowChanges(t *testing.T, s register.Store) {
	ctx := context.Background()
	data := scopeData(t, s)
	alfa := *data["Alfa"]
	alfa.Unit, alfa.Classification, alfa.Status, alfa.PublicationCategory = "KMAR", register.StgGeheim, "Buiten gebruik", "Impactvolle algoritmes"
	do(t, s, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &alfa) })
	do(t, s, func(tx register.Tx) error {
		return tx.SetDescriptionState(ctx, &register.Description{ID: data["Delta"].ID, State: register.StateArchived})
	})
	echo := *data["echo"]
	echo.State = register.StateSubmitted
	do(t, s, func(tx register.Tx) error { return tx.UpdateDescription(ctx, &echo) })
	// A rolled-back change moves nothing.
	_ = s.Tx(ctx, func(tx register.Tx) error {
		g := *data["Golf"]
		g.Unit = "BS"
		if err := tx.UpdateDescription(ctx, &g); err != nil {
			return err
		}
		return errors.New("terug")
	})

	var filters []register.Filter
	for _, sc := range []register.Scope{
		{AllUnits: true, MaxLevel: register.StgZeerGeheim},
		{AllUnits: true, MaxLevel: register.StgConfidentieel},
		{Units: []string{"KMAR"}, MaxLevel: register.StgZeerGeheim},
		{Units: []string{"CLAS", "KMAR", "MIVD"}, MaxLevel: register.DepVertrouwelijk},
	} {
		for _, f := range []register.Filter{
			{}, {Unit: "KMAR"}, {Unit: "CLAS"}, {State: register.StateConcept}, {State: register.StateArchived},
			{State: register.StateSubmitted}, {Status: "Buiten gebruik"}, {Status: "In gebruik"},
			{PublicationCategory: "Impactvolle algoritmes"}, {Level: register.StgGeheim}, {Level: register.Ongerubriceerd},
			{Unit: "KMAR", Status: "Buiten gebruik", Level: register.StgGeheim},
		} {
			f.Scope = sc
			filters = append(filters, f)
		}
	}
	check := func(when string) {
		for _, f := range filters {
			all, n := list(t, s, f)
			if n != len(all) {
				t.Fatalf("%s: unpaged total %d != %d items for %+v", when, n, len(all), f)
			}
			f.Limit = 1
			if _, paged := list(t, s, f); paged != len(all) {
				t.Errorf("%s: total of a page = %d, want %d, for %+v", when, paged, len(all), f)
			}
		}
	}
	check("after changes")
	if got, _ := list(t, s, register.Filter{Scope: register.Scope{Units: []string{"KMAR"}, MaxLevel: register.StgZeerGeheim},
		Status: "Buiten gebruik", Sort: "name"}); !cmp.Equal(got, []string{"Alfa", "echo"}) {
		t.Errorf("KMAR, Buiten gebruik: %v, want [Alfa echo]", got)
	}
	if Optimize != nil {
		if err := Optimize(ctx, s); err != nil {
			t.Fatalf("Optimize: %v", err)
		}
		check("after Optimize")
	}
}

func testListInvalid(t *testing.T, s register.Store) {
	all := register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}
	for _, f := range []register.Filter{
		{Scope: all, Sort: "name; DROP TABLE descriptions"},
		{Scope: all, State: "onbekend"},
		{Scope: all, Level: "topgeheim"},
		{Scope: all, Offset: -1},
		{Scope: all, Limit: -5},
	} {
		err := s.Tx(context.Background(), func(tx register.Tx) error {
			_, _, err := tx.ListDescriptions(context.Background(), f)
			return err
		})
		wantCode(t, err, register.EINVALID)
	}
}

func testUsers(t *testing.T, s register.Store) {
	ctx := context.Background()
	u := &register.User{Email: "A.Jansen@Mindef.nl", Name: "A. Jansen", Role: register.RoleCoordinator,
		Units: []string{"KMAR", "CLAS"}, Clearance: register.StgConfidentieel, PasswordHash: "$argon2id$x"}
	admin := &register.User{ID: "admin-1", Email: "beheer@mindef.nl", Name: "Beheer", Role: register.RoleAdmin,
		AllUnits: true, Clearance: register.StgZeerGeheim}
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.CreateUser(ctx, admin)
	})
	if u.ID == "" || !u.CreatedAt.Equal(now) {
		t.Fatalf("CreateUser: id %q created %v; want an id and %v", u.ID, u.CreatedAt, now)
	}
	do(t, s, func(tx register.Tx) error {
		for _, email := range []string{"A.Jansen@Mindef.nl", "a.jansen@mindef.nl", " A.JANSEN@MINDEF.NL"} {
			got, err := tx.UserByEmail(ctx, email)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(u, got); diff != "" {
				t.Errorf("UserByEmail(%q) (-want +got):\n%s", email, diff)
			}
		}
		got, err := tx.UserByID(ctx, "admin-1")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(admin, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("UserByID (-want +got):\n%s", diff)
		}
		us, err := tx.ListUsers(ctx)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]register.User{*u, *admin}, us, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ListUsers (-want +got):\n%s", diff)
		}
		return nil
	})

	u.Name, u.Units, u.Disabled, u.Role, u.Email = "A. Jansen-de Wit", []string{"DMO"}, true, register.RoleViewer, "a.dewit@mindef.nl"
	do(t, s, func(tx register.Tx) error { return tx.UpdateUser(ctx, u) })
	do(t, s, func(tx register.Tx) error {
		got, err := tx.UserByID(ctx, u.ID)
		if diff := cmp.Diff(u, got); diff != "" {
			t.Errorf("after UpdateUser (-want +got):\n%s", diff)
		}
		return err
	})

	tests := []struct {
		name string
		fn   func(tx register.Tx) error
		code string
	}{
		{"duplicate e-mail, other case", func(tx register.Tx) error {
			return tx.CreateUser(ctx, &register.User{Email: "BEHEER@mindef.nl", Role: register.RoleViewer, Clearance: register.Ongerubriceerd})
		}, register.ECONFLICT},
		{"duplicate id", func(tx register.Tx) error {
			return tx.CreateUser(ctx, &register.User{ID: "admin-1", Email: "x@mindef.nl", Role: register.RoleViewer, Clearance: register.Ongerubriceerd})
		}, register.ECONFLICT},
		{"unknown unit", func(tx register.Tx) error {
			return tx.CreateUser(ctx, &register.User{Email: "y@mindef.nl", Role: register.RoleViewer, Units: []string{"NOPE"}, Clearance: register.Ongerubriceerd})
		}, register.EINVALID},
		{"update to a taken e-mail", func(tx register.Tx) error {
			v := *u
			v.Email = "beheer@mindef.nl"
			return tx.UpdateUser(ctx, &v)
		}, register.ECONFLICT},
		{"update unknown", func(tx register.Tx) error {
			return tx.UpdateUser(ctx, &register.User{ID: "nope", Email: "z@mindef.nl"})
		}, register.ENOTFOUND},
		{"by e-mail unknown", func(tx register.Tx) error { _, err := tx.UserByEmail(ctx, "nobody@mindef.nl"); return err }, register.ENOTFOUND},
		{"by id unknown", func(tx register.Tx) error { _, err := tx.UserByID(ctx, "nope"); return err }, register.ENOTFOUND},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.Tx(ctx, tc.fn), tc.code)
		})
	}
}

func addUser(t *testing.T, s register.Store) *register.User {
	t.Helper()
	u := &register.User{Email: "user@mindef.nl", Name: "U", Role: register.RoleEditor, Units: []string{"BS"}, Clearance: register.Ongerubriceerd}
	do(t, s, func(tx register.Tx) error { return tx.CreateUser(context.Background(), u) })
	return u
}

func testTokens(t *testing.T, s register.Store) {
	ctx := context.Background()
	u := addUser(t, s)
	tok := register.Token{Hash: "h1", UserID: u.ID, ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	forever := register.Token{Hash: "h2", UserID: u.ID}
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		if err := tx.CreateToken(ctx, tok); err != nil {
			return err
		}
		return tx.CreateToken(ctx, forever)
	})
	tok.CreatedAt, forever.CreatedAt = now, now
	do(t, s, func(tx register.Tx) error {
		for _, want := range []register.Token{tok, forever} {
			got, err := tx.TokenByHash(ctx, want.Hash)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("token (-want +got):\n%s", diff)
			}
		}
		return nil
	})
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { _, err := tx.TokenByHash(ctx, "nope"); return err }), register.ENOTFOUND)

	// TokenWithUser gives what TokenByHash and UserByID give, units in their order.
	multi := &register.User{Email: "multi@mindef.nl", Name: "M", Role: register.RoleEditor, Units: []string{"DMO", "BS"},
		Clearance: register.StgConfidentieel, Disabled: true}
	none := &register.User{Email: "all@mindef.nl", Name: "A", Role: register.RoleAdmin, AllUnits: true, Clearance: register.StgZeerGeheim}
	do(t, s, func(tx register.Tx) error {
		for i, usr := range []*register.User{multi, none} {
			if err := tx.CreateUser(ctx, usr); err != nil {
				return err
			}
			if err := tx.CreateToken(ctx, register.Token{Hash: fmt.Sprintf("m%d", i), UserID: usr.ID}); err != nil {
				return err
			}
		}
		return nil
	})
	do(t, s, func(tx register.Tx) error {
		for _, hash := range []string{"h1", "h2", "m0", "m1"} {
			wantTok, err := tx.TokenByHash(ctx, hash)
			if err != nil {
				return err
			}
			wantUser, err := tx.UserByID(ctx, wantTok.UserID)
			if err != nil {
				return err
			}
			gotTok, gotUser, err := tx.TokenWithUser(ctx, hash)
			if err != nil {
				return err
			}
			if diff := cmp.Diff(wantTok, gotTok); diff != "" {
				t.Errorf("TokenWithUser(%s) token (-want +got):\n%s", hash, diff)
			}
			if diff := cmp.Diff(wantUser, gotUser); diff != "" {
				t.Errorf("TokenWithUser(%s) user (-want +got):\n%s", hash, diff)
			}
		}
		return nil
	})
	if got := multi.Units; len(got) != 2 || got[0] != "DMO" {
		t.Fatalf("test user units %v", got)
	}
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { _, _, err := tx.TokenWithUser(ctx, "nope"); return err }), register.ENOTFOUND)
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { return tx.CreateToken(ctx, tok) }), register.ECONFLICT)
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error {
		return tx.CreateToken(ctx, register.Token{Hash: "h3", UserID: "nobody"})
	}), register.ENOTFOUND)
}

func testSessions(t *testing.T, s register.Store) {
	ctx := context.Background()
	u := addUser(t, s)
	sess := register.Session{Hash: "s1", UserID: u.ID, CSRF: "c1",
		CreatedAt: time.Date(2026, 3, 1, 10, 0, 0, 999999999, time.UTC), ExpiresAt: time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)}
	do(t, s, func(tx register.Tx) error { return tx.CreateSession(ctx, sess) })
	want := sess
	want.CreatedAt = sess.CreatedAt.Truncate(time.Microsecond)
	want.LastSeen = want.CreatedAt
	check := func(want register.Session) {
		t.Helper()
		do(t, s, func(tx register.Tx) error {
			got, err := tx.SessionByHash(ctx, want.Hash)
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("session (-want +got):\n%s", diff)
			}
			return err
		})
	}
	check(want)
	seen := time.Date(2026, 3, 1, 11, 0, 0, 0, time.FixedZone("CET", 3600))
	do(t, s, func(tx register.Tx) error { return tx.TouchSession(ctx, "s1", seen) })
	want.LastSeen = seen.UTC()
	check(want)
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { return tx.TouchSession(ctx, "nope", seen) }), register.ENOTFOUND)
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { return tx.CreateSession(ctx, sess) }), register.ECONFLICT)
	do(t, s, func(tx register.Tx) error { return tx.DeleteSession(ctx, "s1") })
	do(t, s, func(tx register.Tx) error { return tx.DeleteSession(ctx, "s1") }) // twice is fine
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { _, err := tx.SessionByHash(ctx, "s1"); return err }), register.ENOTFOUND)
}

func testLoginFailures(t *testing.T, s register.Store) {
	ctx := context.Background()
	base := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	do(t, s, func(tx register.Tx) error {
		for i := range 5 {
			if err := tx.AddLoginFailure(ctx, "a@mindef.nl", base.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return tx.AddLoginFailure(ctx, "10.0.0.1", base)
	})
	count := func(key string, since time.Time) int {
		var n int
		do(t, s, func(tx register.Tx) error {
			var err error
			n, err = tx.LoginFailures(ctx, key, since)
			return err
		})
		return n
	}
	tests := []struct {
		key   string
		since time.Time
		want  int
	}{
		{"a@mindef.nl", base.Add(-time.Hour), 5},
		{"a@mindef.nl", base.Add(2 * time.Minute), 3}, // inclusive
		{"a@mindef.nl", base.Add(2*time.Minute + time.Nanosecond), 2},
		{"a@mindef.nl", base.Add(time.Hour), 0},
		{"10.0.0.1", base, 1},
		{"other", base.Add(-time.Hour), 0},
	}
	for _, tc := range tests {
		if got := count(tc.key, tc.since); got != tc.want {
			t.Errorf("LoginFailures(%s, %v) = %d, want %d", tc.key, tc.since, got, tc.want)
		}
	}
	do(t, s, func(tx register.Tx) error { return tx.ClearLoginFailures(ctx, "a@mindef.nl") })
	if got := count("a@mindef.nl", time.Time{}); got != 0 {
		t.Errorf("after clear: %d", got)
	}
	if got := count("10.0.0.1", time.Time{}); got != 1 {
		t.Errorf("clear removed another key's failures: %d left", got)
	}
}

func testTransitions(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("CLAS", register.Ongerubriceerd, "Transities"))
	steps := []register.Transition{
		{DescriptionID: d.ID, Revision: 1, Action: register.ActionSubmit, From: register.StateConcept, To: register.StateSubmitted, Comment: "klaar", By: "e@mindef.nl"},
		{DescriptionID: d.ID, Revision: 1, Action: register.ActionReturn, From: register.StateSubmitted, To: register.StateConcept, Comment: "onvolledig", By: "c@mindef.nl",
			At: time.Date(2026, 2, 3, 4, 5, 6, 7000, time.UTC)},
	}
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		for _, st := range steps {
			if err := tx.AddTransition(ctx, st); err != nil {
				return err
			}
		}
		return nil
	})
	steps[0].At = now
	do(t, s, func(tx register.Tx) error {
		got, err := tx.Transitions(ctx, d.ID)
		if diff := cmp.Diff(steps, got); diff != "" {
			t.Errorf("transitions (-want +got):\n%s", diff)
		}
		none, err2 := tx.Transitions(ctx, "nope")
		if len(none) != 0 {
			t.Errorf("transitions of unknown: %v", none)
		}
		return errors.Join(err, err2)
	})
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error {
		return tx.AddTransition(ctx, register.Transition{DescriptionID: "nope", Action: register.ActionSubmit})
	}), register.ENOTFOUND)
}

func testClassificationAssessment(t *testing.T, s register.Store) {
	ctx := context.Background()
	d := create(t, s, fixture("KMAR", register.Ongerubriceerd, "Risicoprofilering"))
	c := register.Classification{
		DescriptionID: d.ID,
		Facts: register.Facts{IsAlgorithm: true, IsAISystem: true, Exclusion: "military_defence_national_security",
			ProhibitedPractice: "none", AnnexIProduct: "none", AnnexIIIArea: "7.b", ProfilesNaturalPersons: true,
			Article63Condition: "none", Article50: []string{"interacts_with_persons"}, ClassifiesOrContactsPersons: true},
		Outcome: register.Outcome{AIAct: register.AIAct{Applies: true, RiskGroup: "high_risk", TransparencyObligation: true,
			EUDatabase: "secure_non_public"}, PublicationCategory: "Hoog-risico AI-systeem", RegisterRequired: true,
			RuleVersion: "1", Reasons: []string{"Bijlage III punt 7.b"}},
		By: "assessor@mindef.nl",
	}
	a := register.Assessment{DescriptionID: d.ID, Revision: 1, Decision: "publish_partial", Grounds: []string{"5.1.1.b"},
		Motivation: "operationele details", ReviewOn: "2027-06-30",
		Fields:       map[string]register.FieldDecision{"methods_and_models": {Action: "redact", Ground: "5.1.2.h", Motivation: "m"}},
		Advice:       []register.Advice{{From: "NBV", Reference: "NBV-2024-1", ReceivedOn: "2024-03-15", Summary: "s"}},
		ModelVersion: "1", Suggestion: "publish_partial", By: "approver@mindef.nl",
		At: time.Date(2026, 1, 1, 0, 0, 0, 123456789, time.UTC)}
	var now time.Time
	do(t, s, func(tx register.Tx) error {
		now = tx.Now()
		if err := tx.SaveClassification(ctx, c); err != nil {
			return err
		}
		return tx.SaveAssessment(ctx, a)
	})
	c.At = now
	a.At = a.At.Truncate(time.Microsecond)
	load := func() (*register.Classification, *register.Assessment) {
		var gc *register.Classification
		var ga *register.Assessment
		do(t, s, func(tx register.Tx) error {
			var err1, err2 error
			gc, err1 = tx.Classification(ctx, d.ID)
			ga, err2 = tx.Assessment(ctx, d.ID)
			return errors.Join(err1, err2)
		})
		return gc, ga
	}
	gc, ga := load()
	if diff := cmp.Diff(&c, gc); diff != "" {
		t.Errorf("classification (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&a, ga); diff != "" {
		t.Errorf("assessment (-want +got):\n%s", diff)
	}
	// Saving again replaces.
	c.Facts.Exclusion, c.Outcome.AIAct.RiskGroup = "none", "not_high_risk"
	a.Decision = "publish_full"
	do(t, s, func(tx register.Tx) error {
		return errors.Join(tx.SaveClassification(ctx, c), tx.SaveAssessment(ctx, a))
	})
	gc, ga = load()
	if gc.Facts.Exclusion != "none" || gc.Outcome.AIAct.RiskGroup != "not_high_risk" || ga.Decision != "publish_full" {
		t.Errorf("second save did not replace: %+v %+v", gc.Facts, ga.Decision)
	}
	// The bulk readers give the same documents, keyed by description, and nothing for others.
	create(t, s, fixture("KMAR", register.Ongerubriceerd, "Zonder beoordeling"))
	do(t, s, func(tx register.Tx) error {
		cs, err := tx.AllClassifications(ctx)
		if err != nil {
			return err
		}
		as, err := tx.AllAssessments(ctx)
		if err != nil {
			return err
		}
		if len(cs) != 1 || len(as) != 1 {
			t.Errorf("AllClassifications %d, AllAssessments %d; want 1 each", len(cs), len(as))
		}
		gc2, ga2 := cs[d.ID], as[d.ID]
		if diff := cmp.Diff(gc, &gc2); diff != "" {
			t.Errorf("AllClassifications (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(ga, &ga2); diff != "" {
			t.Errorf("AllAssessments (-want +got):\n%s", diff)
		}
		// the review date is 2027-06-30: due by then, not before
		for until, want := range map[string]int{"2027-06-29": 0, "2027-06-30": 1, "2099-01-01": 1} {
			due, err := tx.AssessmentsDue(ctx, until)
			if err != nil {
				return err
			}
			if len(due) != want || (want == 1 && (due[0].DescriptionID != d.ID || due[0].ReviewOn != "2027-06-30" || due[0].Decision != ga.Decision)) {
				t.Errorf("AssessmentsDue(%s) = %+v, want %d", until, due, want)
			}
		}
		return nil
	})
	for _, fn := range []func(tx register.Tx) error{
		func(tx register.Tx) error { _, err := tx.Classification(ctx, "nope"); return err },
		func(tx register.Tx) error { _, err := tx.Assessment(ctx, "nope"); return err },
		func(tx register.Tx) error {
			return tx.SaveClassification(ctx, register.Classification{DescriptionID: "nope"})
		},
		func(tx register.Tx) error { return tx.SaveAssessment(ctx, register.Assessment{DescriptionID: "nope"}) },
	} {
		wantCode(t, s.Tx(ctx, fn), register.ENOTFOUND)
	}
}

func testSettings(t *testing.T, s register.Store) {
	ctx := context.Background()
	wantCode(t, s.Tx(ctx, func(tx register.Tx) error { _, err := tx.Setting(ctx, "ceiling"); return err }), register.ENOTFOUND)
	do(t, s, func(tx register.Tx) error {
		return errors.Join(tx.SetSetting(ctx, "ceiling", "stg-geheim"), tx.SetSetting(ctx, "terms", "[\"Tulp\"]"),
			tx.SetSetting(ctx, "ceiling", "stg-confidentieel"))
	})
	for key, want := range map[string]string{"ceiling": "stg-confidentieel", "terms": `["Tulp"]`} {
		do(t, s, func(tx register.Tx) error {
			got, err := tx.Setting(ctx, key)
			if got != want {
				t.Errorf("Setting(%s) = %q, want %q", key, got, want)
			}
			return err
		})
	}
}

func readAudit(t *testing.T, s register.Store) []register.AuditEntry {
	t.Helper()
	var es []register.AuditEntry
	do(t, s, func(tx register.Tx) error {
		var err error
		es, err = tx.Audit(context.Background(), 0, 0)
		return err
	})
	return es
}

func appendAudit(t *testing.T, s register.Store, n int) {
	t.Helper()
	do(t, s, func(tx register.Tx) error {
		for i := range n {
			e := &register.AuditEntry{Actor: "a@mindef.nl", Action: "description.update", Object: fmt.Sprintf("description:%d", i),
				Revision: i, Result: "ok", Origin: "cli", Detail: "d"}
			if err := tx.AppendAudit(context.Background(), e); err != nil {
				return err
			}
		}
		return nil
	})
}

func testAuditConcurrent(t *testing.T, s register.Store) {
	ctx := context.Background()
	const writers, each = 12, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				err := s.Tx(ctx, func(tx register.Tx) error {
					e := &register.AuditEntry{Actor: fmt.Sprintf("w%d@mindef.nl", w), Action: "login.success",
						Object: fmt.Sprintf("user:%d", i), Result: "ok", Origin: "127.0.0.1"}
					if err := tx.AppendAudit(ctx, e); err != nil {
						return err
					}
					if e.Seq <= 0 || e.Hash == "" || e.Hash != e.ComputeHash() {
						return fmt.Errorf("entry not filled in: %+v", e)
					}
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("append: %v", err)
	}
	es := readAudit(t, s)
	if len(es) != writers*each {
		t.Fatalf("%d entries, want %d", len(es), writers*each)
	}
	if i := register.VerifyChain(es, "", 0); i >= 0 {
		t.Fatalf("chain broken at index %d (seq %d)", i, es[i].Seq)
	}
	if es[0].PrevHash != "" || es[0].Seq != 1 {
		t.Errorf("first entry: seq %d prev %q", es[0].Seq, es[0].PrevHash)
	}
	// Paging by sequence.
	var page []register.AuditEntry
	do(t, s, func(tx register.Tx) error {
		var err error
		page, err = tx.Audit(ctx, 100, 7)
		return err
	})
	if len(page) != 7 || page[0].Seq != 101 || page[6].Seq != 107 {
		t.Errorf("Audit(100, 7): %d entries from %v", len(page), page)
	}
	if VerifyAudit != nil {
		if broken, err := VerifyAudit(ctx, s); err != nil || broken != 0 {
			t.Errorf("VerifyAudit = %d, %v; want 0, nil", broken, err)
		}
	}
}

func testAuditAppendOnly(t *testing.T, s register.Store) {
	raw, ok := s.(Raw)
	if !ok {
		t.Fatalf("store %T does not offer RawExec", s)
	}
	ctx := context.Background()
	appendAudit(t, s, 3)
	before := readAudit(t, s)
	for _, q := range []string{
		"UPDATE audit SET detail = 'vervalst' WHERE seq = 2",
		"UPDATE audit SET hash = hash",
		"DELETE FROM audit WHERE seq = 3",
		"DELETE FROM audit",
	} {
		n, err := raw.RawExec(ctx, q)
		if err == nil {
			t.Errorf("%s: accepted (%d rows)", q, n)
			continue
		}
		wantCode(t, err, register.EFORBIDDEN)
	}
	if raw.Dialect() == "postgres" {
		if _, err := raw.RawExec(ctx, "TRUNCATE audit"); err == nil {
			t.Errorf("TRUNCATE audit: accepted")
		}
	}
	if diff := cmp.Diff(before, readAudit(t, s)); diff != "" {
		t.Errorf("audit changed (-before +after):\n%s", diff)
	}
	appendAudit(t, s, 1) // appending still works
}

func testAuditTampering(t *testing.T, s register.Store) {
	if VerifyAudit == nil {
		t.Fatal("storetest.VerifyAudit is not set")
	}
	raw := s.(Raw)
	ctx := context.Background()
	appendAudit(t, s, 5)
	if broken, err := VerifyAudit(ctx, s); err != nil || broken != 0 {
		t.Fatalf("VerifyAudit before tampering = %d, %v", broken, err)
	}
	// Someone with direct database access disables the guard and edits entry 3.
	var steps []string
	if raw.Dialect() == "postgres" {
		steps = []string{"ALTER TABLE audit DISABLE TRIGGER audit_no_update_delete",
			"UPDATE audit SET detail = 'vervalst' WHERE seq = 3",
			"ALTER TABLE audit ENABLE TRIGGER audit_no_update_delete"}
	} else {
		steps = []string{"DROP TRIGGER audit_no_update", "UPDATE audit SET detail = 'vervalst' WHERE seq = 3"}
	}
	for _, q := range steps {
		if _, err := raw.RawExec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if broken, err := VerifyAudit(ctx, s); err != nil || broken != 3 {
		t.Errorf("VerifyAudit after tampering = %d, %v; want 3", broken, err)
	}
}

func testRollback(t *testing.T, s register.Store) {
	ctx := context.Background()
	boom := errors.New("boom")
	var id string
	err := s.Tx(ctx, func(tx register.Tx) error {
		if err := tx.CreateUnit(ctx, register.Unit{Code: "TMP", Name: "Tijdelijk"}); err != nil {
			return err
		}
		u := &register.User{Email: "tmp@mindef.nl", Role: register.RoleViewer, Units: []string{"TMP"}, Clearance: register.Ongerubriceerd}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		d := fixture("TMP", register.Ongerubriceerd, "Weg")
		if err := tx.CreateDescription(ctx, d); err != nil {
			return err
		}
		id = d.ID
		if err := tx.AppendAudit(ctx, &register.AuditEntry{Actor: "x", Action: "description.create"}); err != nil {
			return err
		}
		if err := tx.SetSetting(ctx, "k", "v"); err != nil {
			return err
		}
		if err := tx.AddLoginFailure(ctx, "tmp", time.Time{}); err != nil {
			return err
		}
		return fmt.Errorf("afgebroken: %w", boom)
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v, want the function's error", err)
	}
	do(t, s, func(tx register.Tx) error {
		units, err := tx.ListUnits(ctx)
		if len(units) != len(register.DemoUnits) {
			t.Errorf("%d units after rollback", len(units))
		}
		if _, err := tx.UserByEmail(ctx, "tmp@mindef.nl"); register.ErrorCode(err) != register.ENOTFOUND {
			t.Errorf("user after rollback: %v", err)
		}
		if _, err := tx.Description(ctx, id); register.ErrorCode(err) != register.ENOTFOUND {
			t.Errorf("description after rollback: %v", err)
		}
		if _, err := tx.Revisions(ctx, id); register.ErrorCode(err) != register.ENOTFOUND {
			t.Errorf("revisions after rollback: %v", err)
		}
		if ds, _, _ := tx.DescriptionsChangedSince(ctx, 0, 0); len(ds) != 0 {
			t.Errorf("change feed after rollback: %d", len(ds))
		}
		if es, _ := tx.Audit(ctx, 0, 0); len(es) != 0 {
			t.Errorf("audit after rollback: %d entries", len(es))
		}
		if _, err := tx.Setting(ctx, "k"); register.ErrorCode(err) != register.ENOTFOUND {
			t.Errorf("setting after rollback: %v", err)
		}
		if n, _ := tx.LoginFailures(ctx, "tmp", time.Time{}); n != 0 {
			t.Errorf("login failures after rollback: %d", n)
		}
		return err
	})
	// The chain continues from 1 after a rolled-back append.
	appendAudit(t, s, 1)
	if es := readAudit(t, s); len(es) != 1 || es[0].Seq != 1 {
		t.Errorf("after rollback the first entry is %+v", es)
	}
}

func testConcurrentCreates(t *testing.T, s register.Store) {
	ctx := context.Background()
	const n = 40
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Tx(ctx, func(tx register.Tx) error {
				if err := tx.CreateDescription(ctx, fixture("CLAS", register.Ongerubriceerd, fmt.Sprintf("Parallel %02d", i))); err != nil {
					return err
				}
				return tx.AppendAudit(ctx, &register.AuditEntry{Actor: "x", Action: "description.create"})
			})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("create: %v", err)
		}
	}
	var ds []register.Description
	var last int64
	do(t, s, func(tx register.Tx) error {
		var err error
		ds, last, err = tx.DescriptionsChangedSince(ctx, 0, 0)
		return err
	})
	if len(ds) != n {
		t.Errorf("feed has %d, want %d", len(ds), n)
	}
	got := names(ds)
	sort.Strings(got)
	for i := 1; i < len(got); i++ {
		if got[i] == got[i-1] {
			t.Errorf("feed repeats %s", got[i])
		}
	}
	if last < int64(n) {
		t.Errorf("last sequence %d < %d", last, n)
	}
	if es := readAudit(t, s); register.VerifyChain(es, "", 0) >= 0 || len(es) != n {
		t.Errorf("audit after concurrent creates: %d entries, chain intact %v", len(es), register.VerifyChain(es, "", 0) < 0)
	}
}

func testView(t *testing.T, s register.Store) {
	v, ok := s.(Viewer)
	if !ok {
		t.Fatalf("store %T has no read-only transactions (View)", s)
	}
	ctx := context.Background()
	d := create(t, s, fixture("BS", register.Ongerubriceerd, "Lezen"))
	err := v.View(ctx, func(tx register.Tx) error {
		got, err := tx.Description(ctx, d.ID)
		if err == nil && got.Name != "Lezen" {
			t.Errorf("View read %q", got.Name)
		}
		return err
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	err = v.View(ctx, func(tx register.Tx) error {
		return tx.SetSetting(ctx, "k", "v")
	})
	if err == nil {
		t.Errorf("a write inside View succeeded")
	}
}
