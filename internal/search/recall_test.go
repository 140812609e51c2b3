package search_test

import (
	"testing"

	"github.com/defensie/algoreg/internal/search"
	"github.com/defensie/algoreg/internal/search/evalset"
)

const overview = "../../../shared/data/algoritmeregister-overzicht-2026-08-08.json"

// TestRecallAgainstPostgreSQL checks, on the 1,530 real entries, that for every query of the
// set the engine finds every entry PostgreSQL's dutch text search finds (testdata/pg_hits.json)
// and every entry judged relevant (testdata/relevant.json). Both files come from
// go run ./internal/search/eval -pg URL (see docs/search.md).
func TestRecallAgainstPostgreSQL(t *testing.T) {
	entries, err := evalset.LoadOverview(overview)
	if err != nil {
		t.Fatal(err)
	}
	queries, err := evalset.LoadQueries("testdata/queries.txt")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := evalset.LoadGolden("testdata/pg_hits.json")
	if err != nil {
		t.Fatal(err)
	}
	relevant, err := evalset.LoadGolden("testdata/relevant.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(queries) < 40 {
		t.Fatalf("only %d queries", len(queries))
	}
	ix := search.NewIndex()
	for _, e := range entries {
		ix.Put(e.Doc())
	}
	var pgTotal, relTotal int
	for _, q := range queries {
		want, ok := pg[q.Text]
		if !ok {
			t.Fatalf("%q has no PostgreSQL result: run the eval with -pg", q.Text)
		}
		rel, ok := relevant[q.Text]
		if !ok {
			t.Fatalf("%q has no judgement: run the eval", q.Text)
		}
		got := map[string]bool{}
		for _, h := range ix.Search(q.Text, nil, 0) {
			got[h.ID] = true
		}
		for _, id := range want {
			if !got[id] {
				t.Errorf("%q: PostgreSQL finds %s, we do not", q.Text, id)
			}
		}
		for _, id := range rel {
			if !got[id] {
				t.Errorf("%q: relevant %s not found", q.Text, id)
			}
		}
		pgTotal += len(want)
		relTotal += len(rel)
	}
	if pgTotal < 500 || relTotal < 1000 {
		t.Errorf("golden files look empty: %d PostgreSQL hits, %d relevant", pgTotal, relTotal)
	}
}
