package service

import (
	"context"
	"errors"
	"sync"

	"github.com/defensie/algoreg/internal/register"
)

// view runs fn in a read-only transaction when the store offers one (on SQLite a separate pool
// of read connections, so reads run side by side and never wait for the one writer), and in an
// ordinary transaction otherwise.
func (s *Service) view(ctx context.Context, fn func(register.Tx) error) error {
	if v, ok := s.store.(interface {
		View(context.Context, func(register.Tx) error) error
	}); ok {
		return v.View(ctx, fn)
	}
	return s.store.Tx(ctx, fn)
}

// maxAuditBatch bounds how many read entries one group commit appends.
const maxAuditBatch = 256

// errLead tells a waiting reader that it now writes the next batch.
var errLead = errors.New("service: lead the next audit batch")

// readAuditor appends the audit entries of reads with group commit. A read used to be a write
// transaction of its own (the entry, the hash chain, a sync to disk), so concurrent reads queued
// for the single writer one by one. Now a read enqueues its entry and waits until it is committed:
// whoever finds no batch being written writes every entry queued so far in one transaction; the
// entries that arrive meanwhile form the next batch, written by the first of them. So no read is
// answered before its entry is in the audit trail (the guarantee stays what it was), the chain is
// appended in one order under the store's write lock as before, and a burst of n reads costs a
// few commits instead of n.
type readAuditor struct {
	store register.Store
	mu    sync.Mutex
	queue []*auditReq
	busy  bool // a batch is being written; the writer hands over to queue[0] when done
}

type auditReq struct {
	e   register.AuditEntry
	res chan error // nil, the batch's error, or errLead
}

// append adds e to the audit trail and returns once it is committed (or failed). It waits for the
// commit even when ctx ends: a queued entry is written regardless, and the next batch may be this
// caller's to write.
func (r *readAuditor) append(ctx context.Context, e register.AuditEntry) error {
	req := &auditReq{e: e, res: make(chan error, 1)}
	r.mu.Lock()
	r.queue = append(r.queue, req)
	lead := !r.busy
	r.busy = true
	r.mu.Unlock()
	if lead {
		r.flush(ctx)
	}
	for {
		err := <-req.res
		if err != errLead {
			return err
		}
		r.flush(ctx)
	}
}

// flush writes the queued entries (at most maxAuditBatch) in one transaction and hands the
// writing of the rest to the first of them, or marks the auditor idle.
func (r *readAuditor) flush(ctx context.Context) {
	ctx = context.WithoutCancel(ctx)
	r.mu.Lock()
	n := min(len(r.queue), maxAuditBatch)
	batch := r.queue[:n:n]
	r.queue = r.queue[n:]
	r.mu.Unlock()

	err := r.store.Tx(ctx, func(tx register.Tx) error {
		for _, q := range batch {
			e := q.e // a retried transaction starts again from the entries as queued
			if err := tx.AppendAudit(ctx, &e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		// One bad entry must not fail the others' reads: write them one by one.
		for _, q := range batch {
			e := q.e
			q.res <- r.store.Tx(ctx, func(tx register.Tx) error { return tx.AppendAudit(ctx, &e) })
		}
	} else {
		for _, q := range batch {
			q.res <- err
		}
	}

	r.mu.Lock()
	if len(r.queue) > 0 {
		r.queue[0].res <- errLead
	} else {
		r.busy = false
	}
	r.mu.Unlock()
}

// auditRead records a read of something classified through the read auditor; the entry's time
// is that of the transaction that appends it.
func (s *Service) auditRead(ctx context.Context, a Actor, action, object string, rev int, detail string) error {
	return s.reads.append(ctx, register.AuditEntry{
		Actor: a.name(), Action: action, Object: object, Revision: rev, Result: "ok", Origin: a.Origin, Detail: detail,
	})
}
