// Package testdb gives tests a fresh database on each dialect: a SQLite file in the test's temp
// dir and a throwaway PostgreSQL database (ALGOREG_TEST_POSTGRES, see scripts/testpg). Without
// PostgreSQL the PostgreSQL half is skipped locally and fails on CI (CI=true).
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/store/storetest"
)

// Each runs fn once for SQLite and once for PostgreSQL, as subtests, with the URL of a new,
// empty, migrated database.
func Each(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns the URL of a new migrated SQLite database.
func SQLite(t testing.TB) string {
	t.Helper()
	u := "sqlite:" + filepath.Join(t.TempDir(), "algoreg.db")
	migrate(t, u)
	return u
}

// Postgres returns the URL of a new migrated PostgreSQL database, dropped at cleanup.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("ALGOREG_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ALGOREG_TEST_POSTGRES is not set (start one with: eval \"$(scripts/testpg start)\")")
		}
		t.Skip("ALGOREG_TEST_POSTGRES is not set; start a test database with: eval \"$(scripts/testpg start)\"")
	}
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
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	pu.Path = "/" + name
	dbURL := pu.String()
	t.Cleanup(func() {
		if _, err := raw.RawExec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		admin.Close()
	})
	migrate(t, dbURL)
	return dbURL
}

func migrate(t testing.TB, dbURL string) {
	t.Helper()
	s := Open(t, dbURL)
	if err := store.Migrate(context.Background(), s); err != nil {
		t.Fatalf("migrate: %v", err)
	}
}

// Open opens a store on dbURL, closed at cleanup.
func Open(t testing.TB, dbURL string) register.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
