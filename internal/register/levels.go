package register

// Level is a classification level (rubricering), ordered low to high.
type Level string

// The classification levels of domain.md §7, low to high.
const (
	Ongerubriceerd   Level = "ongerubriceerd"
	DepVertrouwelijk Level = "dep-vertrouwelijk"
	StgConfidentieel Level = "stg-confidentieel"
	StgGeheim        Level = "stg-geheim"
	StgZeerGeheim    Level = "stg-zeer-geheim"
)

// Levels lists every level, low to high.
var Levels = []Level{Ongerubriceerd, DepVertrouwelijk, StgConfidentieel, StgGeheim, StgZeerGeheim}

// Rank is the level's position (0 = ongerubriceerd), or -1 for an unknown level.
func (l Level) Rank() int {
	for i, x := range Levels {
		if x == l {
			return i
		}
	}
	return -1
}

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l.Rank() >= 0 }

// AtMost reports whether l is at or below max.
func (l Level) AtMost(max Level) bool { return l.Valid() && max.Valid() && l.Rank() <= max.Rank() }

// Label is the Dutch name of the level as it is marked on documents.
func (l Level) Label() string {
	switch l {
	case Ongerubriceerd:
		return "Ongerubriceerd"
	case DepVertrouwelijk:
		return "Departementaal Vertrouwelijk"
	case StgConfidentieel:
		return "Staatsgeheim Confidentieel"
	case StgGeheim:
		return "Staatsgeheim Geheim"
	case StgZeerGeheim:
		return "Staatsgeheim Zeer Geheim"
	}
	return string(l)
}

// Highest returns the highest of the given levels (ongerubriceerd for none).
func Highest(levels ...Level) Level {
	h := Ongerubriceerd
	for _, l := range levels {
		if l.Rank() > h.Rank() {
			h = l
		}
	}
	return h
}

// Role is what a user may do in the register.
type Role string

// The roles of interface.md.
const (
	RoleViewer      Role = "viewer"
	RoleEditor      Role = "editor"
	RoleCoordinator Role = "coordinator"
	RoleAssessor    Role = "assessor"
	RoleApprover    Role = "approver"
	RoleAdmin       Role = "admin"
	RoleAuditor     Role = "auditor"
)

// Roles lists every role.
var Roles = []Role{RoleViewer, RoleEditor, RoleCoordinator, RoleAssessor, RoleApprover, RoleAdmin, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// SpansAllUnits reports whether the role sees every unit regardless of membership.
func (r Role) SpansAllUnits() bool { return r == RoleAdmin || r == RoleAuditor }
