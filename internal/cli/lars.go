package cli

import (
	"context"
	"fmt"
)

func runLars(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || args[0] != "set" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg lars set --public-id DEF-XXXXXXXX LARS")
		return 2
	}
	fs := env.flags("lars set")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	pid := fs.String("public-id", "", "de publieke id (source_id) van de beschrijving")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *pid == "" || fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg lars set --public-id DEF-XXXXXXXX LARS")
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	d, err := svc.SetLars(ctx, cliActor(), *pid, fs.Arg(0))
	if err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "LARS %s vastgelegd voor %q; de volgende bundel neemt hem mee\n", d.Lars, d.Name)
	return 0
}
