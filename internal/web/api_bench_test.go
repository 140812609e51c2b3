package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
	"github.com/defensie/algoreg/internal/web"
)

// BenchmarkAPI measures the server side of the two hot API requests of issue 2 — get by id
// and a filtered list page (a random unit × status, one of its first 25 pages of 20) — with a
// bearer token, on 10,000 generated descriptions in SQLite, through the real handler chain
// (token lookup, need-to-know, read audit, JSON) but without the network. Compare the CPU
// time (ns/op on a quiet machine) and the allocations.
func BenchmarkAPI(b *testing.B) {
	ctx := context.Background()
	st := testdb.Open(b, testdb.SQLite(b))
	svc := service.New(st, nil, service.Config{Ceiling: register.StgZeerGeheim})
	sys := service.System("bench")
	if _, err := svc.AddUser(ctx, sys, service.UserInput{Email: "admin@mindef.nl", Name: "Anna Admin", Role: register.RoleAdmin,
		Clearance: register.StgZeerGeheim}); err != nil {
		b.Fatal(err)
	}
	var recs []exchange.Record
	for i, d := range exchange.Generate(7, 10_000) {
		recs = append(recs, exchange.Record{Index: i + 1, Desc: d})
	}
	if res, err := svc.Import(ctx, sys, recs, service.ImportOptions{}); err != nil || res.Imported != len(recs) {
		b.Fatalf("seed: %v", err)
	}
	token, err := svc.CreateToken(ctx, sys, "admin@mindef.nl", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	h := web.New(svc, nil, web.Options{}).Handler()
	var ids []string
	do := func(b *testing.B, path string) {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
	}
	// The ids, read through the API as the load generator does.
	for p := 1; len(ids) < 2000; p++ {
		items, _, err := svc.ListDescriptions(ctx, sys, service.ListQuery{Page: p, PageSize: 100})
		if err != nil || len(items) == 0 {
			b.Fatal("ids", err)
		}
		for _, d := range items {
			ids = append(ids, d.ID)
		}
	}
	statuses := []string{"In ontwikkeling", "In gebruik", "Buiten gebruik"}
	r := rand.New(rand.NewPCG(1, 2))
	b.Run("get", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			do(b, "/api/v1/algorithms/"+ids[r.IntN(len(ids))])
		}
	})
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			u := register.DemoUnits[r.IntN(len(register.DemoUnits))].Code
			do(b, fmt.Sprintf("/api/v1/algorithms?unit=%s&status=%s&page=%d", u, url.QueryEscape(statuses[r.IntN(3)]), 1+r.IntN(25)))
		}
	})
}
