package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/defensie/algoreg/internal/register"
	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite"
)

// SQLite result codes (primary code in the low byte, extended codes above it).
const (
	sqliteBusy             = 5
	sqliteLocked           = 6
	sqliteCantOpen         = 14
	sqliteConstraint       = 19
	sqliteConstraintFK     = 787
	sqliteConstraintPK     = 1555
	sqliteConstraintUnique = 2067
	sqliteConstraintTrig   = 1811
)

// Messages shown to users; the driver's text stays in the wrapped error, for logs.
const (
	msgUnavailable = "De database is niet bereikbaar. Probeer het later opnieuw."
	msgConflict    = "Dit bestaat al."
	msgReference   = "Een verwijzing klopt niet: de eenheid, gebruiker of beschrijving waarnaar verwezen wordt bestaat niet."
	msgAppendOnly  = "Het auditspoor kan niet worden gewijzigd of verwijderd."
)

// mapErr turns a driver error into a register error (wrapping both, so errors.As finds the
// *register.Error and logs still show the cause). Errors that already carry a register code,
// and nil, pass through.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var re *register.Error
	if errors.As(err, &re) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", register.NotFound(), err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite3.Error
	if errors.As(err, &se) {
		switch code := se.Code(); {
		case code == sqliteConstraintUnique || code == sqliteConstraintPK:
			return fmt.Errorf("%w: %w", register.Errorf(register.ECONFLICT, msgConflict), err)
		case code == sqliteConstraintFK:
			return fmt.Errorf("%w: %w", register.Errorf(register.EINVALID, msgReference), err)
		case code == sqliteConstraintTrig:
			return fmt.Errorf("%w: %w", register.Errorf(register.EFORBIDDEN, msgAppendOnly), err)
		case code&0xff == sqliteCantOpen:
			return unavailable(err)
		case code&0xff == sqliteConstraint:
			return fmt.Errorf("%w: %w", register.Errorf(register.EINVALID, "De invoer voldoet niet aan de regels van de database."), err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return fmt.Errorf("%w: %w", register.Errorf(register.ECONFLICT, msgConflict), err)
		case pe.Code == "23503":
			return fmt.Errorf("%w: %w", register.Errorf(register.EINVALID, msgReference), err)
		case pe.Code == "42501" && pe.Message == "audit is append-only":
			return fmt.Errorf("%w: %w", register.Errorf(register.EFORBIDDEN, msgAppendOnly), err)
		case len(pe.Code) == 5 && (pe.Code[:2] == "08" || pe.Code[:2] == "57"):
			// connection exceptions, operator intervention (admin shutdown, cannot connect now)
			return unavailable(err)
		}
		return err
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	// A connection the server or the network closed under us surfaces as pgconn's "conn
	// closed" or an unexpected EOF mid-message: the database went away, not a bug.
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return unavailable(err)
	}
	return err
}

// unavailable wraps err as EUNAVAILABLE.
func unavailable(err error) error {
	return fmt.Errorf("%w: %w", register.Errorf(register.EUNAVAILABLE, msgUnavailable), err)
}

// retryable reports whether the transaction failed on a transient conflict and may be retried.
func retryable(err error) bool {
	var se *sqlite3.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqliteBusy || c == sqliteLocked
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "40001" || pe.Code == "40P01" // serialization_failure, deadlock_detected
	}
	return false
}

// conflict returns ECONFLICT with a specific message when err is a unique violation, and
// maps err otherwise.
func conflict(err error, format string, args ...any) error {
	err = mapErr(err)
	if register.ErrorCode(err) == register.ECONFLICT {
		return fmt.Errorf("%w: %w", register.Errorf(register.ECONFLICT, format, args...), err)
	}
	return err
}
