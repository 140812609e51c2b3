package service

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

var unitCodeRE = regexp.MustCompile(`^[A-Z][A-Z0-9-]{1,15}$`)

// AddUnit adds a unit (defensieonderdeel).
func (s *Service) AddUnit(ctx context.Context, a Actor, u register.Unit) error {
	u.Code, u.Name = strings.ToUpper(strings.TrimSpace(u.Code)), strings.TrimSpace(u.Name)
	var probs []register.FieldProblem
	if !unitCodeRE.MatchString(u.Code) {
		probs = append(probs, problem("code", "moet 2 tot 16 hoofdletters, cijfers of streepjes zijn, beginnend met een letter (bijv. DOSCO)"))
	}
	if u.Name == "" {
		probs = append(probs, problem("name", "is verplicht"))
	}
	if len(probs) > 0 {
		return register.Invalid(probs)
	}
	if !access.CanGlobal(a.User, access.UnitsManage) {
		return register.Errorf(register.EFORBIDDEN, "U mag geen eenheden beheren.")
	}
	return s.store.Tx(ctx, func(tx register.Tx) error {
		if err := tx.CreateUnit(ctx, u); err != nil {
			if register.ErrorCode(err) == register.ECONFLICT {
				return register.Errorf(register.ECONFLICT, "Eenheid %s bestaat al.", u.Code)
			}
			return err
		}
		return s.audit(ctx, tx, a, "unit.create", "unit:"+u.Code, 0, "ok", u.Name)
	})
}

// Units lists every unit.
func (s *Service) Units(ctx context.Context) ([]register.Unit, error) {
	var out []register.Unit
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		out, err = tx.ListUnits(ctx)
		return err
	})
	return out, err
}

// UserInput is a new user.
type UserInput struct {
	Email     string
	Name      string
	Role      register.Role
	Units     []string
	AllUnits  bool
	Clearance register.Level
	Password  string // optional: without one, the user signs in through OIDC or uses tokens
}

// AddUser creates a user.
func (s *Service) AddUser(ctx context.Context, a Actor, in UserInput) (*register.User, error) {
	if !access.CanGlobal(a.User, access.UsersManage) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag geen gebruikers beheren.")
	}
	in.Email, in.Name = strings.ToLower(strings.TrimSpace(in.Email)), strings.TrimSpace(in.Name)
	if in.Clearance == "" {
		in.Clearance = register.Ongerubriceerd
	}
	var probs []register.FieldProblem
	if !standard.ValidEmail(in.Email) || strings.HasPrefix(in.Email, "http") {
		probs = append(probs, problem("email", "is geen geldig e-mailadres"))
	}
	probs = append(probs, checkUserFields(in.Name, in.Role, in.Clearance)...)
	if in.Password != "" {
		if err := auth.CheckPasswordPolicy(in.Password); err != nil {
			probs = append(probs, problem("password", register.ErrorMessage(err)))
		}
	}
	var user *register.User
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		codes, up, err := checkUserUnits(ctx, tx, in.Units, in.AllUnits, in.Role)
		if err != nil {
			return err
		}
		if probs = append(probs, up...); len(probs) > 0 {
			return register.Invalid(probs)
		}
		user = &register.User{ID: newID(), Email: in.Email, Name: in.Name, Role: in.Role, Units: codes,
			AllUnits: in.AllUnits || in.Role.SpansAllUnits(), Clearance: in.Clearance, CreatedAt: tx.Now()}
		if in.Password != "" {
			h, err := auth.HashPassword(in.Password)
			if err != nil {
				return err
			}
			user.PasswordHash = h
		}
		if err := tx.CreateUser(ctx, user); err != nil {
			if register.ErrorCode(err) == register.ECONFLICT {
				return register.Invalid([]register.FieldProblem{problem("email", "er bestaat al een gebruiker met dit e-mailadres")})
			}
			return err
		}
		return s.audit(ctx, tx, a, "user.create", "user:"+user.Email, 0, "ok", string(user.Role))
	})
	return user, err
}

// checkUserFields checks a user's name, role and clearance.
func checkUserFields(name string, role register.Role, clearance register.Level) []register.FieldProblem {
	var probs []register.FieldProblem
	if name == "" {
		probs = append(probs, problem("name", "is verplicht"))
	}
	if !role.Valid() {
		probs = append(probs, problem("role", fmt.Sprintf("onbekende rol %q; kies uit viewer, editor, coordinator, assessor, approver, admin, auditor", role)))
	}
	if !clearance.Valid() {
		probs = append(probs, problem("clearance", fmt.Sprintf("onbekend niveau %q; kies uit %s", clearance, levelNames())))
	}
	return probs
}

// checkUserUnits returns the unit codes, upper case, and a problem for each unknown one and for
// none at all where the role needs units.
func checkUserUnits(ctx context.Context, tx register.Tx, given []string, allUnits bool, role register.Role) ([]string, []register.FieldProblem, error) {
	units, err := tx.ListUnits(ctx)
	if err != nil {
		return nil, nil, err
	}
	var probs []register.FieldProblem
	codes := trimAll(given)
	for i, c := range codes {
		codes[i] = strings.ToUpper(c)
		if !slices.ContainsFunc(units, func(u register.Unit) bool { return u.Code == codes[i] }) {
			probs = append(probs, problem("unit", fmt.Sprintf("onbekende eenheid %q", c)))
		}
	}
	if len(codes) == 0 && !allUnits && !role.SpansAllUnits() && role.Valid() {
		probs = append(probs, problem("unit", "geef minstens één eenheid op (--unit CODE) voor deze rol"))
	}
	return codes, probs, nil
}

