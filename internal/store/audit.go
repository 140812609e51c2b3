package store

import (
	"context"
	"fmt"

	"github.com/defensie/algoreg/internal/register"
)

const auditColumns = "seq, at, actor, action, object, revision, result, origin, detail, prev_hash, hash"

// AppendAudit adds e at the end of the chain under the write lock: Seq = last+1, PrevHash = the
// last Hash, At (the transaction's time when zero) truncated to microseconds, Hash computed.
func (t *tx) AppendAudit(ctx context.Context, e *register.AuditEntry) error {
	if err := t.writeLock(ctx); err != nil {
		return err
	}
	last, prev, err := t.auditTail(ctx)
	if err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = t.now
	}
	e.Seq, e.PrevHash, e.At = last+1, prev, micro(e.At)
	e.Hash = e.ComputeHash()
	_, err = t.exec(ctx, "INSERT INTO audit ("+auditColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		e.Seq, tv(e.At), e.Actor, e.Action, e.Object, e.Revision, e.Result, e.Origin, e.Detail, e.PrevHash, e.Hash)
	return mapErr(wrapf(err, "append audit"))
}

// auditTail returns the sequence number and hash of the chain's last entry (0 and "" when
// the chain is empty). The caller holds the write lock.
func (t *tx) auditTail(ctx context.Context) (last int64, hash string, err error) {
	err = t.queryRow(ctx, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").Scan(&last, &hash)
	if err != nil && register.ErrorCode(mapErr(err)) != register.ENOTFOUND {
		return 0, "", mapErr(fmt.Errorf("store: audit tail: %w", err))
	}
	return last, hash, nil
}

// Audit lists entries in chain order from seq after, at most limit (0: all).
func (t *tx) Audit(ctx context.Context, after int64, limit int) ([]register.AuditEntry, error) {
	q, args := "SELECT "+auditColumns+" FROM audit WHERE seq > ? ORDER BY seq", []any{after}
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: audit: %w", err))
	}
	defer rows.Close()
	var es []register.AuditEntry
	for rows.Next() {
		var e register.AuditEntry
		if err := rows.Scan(&e.Seq, scanTime{&e.At}, &e.Actor, &e.Action, &e.Object, &e.Revision, &e.Result,
			&e.Origin, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		es = append(es, e)
	}
	return es, mapErr(rows.Err())
}

// auditPage is how many entries VerifyAudit reads at a time.
const auditPage = 2000

// VerifyAudit checks the whole audit chain, page by page, and returns the sequence number of
// the first broken entry, or 0 when the chain is intact.
func VerifyAudit(ctx context.Context, s register.Store) (brokenSeq int64, err error) {
	var prevHash string
	var prevSeq int64
	view := s.Tx
	if v, ok := s.(interface {
		View(context.Context, func(register.Tx) error) error
	}); ok {
		view = v.View
	}
	for {
		var page []register.AuditEntry
		err := view(ctx, func(tx register.Tx) error {
			var err error
			page, err = tx.Audit(ctx, prevSeq, auditPage)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("store: verify audit: %w", err)
		}
		if i := register.VerifyChain(page, prevHash, prevSeq); i >= 0 {
			if page[i].Seq <= 0 {
				return prevSeq + 1, nil
			}
			return page[i].Seq, nil
		}
		if len(page) < auditPage {
			return 0, nil
		}
		prevHash, prevSeq = page[len(page)-1].Hash, page[len(page)-1].Seq
	}
}
