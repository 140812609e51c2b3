package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

// Round is a yearly inventory round: an administrator opens it, and each unit's coordinator
// records that the unit's list of algorithms is complete, or what is still missing. Rounds are
// kept as JSON settings ("round:2026"), so they need no table of their own.
type Round struct {
	Year     int                  `json:"year"`
	OpenedBy string               `json:"opened_by"`
	OpenedAt time.Time            `json:"opened_at"`
	Units    map[string]RoundUnit `json:"units"`
}

// RoundUnit is one unit's answer in a round.
type RoundUnit struct {
	Complete bool      `json:"complete"`
	Missing  string    `json:"missing,omitempty"` // what is still missing, when not complete
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// RoundProgress is one unit's line in a round's progress overview.
type RoundProgress struct {
	Unit     register.Unit
	Answered bool
	RoundUnit
}

const roundsKey = "rounds"

func roundKey(year int) string { return "round:" + strconv.Itoa(year) }

func validYear(year int) error {
	if year < 2000 || year > 2100 {
		return register.Invalid([]register.FieldProblem{problem("year", "moet een jaartal tussen 2000 en 2100 zijn")})
	}
	return nil
}

// OpenRound opens the inventory round of a year.
func (s *Service) OpenRound(ctx context.Context, a Actor, year int) error {
	if err := access.CheckGlobal(a.User, access.RoundsManage); err != nil {
		return err
	}
	if err := validYear(year); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx register.Tx) error {
		years, err := roundYears(ctx, tx)
		if err != nil {
			return err
		}
		if slices.Contains(years, year) {
			return register.Errorf(register.ECONFLICT, "De inventarisatieronde %d is al geopend.", year)
		}
		r := Round{Year: year, OpenedBy: a.name(), OpenedAt: tx.Now(), Units: map[string]RoundUnit{}}
		if err := putRound(ctx, tx, r); err != nil {
			return err
		}
		years = append(years, year)
		slices.Sort(years)
		b, _ := json.Marshal(years)
		if err := tx.SetSetting(ctx, roundsKey, string(b)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "round.open", "round:"+strconv.Itoa(year), 0, "ok", "")
	})
}

// RoundYears lists the years of every opened round, newest first.
func (s *Service) RoundYears(ctx context.Context, a Actor) ([]int, error) {
	if a.User == nil {
		return nil, register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld.")
	}
	var years []int
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		years, err = roundYears(ctx, tx)
		return err
	})
	slices.Reverse(years)
	return years, err
}

// RoundStatus returns a round and the progress per unit that a may follow: every unit for an
// administrator (or another role spanning all units), their own units for a coordinator.
func (s *Service) RoundStatus(ctx context.Context, a Actor, year int) (*Round, []RoundProgress, error) {
	if a.User == nil {
		return nil, nil, register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld.")
	}
	var r *Round
	var out []RoundProgress
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		r, err = getRound(ctx, tx, year)
		if err != nil {
			return err
		}
		units, err := tx.ListUnits(ctx)
		if err != nil {
			return err
		}
		scope := access.ListScope(a.User)
		for _, u := range units {
			if !scope.AllUnits && !slices.Contains(scope.Units, u.Code) {
				continue
			}
			ru, ok := r.Units[u.Code]
			out = append(out, RoundProgress{Unit: u, Answered: ok, RoundUnit: ru})
		}
		return nil
	})
	return r, out, err
}

// ConfirmRound records a unit's answer in a round: its list is complete, or what is missing.
func (s *Service) ConfirmRound(ctx context.Context, a Actor, year int, unit string, complete bool, missing string) error {
	unit = strings.ToUpper(strings.TrimSpace(unit))
	missing = strings.TrimSpace(missing)
	if !access.Can(a.User, access.RoundConfirm, unit, register.Ongerubriceerd) {
		return register.Errorf(register.EFORBIDDEN, "U heeft geen recht om de inventarisatie van eenheid %s te bevestigen.", unit)
	}
	if !complete && missing == "" {
		return register.Invalid([]register.FieldProblem{problem("missing", "is verplicht als de lijst nog niet compleet is: noem wat er ontbreekt")})
	}
	if len([]rune(missing)) > 2000 {
		return register.Invalid([]register.FieldProblem{problem("missing", "is langer dan 2000 tekens")})
	}
	return s.store.Tx(ctx, func(tx register.Tx) error {
		r, err := getRound(ctx, tx, year)
		if err != nil {
			return err
		}
		if complete {
			missing = ""
		}
		r.Units[unit] = RoundUnit{Complete: complete, Missing: missing, By: a.name(), At: tx.Now()}
		if err := putRound(ctx, tx, *r); err != nil {
			return err
		}
		detail := "compleet"
		if !complete {
			detail = "nog niet compleet"
		}
		return s.audit(ctx, tx, a, "round.confirm", fmt.Sprintf("round:%d:%s", year, unit), 0, "ok", detail)
	})
}

func roundYears(ctx context.Context, tx register.Tx) ([]int, error) {
	v, err := tx.Setting(ctx, roundsKey)
	if register.ErrorCode(err) == register.ENOTFOUND || (err == nil && v == "") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var years []int
	if err := json.Unmarshal([]byte(v), &years); err != nil {
		return nil, fmt.Errorf("service: rounds setting: %w", err)
	}
	return years, nil
}

func getRound(ctx context.Context, tx register.Tx, year int) (*Round, error) {
	v, err := tx.Setting(ctx, roundKey(year))
	if register.ErrorCode(err) == register.ENOTFOUND || (err == nil && v == "") {
		return nil, register.Errorf(register.ENOTFOUND, "Er is geen inventarisatieronde %d.", year)
	}
	if err != nil {
		return nil, err
	}
	var r Round
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return nil, fmt.Errorf("service: round %d: %w", year, err)
	}
	if r.Units == nil {
		r.Units = map[string]RoundUnit{}
	}
	return &r, nil
}

func putRound(ctx context.Context, tx register.Tx, r Round) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("service: round: %w", err)
	}
	return tx.SetSetting(ctx, roundKey(r.Year), string(b))
}
