package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
	"github.com/defensie/algoreg/internal/web"
)

// BenchmarkPages2 measures the server time of the progress overview and its lists, the reviews
// page, the dashboard (which now reads every assessment for review dates), the audit trail and
// its export, on 10,000 descriptions of which 2,000 carry an assessment with a review date
// (SQLite), as an administrator who sees them all.
func BenchmarkPages2(b *testing.B) {
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
	err := st.Tx(ctx, func(tx register.Tx) error {
		all, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: register.Scope{AllUnits: true, MaxLevel: register.StgZeerGeheim}, Limit: 2000})
		if err != nil {
			return err
		}
		for i, d := range all {
			review := time.Now().AddDate(0, 0, i%400-100).Format("2006-01-02")
			if err := tx.SaveAssessment(ctx, register.Assessment{DescriptionID: d.ID, Revision: d.Revision, Decision: register.DecisionDoNotPublish,
				Grounds: []string{"5.1.1.b"}, Motivation: "m", ReviewOn: review, By: "bench", At: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	h := web.New(svc, nil, web.Options{}).Handler()
	res, err := svc.Login(ctx, nil, "admin@mindef.nl", testPassword, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	cookie := &http.Cookie{Name: auth.SessionCookie, Value: res.Cookie}
	for _, p := range []struct{ name, path, want string }{
		{"progress", "/voortgang", "</html>"},
		{"progress_list", "/voortgang/lijst?measure=inventoried&page=3", "</html>"},
		{"reviews", "/herbeoordelingen", "</html>"},
		{"dashboard", "/", "</html>"},
		{"audit", "/audittrail?action=description", "</html>"},
		{"audit_export", "/audittrail/export", "volgnummer"},
	} {
		get := func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.path, nil)
			req.AddCookie(cookie)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), p.want) {
				b.Fatalf("%s: %d", p.path, w.Code)
			}
		}
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				get(b)
			}
		})
	}
}
