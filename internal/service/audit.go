package service

import (
	"context"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// AuditQuery filters the audit trail. Empty fields match everything; text fields match a part,
// without regard to case.
type AuditQuery struct {
	Actor, Action, Object, Result string
	After                         int64 // entries after this sequence number
	Limit                         int   // at most this many (default 100, at most 1000)
}

// AuditEntries returns audit entries, oldest first, for auditors and administrators.
func (s *Service) AuditEntries(ctx context.Context, a Actor, q AuditQuery) ([]register.AuditEntry, error) {
	if !access.CanGlobal(a.User, access.AuditRead) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag de audittrail niet inzien.")
	}
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 100
	}
	match := func(field, want string) bool {
		return want == "" || strings.Contains(strings.ToLower(field), strings.ToLower(want))
	}
	out := []register.AuditEntry{}
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		after := q.After
		for len(out) < q.Limit {
			page, err := tx.Audit(ctx, after, 2000)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				if match(e.Actor, q.Actor) && match(e.Action, q.Action) && match(e.Object, q.Object) && match(e.Result, q.Result) {
					out = append(out, e)
					if len(out) == q.Limit {
						break
					}
				}
			}
			after = page[len(page)-1].Seq
		}
		return s.audit(ctx, tx, a, "audit.read", "audit", 0, "ok", "")
	})
	return out, err
}
