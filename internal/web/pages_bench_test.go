package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
	"github.com/defensie/algoreg/internal/web"
)

// BenchmarkPages measures the server time of each page type on a register of 10,000
// descriptions (SQLite), as an administrator who sees them all. The target is < 50 ms a page.
func BenchmarkPages(b *testing.B) {
	ctx := context.Background()
	st := testdb.Open(b, testdb.SQLite(b))
	svc := service.New(st, nil, service.Config{Ceiling: register.StgZeerGeheim})
	sys := service.System("bench")
	if _, err := svc.AddUser(ctx, sys, service.UserInput{Email: "admin@mindef.nl", Name: "Anna Admin", Role: register.RoleAdmin,
		Clearance: register.StgZeerGeheim, Password: testPassword}); err != nil {
		b.Fatal(err)
	}
	var recs []exchange.Record
	for i, d := range exchange.Generate(7, 10_000) {
		recs = append(recs, exchange.Record{Index: i + 1, Desc: d})
	}
	if res, err := svc.Import(ctx, sys, recs, service.ImportOptions{}); err != nil || res.Imported != len(recs) {
		b.Fatalf("seed: %v, %+v", err, res.Rejected)
	}
	h := web.New(svc, nil, web.Options{}).Handler()
	res, err := svc.Login(ctx, nil, "admin@mindef.nl", testPassword, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: auth.SessionCookie, Value: res.Cookie}
	// a concept, so that it can be edited below (an archived one cannot; imported descriptions
	// share their update time, so "the first" is otherwise any state)
	items, _, err := svc.ListDescriptions(ctx, service.Actor{User: res.User}, service.ListQuery{State: register.StateConcept, PageSize: 1})
	if err != nil || len(items) == 0 {
		b.Fatal("no descriptions", err)
	}
	id := items[0].ID
	// Give the description a few revisions, so history compares something.
	for i := range 3 {
		d, _ := svc.GetDescription(ctx, sys, id)
		in := service.InputOf(d)
		in.Goal += " Aanvulling " + string(rune('A'+i)) + "."
		if _, err := svc.UpdateDescription(ctx, sys, id, d.Revision, in); err != nil {
			b.Fatal(err)
		}
	}
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/"},
		{"list", "/beschrijvingen"},
		{"list_filtered_sorted", "/beschrijvingen?unit=KMAR&status=In+gebruik&sort=name&page=3"},
		{"search", "/beschrijvingen?q=" + url.QueryEscape("onderhoud voertuigen")},
		{"description", "/beschrijvingen/" + id},
		{"edit_form", "/beschrijvingen/" + id + "/bewerken"},
		{"history", "/beschrijvingen/" + id + "/geschiedenis?a=1&b=4"},
		{"classification", "/beschrijvingen/" + id + "/classificatie"},
		{"assessment", "/beschrijvingen/" + id + "/beoordeling"},
	} {
		get := func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			req.AddCookie(cookie)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "</html>") {
				b.Fatalf("%s: %d", p.path, w.Code)
			}
		}
		b.Run(p.name, func(b *testing.B) {
			get(b) // the first search builds the in-memory index; that is start-up, not page time
			for b.Loop() {
				get(b)
			}
		})
	}
}
