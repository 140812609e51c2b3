package store_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/store/storetest"
	"github.com/google/go-cmp/cmp"
)

// dialects runs fn for SQLite and, when configured, PostgreSQL.
func dialects(t *testing.T, fn func(t *testing.T, open func(testing.TB) register.Store)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLite) })
	t.Run("postgres", func(t *testing.T) {
		postgresURL(t)
		fn(t, openPostgres)
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		url, code, mention string
	}{
		{"mysql://root@localhost/algoreg", register.EINVALID, "mysql"},
		{"algoreg.db", register.EINVALID, "sqlite:PAD"},
		{"sqlite:", register.EINVALID, "pad"},
		{"sqlite:" + filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"), register.EUNAVAILABLE, "niet bereikbaar"},
		{"postgres://algoreg@127.0.0.1:1/algoreg?sslmode=disable&connect_timeout=2", register.EUNAVAILABLE, "niet bereikbaar"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			s, err := store.Open(ctx, tc.url)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tc.url)
			}
			if got := register.ErrorCode(err); got != tc.code {
				t.Errorf("code %s, want %s (%v)", got, tc.code, err)
			}
			if msg := register.ErrorMessage(err); !strings.Contains(msg, tc.mention) {
				t.Errorf("message %q does not mention %q", msg, tc.mention)
			}
		})
	}
}