// UserChange is what an administrator may change of an existing user.
type UserChange struct {
	Name      string
	Role      register.Role
	Units     []string
	AllUnits  bool // sees every unit, whatever the role
	Clearance register.Level
}

// UpdateUser changes the name, role, units and clearance of the user with that e-mail address.
// The change takes effect at the user's next request (sessions and tokens look the user up
// each time). An administrator cannot change their own role or clearance, so the register never
// loses its last administrator by accident; the audit trail records before and after.
func (s *Service) UpdateUser(ctx context.Context, a Actor, email string, in UserChange) error {
	if err := access.CheckGlobal(a.User, access.UsersManage); err != nil {
		return err
	}
	in.Name = strings.TrimSpace(in.Name)
	probs := checkUserFields(in.Name, in.Role, in.Clearance)
	return s.store.Tx(ctx, func(tx register.Tx) error {
		u, err := tx.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
		if register.ErrorCode(err) == register.ENOTFOUND {
			return register.Invalid([]register.FieldProblem{problem("email", "geen gebruiker met dit e-mailadres")})
		}
		if err != nil {
			return err
		}
		if a.User != nil && u.ID == a.User.ID {
			if in.Role != u.Role {
				probs = append(probs, problem("role", "u kunt uw eigen rol niet wijzigen"))
			}
			if in.Clearance != u.Clearance {
				probs = append(probs, problem("clearance", "u kunt uw eigen rubriceringsniveau niet wijzigen"))
			}
		}
		codes, up, err := checkUserUnits(ctx, tx, in.Units, in.AllUnits, in.Role)
		if err != nil {
			return err
		}
		if probs = append(probs, up...); len(probs) > 0 {
			return register.Invalid(probs)
		}
		before := userSummary(u)
		u.Name, u.Role, u.Units, u.Clearance = in.Name, in.Role, codes, in.Clearance
		u.AllUnits = in.AllUnits || in.Role.SpansAllUnits()
		after := userSummary(u)
		if before == after {
			return nil
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "user.update", "user:"+u.Email, 0, "ok", before+" → "+after)
	})
}

// userSummary is a user's name, role, units and clearance in one line, for the audit trail.
func userSummary(u *register.User) string {
	units := strings.Join(u.Units, ",")
	if u.AllUnits {
		units = "alle eenheden"
	}
	return fmt.Sprintf("%s; rol %s; eenheden %s; niveau %s", u.Name, u.Role, units, u.Clearance)
}

// CreateToken issues an API bearer token for the user with that e-mail address and returns it;
// only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, a Actor, email string, ttl time.Duration) (string, error) {
	if !access.CanGlobal(a.User, access.UsersManage) {
		return "", register.Errorf(register.EFORBIDDEN, "U mag geen tokens uitgeven.")
	}
	if ttl <= 0 {
		return "", register.Invalid([]register.FieldProblem{problem("expires", "moet een positieve duur zijn, bijv. 720h")})
	}
	plain, hash := auth.NewToken()
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		u, err := tx.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
		if register.ErrorCode(err) == register.ENOTFOUND {
			return register.Invalid([]register.FieldProblem{problem("email", "geen gebruiker met dit e-mailadres")})
		}
		if err != nil {
			return err
		}
		now := tx.Now()
		if err := tx.CreateToken(ctx, register.Token{Hash: hash, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "token.create", "user:"+u.Email, 0, "ok", "geldig tot "+now.Add(ttl).Format(time.RFC3339))
	})
	return plain, err
}

// unauthorized is the one answer for any bad credential: it never says which part was wrong.
func unauthorized() error {
	return register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld of het token is ongeldig of verlopen.")
}

// Authenticate returns the user a bearer token belongs to. Unknown, expired and malformed
// tokens all get the same answer, and the refusal is audited.
func (s *Service) Authenticate(ctx context.Context, token, origin string) (*register.User, error) {
	var user *register.User
	err := s.view(ctx, func(tx register.Tx) error {
		if !auth.WellFormedToken(token) {
			return unauthorized()
		}
		t, u, err := tx.TokenWithUser(ctx, auth.HashSecret(token))
		if register.ErrorCode(err) == register.ENOTFOUND {
			return unauthorized()
		}
		if err != nil {
			return err
		}
		if !tx.Now().Before(t.ExpiresAt) || u.Disabled {
			return unauthorized()
		}
		user = u
		return nil
	})
	if register.ErrorCode(err) == register.EUNAUTHORIZED {
		if aerr := s.Audit(ctx, Actor{Origin: origin}, "auth.token", "token", "refused", "ongeldig, onbekend of verlopen token"); aerr != nil {
			s.log.Error("audit of a refused token failed", "err", aerr)
		}
	}
	return user, err
}

// UserByEmail returns a user (for the command line).
func (s *Service) UserByEmail(ctx context.Context, email string) (*register.User, error) {
	var u *register.User
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		u, err = tx.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
		return err
	})
	return u, err
}
