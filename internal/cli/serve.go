package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/web"
)

func runServe(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("serve")
	fs.String("db", DefaultDB, "database: sqlite:PAD of postgres://… (ALGOREG_DB)")
	fs.String("addr", "127.0.0.1:8080", "luisteradres (ALGOREG_ADDR)")
	fs.String("ceiling", "", "hoogste rubricering die dit register aanneemt (ALGOREG_CEILING)")
	demo := fs.Bool("demo", false, "vul een lege database met demo-eenheden, -gebruikers en -beschrijvingen")
	fs.String("tls-cert", "", "certificaat (PEM) om zelf HTTPS te serveren (ALGOREG_TLS_CERT)")
	fs.String("tls-key", "", "sleutel (PEM) bij --tls-cert (ALGOREG_TLS_KEY)")
	fs.String("api-rate", "600", "API-verzoeken per minuut per token (of sessie, of adres); 0 is onbeperkt (ALGOREG_API_RATE)")
	secure := fs.Bool("secure-cookies", false, "sessiecookie alleen over HTTPS (__Host-); zet dit achter een TLS-proxy (ALGOREG_SECURE_COOKIES)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	tlsCfg, err := tlsConfig(env.setting(fs, "tls-cert", "ALGOREG_TLS_CERT", ""), env.setting(fs, "tls-key", "ALGOREG_TLS_KEY", ""))
	if err != nil {
		return env.fail(2, err)
	}
	rate, err := strconv.Atoi(env.setting(fs, "api-rate", "ALGOREG_API_RATE", "600"))
	if err != nil || rate < 0 {
		fmt.Fprintln(env.Stderr, "algoreg: --api-rate: geef een geheel aantal verzoeken per minuut (0 is onbeperkt)")
		return 2
	}
	log := env.logger()
	// Resident memory stays under 150 MB with 100,000 descriptions (search index included; 146 MB
	// peak under the mixed benchmark load, 155 MB with a 100 MB limit) when
	// the collector returns the garbage of building the index and of large requests instead of
	// keeping it as headroom: a soft limit for the Go heap, unless the operator set GOMEMLIMIT.
	// SQLite's page caches come on top of it (see store.openSQLite).
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(88 << 20)
	}
	svc, st, err := env.open(ctx, fs, log)
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	if *demo {
		if err := loadDemo(ctx, env, svc); err != nil {
			return env.fail(1, err)
		}
	}
	go svc.WarmSearch(ctx) // the first search need not wait for the index
	addr := env.setting(fs, "addr", "ALGOREG_ADDR", "127.0.0.1:8080")
	opts := web.Options{SecureCookies: *secure || os.Getenv("ALGOREG_SECURE_COOKIES") == "true" || tlsCfg != nil}
	oidcCfg, err := auth.OIDCConfigFromEnv()
	if err != nil {
		return env.fail(1, err)
	}
	if oidcCfg != nil {
		dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		o, err := auth.NewOIDC(dctx, oidcCfg)
		cancel()
		if err != nil {
			return env.fail(1, err)
		}
		opts.OIDC = o
	}
	srv := &http.Server{
		Handler:           hsts(web.LimitAPI(web.New(svc, log, opts).Handler(), web.NewAPILimiter(rate, max(10, rate/10)))),
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	return serveUntilDone(ctx, env, srv, addr, "algoreg (intern)")
}

// serveUntilDone listens on addr and serves until ctx ends, then shuts down gracefully: requests
// in flight finish (up to 30 s).
func serveUntilDone(ctx context.Context, env *Env, srv *http.Server, addr, what string) int {
	return serveWith(ctx, env, srv, srv.TLSConfig, addr, what)
}

// server is what serveWith runs: an *http.Server, or the public site's front (which serves
// some requests itself before net/http).
type server interface {
	Serve(net.Listener) error
	Shutdown(context.Context) error
}

// serveWith is serveUntilDone for any server; tlsCfg, when set, wraps the listener.
func serveWith(ctx context.Context, env *Env, srv server, tlsCfg *tls.Config, addr, what string) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return env.fail(1, fmt.Errorf("kan niet luisteren op %s: %w", addr, err))
	}
	scheme := "http"
	if tlsCfg != nil {
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	fmt.Fprintf(env.Stderr, "%s luistert op %s://%s\n", what, scheme, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return env.fail(1, err)
		}
		return 0
	case <-ctx.Done():
	}
	fmt.Fprintln(env.Stderr, "afsluiten: lopende verzoeken worden afgemaakt…")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintln(env.Stderr, "afgesloten")
	return 0
}

func runMigrate(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("migrate")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	_, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	st.Close()
	fmt.Fprintln(env.Stdout, "schema is bijgewerkt")
	return 0
}
