package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

func runUnit(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg unit add --code CODE --name NAAM | algoreg unit list")
		return 2
	}
	fs := env.flags("unit " + args[0])
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	code := fs.String("code", "", "code van de eenheid, bijv. DOSCO")
	name := fs.String("name", "", "volledige naam van de eenheid")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	if args[0] == "list" {
		units, err := svc.Units(ctx)
		if err != nil {
			return env.fail(1, err)
		}
		for _, u := range units {
			fmt.Fprintf(env.Stdout, "%s\t%s\n", u.Code, u.Name)
		}
		return 0
	}
	if err := svc.AddUnit(ctx, cliActor(), register.Unit{Code: *code, Name: *name}); err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "eenheid %s toegevoegd\n", strings.ToUpper(*code))
	return 0
}

func runUser(ctx context.Context, env *Env, args []string) int {
	if len(args) > 0 && (args[0] == "list" || args[0] == "disable" || args[0] == "enable") {
		return runUserAdmin(ctx, env, args)
	}
	if len(args) > 0 && args[0] == "set" {
		return runUserSet(ctx, env, args[1:])
	}
	if len(args) < 1 || args[0] != "add" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg user add --email E --name N --role ROL [--unit CODE]... [--clearance NIVEAU] [--password-stdin] | user set --email E [--name N] [--role ROL] [--unit CODE]... [--all-units=true|false] [--clearance NIVEAU] | user list | user disable|enable --email E")
		return 2
	}
	fs := env.flags("user add")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	email := fs.String("email", "", "e-mailadres (inlognaam)")
	name := fs.String("name", "", "volledige naam")
	role := fs.String("role", "", "rol: viewer, editor, coordinator, assessor, approver, admin, auditor")
	var units multi
	fs.Var(&units, "unit", "code van een eenheid waarvan de gebruiker lid is (herhaalbaar)")
	all := fs.Bool("all-units", false, "lid van alle eenheden (bijv. centrale beoordelaar)")
	clearance := fs.String("clearance", string(register.Ongerubriceerd), "screeningsniveau: ongerubriceerd, dep-vertrouwelijk, stg-confidentieel, stg-geheim, stg-zeer-geheim")
	pwStdin := fs.Bool("password-stdin", false, "lees het wachtwoord (minstens 12 tekens) van standaardinvoer")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	in := service.UserInput{Email: *email, Name: *name, Role: register.Role(*role), Units: units, AllUnits: *all, Clearance: register.Level(*clearance)}
	if *pwStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(env.Stderr, "algoreg: geen wachtwoord op standaardinvoer")
			return 1
		}
		in.Password = strings.TrimRight(line, "\r\n")
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	u, err := svc.AddUser(ctx, cliActor(), in)
	if err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "gebruiker %s aangemaakt (rol %s)\n", u.Email, u.Role)
	return 0
}

func runToken(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || args[0] != "create" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg token create --email E [--expires DUUR]")
		return 2
	}
	fs := env.flags("token create")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	expires := fs.Duration("expires", 90*24*time.Hour, "geldigheidsduur, bijv. 720h")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	tok, err := svc.CreateToken(ctx, cliActor(), *email, *expires)
	if err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintln(env.Stdout, tok)
	return 0
}

// runUserSet changes what is given of an existing user; the rest stays as it is. Giving --unit
// replaces the user's units.
func runUserSet(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("user set")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	name := fs.String("name", "", "nieuwe volledige naam")
	role := fs.String("role", "", "nieuwe rol: viewer, editor, coordinator, assessor, approver, admin, auditor")
	var units multi
	fs.Var(&units, "unit", "code van een eenheid (herhaalbaar; vervangt de eenheden van de gebruiker)")
	all := fs.String("all-units", "", "true of false: lid van alle eenheden")
	clearance := fs.String("clearance", "", "nieuw screeningsniveau: ongerubriceerd, dep-vertrouwelijk, stg-confidentieel, stg-geheim, stg-zeer-geheim")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *email == "" || (*all != "" && *all != "true" && *all != "false") {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg user set --email E [--name N] [--role ROL] [--unit CODE]... [--all-units=true|false] [--clearance NIVEAU]")
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	u, err := svc.UserByEmail(ctx, *email)
	if err != nil {
		return env.fail(1, err)
	}
	in := service.UserChange{Name: u.Name, Role: u.Role, Units: u.Units, AllUnits: u.AllUnits && !u.Role.SpansAllUnits(), Clearance: u.Clearance}
	if *name != "" {
		in.Name = *name
	}
	if *role != "" {
		in.Role = register.Role(*role)
	}
	if len(units) > 0 {
		in.Units = units
	}
	if *all != "" {
		in.AllUnits = *all == "true"
	}
	if *clearance != "" {
		in.Clearance = register.Level(*clearance)
	}
	if err := svc.UpdateUser(ctx, cliActor(), *email, in); err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "gebruiker %s gewijzigd\n", strings.ToLower(strings.TrimSpace(*email)))
	return 0
}

func runUserAdmin(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("user " + args[0])
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	email := fs.String("email", "", "e-mailadres van de gebruiker")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if args[0] != "list" && *email == "" {
		fmt.Fprintf(env.Stderr, "gebruik: algoreg user %s --email E\n", args[0])
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	if args[0] != "list" {
		if err := svc.SetUserDisabled(ctx, cliActor(), *email, args[0] == "disable"); err != nil {
			return env.fail(1, err)
		}
		fmt.Fprintf(env.Stdout, "gebruiker %s %s\n", *email, map[bool]string{true: "uitgeschakeld", false: "weer ingeschakeld"}[args[0] == "disable"])
		return 0
	}
	users, err := svc.ListUsers(ctx, cliActor())
	if err != nil {
		return env.fail(1, err)
	}
	for _, u := range users {
		units := strings.Join(u.Units, ",")
		if u.AllUnits {
			units = "alle"
		}
		state := "actief"
		if u.Disabled {
			state = "uitgeschakeld"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, units, u.Clearance, state)
	}
	return 0
}
