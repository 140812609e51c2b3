package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/defensie/algoreg/internal/demo"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
	"github.com/google/go-cmp/cmp"
)

// registerTables are the tables a restore must bring back row for row; the test fails when any
// of them is empty in the source, so it can never pass by comparing nothing.
var registerTables = []string{"descriptions", "revisions", "transitions", "classifications", "assessments", "users", "user_units", "tokens", "units", "settings", "audit"}

// fillRegister gives a new SQLite register demo users and descriptions, plus a
// classification, an assessment and a setting, so every table holds rows.
func fillRegister(t *testing.T, path string) (*service.Service, register.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := store.Migrate(ctx, st); err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, nil, service.Config{Ceiling: register.StgZeerGeheim})
	if _, err := demo.Load(ctx, svc); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateToken(ctx, service.System("test"), demo.Users[0].Email, 3600e9); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ChangeTerms(ctx, service.System("test"), true, []string{"Codenaam Zwaluw"}); err != nil {
		t.Fatal(err)
	}
	list, _, err := svc.ListDescriptions(ctx, service.System("test"), service.ListQuery{PageSize: 3})
	if err != nil || len(list) == 0 {
		t.Fatalf("list: %v (%d)", err, len(list))
	}
	err = st.Tx(ctx, func(tx register.Tx) error {
		for _, d := range list {
			if err := tx.SaveClassification(ctx, register.Classification{DescriptionID: d.ID, Facts: register.Facts{IsAlgorithm: true, Exclusion: "none"}, By: "test", At: tx.Now()}); err != nil {
				return err
			}
			if err := tx.SaveAssessment(ctx, register.Assessment{DescriptionID: d.ID, Revision: d.Revision, Decision: "publish_full", By: "test", At: tx.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st
}

// dumpTables reads every row of every table of a SQLite file, in primary-key order, as text.
func dumpTables(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := openRaw(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, tb := range tables {
		out[tb] = dumpTable(t, db, tb)
		if tb == "description_counts" {
			// a derived cache of totals: a zero row and a missing row mean the same, and
			// migrating (on restore) rebuilds it without the zeros
			kept := out[tb][:0]
			for _, r := range out[tb] {
				if !strings.HasSuffix(r, "|n=0|") {
					kept = append(kept, r)
				}
			}
			out[tb] = kept
		}
	}
	return out
}

func dumpTable(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
	if err != nil {
		// one-column tables
		rows, err = db.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			fmt.Fprintf(&b, "%s=%v|", cols[i], v)
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBackupRestoreRoundTrip backs up a register while writers keep going, restores the copy and
// compares every row of every table, then audits the restored copy.
func TestBackupRestoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "register.db")
	svc, st := fillRegister(t, src)
	ctx := context.Background()

	// Online: writers keep creating and editing descriptions during the backups.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writes atomic.Int64
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d, err := svc.CreateDescription(ctx, service.System("test"), service.DescriptionInput{
					Standard: register.Standard{Name: fmt.Sprintf("Schrijver %d beschrijving %d", w, i)}, Unit: "CLAS", Classification: register.Ongerubriceerd})
				if err != nil {
					t.Errorf("create during backup: %v", err)
					return
				}
				in := service.DescriptionInput{Standard: d.Standard, Unit: d.Unit, Classification: d.Classification}
				in.DescriptionShort = "bijgewerkt"
				if _, err := svc.UpdateDescription(ctx, service.System("test"), d.ID, d.Revision, in); err != nil {
					t.Errorf("update during backup: %v", err)
					return
				}
				writes.Add(2)
			}
		}()
	}
	online := filepath.Join(dir, "online.db")
	for writes.Load() < 10 {
		if t.Failed() {
			break
		}
	}
	code, out, errs := run(t, "", "backup", "--db", "sqlite:"+src, "--out", online)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	if !strings.Contains(out, "audittrail in orde") {
		t.Errorf("backup output: %q", out)
	}

	// The online copy is a consistent cut: restored, it equals the backup file row for row,
	// and every row of the append-only tables is in the source too.
	restored := filepath.Join(dir, "restored.db")
	if code, out, errs := run(t, "", "restore", "--from", online, "--db", "sqlite:"+restored); code != 0 {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	got, want := dumpTables(t, restored), dumpTables(t, online)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("restored online backup differs from the backup (-backup +restored):\n%s", d)
	}
	now := dumpTables(t, src)
	for _, tb := range []string{"revisions", "transitions", "audit"} {
		have := map[string]bool{}
		for _, r := range now[tb] {
			have[r] = true
		}
		for _, r := range got[tb] {
			if !have[r] {
				t.Errorf("%s: restored row not in the source: %s", tb, r)
			}
		}
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", "sqlite:"+restored); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify on the restored online copy: %d %s", code, out)
	}

	// Quiescent: a backup now, restored over the first restore (with --force), equals the source.
	quiet := filepath.Join(dir, "quiet.db")
	if code, out, errs := run(t, "", "backup", "--db", "sqlite:"+src, "--out", quiet); code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "", "restore", "--from", quiet, "--db", "sqlite:"+restored); code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("restore over a register without --force: status %d, stderr %q; want 1 naming --force", code, errs)
	}
	if code, out, errs := run(t, "", "restore", "--force", "--from", quiet, "--db", "sqlite:"+restored); code != 0 {
		t.Fatalf("restore --force: %d %s %s", code, out, errs)
	}
	st.Close() // fold the source's WAL in, so the file holds everything
	want, got = dumpTables(t, src), dumpTables(t, restored)
	for _, tb := range registerTables {
		if len(want[tb]) == 0 {
			t.Errorf("table %s is empty in the source: the comparison would prove nothing", tb)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("restored register differs from the source (-source +restored):\n%s", d)
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", "sqlite:"+restored); code != 0 || !strings.Contains(out, "intact") {
		t.Errorf("audit verify on the restored copy: %d %s", code, out)
	}
	for _, p := range []string{restored + "-wal"} {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 0 {
			t.Errorf("%s left behind with %d bytes", p, fi.Size())
		}
	}
}

func TestBackupRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "register.db")
	fillRegister(t, src)
	good := filepath.Join(dir, "good.db")
	if code, _, errs := run(t, "", "backup", "--db", "sqlite:"+src, "--out", good); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte("dit is geen database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A backup whose audit trail was tampered with (the trigger dropped, one row changed).
	tampered := filepath.Join(dir, "tampered.db")
	if code, _, errs := run(t, "", "backup", "--db", "sqlite:"+src, "--out", tampered); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	db, err := openRaw(tampered, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_no_update", "UPDATE audit SET detail = 'vervalst' WHERE seq = 2"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"backup without --out", []string{"backup", "--db", "sqlite:" + src}, 2, "gebruik"},
		{"backup over an existing file", []string{"backup", "--db", "sqlite:" + src, "--out", good}, 1, "bestaat al"},
		{"backup of postgres", []string{"backup", "--db", "postgres://x@127.0.0.1:1/x", "--out", filepath.Join(dir, "pg.db")}, 2, "pg_dump"},
		{"restore without --from", []string{"restore", "--db", "sqlite:" + filepath.Join(dir, "n.db")}, 2, "gebruik"},
		{"restore into postgres", []string{"restore", "--from", good, "--db", "postgres://x@127.0.0.1:1/x"}, 2, "pg_restore"},
		{"restore a missing file", []string{"restore", "--from", filepath.Join(dir, "nope.db"), "--db", "sqlite:" + filepath.Join(dir, "n1.db")}, 1, "kan niet worden gelezen"},
		{"restore garbage", []string{"restore", "--from", garbage, "--db", "sqlite:" + filepath.Join(dir, "n2.db")}, 1, "geen bruikbare reservekopie"},
		{"restore a tampered audit trail", []string{"restore", "--from", tampered, "--db", "sqlite:" + filepath.Join(dir, "n3.db")}, 1, "audittrail is gebroken"},
		{"restore over a non-empty register", []string{"restore", "--from", good, "--db", "sqlite:" + src}, 1, "--force"},
		{"restore onto itself", []string{"restore", "--force", "--from", good, "--db", "sqlite:" + good}, 2, "hetzelfde bestand"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, "", tc.args...)
			if code != tc.status || !strings.Contains(errs, tc.stderr) {
				t.Errorf("status %d, stderr %q; want %d containing %q", code, errs, tc.status, tc.stderr)
			}
		})
	}
	// A refused restore leaves nothing behind in the target's directory.
	for _, n := range []string{"n1.db", "n2.db", "n3.db"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s exists after a refused restore", n)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*.restore-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
