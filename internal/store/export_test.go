package store

import "github.com/jackc/pgx/v5/pgconn"

// TransientErrorForTest returns an error the store treats as a transient conflict.
func TransientErrorForTest() error {
	return &pgconn.PgError{Code: "40001", Message: "could not serialize access"}
}
