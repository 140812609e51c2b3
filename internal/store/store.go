// Package store is the register's one SQL implementation of register.Store, over database/sql,
// with two dialects: SQLite (the embedded default, through the pure-Go modernc.org/sqlite) and
// PostgreSQL (through pgx). Queries are written once with ? placeholders and rebound to $n for
// PostgreSQL; the schema comes from numbered, embedded migrations per dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/register"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

type dialect int

const (
	sqlite dialect = iota
	postgres
)

func (d dialect) String() string {
	if d == postgres {
		return "postgres"
	}
	return "sqlite"
}

// maxAttempts bounds how often a transaction is retried after SQLITE_BUSY, a serialization
// failure or a deadlock; callers never see those.
const maxAttempts = 5

// writeLockKey is the PostgreSQL advisory lock that serialises audit appends and description
// change sequence numbers (one key for both, so they can never deadlock against each other).
const writeLockKey = 0x616c676f726567 // "algoreg"

// DB is the store: a write pool and a read pool on one database.
type DB struct {
	dialect dialect
	write   *sql.DB
	// read is a separate pool of read-only connections for View; on PostgreSQL it is write.
	read *sql.DB
	path string // SQLite file, for Backup
	// docs keeps recently decoded description documents (docCache).
	docs *docCache

	// stmts caches prepared statements per pool and query: parsing SQL again for every call
	// cost a sixth of a publication run's time.
	stmtMu sync.Mutex
	stmts  map[stmtKey]*sql.Stmt
	wanted map[stmtKey]bool
}

type stmtKey struct {
	db *sql.DB
	q  string
}

// maxCachedStmts bounds the cache: queries built with a variable number of parameters (IN
// lists) would otherwise grow it without end; past the bound they are simply not cached.
const maxCachedStmts = 256

// prepared returns the cached prepared statement for q on db, or nil when there is none yet (the
// caller then runs the query directly). A statement cannot be prepared on the pool while a
// transaction holds SQLite's one writer connection, so a miss is noted and prepared after the
// transaction (prepareWanted). Only SQLite needs this: pgx caches prepared statements itself.
func (s *DB) prepared(ctx context.Context, db *sql.DB, q string) *sql.Stmt {
	if s.dialect != sqlite {
		return nil
	}
	k := stmtKey{db, q}
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[k]; ok {
		return st
	}
	if len(s.stmts)+len(s.wanted) < maxCachedStmts && strings.Count(q, "?") <= 32 {
		if s.wanted == nil {
			s.wanted = map[stmtKey]bool{}
		}
		s.wanted[k] = true
	}
	return nil
}

// prepareWanted prepares the statements noted during transactions, now that no transaction
// holds a connection.
func (s *DB) prepareWanted(ctx context.Context) {
	s.stmtMu.Lock()
	wanted := s.wanted
	s.wanted = nil
	s.stmtMu.Unlock()
	for k := range wanted {
		st, err := k.db.PrepareContext(ctx, k.q)
		if err != nil {
			continue
		}
		s.stmtMu.Lock()
		if s.stmts == nil {
			s.stmts = map[stmtKey]*sql.Stmt{}
		}
		if _, dup := s.stmts[k]; dup {
			st.Close()
		} else {
			s.stmts[k] = st
		}
		s.stmtMu.Unlock()
	}
}

var _ register.Store = (*DB)(nil)

