package access

import (
	"fmt"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// DefaultCeiling is the highest classification a register accepts unless configured otherwise
// (ALGOREG_CEILING or --ceiling): Staatsgeheim Confidentieel. Higher levels belong in systems
// accredited for them; an operator who has that accreditation raises the ceiling explicitly.
const DefaultCeiling = register.StgConfidentieel

// CeilingEnv is the environment variable that sets the ceiling.
const CeilingEnv = "ALGOREG_CEILING"

// ParseCeiling reads a configured ceiling; empty means DefaultCeiling.
func ParseCeiling(s string) (register.Level, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return DefaultCeiling, nil
	}
	l := register.Level(s)
	if !l.Valid() {
		return "", fmt.Errorf("access: %w", register.Invalid([]register.FieldProblem{{
			Name:   "ceiling",
			Reason: fmt.Sprintf("onbekende rubricering %q; kies uit %s", s, levelList()),
		}}))
	}
	return l, nil
}

// ResolveCeiling applies the configuration order: the flag when given, else the environment
// value, else DefaultCeiling.
func ResolveCeiling(flag, env string) (register.Level, error) {
	if strings.TrimSpace(flag) != "" {
		return ParseCeiling(flag)
	}
	return ParseCeiling(env)
}

// CheckCeiling refuses a record whose level is unknown or above the ceiling, as an EINVALID
// problem on the field "classification".
func CheckCeiling(level, ceiling register.Level) error {
	if !level.Valid() {
		return register.Invalid([]register.FieldProblem{{
			Name:   "classification",
			Reason: fmt.Sprintf("onbekende rubricering %q; kies uit %s", string(level), levelList()),
		}})
	}
	if !ceiling.Valid() {
		ceiling = DefaultCeiling
	}
	if !level.AtMost(ceiling) {
		return register.Invalid([]register.FieldProblem{{
			Name:   "classification",
			Reason: fmt.Sprintf("rubricering %s is hoger dan het plafond van dit register (%s)", level, ceiling),
		}})
	}
	return nil
}

func levelList() string {
	s := make([]string, len(register.Levels))
	for i, l := range register.Levels {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}
