package service

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/testdb"
)

// TestSearchWhileTheIndexIsBuilt: a search that arrives while serve is still building the
// index at start waits for it a bounded time and then gets a clear 503, not a connection the
// server's write timeout cuts; once the build is done it is answered.
func TestSearchWhileTheIndexIsBuilt(t *testing.T) {
	ctx := context.Background()
	svc := New(testdb.Open(t, testdb.SQLite(t)), nil, Config{Ceiling: register.StgGeheim})
	sys := System("test")
	u, err := svc.AddUser(ctx, sys, UserInput{Email: "a@mindef.nl", Name: "A", Role: register.RoleAdmin, Clearance: register.StgGeheim})
	if err != nil {
		t.Fatal(err)
	}
	a := Actor{User: u, Origin: "test"}
	if _, err := svc.CreateDescription(ctx, a, DescriptionInput{Standard: register.Standard{Name: "Onderhoudsplanning F-35"}, Unit: "CLSK", Classification: register.Ongerubriceerd}); err != nil {
		t.Fatal(err)
	}
	old := searchWait
	searchWait = 50 * time.Millisecond
	t.Cleanup(func() { searchWait = old })

	svc.index.warming.Store(true) // as WarmSearch does, with a build that does not finish
	_, _, err = svc.ListDescriptions(ctx, a, ListQuery{Q: "onderhoud"})
	if register.ErrorCode(err) != register.EUNAVAILABLE || !strings.Contains(register.ErrorMessage(err), "zoekindex") {
		t.Fatalf("search during the build: %v, want unavailable naming the index", err)
	}
	if _, _, err := svc.ListDescriptions(ctx, a, ListQuery{}); err != nil {
		t.Errorf("a list without a search term waits for nothing: %v", err)
	}
	svc.index.warming.Store(false)
	svc.WarmSearch(ctx)
	items, total, err := svc.ListDescriptions(ctx, a, ListQuery{Q: "onderhoud"})
	if err != nil || total != 1 || items[0].Name != "Onderhoudsplanning F-35" {
		t.Fatalf("search after the build: %v, %d", err, total)
	}
}
