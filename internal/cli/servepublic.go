package cli

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/defensie/algoreg/internal/public"
	"github.com/defensie/algoreg/internal/publish"
)

func runServePublic(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("serve-public")
	bundle := fs.String("bundle", "", "map met de publicatiebundel (algoreg publish --out)")
	fs.String("addr", "127.0.0.1:8081", "luisteradres (ALGOREG_ADDR)")
	fs.String("public-key", "", "publieke sleutel (PEM) waarmee de bundel ondertekend moet zijn (ALGOREG_PUBLIC_KEY)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *bundle == "" {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg serve-public --bundle MAP [--addr ADRES] [--public-key BESTAND]")
		return 2
	}
	log := env.logger()
	var trusted ed25519.PublicKey
	if kp := env.setting(fs, "public-key", "ALGOREG_PUBLIC_KEY", ""); kp != "" {
		k, err := publish.LoadPublicKey(kp)
		if err != nil {
			return env.fail(1, err)
		}
		trusted = k
	} else {
		log.Warn("geen --public-key: de bundel wordt alleen op volledigheid gecontroleerd, niet op herkomst")
	}
	// The public site holds a bundle in memory; a soft limit keeps it small (resident < 200 MB
	// with 20,000 descriptions), unless the operator set GOMEMLIMIT.
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
	srv, err := public.New(public.Config{BundleDir: *bundle, PublicKey: trusted, Logger: log})
	if err != nil {
		return env.fail(1, err)
	}
	defer srv.Close()
	// SIGHUP loads a newer bundle; the directory is watched as well.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := srv.Reload(); err != nil {
					log.Error("nieuwe bundel geweigerd; de vorige blijft online", "err", err)
				} else {
					log.Info("nieuwe bundel geladen")
				}
			}
		}
	}()
	go srv.Watch(ctx)
	hs := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    32 << 10,
	}
	// The front answers detail pages itself and hands everything else to hs (issue 7).
	return serveWith(ctx, env, srv.Front(hs), hs.TLSConfig, env.setting(fs, "addr", "ALGOREG_ADDR", "127.0.0.1:8081"), "algoreg (publiek)")
}
