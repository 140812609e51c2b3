package store

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/jackc/pgx/v5/pgconn"
)

func TestRebind(t *testing.T) {
	pg, lite := &DB{dialect: postgres}, &DB{dialect: sqlite}
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ?", "SELECT * FROM t WHERE a = $1"},
		{"INSERT INTO t VALUES (?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3)"},
		{"x IN (SELECT jsonb_array_elements_text(?::jsonb)) AND y = ? LIMIT ? OFFSET ?",
			"x IN (SELECT jsonb_array_elements_text($1::jsonb)) AND y = $2 LIMIT $3 OFFSET $4"},
	}
	for _, tc := range tests {
		if got := pg.rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := lite.rebind(tc.in); got != tc.in {
			t.Errorf("sqlite rebind(%q) = %q, want it unchanged", tc.in, got)
		}
	}
}

func FuzzRebind(f *testing.F) {
	for _, s := range []string{"", "?", "??", "a = ? AND b = ?", "$1 ?", "ö?é"} {
		f.Add(s)
	}
	pg := &DB{dialect: postgres}
	f.Fuzz(func(t *testing.T, q string) {
		got := pg.rebind(q)
		if strings.Contains(got, "?") {
			t.Fatalf("rebind(%q) = %q still has a ?", q, got)
		}
		// Removing the placeholders from both sides leaves the same text.
		n := strings.Count(q, "?")
		back := got
		for i := n; i >= 1; i-- {
			back = strings.Replace(back, "$"+itoa(i), "?", 1)
		}
		if n > 0 && strings.Count(back, "?") != n {
			t.Fatalf("rebind(%q) = %q: %d placeholders, want %d", q, got, strings.Count(back, "?"), n)
		}
	})
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}

func TestMapErr(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code string
	}{
		{"no rows", sql.ErrNoRows, register.ENOTFOUND},
		{"unique", &pgconn.PgError{Code: "23505", Message: `duplicate key value violates unique constraint "units_code_key"`}, register.ECONFLICT},
		{"foreign key", &pgconn.PgError{Code: "23503", Message: "insert or update on table violates foreign key constraint"}, register.EINVALID},
		{"admin shutdown", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}, register.EUNAVAILABLE},
		{"connection failure", &pgconn.PgError{Code: "08006", Message: "connection failure"}, register.EUNAVAILABLE},
		{"register error passes", register.Errorf(register.ESTALE, "x"), register.ESTALE},
		{"other", errors.New("SELECT broke"), register.EINTERNAL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := mapErr(tc.err)
			if got := register.ErrorCode(err); got != tc.code {
				t.Errorf("code %s, want %s", got, tc.code)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("the cause is lost: %v", err)
			}
			if tc.code != register.EINTERNAL {
				msg := register.ErrorMessage(err)
				if strings.Contains(msg, "constraint") || strings.Contains(msg, "SELECT") || strings.Contains(msg, "connection") {
					t.Errorf("message leaks driver text: %q", msg)
				}
			}
		})
	}
	if !retryable(mapErr(&pgconn.PgError{Code: "40P01"})) || retryable(mapErr(&pgconn.PgError{Code: "23505"})) {
		t.Error("retryable: deadlock must be retried, a unique violation not")
	}
}
