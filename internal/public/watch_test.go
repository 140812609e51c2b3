package public_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/public"
)

// TestWatchReloadsNewBundle: a new bundle written into the directory is served without a
// restart; a broken one is refused and the previous one stays.
func TestWatchReloadsNewBundle(t *testing.T) {
	s, dir := newServer(t, public.Config{WatchInterval: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Watch(ctx)
	total := func() int {
		_, body := get(t, s.Handler(), "GET", "/api/v1/algorithms", nil)
		var out struct{ Total int }
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		return out.Total
	}
	if err := rewriteWithout(dir, "DEF-Z9Y8X7W6"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return total() == 4 })
	if err := appendTo(dir+"/algorithms.csv", "x"); err != nil {
		t.Fatal(err)
	}
	if err := replaceIn(dir+"/manifest.json", `"organization"`, `"organization" `); err != nil {
		t.Fatal(err) // touch the manifest so the watcher looks again
	}
	time.Sleep(500 * time.Millisecond)
	if got := total(); got != 4 {
		t.Fatalf("after a broken bundle total = %d, want the previous 4", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("condition not met within 5 s")
}