func TestMigrateIdempotent(t *testing.T) {
	dialects(t, func(t *testing.T, open func(testing.TB) register.Store) {
		ctx := context.Background()
		s := open(t) // migrated once
		for range 2 {
			if err := store.Migrate(ctx, s); err != nil {
				t.Fatalf("migrate again: %v", err)
			}
		}
		v, err := store.SchemaVersion(ctx, s)
		files, _ := os.ReadDir("migrations/sqlite")
		if err != nil || v != len(files) {
			t.Errorf("SchemaVersion = %d, %v; want %d (the number of migrations)", v, err, len(files))
		}
		do := func(fn func(register.Tx) error) {
			if err := s.Tx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		do(func(tx register.Tx) error {
			units, err := tx.ListUnits(ctx)
			if diff := cmp.Diff(register.DemoUnits, units); diff != "" {
				t.Errorf("units after three migrations (-want +got):\n%s", diff)
			}
			return err
		})
	})
}

func TestSchemaVersionEmpty(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := store.SchemaVersion(ctx, s); err != nil || v != 0 {
		t.Errorf("SchemaVersion of an empty database = %d, %v", v, err)
	}
}

// TestMigrateConcurrent starts several processes' worth of stores on one new database at once:
// every Migrate succeeds and the schema is applied once.
func TestMigrateConcurrent(t *testing.T) {
	ctx := context.Background()
	run := func(t *testing.T, url string) {
		const n = 4
		stores := make([]register.Store, n)
		for i := range stores {
			s, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			stores[i] = s
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = store.Migrate(ctx, s)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Errorf("concurrent migrate: %v", err)
			}
		}
		err := stores[0].Tx(ctx, func(tx register.Tx) error {
			units, err := tx.ListUnits(ctx)
			if len(units) != len(register.DemoUnits) {
				t.Errorf("%d units, want %d", len(units), len(register.DemoUnits))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, "sqlite:"+filepath.Join(t.TempDir(), "c.db")) })
	t.Run("postgres", func(t *testing.T) {
		base := postgresURL(t)
		admin, err := store.Open(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		raw := admin.(storetest.Raw)
		if _, err := raw.RawExec(ctx, "CREATE DATABASE t_migrate_concurrent"); err != nil {
			t.Fatal(err)
		}
		defer raw.RawExec(ctx, "DROP DATABASE t_migrate_concurrent WITH (FORCE)")
		run(t, withDatabase(t, base, "t_migrate_concurrent"))
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := openSQLite(t)
	d := &register.Description{Standard: register.Standard{Name: "Reservekopie"}, Unit: "DMO", Classification: register.Ongerubriceerd}
	err := s.Tx(ctx, func(tx register.Tx) error {
		if err := tx.CreateDescription(ctx, d); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, &register.AuditEntry{Actor: "x", Action: "description.create"})
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := store.Backup(ctx, s, path); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	b, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Tx(ctx, func(tx register.Tx) error {
		got, err := tx.Description(ctx, d.ID)
		if err == nil && got.Name != "Reservekopie" {
			t.Errorf("backup holds %q", got.Name)
		}
		return err
	})
	if err != nil {
		t.Fatalf("read backup: %v", err)
	}
	if broken, err := store.VerifyAudit(ctx, b); err != nil || broken != 0 {
		t.Errorf("audit in backup: %d, %v", broken, err)
	}
	if err := store.Backup(ctx, s, path); register.ErrorCode(err) != register.ECONFLICT {
		t.Errorf("backup over an existing file: %v, want %s", err, register.ECONFLICT)
	}
	t.Run("postgres", func(t *testing.T) {
		postgresURL(t)
		err := store.Backup(ctx, openPostgres(t), filepath.Join(t.TempDir(), "x.db"))
		if register.ErrorCode(err) != register.EINVALID || !strings.Contains(register.ErrorMessage(err), "pg_dump") {
			t.Errorf("Backup on PostgreSQL: %v, want a refusal naming pg_dump", err)
		}
	})
}

// TestTxRetries checks that transient conflicts are retried a bounded number of times and
// that other errors are not retried.
func TestTxRetries(t *testing.T) {
	ctx := context.Background()
	s := openSQLite(t)
	busy := store.TransientErrorForTest()
	tests := []struct {
		name      string
		failures  int
		other     error
		wantRuns  int
		wantError bool
	}{
		{"succeeds after two conflicts", 2, nil, 3, false},
		{"gives up after five", 10, nil, 5, true},
		{"other errors are not retried", 0, errors.New("nee"), 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runs := 0
			err := s.Tx(ctx, func(tx register.Tx) error {
				runs++
				if tc.other != nil {
					return tc.other
				}
				if runs <= tc.failures {
					return fmt.Errorf("wrapped: %w", busy)
				}
				return nil
			})
			if runs != tc.wantRuns || (err != nil) != tc.wantError {
				t.Errorf("runs %d err %v; want %d runs, error %v", runs, err, tc.wantRuns, tc.wantError)
			}
		})
	}
}

// TestRealDataRoundTrip stores every description of the national register's CSV export and
// reads each back unchanged, in both databases.
func TestRealDataRoundTrip(t *testing.T) {
	f, err := os.Open("../../../shared/data/algoritmeregister-export-2024-05-eng.csv")
	if err != nil {
		t.Fatalf("real data: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	// The text fields of v1.0 that the export carries under the same name.
	fields := map[string]bool{}
	for _, n := range []string{"name", "organization", "description_short", "website", "status", "goal", "proportionality",
		"lawful_basis", "standard_version", "url", "contact_email", "lang", "publiccode", "source_data", "methods_and_models",
		"human_intervention", "risks", "provider", "tags", "source_id", "begin_date", "end_date", "impacttoetsen",
		"process_index_url", "publication_category"} {
		fields[n] = true
	}
	var ds []*register.Description
	for i, rec := range recs[1:] {
		m := map[string]any{}
		for j, v := range rec {
			if fields[header[j]] {
				m[header[j]] = v
			}
			if header[j] == "category" && v != "" {
				m["category"] = strings.Split(v, ", ")
			}
		}
		b, _ := json.Marshal(m)
		d := &register.Description{}
		if err := json.Unmarshal(b, &d.Standard); err != nil {
			t.Fatal(err)
		}
		d.Unit = register.DemoUnits[i%len(register.DemoUnits)].Code
		d.Classification = register.Levels[i%len(register.Levels)]
		d.CreatedBy = "import"
		ds = append(ds, d)
	}
	if len(ds) < 300 {
		t.Fatalf("only %d records in the export", len(ds))
	}
	dialects(t, func(t *testing.T, open func(testing.TB) register.Store) {
		ctx := context.Background()
		s := open(t)
		err := s.Tx(ctx, func(tx register.Tx) error {
			for _, d := range ds {
				c := *d
				if err := tx.CreateDescription(ctx, &c); err != nil {
					return fmt.Errorf("%s: %w", d.Name, err)
				}
				*d = c
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Tx(ctx, func(tx register.Tx) error {
			for _, d := range ds {
				got, err := tx.Description(ctx, d.ID)
				if err != nil {
					return err
				}
				if diff := cmp.Diff(d, got); diff != "" {
					t.Errorf("%s (-stored +read):\n%s", d.Name, diff)
				}
			}
			items, total, err := tx.ListDescriptions(ctx, register.Filter{
				Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}, Sort: "name", Limit: 10})
			if total != len(ds) || len(items) != 10 {
				t.Errorf("list: %d items, total %d; want 10, %d", len(items), total, len(ds))
			}
			for i := 1; i < len(items); i++ {
				if strings.ToLower(items[i-1].Name) > strings.ToLower(items[i].Name) {
					t.Errorf("not sorted by name: %q before %q", items[i-1].Name, items[i].Name)
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
