package service

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// SetLars records the national register's id (LARS) for the description published under
// publicID, as the national register returned it. It is a new revision but not a new workflow
// cycle: the state stays, and the published form carries the code in the next bundle.
func (s *Service) SetLars(ctx context.Context, a Actor, publicID, lars string) (*register.Description, error) {
	if !access.CanGlobal(a.User, access.Publish) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag geen LARS-codes vastleggen.")
	}
	lars, publicID = strings.TrimSpace(lars), strings.TrimSpace(publicID)
	if !standard.ValidLARS(lars) {
		return nil, register.Invalid([]register.FieldProblem{problem("lars", "is geen geldige LARS-code (8 cijfers met controlecijfer)")})
	}
	var out *register.Description
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		all, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: access.ListScope(a.User)})
		if err != nil {
			return err
		}
		var d *register.Description
		for i := range all {
			if all[i].PublicID == publicID {
				d = &all[i]
			}
		}
		if d == nil {
			return register.Invalid([]register.FieldProblem{problem("public_id", fmt.Sprintf("geen gepubliceerde beschrijving met publieke id %q", publicID))})
		}
		wasPublished := d.PublishedRevision == d.Revision
		d.Lars = lars
		d.UpdatedAt, d.UpdatedBy = tx.Now(), a.name()
		if err := tx.UpdateDescription(ctx, d); err != nil {
			return err
		}
		if wasPublished {
			d.PublishedRevision = d.Revision
			if err := tx.SetDescriptionState(ctx, d); err != nil {
				return err
			}
		}
		raw, err := tx.Setting(ctx, publishedKey(d.ID))
		if err == nil && raw != "" {
			var pi publish.PublicItem
			if json.Unmarshal([]byte(raw), &pi) == nil {
				pi.Lars = lars
				b, _ := json.Marshal(pi)
				if err := tx.SetSetting(ctx, publishedKey(d.ID), string(b)); err != nil {
					return err
				}
			}
		} else if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
			return err
		}
		out = d
		return s.audit(ctx, tx, a, "description.lars", descObject(d.ID), d.Revision, "ok", lars)
	})
	return out, err
}
