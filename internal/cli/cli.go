// Package cli is the algoreg command line: one file per subcommand. It is the only place
// where concrete types (store, service, web) are wired together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"sort"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/risk"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
)

// Env is what a command gets from the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) int
}

func commands() []command {
	return []command{
		{"serve", "de interne applicatie (pagina's en JSON-API)", runServe},
		{"serve-public", "de publieke website en API, alleen uit een bundel", runServePublic},
		{"migrate", "maakt of vernieuwt het databaseschema", runMigrate},
		{"unit", "eenheden: unit add --code CODE --name NAAM, unit list", runUnit},
		{"user", "gebruikers: user add --email E --name N --role ROL [--unit CODE]... [--clearance NIVEAU] [--password-stdin]", runUser},
		{"token", "API-tokens: token create --email E [--expires DUUR]", runToken},
		{"import", "importeert beschrijvingen (CSV, JSON, XLSX van het Algoritmeregister)", runImport},
		{"export", "exporteert het hele interne register (csv, json, xlsx)", runExport},
		{"publish", "bouwt de ondertekende publicatiebundel (na de controle vóór publicatie)", runPublish},
		{"keys", "sleutels: keys generate [--dir MAP]", runKeys},
		{"lars", "LARS-code van het nationale register vastleggen: lars set --public-id ID LARS", runLars},
		{"bundle", "bundels: bundle verify [--public-key BESTAND] MAP", runBundle},
		{"terms", "gevoelige termen: terms add|remove TERM..., terms list", runTerms},
		{"audit", "audittrail: audit verify", runAudit},
		{"backup", "online reservekopie van een SQLite-register: backup --out BESTAND", runBackup},
		{"restore", "zet een reservekopie terug: restore --from BESTAND [--db sqlite:PAD] [--force]", runRestore},
		{"report", "jaarrapportage voor de Kamer: report --year JJJJ --out BESTAND.html|.pdf|.csv", runReport},
	}
}

// Main runs the command line and returns the exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv}
	return env.Main(ctx, args)
}

// Main runs the command line in env.
func (env *Env) Main(ctx context.Context, args []string) int {
	if len(args) < 1 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stderr)
		if len(args) < 1 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "algoreg: onbekend commando %q\n\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "algoreg — het algoritmeregister van Defensie\n\nGebruik: algoreg COMMANDO [opties]\n\nCommando's:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nElk commando dat de database gebruikt, neemt --db (of ALGOREG_DB); standaard sqlite:algoreg.db.")
}

// flags returns a flag set that reports to stderr and does not exit.
func (env *Env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("algoreg "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// setting is a flag's value, else the environment's, else the default.
func (env *Env) setting(fs *flag.FlagSet, flagName, envName, def string) string {
	set := false
	var v string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == flagName {
			set, v = true, f.Value.String()
		}
	})
	if set {
		return v
	}
	if e := env.Getenv(envName); e != "" {
		return e
	}
	return def
}

// DefaultDB is the embedded default database.
const DefaultDB = "sqlite:algoreg.db"

func (env *Env) dbURL(fs *flag.FlagSet) string { return env.setting(fs, "db", "ALGOREG_DB", DefaultDB) }

// open opens and migrates the database and returns the service on it.
func (env *Env) open(ctx context.Context, fs *flag.FlagSet, log *slog.Logger) (*service.Service, register.Store, error) {
	st, err := store.Open(ctx, env.dbURL(fs))
	if err != nil {
		return nil, nil, err
	}
	if err := store.Migrate(ctx, st); err != nil {
		st.Close()
		return nil, nil, err
	}
	ceiling, err := access.ResolveCeiling(env.setting(fs, "ceiling", "ALGOREG_CEILING", ""), "")
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	allow := trimList(strings.Split(env.setting(fs, "contact-allowlist", "ALGOREG_CONTACT_ALLOWLIST", DefaultContactAllowlist), ","))
	cfg := service.Config{Ceiling: ceiling, ContactAllowlist: allow}
	// The organisation's own publication risk model, if it has one: a data file, no new release.
	if path := env.Getenv("ALGOREG_RISK_MODEL"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("risicomodel %s: %w", path, err)
		}
		m, err := risk.Load(f)
		f.Close()
		if err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("risicomodel %s: %w", path, err)
		}
		cfg.RiskModel = m
	}
	return service.New(st, log, cfg), st, nil
}

// cliActor is the command line's actor: the system, recorded with the operating-system user.
func cliActor() service.Actor {
	name := "onbekend"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return service.System("cli:" + name)
}

// fail prints an error the way the command line shows them and returns status.
func (env *Env) fail(status int, err error) int {
	var e *register.Error
	if errors.As(err, &e) {
		fmt.Fprintf(env.Stderr, "algoreg: %s\n", e.Message)
		for _, p := range e.Problems {
			fmt.Fprintf(env.Stderr, "  %s: %s\n", p.Name, p.Reason)
		}
		return status
	}
	fmt.Fprintf(env.Stderr, "algoreg: %v\n", err)
	return status
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func (env *Env) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
