package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

//go:embed migrations
var migrations embed.FS

// migrationLockKey is the PostgreSQL advisory lock that lets only one process migrate at a time.
const migrationLockKey = 0x616c676f6d6967 // "algomig"

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the dialect's migrations in version order. Files are named
// NNNN_what.sql; the number is the version.
func loadMigrations(d dialect) ([]migration, error) {
	dir := path.Join("migrations", d.String())
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name must start with a positive number", name)
		}
		b, err := fs.ReadFile(migrations, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("store: migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// Migrate brings the schema up to date: it applies, in one transaction, every embedded
// migration not yet recorded in schema_migrations. Running it again changes nothing; on
// PostgreSQL concurrent runs wait for each other (advisory lock), on SQLite the write lock
// does the same. The first migration also adds register.DemoUnits.
func Migrate(ctx context.Context, s register.Store) error {
	db, ok := s.(*DB)
	if !ok {
		return fmt.Errorf("store: migrate: not a store.DB: %T", s)
	}
	ms, err := loadMigrations(db.dialect)
	if err != nil {
		return err
	}
	err = db.Tx(ctx, func(rtx register.Tx) error {
		t := rtx.(*tx)
		if db.dialect == postgres {
			if _, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(migrationLockKey)); err != nil {
				return mapErr(fmt.Errorf("store: migrate lock: %w", err))
			}
		}
		if _, err := t.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
			return mapErr(fmt.Errorf("store: migrate: %w", err))
		}
		applied := map[int]bool{}
		rows, err := t.query(ctx, "SELECT version FROM schema_migrations")
		if err != nil {
			return mapErr(fmt.Errorf("store: migrate: %w", err))
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return fmt.Errorf("store: migrate: %w", err)
			}
			applied[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapErr(fmt.Errorf("store: migrate: %w", err))
		}
		for _, m := range ms {
			if applied[m.version] {
				continue
			}
			// No arguments: both drivers then run the whole multi-statement file.
			if _, err := t.tx.ExecContext(ctx, m.sql); err != nil {
				return mapErr(fmt.Errorf("store: migration %s: %w", m.name, err))
			}
			if m.version == 1 {
				for _, u := range register.DemoUnits {
					if err := t.CreateUnit(ctx, u); err != nil {
						return fmt.Errorf("store: migration %s: demo unit %s: %w", m.name, u.Code, err)
					}
				}
			}
			if _, err := t.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, t.now.Format(timeLayout)); err != nil {
				return mapErr(fmt.Errorf("store: migration %s: %w", m.name, err))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.optimize(ctx)
}

// Optimize refreshes the query planner's statistics: on SQLite a bounded, sampling ANALYZE;
// on PostgreSQL VACUUM ANALYZE, which also marks pages all-visible so counts can be answered
// from the indexes alone (autovacuum does the same, later). Migrate runs it, so every start of
// the server has statistics that fit the data; run it again after a large import.
func Optimize(ctx context.Context, s register.Store) error {
	db, ok := s.(*DB)
	if !ok {
		return fmt.Errorf("store: optimize: not a store.DB: %T", s)
	}
	return db.optimize(ctx)
}

func (s *DB) optimize(ctx context.Context) error {
	// Rebuild description_counts from the descriptions themselves, so the totals can never
	// drift for long, whatever happened to the database outside the register.
	err := s.Tx(ctx, func(rtx register.Tx) error {
		t := rtx.(*tx)
		if err := t.writeLock(ctx); err != nil {
			return err
		}
		for _, q := range []string{"DELETE FROM description_counts",
			`INSERT INTO description_counts (unit, level_rank, state, status, publication_category, n)
			SELECT unit, level_rank, state, status, publication_category, COUNT(*) FROM descriptions
			GROUP BY unit, level_rank, state, status, publication_category`} {
			if _, err := t.exec(ctx, q); err != nil {
				return mapErr(fmt.Errorf("store: rebuild description counts: %w", err))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	q := []string{"VACUUM ANALYZE"}
	if s.dialect == sqlite {
		// analysis_limit samples each index instead of reading all of it: fast, and close enough.
		q = []string{"PRAGMA analysis_limit = 1000", "ANALYZE", "PRAGMA optimize"}
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return mapErr(fmt.Errorf("store: optimize: %w", err))
	}
	defer conn.Close()
	for _, stmt := range q {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return mapErr(fmt.Errorf("store: optimize: %w", err))
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration (0 for an empty database).
func SchemaVersion(ctx context.Context, s register.Store) (int, error) {
	db, ok := s.(*DB)
	if !ok {
		return 0, fmt.Errorf("store: schema version: not a store.DB: %T", s)
	}
	exists := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
	if db.dialect == postgres {
		exists = `SELECT COUNT(*) FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	}
	var n, v int
	if err := db.write.QueryRowContext(ctx, exists).Scan(&n); err != nil {
		return 0, mapErr(fmt.Errorf("store: schema version: %w", err))
	}
	if n == 0 {
		return 0, nil
	}
	if err := db.write.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, mapErr(fmt.Errorf("store: schema version: %w", err))
	}
	return v, nil
}
