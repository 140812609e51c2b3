package cli

import (
	"context"
	"fmt"

	"github.com/defensie/algoreg/internal/demo"
	"github.com/defensie/algoreg/internal/service"
)

// loadDemo fills an empty register with demo data and prints how to log in.
func loadDemo(ctx context.Context, env *Env, svc *service.Service) error {
	added, err := demo.Load(ctx, svc)
	if err != nil {
		return err
	}
	if !added {
		fmt.Fprintln(env.Stderr, "demo: de database bevat al beschrijvingen; er is niets toegevoegd")
	}
	fmt.Fprintln(env.Stderr, "\nDemo-accounts (wachtwoord voor allemaal: "+demo.Password+"):")
	for _, u := range demo.Users {
		fmt.Fprintf(env.Stderr, "  %-30s %s\n", u.Email, u.Role)
	}
	tok, err := svc.CreateToken(ctx, service.System("demo"), demo.Users[0].Email, 24*3600e9)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "\nAPI-token van de beheerder (24 uur geldig):\n  curl -H 'Authorization: Bearer %s' http://ADRES/api/v1/algorithms\n\n", tok)
	return nil
}
