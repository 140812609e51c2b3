package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
)

func runImport(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("import")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	unit := fs.String("unit", "", "eenheid voor records die er geen noemen")
	dry := fs.Bool("dry-run", false, "alles controleren, niets opslaan")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg import [--db URL] [--unit CODE] [--dry-run] BESTAND...")
		return 2
	}
	// Read and check every file first: unusable input stops the import before anything is
	// stored. The records themselves are converted and checked while earlier ones are stored.
	type parsed struct {
		name string
		src  *exchange.Source
	}
	var all []parsed
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(env.Stderr, "algoreg: %s kan niet worden gelezen: %v\n", f, pathErr(err))
			return 2
		}
		src, err := exchange.Prepare(filepath.Base(f), b)
		if err != nil {
			fmt.Fprintf(env.Stderr, "algoreg: %s: %s\n", f, register.ErrorMessage(err))
			if register.ErrorCode(err) == register.EINTERNAL {
				fmt.Fprintf(env.Stderr, "algoreg: %s: %v\n", f, err)
			}
			return 2
		}
		all = append(all, parsed{f, src})
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(2, err)
	}
	defer st.Close()
	// This process does nothing but import: a large page cache for the writer (settings only;
	// what a commit guarantees stays the same).
	if end, err := store.BulkWrites(ctx, st); err == nil {
		defer end(context.WithoutCancel(ctx))
	}
	bar := newProgress(env.Stderr)
	var imported, rejected int
	for _, p := range all {
		res, err := svc.ImportFrom(ctx, cliActor(), p.src, service.ImportOptions{Unit: strings.ToUpper(*unit), DryRun: *dry, Progress: bar.update(p.name)})
		bar.done()
		if err != nil {
			fmt.Fprintf(env.Stdout, "imported %d, rejected %d\n", imported, rejected+p.src.Len()-res.Imported)
			return env.fail(2, err)
		}
		for _, l := range res.Lines {
			reason := strings.Join(strings.Fields(l.Reason), " ") // one line per problem, always
			if !l.Rejected {
				reason += " (waarschuwing; het record is wel geïmporteerd)"
			}
			fmt.Fprintf(env.Stderr, "%s:%d: %s: %s\n", p.name, l.Record, l.Field, reason)
		}
		imported += res.Imported
		rejected += res.Rejected
	}
	if *dry {
		fmt.Fprintln(env.Stdout, "proefimport: er is niets opgeslagen")
	} else if imported >= 1000 {
		// a large import changes the data's shape: refresh the planner's statistics and counts
		if err := store.Optimize(ctx, st); err != nil {
			fmt.Fprintf(env.Stderr, "algoreg: statistieken bijwerken mislukt (de import is wel opgeslagen): %v\n", err)
		}
	}
	fmt.Fprintf(env.Stdout, "imported %d, rejected %d\n", imported, rejected)
	if rejected > 0 {
		return 1
	}
	return 0
}

func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func runExport(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("export")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	format := fs.String("format", "", "csv, json of xlsx")
	out := fs.String("out", "", "bestand (standaard: standaarduitvoer)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	write := map[string]func(io.Writer, []register.Description) error{
		"csv": exchange.WriteCSV, "json": exchange.WriteJSON, "xlsx": exchange.WriteXLSX,
	}[*format]
	if write == nil {
		fmt.Fprintln(env.Stderr, "algoreg: --format moet csv, json of xlsx zijn")
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	ds, err := svc.Export(ctx, cliActor(), *format)
	if err != nil {
		return env.fail(1, err)
	}
	if err := writeOut(env, *out, func(w io.Writer) error { return write(w, ds) }); err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stderr, "%d beschrijvingen geëxporteerd; hoogste rubricering in deze export: %s\n", len(ds), service.Marking(ds).Label())
	return 0
}

// writeOut writes to path atomically (a temp file renamed into place), or to stdout.
func writeOut(env *Env, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(env.Stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".algoreg-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
