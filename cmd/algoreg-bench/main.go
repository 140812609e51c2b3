// Command algoreg-bench measures the real algoreg binary: imports timed by the wall clock, and
// a bounded load generator (fixed duration, N concurrent keep-alive clients, loopback only)
// against `algoreg serve` and `algoreg serve-public`. It prints markdown tables and can write
// them into docs/benchmarks.md. Performance is measured here, never asserted in tests.
//
//	algoreg-bench core   --algoreg BIN [--db sqlite|postgres --pg URL] [--n 100000] [--mixed 30s] [--doc docs/benchmarks.md]
//	algoreg-bench public --algoreg BIN [--count 2000] [--duration 30s] [--doc docs/benchmarks.md]
//	algoreg-bench inproc --cpuprofile FILE -- ALGOREG-ARGS   (the same program in-process, profiled)
//
// scripts/bench-core and scripts/bench-load build the binaries and call it; see
// docs/benchmarks.md for the method.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) < 1 {
		fmt.Fprintln(stderr, "gebruik: algoreg-bench core|public [vlaggen]  (zie -h per commando)")
		return 2
	}
	var err error
	switch args[0] {
	case "core":
		err = runCore(ctx, args[1:], stdout, stderr)
	case "public":
		err = runPublic(ctx, args[1:], stdout, stderr)
	case "inproc":
		err = runInproc(ctx, args[1:], stdin, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "algoreg-bench: onbekend commando %q (core, public of inproc)\n", args[0])
		return 2
	}
	var code errExit
	if errors.As(err, &code) {
		return int(code) // the in-process algoreg said why
	}
	if err != nil {
		fmt.Fprintln(stderr, "algoreg-bench:", err)
		return 1
	}
	return 0
}