// Open connects to the database named by url: "sqlite:PATH" or "postgres://…" /
// "postgresql://…". It does not migrate; call Migrate for that.
//
// SQLite runs in WAL mode with foreign keys on, a busy timeout of 5 s, and synchronous=FULL:
// a register of record (with its audit trail) must not lose a committed transaction on power
// loss, and its write rate is far too low for the extra fsync per commit to matter. Writes go
// through one connection that starts every transaction with BEGIN IMMEDIATE, so writers queue
// instead of failing half-way; reads through View use a separate pool of read-only connections.
//
// PostgreSQL uses a pool of at most 20 connections.
//
// The store returned is a *DB, which also offers View (read-only transactions on a separate
// pool) and RawExec.
func Open(ctx context.Context, dbURL string) (register.Store, error) {
	var (
		db  *DB
		err error
	)
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		db, err = openSQLite(ctx, strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//"))
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		db, err = openPostgres(ctx, dbURL)
	default:
		return nil, unsupported(dbURL)
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

func unsupported(dbURL string) error {
	scheme := dbURL
	if i := strings.Index(dbURL, ":"); i >= 0 {
		scheme = dbURL[:i]
	}
	return register.Errorf(register.EINVALID,
		"Database-adres: het schema %q wordt niet ondersteund: gebruik sqlite:PAD of postgres://gebruiker@host:poort/database.", scheme)
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, register.Errorf(register.EINVALID, "Database-adres: het pad van het SQLite-bestand ontbreekt (sqlite:PAD).")
	}
	// Every connection has a page cache of its own (4 MB of pages; with the allocator's
	// rounding about 8 MB resident when full): one writer and the read pool together stay near
	// 40 MB. Scans of the whole register (the search index's build, the counts' rebuild at
	// start) would otherwise leave every cache full; the operating system caches the file too.
	pragmas := "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(-" + strconv.Itoa(normalCacheKiB) + ")"
	file := "file:" + (&url.URL{Path: path}).EscapedPath()
	w, err := sql.Open("sqlite", file+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, unavailable(fmt.Errorf("store: open sqlite %s: %w", path, err))
	}
	r, err := sql.Open("sqlite", file+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{dialect: sqlite, write: w, read: r, path: path, docs: newDocCache()}, nil
}

func openPostgres(ctx context.Context, dbURL string) (*DB, error) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w: %w",
			register.Errorf(register.EINVALID, "Database-adres: het PostgreSQL-adres is ongeldig."), err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	db.SetConnMaxLifetime(time.Hour)
	// A server that does not answer should not hang the start: 10 s unless ctx says otherwise.
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, unavailable(fmt.Errorf("store: open postgres: %w", err))
	}
	return &DB{dialect: postgres, write: db, read: db, docs: newDocCache()}, nil
}

// Dialect is "sqlite" or "postgres".
func (s *DB) Dialect() string { return s.dialect.String() }

// Close closes both pools; on SQLite it first lets the planner refresh statistics that have
// gone stale (PRAGMA optimize, as SQLite advises before closing).
func (s *DB) Close() error {
	if s.dialect == sqlite {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, _ = s.write.ExecContext(ctx, "PRAGMA optimize")
		cancel()
	}
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Ping checks that the database can be reached.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.write.PingContext(ctx); err != nil {
		return unavailable(fmt.Errorf("store: ping: %w", err))
	}
	return nil
}

// Tx runs fn in one read-write transaction, committed when fn returns nil. When the database
// reports a transient conflict (SQLITE_BUSY, a serialization failure, a deadlock) the whole
// transaction is retried, at most maxAttempts times, so fn must not have effects outside tx
// that cannot be repeated. Do not nest Tx calls: SQLite has a single writer connection.
func (s *DB) Tx(ctx context.Context, fn func(register.Tx) error) error {
	return s.run(ctx, s.write, false, fn)
}

// View runs fn in a read-only transaction; on SQLite it uses the read pool, so it runs
// concurrently with the writer and with other readers. Any write inside fn fails.
func (s *DB) View(ctx context.Context, fn func(register.Tx) error) error {
	return s.run(ctx, s.read, true, fn)
}

func (s *DB) run(ctx context.Context, db *sql.DB, readOnly bool, fn func(register.Tx) error) error {
	var err error
	defer func() {
		if s.dialect == sqlite && ctx.Err() == nil {
			s.prepareWanted(ctx)
		}
	}()
	for attempt := 1; ; attempt++ {
		err = s.attempt(ctx, db, readOnly, fn)
		if err == nil || attempt == maxAttempts || !retryable(err) || ctx.Err() != nil {
			break
		}
		t := time.NewTimer(time.Duration(attempt*attempt) * 10 * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return mapErr(ctx.Err())
		case <-t.C:
		}
	}
	return err
}

func (s *DB) attempt(ctx context.Context, db *sql.DB, readOnly bool, fn func(register.Tx) error) error {
	var opts *sql.TxOptions
	if readOnly && s.dialect == postgres {
		opts = &sql.TxOptions{ReadOnly: true}
	}
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return mapErr(fmt.Errorf("store: begin: %w", err))
	}
	tx := &tx{s: s, db: db, tx: sqlTx, now: time.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// RawExec runs one statement outside the register's API, with ? placeholders. It exists for
// tests (proving the database itself refuses to alter the audit trail) and maintenance.
func (s *DB) RawExec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.write.ExecContext(ctx, s.rebind(query), args...)
	if err != nil {
		return 0, mapErr(fmt.Errorf("store: raw exec: %w", err))
	}
	return res.RowsAffected()
}

// rebind turns ? placeholders into $1, $2, … for PostgreSQL. Queries never contain a
// literal question mark.
func (s *DB) rebind(q string) string {
	if s.dialect != postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
