package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/report"
)

func runReport(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("report")
	fs.String("db", DefaultDB, "database (ALGOREG_DB)")
	year := fs.Int("year", time.Now().Year(), "verslagjaar")
	out := fs.String("out", "", "bestand: .html, .pdf of .csv (de cijfers)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ext := strings.ToLower(filepath.Ext(*out))
	write := map[string]func(io.Writer, report.Report) error{".html": report.WriteHTML, ".htm": report.WriteHTML, ".pdf": report.WritePDF, ".csv": report.WriteCSV}[ext]
	if *out == "" || write == nil {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg report --year JJJJ [--db URL] --out BESTAND.html|.pdf|.csv")
		return 2
	}
	svc, st, err := env.open(ctx, fs, env.logger())
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	rep, reproduced, err := svc.YearReport(ctx, cliActor(), *year)
	if err != nil {
		return env.fail(1, err)
	}
	if err := writeOut(env, *out, func(w io.Writer) error { return write(w, *rep) }); err != nil {
		return env.fail(1, err)
	}
	how := "berekend uit de huidige stand"
	if reproduced {
		how = "gereproduceerd uit de vastgelegde momentopname"
	}
	fmt.Fprintf(env.Stdout, "rapportage %d geschreven naar %s (%s); rubricering: %s\n", *year, *out, how, rep.Marking().Label())
	return 0
}
