package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// tx implements register.Tx on one database transaction.
type tx struct {
	s   *DB
	db  *sql.DB // the pool the transaction came from, for its prepared statements
	tx  *sql.Tx
	now time.Time
	// locked records that this transaction holds the PostgreSQL write lock.
	locked bool
	// local holds statements prepared within this transaction (SQLite), for queries not yet in
	// the store's cache: a long transaction (a publication run) repeats the same few thousands of times.
	local map[string]*sql.Stmt
}

// stmt returns a prepared statement for q usable in this transaction, or nil.
func (t *tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if st := t.s.prepared(ctx, t.db, q); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	if t.s.dialect != sqlite {
		return nil
	}
	if st, ok := t.local[q]; ok {
		return st
	}
	if len(t.local) >= maxCachedStmts {
		return nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if t.local == nil {
		t.local = map[string]*sql.Stmt{}
	}
	t.local[q] = st
	return st
}

var _ register.Tx = (*tx)(nil)

// Now is the one timestamp of this transaction: UTC, truncated to microseconds.
func (t *tx) Now() time.Time { return t.now }

func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = t.s.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

func (t *tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = t.s.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = t.s.rebind(q)
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}

// writeLock serialises the writers that must be in commit order: audit appends (the hash
// chain) and description change sequence numbers (the change feed). SQLite needs nothing:
// every read-write transaction there starts with BEGIN IMMEDIATE and holds the one write lock.
// On PostgreSQL a transaction-scoped advisory lock does it, also across processes.
func (t *tx) writeLock(ctx context.Context) error {
	if t.s.dialect != postgres || t.locked {
		return nil
	}
	if _, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(?)", int64(writeLockKey)); err != nil {
		return mapErr(fmt.Errorf("store: write lock: %w", err))
	}
	t.locked = true
	return nil
}

// newID returns a random identifier: 20 lower-case base32 characters (100 bits).
func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:20]
}

// affected returns ENOTFOUND (with notFound's message when given) when res touched no row.
func affected(res sql.Result, op string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if n == 0 {
		return register.NotFound()
	}
	return nil
}

// ---- units

func (t *tx) CreateUnit(ctx context.Context, u register.Unit) error {
	if strings.TrimSpace(u.Code) == "" {
		return register.Invalid([]register.FieldProblem{{Name: "code", Reason: "De code van de eenheid ontbreekt."}})
	}
	if _, err := t.exec(ctx, "INSERT INTO units (code, name) VALUES (?, ?)", u.Code, u.Name); err != nil {
		return conflict(fmt.Errorf("store: create unit: %w", err), "Eenheid %s bestaat al.", u.Code)
	}
	return nil
}

func (t *tx) ListUnits(ctx context.Context) ([]register.Unit, error) {
	rows, err := t.query(ctx, "SELECT code, name FROM units ORDER BY id")
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: list units: %w", err))
	}
	defer rows.Close()
	var us []register.Unit
	for rows.Next() {
		var u register.Unit
		if err := rows.Scan(&u.Code, &u.Name); err != nil {
			return nil, fmt.Errorf("store: list units: %w", err)
		}
		us = append(us, u)
	}
	return us, mapErr(rows.Err())
}

// ---- settings

// Setting returns the value stored under key, or ENOTFOUND when there is none.
func (t *tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	if err := t.queryRow(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v); err != nil {
		return "", mapErr(fmt.Errorf("store: setting %s: %w", key, err))
	}
	return v, nil
}

func (t *tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return mapErr(wrapf(err, "set setting %s", key))
}

// wrapf wraps a non-nil err with the store prefix; nil stays nil.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", fmt.Sprintf(format, args...), err)
}
