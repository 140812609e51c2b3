package service

import (
	"context"
	"slices"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// ListUsers returns every user, by e-mail address, for an administrator.
func (s *Service) ListUsers(ctx context.Context, a Actor) ([]register.User, error) {
	if err := access.CheckGlobal(a.User, access.UsersManage); err != nil {
		return nil, err
	}
	var out []register.User
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		out, err = tx.ListUsers(ctx)
		return err
	})
	slices.SortFunc(out, func(x, y register.User) int { return strings.Compare(x.Email, y.Email) })
	return out, err
}

// SetUserDisabled disables (or enables again) the user with that e-mail address. A disabled
// user can no longer log in, and their sessions and tokens stop working at once. An
// administrator cannot disable themselves, so the register never loses its last administrator
// by accident.
func (s *Service) SetUserDisabled(ctx context.Context, a Actor, email string, disabled bool) error {
	if err := access.CheckGlobal(a.User, access.UsersManage); err != nil {
		return err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	return s.store.Tx(ctx, func(tx register.Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if register.ErrorCode(err) == register.ENOTFOUND {
			return register.Invalid([]register.FieldProblem{problem("email", "geen gebruiker met dit e-mailadres")})
		}
		if err != nil {
			return err
		}
		if disabled && a.User != nil && u.ID == a.User.ID {
			return register.Invalid([]register.FieldProblem{problem("email", "u kunt uw eigen account niet blokkeren")})
		}
		if u.Disabled == disabled {
			return nil
		}
		u.Disabled = disabled
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return s.audit(ctx, tx, a, action, "user:"+u.Email, 0, "ok", "")
	})
}
