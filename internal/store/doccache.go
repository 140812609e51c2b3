package store

import (
	"crypto/sha256"
	"slices"
	"sync"

	"github.com/defensie/algoreg/internal/register"
)

// docCacheSize bounds the decoded descriptions kept: a few thousand documents of a few
// kilobytes each, decoded (≈ 16 MB at 4,096 entries of 2–3 KB of JSON).
const docCacheSize = 4096

// docCache keeps recently decoded description documents. Decoding the stored JSON was most of
// the server's CPU time for a get by id and for a list page (encoding/json, ≈ 80 µs per
// document); the rows are still read from the database every time, and a document is taken
// from the cache only when its stored bytes are exactly those that were decoded, so the cache
// can never return anything other than what decoding the row would give — whatever wrote the
// row, committed or not. The stored bytes are known by their SHA-256 (a collision-resistant
// hash, ≈ 2 µs for a document), not kept: that halves the cache's memory. Callers get their
// own deep copy.
type docCache struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]*register.Description
}

func newDocCache() *docCache {
	return &docCache{m: make(map[[sha256.Size]byte]*register.Description)}
}

// decode returns the description stored as doc.
func (c *docCache) decode(doc []byte) (*register.Description, error) {
	h := sha256.Sum256(doc)
	c.mu.Lock()
	e := c.m[h]
	c.mu.Unlock()
	if e != nil {
		return cloneDescription(e), nil
	}
	d, err := decodeDescription(doc)
	if err != nil {
		return nil, err
	}
	e = cloneDescription(d)
	c.mu.Lock()
	if len(c.m) >= docCacheSize {
		for k := range c.m { // map order is random: this evicts an arbitrary entry
			delete(c.m, k)
			break
		}
	}
	c.m[h] = e
	c.mu.Unlock()
	return d, nil
}

// cloneDescription copies d deeply: no slice of the copy shares memory with d, so a caller may
// change the description it got (strings are immutable and need no copy).
func cloneDescription(d *register.Description) *register.Description {
	c := *d
	c.Category = slices.Clone(d.Category)
	c.LawfulBasisGrouping = slices.Clone(d.LawfulBasisGrouping)
	c.ImpacttoetsenGrouping = slices.Clone(d.ImpacttoetsenGrouping)
	c.SourceDataGrouping = slices.Clone(d.SourceDataGrouping)
	c.Owners = slices.Clone(d.Owners)
	return &c
}
