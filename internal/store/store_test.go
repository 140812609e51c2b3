package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/store/storetest"
)

func init() {
	storetest.VerifyAudit = store.VerifyAudit
	storetest.Optimize = store.Optimize
}

// openSQLite returns a migrated store on a new SQLite file in the test's temp dir.
func openSQLite(t testing.TB) register.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "algoreg.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := store.Migrate(ctx, s); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// postgresURL returns the base URL of the test PostgreSQL (see scripts/testpg): skipped when
// unset, except on CI, where it must be there.
func postgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ALGOREG_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ALGOREG_TEST_POSTGRES is not set (start one with: eval \"$(scripts/testpg start)\")")
		}
		t.Skip("ALGOREG_TEST_POSTGRES is not set; start a test database with: eval \"$(scripts/testpg start)\"")
	}
	return u
}

// withDatabase replaces the database name in a postgres URL.
func withDatabase(t testing.TB, base, db string) string {
	t.Helper()
	i := strings.Index(base, "://")
	if i < 0 {
		t.Fatalf("bad URL %q", base)
	}
	rest := base[i+3:]
	slash := strings.Index(rest, "/")
	q := ""
	if j := strings.Index(rest, "?"); j >= 0 {
		q = rest[j:]
		rest = rest[:j]
	}
	if slash >= 0 && slash < len(rest) {
		rest = rest[:slash]
	}
	return base[:i+3] + rest + "/" + db + q
}

// openPostgres creates a throwaway database, opens and migrates it, and drops it at cleanup.
func openPostgres(t testing.TB) register.Store {
	t.Helper()
	base := postgresURL(t)
	ctx := context.Background()
	admin, err := store.Open(ctx, base)
	if err != nil {
		t.Fatalf("open %s: %v", base, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	raw := admin.(storetest.Raw)
	if _, err := raw.RawExec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	s, err := store.Open(ctx, withDatabase(t, base, name))
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		s.Close()
		if _, err := raw.RawExec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	if err := store.Migrate(ctx, s); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) register.Store { return openSQLite(t) })
}

func TestPostgres(t *testing.T) {
	postgresURL(t)
	t.Parallel()
	storetest.Run(t, func(t *testing.T) register.Store { return openPostgres(t) })
}
