package service

import (
	"context"
	"fmt"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// AuditExportMax bounds one export of the audit trail; a larger selection is cut off there
// (the caller says so) and can be exported in parts with After.
const AuditExportMax = 100000

// AuditExport returns every audit entry matching q (its Limit is ignored; at most
// AuditExportMax, and more reports whether there were more), oldest first, for auditors and
// administrators. The export is itself recorded in the audit trail, with the filter and the
// number of entries, in the same transaction.
func (s *Service) AuditExport(ctx context.Context, a Actor, q AuditQuery) (entries []register.AuditEntry, more bool, err error) {
	if !access.CanGlobal(a.User, access.AuditRead) {
		return nil, false, register.Errorf(register.EFORBIDDEN, "U mag de audittrail niet exporteren.")
	}
	match := func(field, want string) bool {
		return want == "" || strings.Contains(strings.ToLower(field), strings.ToLower(want))
	}
	entries = []register.AuditEntry{}
	err = s.store.Tx(ctx, func(tx register.Tx) error {
		after := q.After
	scan:
		for {
			page, err := tx.Audit(ctx, after, 5000)
			if err != nil {
				return err
			}
			if len(page) == 0 {
				break
			}
			for _, e := range page {
				if match(e.Actor, q.Actor) && match(e.Action, q.Action) && match(e.Object, q.Object) && match(e.Result, q.Result) {
					if len(entries) == AuditExportMax {
						more = true
						break scan
					}
					entries = append(entries, e)
				}
			}
			after = page[len(page)-1].Seq
		}
		detail := fmt.Sprintf("%d regels; filter actor=%q action=%q object=%q result=%q na=%d", len(entries), q.Actor, q.Action, q.Object, q.Result, q.After)
		return s.audit(ctx, tx, a, "audit.export", "audit", 0, "ok", detail)
	})
	if err != nil {
		return nil, false, err
	}
	return entries, more, nil
}
