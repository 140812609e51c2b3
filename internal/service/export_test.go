package service

import "testing"

// SetImportBatch sets how many records one transaction of an import writes, until t ends.
func SetImportBatch(t testing.TB, n int) {
	old := importBatch
	importBatch = n
	t.Cleanup(func() { importBatch = old })
}
