package cli

import (
	"context"
	"fmt"

	"github.com/defensie/algoreg/internal/store"
)

func runAudit(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || args[0] != "verify" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg audit verify [--db URL]")
		return 2
	}
	fs := env.flags("audit verify")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	st, err := store.Open(ctx, env.dbURL(fs))
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	broken, err := store.VerifyAudit(ctx, st)
	if err != nil {
		return env.fail(1, err)
	}
	if broken != 0 {
		fmt.Fprintf(env.Stdout, "audittrail GEBROKEN: eerste ongeldige regel is nummer %d (gewijzigd, verwijderd of verplaatst)\n", broken)
		return 1
	}
	fmt.Fprintln(env.Stdout, "audittrail intact")
	return 0
}
