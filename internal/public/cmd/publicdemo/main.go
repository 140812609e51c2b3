// Command publicdemo writes a signed fixture bundle and serves it with the public site, for
// the browser tests and the benchmarks (the real entry point is `algoreg serve-public`).
//
//	go run ./internal/public/cmd/publicdemo --addr 127.0.0.1:8091 [--count 20000] [--bundle DIR]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/defensie/algoreg/internal/public"
	"github.com/defensie/algoreg/internal/public/publictest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "publicdemo:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:8091", "listen address")
	count := flag.Int("count", 0, "serve this many generated descriptions instead of the small fixture")
	bundle := flag.String("bundle", "", "write the bundle here (default: a temporary directory)")
	rate := flag.Float64("rate-limit", 0, "requests per second per client (0: default, negative: off)")
	writeOnly := flag.Bool("write-only", false, "write the bundle and exit")
	reuse := flag.Bool("reuse", false, "serve the bundle already in --bundle instead of writing one")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the serving (after start-up) to this file")
	flag.Parse()

	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if os.Getenv("GOMEMLIMIT") == "" {
		// A dedicated public server: keep the heap's headroom small (see the package doc).
		debug.SetMemoryLimit(160 << 20)
	}
	dir := *bundle
	if dir == "" {
		tmp, err := os.MkdirTemp("", "publicdemo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "bundle")
	}
	if !*reuse {
		items := publictest.Items()
		if *count > 0 {
			items = publictest.Generate(*count)
		}
		if _, err := publictest.Write(dir, items); err != nil {
			return err
		}
	}
	if *writeOnly {
		fmt.Println(dir)
		return nil
	}
	pub, _ := publictest.Key()
	start := time.Now()
	srv, err := public.New(public.Config{BundleDir: dir, PublicKey: pub, Logger: log, RateLimit: *rate})
	if err != nil {
		return err
	}
	defer srv.Close()
	log.Info("klaar", "start", time.Since(start).String(), "adres", "http://"+*addr)

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		<-srv.Ready() // the search index is built in the background: leave it out
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go srv.Watch(ctx)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	front := srv.Front(&http.Server{ReadHeaderTimeout: 5 * time.Second})
	errc := make(chan error, 1)
	go func() { errc <- front.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return front.Shutdown(sctx)
}
