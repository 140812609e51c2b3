// Command eval measures the recall of algoreg's search engine against PostgreSQL's `dutch`
// text search on the national register's overview (1,530 real entries).
//
//	go run ./internal/search/eval -pg postgres://postgres@127.0.0.1:54330/postgres?sslmode=disable
//
// With -pg it asks PostgreSQL, for every query of testdata/queries.txt, which entries match
//
//	to_tsvector('dutch', title||' '||doel||' '||organisatie) @@ plainto_tsquery('dutch', q)
//
// and writes the answers to testdata/pg_hits.json; it also writes PostgreSQL's stem of every
// word of the data to testdata/stems.txt. Without -pg it reuses those golden files. Either way
// it then runs the engine, judges the pooled results (PostgreSQL ∪ ours) with each query's
// written rule, writes the relevant IDs to testdata/relevant.json and prints the recall table
// (Markdown) that docs/search.md shows.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/defensie/algoreg/internal/search"
	"github.com/defensie/algoreg/internal/search/evalset"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	pgURL := fs.String("pg", "", "PostgreSQL URL; when set, the PostgreSQL golden files are regenerated")
	data := fs.String("data", "../shared/data/algoritmeregister-overzicht-2026-08-08.json", "the overview JSON")
	dir := fs.String("testdata", "internal/search/testdata", "the testdata directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	entries, err := evalset.LoadOverview(*data)
	if err != nil {
		return err
	}
	queries, err := evalset.LoadQueries(filepath.Join(*dir, "queries.txt"))
	if err != nil {
		return err
	}
	pgPath := filepath.Join(*dir, "pg_hits.json")
	if *pgURL != "" {
		if err := fromPostgres(ctx, *pgURL, entries, queries, *dir); err != nil {
			return err
		}
	}
	pg, err := evalset.LoadGolden(pgPath)
	if err != nil {
		return err
	}

	ix := search.NewIndex()
	byID := map[string]evalset.Entry{}
	for _, e := range entries {
		ix.Put(e.Doc())
		byID[e.ID] = e
	}
	relevant := evalset.Golden{}
	var tot struct{ pg, ours, rel, pgRel, oursRel, judgeOnly int }
	fmt.Fprintln(out, "| # | soort | zoekvraag | PG treffers | onze treffers | relevant | recall PG | recall ons | niet gevonden door beide |")
	fmt.Fprintln(out, "|---|---|---|---:|---:|---:|---:|---:|---:|")
	for i, q := range queries {
		pgIDs, ok := pg[q.Text]
		if !ok {
			return fmt.Errorf("zoekvraag %q staat niet in %s: draai eval met -pg", q.Text, pgPath)
		}
		ours := map[string]bool{}
		for _, h := range ix.Search(q.Text, nil, 0) {
			ours[h.ID] = true
		}
		pool := map[string]bool{}
		pgSet := map[string]bool{}
		for _, id := range pgIDs {
			pool[id] = true
			pgSet[id] = true
		}
		for id := range ours {
			pool[id] = true
		}
		var rel []string
		pgRel, oursRel := 0, 0
		for id := range pool {
			if !q.Relevant(byID[id]) {
				continue
			}
			rel = append(rel, id)
			if pgSet[id] {
				pgRel++
			}
			if ours[id] {
				oursRel++
			}
		}
		sort.Strings(rel)
		relevant[q.Text] = rel
		judgeOnly := 0
		for _, e := range entries {
			if !pool[e.ID] && q.Relevant(e) {
				judgeOnly++
			}
		}
		fmt.Fprintf(out, "| %d | %s | `%s` | %d | %d | %d | %s | %s | %d |\n", i+1, q.Kind, q.Text,
			len(pgIDs), len(ours), len(rel), recall(pgRel, len(rel)), recall(oursRel, len(rel)), judgeOnly)
		tot.pg += len(pgIDs)
		tot.ours += len(ours)
		tot.rel += len(rel)
		tot.pgRel += pgRel
		tot.oursRel += oursRel
		tot.judgeOnly += judgeOnly
	}
	fmt.Fprintf(out, "| | | **totaal** | %d | %d | %d | %s | %s | %d |\n", tot.pg, tot.ours, tot.rel,
		recall(tot.pgRel, tot.rel), recall(tot.oursRel, tot.rel), tot.judgeOnly)
	return relevant.Save(filepath.Join(*dir, "relevant.json"))
}

func recall(found, relevant int) string {
	if relevant == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(found)/float64(relevant))
}

// fromPostgres loads the entries into a temporary table and asks PostgreSQL's dutch
// configuration for every query's matches and for the stem of every word.
func fromPostgres(ctx context.Context, url string, entries []evalset.Entry, queries []evalset.Query, dir string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("verbinden met PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE entries (id text PRIMARY KEY, title text, doel text, organisatie text)`); err != nil {
		return fmt.Errorf("tabel maken: %w", err)
	}
	rows := make([][]any, len(entries))
	for i, e := range entries {
		rows[i] = []any{e.ID, e.Title, e.Doel, e.Organisatie}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"entries"}, []string{"id", "title", "doel", "organisatie"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("entries laden: %w", err)
	}
	g := evalset.Golden{}
	for _, q := range queries {
		rs, err := conn.Query(ctx, `SELECT id FROM entries
			WHERE to_tsvector('dutch', title||' '||doel||' '||organisatie) @@ plainto_tsquery('dutch', $1) ORDER BY id`, q.Text)
		if err != nil {
			return fmt.Errorf("zoekvraag %q: %w", q.Text, err)
		}
		ids, err := pgx.CollectRows(rs, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("zoekvraag %q: %w", q.Text, err)
		}
		g[q.Text] = ids
	}
	if err := g.Save(filepath.Join(dir, "pg_hits.json")); err != nil {
		return err
	}

	// PostgreSQL's stem of every word, for the stemmer's conformance test.
	word := regexp.MustCompile(`[\p{L}]+`)
	set := map[string]bool{}
	for _, e := range entries {
		for _, w := range word.FindAllString(strings.ToLower(e.Text()+" "+e.JuridischeBasis), -1) {
			set[w] = true
		}
	}
	ws := make([]string, 0, len(set))
	for w := range set {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	rs, err := conn.Query(ctx, `SELECT w, coalesce(array_to_string(ts_lexize('dutch_stem', w), ','), '')
		FROM unnest($1::text[]) AS w ORDER BY w`, ws)
	if err != nil {
		return fmt.Errorf("stammen opvragen: %w", err)
	}
	var b strings.Builder
	b.WriteString("# word<TAB>PostgreSQL dutch_stem (empty: stopword); generated by go run ./internal/search/eval -pg URL\n")
	for rs.Next() {
		var w, s string
		if err := rs.Scan(&w, &s); err != nil {
			return fmt.Errorf("stammen lezen: %w", err)
		}
		fmt.Fprintf(&b, "%s\t%s\n", w, s)
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("stammen lezen: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "stems.txt"), []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("stammen schrijven: %w", err)
	}
	return nil
}
