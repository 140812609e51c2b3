package cli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/service"
)

// DefaultKeyDir is where publish looks for (and, the first time, creates) the signing key.
const DefaultKeyDir = "algoreg-keys"

// DefaultContactAllowlist are the public contacts allowed when none are configured: Defence's
// functional register mailbox and its public contact pages.
const DefaultContactAllowlist = "algoritmeregister@mindef.nl,https://www.defensie.nl/"

func runPublish(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("publish")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	out := fs.String("out", "", "map voor de bundel (wordt in één keer vervangen)")
	fs.String("key", "", "privésleutel (PEM) om de bundel te ondertekenen (ALGOREG_SIGNING_KEY); standaard "+DefaultKeyDir+"/"+publish.PrivateKeyFile)
	fs.String("contact-allowlist", "", "toegestane publieke contacten, komma-gescheiden: adressen, @domein, URL-voorvoegsels (ALGOREG_CONTACT_ALLOWLIST)")
	dry := fs.Bool("dry-run", false, "alles opbouwen en controleren, niets schrijven")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" && !*dry {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg publish [--db URL] --out MAP [--key BESTAND] [--contact-allowlist LIJST] [--dry-run]")
		return 2
	}
	var key ed25519.PrivateKey
	if !*dry {
		var err error
		if key, err = env.signingKey(fs.Lookup("key").Value.String()); err != nil {
			return env.fail(1, err)
		}
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	rep, err := svc.Publish(ctx, cliActor(), service.PublishOptions{OutDir: *out, Key: key, DryRun: *dry})
	if err != nil {
		return env.fail(1, err)
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(env.Stderr, "algoreg: publicatie geweigerd — de controle vóór publicatie vond %d probleem(en); er is niets geschreven:\n", len(rep.Findings))
		for _, f := range rep.Findings {
			fmt.Fprintf(env.Stderr, "  %s (%s): %s: %s\n", f.Name, f.DescriptionID, f.Field, f.Reason)
		}
		return 1
	}
	if *dry {
		fmt.Fprintf(env.Stdout, "proefrun: %d beschrijvingen zouden worden gepubliceerd (%d nieuw); er is niets geschreven\n", rep.Published, rep.New)
		return 0
	}
	fmt.Fprintf(env.Stdout, "bundel geschreven naar %s: %d beschrijvingen (%d nieuw), ondertekend met sleutel %s\n", *out, rep.Published, rep.New, rep.Manifest.KeyID)
	return 0
}

// signingKey loads the private key from the flag, the environment or the default place, and
// creates a key pair there the first time, saying so.
func (env *Env) signingKey(flagValue string) (ed25519.PrivateKey, error) {
	path := flagValue
	if path == "" {
		path = env.Getenv("ALGOREG_SIGNING_KEY")
	}
	if path != "" {
		return publish.LoadPrivateKey(path)
	}
	path = filepath.Join(DefaultKeyDir, publish.PrivateKeyFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		pub, priv, err := publish.GenerateKey(DefaultKeyDir)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(env.Stderr, "geen ondertekeningssleutel gevonden: nieuw sleutelpaar gemaakt (%s, %s).\nGeef de publieke sleutel aan de publieke omgeving: algoreg serve-public --public-key %s\n", priv, pub, pub)
	}
	return publish.LoadPrivateKey(path)
}

func trimList(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func runKeys(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || args[0] != "generate" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg keys generate [--dir MAP]")
		return 2
	}
	fs := env.flags("keys generate")
	dir := fs.String("dir", DefaultKeyDir, "map voor het sleutelpaar")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	pub, priv, err := publish.GenerateKey(*dir)
	if err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "privésleutel: %s (geheim; alleen in de interne omgeving)\npublieke sleutel: %s (voor algoreg serve-public --public-key)\n", priv, pub)
	return 0
}

func runBundle(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || args[0] != "verify" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg bundle verify [--public-key BESTAND] MAP")
		return 2
	}
	fs := env.flags("bundle verify")
	fs.String("public-key", "", "publieke sleutel (PEM) (ALGOREG_PUBLIC_KEY)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg bundle verify [--public-key BESTAND] MAP")
		return 2
	}
	var trusted ed25519.PublicKey
	if kp := env.setting(fs, "public-key", "ALGOREG_PUBLIC_KEY", ""); kp != "" {
		k, err := publish.LoadPublicKey(kp)
		if err != nil {
			return env.fail(1, err)
		}
		trusted = k
	}
	m, err := publish.VerifyBundle(fs.Arg(0), trusted)
	if err != nil {
		return env.fail(1, err)
	}
	how := "ondertekend met de opgegeven sleutel"
	if trusted == nil {
		how = "alleen op volledigheid gecontroleerd (geen --public-key: herkomst niet vastgesteld)"
	}
	fmt.Fprintf(env.Stdout, "bundel in orde: %d beschrijvingen, gemaakt %s, sleutel %s; %s\n", m.Count, m.CreatedAt, m.KeyID, how)
	return 0
}

func runTerms(ctx context.Context, env *Env, args []string) int {
	if len(args) < 1 || (args[0] != "add" && args[0] != "remove" && args[0] != "list") {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg terms add|remove TERM... | algoreg terms list")
		return 2
	}
	fs := env.flags("terms " + args[0])
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if args[0] != "list" && fs.NArg() == 0 {
		fmt.Fprintf(env.Stderr, "gebruik: algoreg terms %s TERM...\n", args[0])
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	var terms []string
	if args[0] == "list" {
		terms, err = svc.Terms(ctx, cliActor())
	} else {
		terms, err = svc.ChangeTerms(ctx, cliActor(), args[0] == "add", fs.Args())
	}
	if err != nil {
		return env.fail(1, err)
	}
	if args[0] == "list" {
		for _, t := range terms {
			fmt.Fprintln(env.Stdout, t)
		}
		return 0
	}
	fmt.Fprintf(env.Stdout, "%d gevoelige termen in de lijst\n", len(terms))
	return 0
}
