package store

import (
	"context"
	"fmt"
	"os"

	"github.com/defensie/algoreg/internal/register"
)

// Backup writes a consistent copy of a SQLite database to path (which must not exist yet),
// while the register keeps running. For PostgreSQL it refuses: use pg_dump.
func Backup(ctx context.Context, s register.Store, path string) error {
	db, ok := s.(*DB)
	if !ok {
		return fmt.Errorf("store: backup: not a store.DB: %T", s)
	}
	if db.dialect != sqlite {
		return register.Errorf(register.EINVALID,
			"Een reservekopie van een PostgreSQL-database maakt u met pg_dump, niet met algoreg.")
	}
	if _, err := os.Stat(path); err == nil {
		return register.Errorf(register.ECONFLICT, "Het bestand %s bestaat al; kies een nieuw bestand voor de reservekopie.", path)
	}
	// VACUUM INTO writes a transactionally consistent, compacted copy; it runs on the write
	// connection so it cannot interleave with a write transaction.
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return mapErr(fmt.Errorf("store: backup to %s: %w", path, err))
	}
	return nil
}
