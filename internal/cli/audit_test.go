package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/store/storetest"
	"github.com/defensie/algoreg/internal/testdb"
)

func TestAuditVerifyCommand(t *testing.T) {
	db := testdb.SQLite(t)
	for _, code := range []string{"ALPHA", "BRAVO", "CHARLIE"} {
		if c, _, errs := run(t, "", "unit", "add", "--db", db, "--code", code, "--name", "Eenheid "+code); c != 0 {
			t.Fatal(errs)
		}
	}
	if code, out, _ := run(t, "", "audit", "verify", "--db", db); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("intact trail: exit %d %q", code, out)
	}
	// an administrator with database access alters the second entry behind the register's back
	st := testdb.Open(t, db)
	raw := st.(storetest.Raw)
	ctx := context.Background()
	for _, q := range []string{"DROP TRIGGER audit_no_update", "UPDATE audit SET actor = 'iemand anders' WHERE seq = 2"} {
		if _, err := raw.RawExec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := run(t, "", "audit", "verify", "--db", db)
	if code != 1 || !strings.Contains(out, "nummer 2") {
		t.Errorf("tampered trail: exit %d %q; want 1 naming entry 2", code, out)
	}
}
