package register

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// ComputeHash returns the chain hash of e: SHA-256 over the previous entry's hash and every
// field of e except Hash itself. Changing, removing or reordering any entry breaks the chain.
func (e *AuditEntry) ComputeHash() string {
	var b strings.Builder
	for _, s := range []string{
		e.PrevHash, strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action,
		e.Object, strconv.Itoa(e.Revision), e.Result, e.Origin, e.Detail,
	} {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte('|')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// VerifyChain checks entries (in order, starting at the first entry of the chain when first
// is true) and returns the index of the first broken entry, or -1 when intact.
func VerifyChain(entries []AuditEntry, prevHash string, prevSeq int64) int {
	for i := range entries {
		e := &entries[i]
		if e.Seq != prevSeq+1 || e.PrevHash != prevHash || e.ComputeHash() != e.Hash {
			return i
		}
		prevHash, prevSeq = e.Hash, e.Seq
	}
	return -1
}
