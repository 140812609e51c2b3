package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/defensie/algoreg/internal/cli"
)

// errExit carries the exit status of an in-process algoreg run.
type errExit int

func (e errExit) Error() string { return fmt.Sprintf("algoreg eindigde met status %d", int(e)) }

// runInproc runs an algoreg command inside this process under a CPU profile, so `go tool
// pprof` can show where a slow import or a loaded `serve` spends its time:
//
//	algoreg-bench inproc --cpuprofile import.pprof -- import --db sqlite:x.db big.json
//
// The program is the same code as the algoreg binary (cli.Main); the profile is written when
// the command returns (for serve: after SIGTERM).
func runInproc(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("inproc", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cpu := fs.String("cpuprofile", "", "schrijf het CPU-profiel hierheen (verplicht)")
	heap := fs.String("memprofile", "", "schrijf na afloop een heapprofiel hierheen")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpu == "" || fs.NArg() == 0 {
		return errors.New("gebruik: algoreg-bench inproc --cpuprofile BESTAND [--memprofile BESTAND] -- ALGOREG-ARGUMENTEN")
	}
	f, err := os.Create(*cpu)
	if err != nil {
		return fmt.Errorf("cpuprofiel: %w", err)
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return fmt.Errorf("cpuprofiel: %w", err)
	}
	code := cli.Main(ctx, fs.Args(), stdin, stdout, stderr)
	pprof.StopCPUProfile()
	if *heap != "" {
		h, err := os.Create(*heap)
		if err != nil {
			return fmt.Errorf("heapprofiel: %w", err)
		}
		defer h.Close()
		if err := pprof.Lookup("heap").WriteTo(h, 0); err != nil {
			return fmt.Errorf("heapprofiel: %w", err)
		}
	}
	if code != 0 {
		return errExit(code)
	}
	return nil
}
