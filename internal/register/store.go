package register

import (
	"context"
	"time"
)

// Filter selects descriptions for a list. The scope is applied by the store itself, so a
// record outside it never shows up in items or totals.
type Filter struct {
	Scope               Scope
	IDs                 []string // restrict to these (e.g. search hits); nil means no restriction
	Unit                string
	Status              string
	PublicationCategory string
	State               State
	Level               Level
	Sort                string // "name", "-updated" (default), "unit"
	Offset, Limit       int    // Limit 0 means no limit
}

// Store opens transactions on the register's database.
type Store interface {
	// Tx runs fn in one transaction: committed when fn returns nil, rolled back otherwise.
	Tx(ctx context.Context, fn func(Tx) error) error
	// Ping checks that the database can be reached.
	Ping(ctx context.Context) error
	Close() error
}

// Tx is everything the service can do inside one transaction.
type Tx interface {
	// Now is the one timestamp of this transaction.
	Now() time.Time

	CreateUnit(ctx context.Context, u Unit) error
	ListUnits(ctx context.Context) ([]Unit, error)

	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error
	UserByEmail(ctx context.Context, email string) (*User, error)
	UserByID(ctx context.Context, id string) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)

	CreateToken(ctx context.Context, t Token) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	// TokenWithUser returns the token with this hash and its user (as UserByID gives it) in
	// one read; ENOTFOUND when there is no such token.
	TokenWithUser(ctx context.Context, hash string) (*Token, *User, error)

	// CreateDescription inserts d as revision 1 and stores the revision snapshot.
	CreateDescription(ctx context.Context, d *Description) error
	// UpdateDescription stores d as revision d.Revision+1 when the stored revision still equals
	// d.Revision (ESTALE otherwise), and stores the snapshot; d.Revision is then the new one.
	UpdateDescription(ctx context.Context, d *Description) error
	// CreateDescriptions inserts every description of ds as CreateDescription inserts one, in
	// order (their change sequence numbers follow that order), with far fewer statements: for a
	// bulk import. On an error an unknown part of ds may be written, so the transaction must
	// then be rolled back (returning the error from the function given to Store.Tx does that).
	CreateDescriptions(ctx context.Context, ds []*Description) error
	// SetDescriptionState sets the stored description's State, PublicID, PublishedRevision and
	// PublicationDT to d's (found by d.ID), without a new content revision; it reads no other
	// field of d and changes none of the stored content.
	SetDescriptionState(ctx context.Context, d *Description) error
	// SetDescriptionStates does what SetDescriptionState does for each of ds, each with its own
	// change sequence number in the order of ds, in a few statements (a publication run changes
	// thousands). Every description must exist (ENOTFOUND) and appear once (EINVALID).
	SetDescriptionStates(ctx context.Context, ds []*Description) error
	Description(ctx context.Context, id string) (*Description, error)
	ListDescriptions(ctx context.Context, f Filter) ([]Description, int, error)
	Revisions(ctx context.Context, id string) ([]Revision, error)
	RevisionOf(ctx context.Context, id string, rev int) (*Description, error)

	// DescriptionsChangedSince returns the current version of every description whose change
	// sequence is greater than after (every create, update or state change takes a new, globally
	// increasing sequence number), in sequence order, at most limit, and the highest sequence
	// returned. The in-memory search index follows the database with it.
	DescriptionsChangedSince(ctx context.Context, after int64, limit int) ([]Description, int64, error)

	AddTransition(ctx context.Context, t Transition) error
	// AddTransitions does what AddTransition does for each of ts, in order, in a few statements.
	AddTransitions(ctx context.Context, ts []Transition) error
	Transitions(ctx context.Context, id string) ([]Transition, error)

	SaveClassification(ctx context.Context, c Classification) error
	Classification(ctx context.Context, id string) (*Classification, error)
	SaveAssessment(ctx context.Context, a Assessment) error
	Assessment(ctx context.Context, id string) (*Assessment, error)
	// AllClassifications and AllAssessments return every recorded one, keyed by description id:
	// reports and publication runs read them in one query instead of one per description.
	AllClassifications(ctx context.Context) (map[string]Classification, error)
	AllAssessments(ctx context.Context) (map[string]Assessment, error)
	// AssessmentsDue returns, for every assessment with a review date on or before until
	// (yyyy-mm-dd), only its DescriptionID, Decision and ReviewOn — read without decoding the
	// whole documents, for dashboards and review lists.
	AssessmentsDue(ctx context.Context, until string) ([]Assessment, error)

	// AppendAudit adds e at the end of the chain: under a lock that serialises concurrent
	// writers (also across processes), the store sets Seq = last+1 (first is 1), PrevHash = the
	// last entry's Hash ("" for the first), At truncated to microseconds, then Hash = e.ComputeHash().
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AppendAudits does what AppendAudit does for each of es, in order (each entry chained to the
	// one before it), under the same lock and in a few statements.
	AppendAudits(ctx context.Context, es []*AuditEntry) error
	// Audit lists entries in chain order from seq after, at most limit (0: all).
	Audit(ctx context.Context, after int64, limit int) ([]AuditEntry, error)

	CreateSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash string) (*Session, error)
	TouchSession(ctx context.Context, hash string, seen time.Time) error
	DeleteSession(ctx context.Context, hash string) error

	// AddLoginFailure records a failed login for key (an e-mail or an address); LoginFailures
	// counts those since a moment; ClearLoginFailures forgets them after a success.
	AddLoginFailure(ctx context.Context, key string, at time.Time) error
	LoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	ClearLoginFailures(ctx context.Context, key string) error

	// Setting and SetSetting hold small configuration values (sensitive terms, ceiling, …).
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// SetSettings does what SetSetting does for each key/value pair, in order (the last value for
	// a key wins), in a few statements.
	SetSettings(ctx context.Context, kv [][2]string) error
}
