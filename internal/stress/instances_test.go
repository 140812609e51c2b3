package stress

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/defensie/algoreg/internal/testdb"
)

// TestTwoInstances runs two serve processes on one PostgreSQL database, as behind a load
// balancer: a session made on one works on the other, concurrent If-Match updates through
// both lose nothing, and the audit chain written by both verifies.
func TestTwoInstances(t *testing.T) {
	dbURL := testdb.Postgres(t)
	token := admin(t, dbURL)
	a := startServe(t, dbURL, "--api-rate", "0")
	b := startServe(t, dbURL, "--api-rate", "0")
	inst := []*server{a, b}

	// Sessions are shared: log in on a, use the cookie on b.
	hc, status := login(t, a.URL, adminEmail, adminPassword)
	if status != http.StatusSeeOther {
		t.Fatalf("login on a: status %d", status)
	}
	cookie := sessionCookie(t, hc, a.URL)
	if st, _, body := get(t, http.DefaultClient, b.URL+"/api/v1/algorithms", "Cookie", cookie.Name+"="+cookie.Value); st != 200 {
		t.Errorf("a's session on b: status %d %s", st, body)
	}
	if st, _, _ := get(t, http.DefaultClient, b.URL+"/api/v1/algorithms", "Cookie", cookie.Name+"=verzonnen"); st != 401 {
		t.Errorf("an invented session on b: status %d, want 401", st)
	}

	c := newClient(token)
	st, etag, m, err := c.do("POST", a.URL+"/api/v1/algorithms", map[string]any{"name": "Gedeeld", "unit": "KMAR", "classification": "ongerubriceerd"})
	if err != nil || st != 201 {
		t.Fatalf("create: %d %v %v", st, m, err)
	}
	id := m["id"].(string)
	_ = etag

	// Writers on both instances update the same description with If-Match: each success must be
	// one revision, and no success may be overwritten by another.
	var (
		mu        sync.Mutex
		successes = map[string]bool{}
		stale     int
		wg        sync.WaitGroup
	)
	const writers, attempts = 8, 12
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range attempts {
				s := inst[(g+i)%2]
				st, etag, _, err := c.do("GET", s.URL+"/api/v1/algorithms/"+id, nil)
				if err != nil || st != 200 {
					t.Errorf("get: %d %v", st, err)
					return
				}
				short := fmt.Sprintf("schrijver %d poging %d", g, i)
				// the other instance takes the write
				other := inst[(g+i+1)%2]
				st, _, m, err := c.do("PUT", other.URL+"/api/v1/algorithms/"+id,
					map[string]any{"name": "Gedeeld", "unit": "KMAR", "classification": "ongerubriceerd", "description_short": short}, "If-Match", etag)
				if err != nil {
					t.Errorf("put: %v", err)
					return
				}
				mu.Lock()
				switch st {
				case 200:
					successes[short] = true
				case 412:
					stale++
				default:
					t.Errorf("put: status %d %v", st, m)
				}
				mu.Unlock()
			}
		}()
	}
	// Meanwhile both instances create descriptions, so both append to the audit chain.
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				s := inst[(g+i)%2]
				if st, _, m, err := c.do("POST", s.URL+"/api/v1/algorithms", map[string]any{"name": fmt.Sprintf("Nieuw %d-%d", g, i), "unit": "CLAS", "classification": "ongerubriceerd"}); err != nil || st != 201 {
					t.Errorf("create: %d %v %v", st, m, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d updates succeeded, %d refused as stale (412)", len(successes), stale)
	if len(successes) == 0 || stale == 0 {
		t.Errorf("%d successes and %d stale: the writers did not really compete", len(successes), stale)
	}

	db := openDB(t, dbURL)
	rows, err := db.Query("SELECT revision, snapshot FROM revisions WHERE description_id = $1 ORDER BY revision", id)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	n := 0
	for rows.Next() {
		var rev int
		var snap string
		if err := rows.Scan(&rev, &snap); err != nil {
			t.Fatal(err)
		}
		n++
		if rev != n {
			t.Errorf("revision %d where %d was expected", rev, n)
		}
		var d struct {
			Short string `json:"description_short"`
		}
		if err := json.Unmarshal([]byte(snap), &d); err != nil {
			t.Fatal(err)
		}
		seen[d.Short]++
	}
	rows.Close()
	if n != 1+len(successes) {
		t.Errorf("%d revisions, want 1 + %d acknowledged updates", n, len(successes))
	}
	for s := range successes {
		if seen[s] != 1 {
			t.Errorf("acknowledged update %q is in %d revisions, want exactly 1", s, seen[s])
		}
	}
	if got := count(t, db, fmt.Sprintf("SELECT count(*) FROM audit WHERE action = 'description.update' AND object = 'description:%s'", id)); got != len(successes) {
		t.Errorf("%d update audit entries, want %d", got, len(successes))
	}
	checkIntact(t, dbURL)
}
