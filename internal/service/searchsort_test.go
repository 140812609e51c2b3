package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

// TestSearchSortAndFilter checks that a search (q=) honours the sort orders and filters kept in
// the search index's per-description metadata.
func TestSearchSortAndFilter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		st := testdb.Open(t, db)
		svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
		sys := service.System("test")
		var created []string // in order of creation (and of update time)
		for _, c := range []struct{ name, unit, status string }{
			{"Bravo grensbewaking", "KMAR", "In gebruik"},
			{"Alfa grensbewaking", "CLAS", "In ontwikkeling"},
			{"Charlie grensbewaking", "KMAR", "In ontwikkeling"},
		} {
			in := input(c.name, "")
			in.Unit, in.Standard.Status = c.unit, c.status
			d, err := svc.CreateDescription(ctx, sys, in)
			if err != nil {
				t.Fatal(err)
			}
			created = append(created, d.ID)
		}
		names := func(q service.ListQuery) []string {
			t.Helper()
			items, total, err := svc.ListDescriptions(ctx, sys, q)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(items) {
				t.Errorf("%+v: total %d, %d items", q, total, len(items))
			}
			var out []string
			for _, d := range items {
				out = append(out, d.Name)
			}
			return out
		}
		for _, c := range []struct {
			q    service.ListQuery
			want []string
		}{
			{service.ListQuery{Q: "grensbewaking", Sort: "name"}, []string{"Alfa grensbewaking", "Bravo grensbewaking", "Charlie grensbewaking"}},
			{service.ListQuery{Q: "grensbewaking", Sort: "updated"}, []string{"Bravo grensbewaking", "Alfa grensbewaking", "Charlie grensbewaking"}},
			{service.ListQuery{Q: "grensbewaking", Sort: "-updated"}, []string{"Charlie grensbewaking", "Alfa grensbewaking", "Bravo grensbewaking"}},
			{service.ListQuery{Q: "grensbewaking", Sort: "unit"}, []string{"Alfa grensbewaking"}}, // CLAS first; KMAR's order is by relevance
			{service.ListQuery{Q: "grensbewaking", Unit: "KMAR", Status: "In ontwikkeling"}, []string{"Charlie grensbewaking"}},
			{service.ListQuery{Q: "grensbewaking", Unit: "CLAS", Status: "In gebruik"}, nil},
		} {
			got := names(c.q)
			if c.q.Sort == "unit" {
				got = got[:min(1, len(got))]
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%+v: %q, want %q", c.q, got, c.want)
			}
		}
	})
}
