package register

import "time"

// Unit is a defensieonderdeel.
type Unit struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// DemoUnits are the units of domain.md §8, present in every new database.
var DemoUnits = []Unit{
	{"BS", "Bestuursstaf"},
	{"CZSK", "Commando Zeestrijdkrachten"},
	{"CLAS", "Commando Landstrijdkrachten"},
	{"CLSK", "Commando Luchtstrijdkrachten"},
	{"KMAR", "Koninklijke Marechaussee"},
	{"DMO", "Defensie Materieel Organisatie"},
	{"DOSCO", "Defensie Ondersteuningscommando"},
	{"MIVD", "Militaire Inlichtingen- en Veiligheidsdienst"},
}

// User is a person with access to the register.
type User struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Units        []string  `json:"units"` // unit codes; empty for roles that span all units
	AllUnits     bool      `json:"all_units"`
	Clearance    Level     `json:"clearance"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Scope is what a user may see: the units and the highest level.
type Scope struct {
	AllUnits bool
	Units    []string
	MaxLevel Level
}

// Scope returns the visibility scope of u.
func (u *User) Scope() Scope {
	return Scope{AllUnits: u.AllUnits || u.Role.SpansAllUnits(), Units: u.Units, MaxLevel: u.Clearance}
}

// Sees reports whether the scope includes a record of that unit and level.
func (s Scope) Sees(unit string, level Level) bool {
	if !level.AtMost(s.MaxLevel) {
		return false
	}
	if s.AllUnits {
		return true
	}
	for _, u := range s.Units {
		if u == unit {
			return true
		}
	}
	return false
}

// Token is an API bearer token; only its SHA-256 hash is stored.
type Token struct {
	Hash      string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AuditEntry is one line of the tamper-evident audit trail.
type AuditEntry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`  // user e-mail, or "system"
	Action   string    `json:"action"` // e.g. description.create, login.failure, export
	Object   string    `json:"object"` // e.g. description:abc123
	Revision int       `json:"revision"`
	Result   string    `json:"result"` // ok, refused, failed
	Origin   string    `json:"origin"` // remote address, "cli"
	Detail   string    `json:"detail"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// Session is a browser session, stored server-side so several instances share it; only the
// hash of the cookie value is stored.
type Session struct {
	Hash      string
	UserID    string
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time // absolute expiry
}
