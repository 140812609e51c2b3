package store_test

import (
	"os"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/store/storetest"
	"github.com/defensie/algoreg/internal/testdb"
)

func init() {
	storetest.VerifyAudit = store.VerifyAudit
	storetest.Optimize = store.Optimize
}

// openSQLite returns a migrated store on a new SQLite file in the test's temp dir.
func openSQLite(t testing.TB) register.Store { return testdb.Open(t, testdb.SQLite(t)) }

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

// openPostgres returns a migrated store on a throwaway database, dropped at cleanup.
func openPostgres(t testing.TB) register.Store { return testdb.Open(t, testdb.Postgres(t)) }

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) register.Store { return openSQLite(t) })
}

func TestPostgres(t *testing.T) {
	postgresURL(t)
	t.Parallel()
	storetest.Run(t, func(t *testing.T) register.Store { return openPostgres(t) })
}
