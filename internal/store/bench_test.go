package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
)

const benchRows = 100_000

var (
	benchWords = []string{"Voorspellend", "onderhoud", "Sonar", "analyse", "Roosterplanning", "Personeels", "dashboard",
		"Grensbewaking", "Risico", "model", "Beeldherkenning", "Logistiek", "Vertaal", "assistent", "Anonimiseren", "DefGPT"}
	benchStatus   = []string{"In ontwikkeling", "In gebruik", "Buiten gebruik"}
	benchCategory = []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}
)

// benchDescription makes the i-th generated description, deterministic for a seed.
func benchDescription(r *rand.Rand, i int) *register.Description {
	d := &register.Description{
		Standard: register.Standard{
			Name: fmt.Sprintf("%s %s %d", benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))], i),
			DescriptionShort: "Een gegenereerde beschrijving voor de benchmark van de opslag, ongeveer zo lang als " +
				"een echte korte beschrijving in het algoritmeregister.",
			Organization:        "Ministerie van Defensie",
			Status:              benchStatus[r.IntN(len(benchStatus))],
			PublicationCategory: benchCategory[r.IntN(len(benchCategory))],
			Goal:                "<p>Het doel van dit algoritme is het ondersteunen van medewerkers bij hun werk.</p>",
			Lang:                "nld",
		},
		ID:             fmt.Sprintf("b%06d", i),
		Unit:           register.DemoUnits[r.IntN(len(register.DemoUnits))].Code,
		Classification: register.Levels[min(r.IntN(7), 4)],
		State:          register.States[r.IntN(len(register.States))],
		CreatedAt:      time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(3*365*24*3600)) * time.Second),
		CreatedBy:      "bench@mindef.nl",
	}
	return d
}

// populate adds n generated descriptions in batches.
func populate(b *testing.B, s register.Store, n int) {
	b.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Now()
	const batch = 2000
	for i := 0; i < n; i += batch {
		err := s.Tx(ctx, func(tx register.Tx) error {
			for j := i; j < min(i+batch, n); j++ {
				if err := tx.CreateDescription(ctx, benchDescription(r, j)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatalf("populate: %v", err)
		}
	}
	// serve migrates, and so refreshes the planner's statistics, on every start.
	if err := store.Optimize(ctx, s); err != nil {
		b.Fatalf("optimize: %v", err)
	}
	b.Logf("populated %d descriptions in %v", n, time.Since(start).Round(time.Millisecond))
}

// BenchmarkStore measures, on 100,000 descriptions: getting one by id, one filtered and scoped
// page of 20 with its total (p95 reported), and creating one (with its revision and an audit entry).
func BenchmarkStore(b *testing.B) {
	for _, db := range []struct {
		name string
		open func(testing.TB) register.Store
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		b.Run(db.name, func(b *testing.B) {
			s := db.open(b)
			populate(b, s, benchRows)
			ctx := context.Background()
			b.Run("get", func(b *testing.B) {
				r := rand.New(rand.NewPCG(3, 4))
				for b.Loop() {
					id := fmt.Sprintf("b%06d", r.IntN(benchRows))
					err := s.Tx(ctx, func(tx register.Tx) error {
						_, err := tx.Description(ctx, id)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
			lists := []struct {
				name string
				f    register.Filter
			}{
				{"list-scoped", register.Filter{Scope: register.Scope{Units: []string{"CLAS", "KMAR"}, MaxLevel: register.StgConfidentieel},
					State: register.StateConcept, Limit: 20}},
				{"list-all-by-name", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim},
					Sort: "name", Limit: 20, Offset: 200}},
				{"list-filtered", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgGeheim},
					Status: "In gebruik", PublicationCategory: "Hoog-risico AI-systeem", Limit: 20, Offset: 40}},
				{"list-all-newest", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}, Limit: 20}},
				{"list-all-lower-clearance", register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgConfidentieel}, Limit: 20}},
			}
			for _, l := range lists {
				b.Run(l.name, func(b *testing.B) {
					var lat []time.Duration
					for b.Loop() {
						t0 := time.Now()
						err := s.Tx(ctx, func(tx register.Tx) error {
							items, total, err := tx.ListDescriptions(ctx, l.f)
							if err == nil && (len(items) != 20 || total < 100) {
								err = fmt.Errorf("page of %d, total %d", len(items), total)
							}
							return err
						})
						if err != nil {
							b.Fatal(err)
						}
						lat = append(lat, time.Since(t0))
					}
					slices.Sort(lat)
					b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
				})
			}
			b.Run("create", func(b *testing.B) {
				r := rand.New(rand.NewPCG(5, 6))
				i := benchRows
				for b.Loop() {
					d := benchDescription(r, i)
					i++
					err := s.Tx(ctx, func(tx register.Tx) error {
						if err := tx.CreateDescription(ctx, d); err != nil {
							return err
						}
						return tx.AppendAudit(ctx, &register.AuditEntry{Actor: "bench@mindef.nl", Action: "description.create",
							Object: "description:" + d.ID, Revision: 1, Result: "ok", Origin: "bench"})
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
