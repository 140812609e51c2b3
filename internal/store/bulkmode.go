package store

import (
	"context"
	"fmt"

	"github.com/defensie/algoreg/internal/register"
)

// Page cache and checkpoint interval of SQLite's writer connection while a bulk write runs
// (BulkWrites), and in normal use (openSQLite's cache_size, SQLite's default interval).
const (
	bulkCacheKiB          = 256 << 10 // 256 MB: the indexes of descriptions of a register of 100,000 stay cached
	normalCacheKiB        = 4 << 10
	bulkCheckpointPages   = 65536 // 256 MB of WAL between checkpoints
	normalCheckpointPages = 1000
)

// BulkWrites prepares s for a long series of large write transactions (an import of a whole
// register) and returns the function that ends it. On SQLite the writer connection gets a
// large page cache, so inserting into the many indexes of descriptions does not read, evict
// and spill the same pages again and again, and the WAL is copied into the database less
// often (each copy rewrites the pages the transactions changed). Neither changes what a
// commit means: synchronous and WAL stay as they are, every committed transaction is on disk
// when Commit returns. The end restores both and copies the WAL into the database. On
// PostgreSQL nothing changes. Meant for a process that imports (the import command), not for
// a serving one, whose memory the cache would take.
func BulkWrites(ctx context.Context, s register.Store) (end func(context.Context) error, err error) {
	db, ok := s.(*DB)
	if !ok || db.dialect != sqlite {
		return func(context.Context) error { return nil }, nil
	}
	set := func(ctx context.Context, cache, pages int) error {
		for _, q := range []string{fmt.Sprintf("PRAGMA cache_size = -%d", cache), fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", pages)} {
			if _, err := db.write.ExecContext(ctx, q); err != nil {
				return mapErr(fmt.Errorf("store: bulk writes: %w", err))
			}
		}
		return nil
	}
	if err := set(ctx, bulkCacheKiB, bulkCheckpointPages); err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		err := set(ctx, normalCacheKiB, normalCheckpointPages)
		if err == nil {
			if _, err = db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
				err = mapErr(fmt.Errorf("store: bulk writes: %w", err))
			}
		}
		return err
	}, nil
}
