// Package service holds the register's use cases. Each one checks access, validates, writes and
// audits in one transaction, so a refused or failed step leaves nothing behind.
package service

import (
	"context"
	"log/slog"
	"strings"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/risk"
)

// Config is what the service needs to know about its deployment.
type Config struct {
	// Ceiling is the highest classification level this register accepts.
	Ceiling register.Level
	// Organization is the organisation name proposed for new descriptions.
	Organization string
	// RiskModel is the publication risk model; nil means the default model that ships.
	RiskModel *risk.Model
	// ContactAllowlist lists the public contacts allowed in published descriptions
	// (functional mailboxes, "@domain" suffixes, URL prefixes).
	ContactAllowlist []string
}

// Service is the register's application layer.
type Service struct {
	store register.Store
	log   *slog.Logger
	cfg   Config
	index *searchIndex
	reads *readAuditor
}

// New returns a service on store.
func New(store register.Store, log *slog.Logger, cfg Config) *Service {
	if cfg.Ceiling == "" {
		cfg.Ceiling = register.StgConfidentieel
	}
	if cfg.Organization == "" {
		cfg.Organization = "Ministerie van Defensie"
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, log: log, cfg: cfg, index: newSearchIndex(), reads: &readAuditor{store: store}}
}

// Config returns the service's configuration.
func (s *Service) Config() Config { return s.cfg }

// Ping checks that the database can be reached.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }

// Actor is who takes a step, and from where.
type Actor struct {
	User   *register.User
	Origin string // remote address, or "cli"
}

// System is the actor of administrative command-line work on the database itself: it spans all
// units and levels, and is recorded as such in the audit trail.
func System(origin string) Actor {
	return Actor{User: &register.User{ID: "system", Email: "system", Name: "Systeem", Role: register.RoleAdmin, AllUnits: true, Clearance: register.StgZeerGeheim}, Origin: origin}
}

func (a Actor) name() string {
	if a.User == nil {
		return "anoniem"
	}
	return a.User.Email
}

// audit appends one audit entry within tx.
func (s *Service) audit(ctx context.Context, tx register.Tx, a Actor, action, object string, rev int, result, detail string) error {
	return tx.AppendAudit(ctx, s.auditEntry(tx, a, action, object, rev, result, detail))
}

// auditEntry is the entry audit appends, for callers that append many at once.
func (s *Service) auditEntry(tx register.Tx, a Actor, action, object string, rev int, result, detail string) *register.AuditEntry {
	return &register.AuditEntry{
		At: tx.Now(), Actor: a.name(), Action: action, Object: object, Revision: rev,
		Result: result, Origin: a.Origin, Detail: detail,
	}
}

// Audit records an event that is not part of a change (a refused login, an export) in a
// transaction of its own.
func (s *Service) Audit(ctx context.Context, a Actor, action, object, result, detail string) error {
	return s.store.Tx(ctx, func(tx register.Tx) error {
		return s.audit(ctx, tx, a, action, object, 0, result, detail)
	})
}

func descObject(id string) string { return "description:" + id }

func problem(name, reason string) register.FieldProblem {
	return register.FieldProblem{Name: name, Reason: reason}
}

func trimAll(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
