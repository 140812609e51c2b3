package stress

import (
	"database/sql"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/defensie/algoreg/internal/store" // registers the sqlite and pgx drivers
	"github.com/defensie/algoreg/internal/testdb"
)

const (
	realCSV  = "../../../shared/data/algoritmeregister-export-2024-05-eng.csv"
	realJSON = "../../../shared/data/algoritmeregister-overzicht-2026-08-08.json"
)

// openDB opens the register's database directly, for checks behind the program's back.
func openDB(t *testing.T, dbURL string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		db, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	} else {
		db, err = sql.Open("pgx", dbURL)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkIntact checks what a crash must never leave behind: a damaged file or index, a
// description without all its revisions or without the audit entry of its last change, a
// dangling reference, a broken audit chain.
func checkIntact(t *testing.T, dbURL string) {
	t.Helper()
	db := openDB(t, dbURL)
	if strings.HasPrefix(dbURL, "sqlite:") {
		var res string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
			t.Errorf("PRAGMA integrity_check: %q %v", res, err)
		}
		rows, err := db.Query("PRAGMA foreign_key_check")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			t.Errorf("PRAGMA foreign_key_check reports a dangling reference")
		}
		rows.Close()
	} else {
		// B-tree index checks with amcheck, when the server has the extension.
		if _, err := db.Exec("CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
			t.Logf("amcheck not available (%v): index check skipped", err)
		} else {
			n := count(t, db, `SELECT count(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i
				JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
				WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace) x`)
			if n == 0 {
				t.Errorf("amcheck checked no index")
			}
		}
	}
	checks := []struct{ what, q string }{
		{"descriptions whose revisions are not exactly 1..revision",
			`SELECT count(*) FROM descriptions d WHERE d.revision <> (SELECT count(*) FROM revisions r WHERE r.description_id = d.id)
			 OR NOT EXISTS (SELECT 1 FROM revisions r WHERE r.description_id = d.id AND r.revision = d.revision)`},
		{"descriptions without the audit entry of their last revision",
			`SELECT count(*) FROM descriptions d WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.object = 'description:' || d.id AND a.revision = d.revision)`},
		{"audit entries for descriptions that do not exist",
			`SELECT count(*) FROM audit a WHERE a.object LIKE 'description:%' AND a.action IN ('description.create', 'description.update')
			 AND NOT EXISTS (SELECT 1 FROM descriptions d WHERE 'description:' || d.id = a.object)`},
		{"revisions without a description", `SELECT count(*) FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM descriptions d WHERE d.id = r.description_id)`},
		{"gaps in the audit sequence", `SELECT (SELECT coalesce(max(seq), 0) FROM audit) - (SELECT count(*) FROM audit)`},
	}
	for _, c := range checks {
		if n := count(t, db, c.q); n != 0 {
			t.Errorf("%s: %d", c.what, n)
		}
	}
	if code, out, errs := algoreg(t, "", "audit", "verify", "--db", dbURL); code != 0 {
		t.Errorf("audit verify: status %d: %s %s", code, out, errs)
	}
}

// acked is what the server acknowledged about one description, and what it may have done
// without acknowledging it (a request in flight when it was killed).
type acked struct {
	revision float64
	short    string
	pending  string
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

var importedRE = regexp.MustCompile(`(?m)^imported (\d+), rejected (\d+)$`)

// TestCrash kills serve (SIGKILL) while clients write and an import runs, restarts it, and
// checks that the database is intact, every acknowledged write is there and the audit chain
// verifies; on SQLite and on PostgreSQL.
func TestCrash(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		for round := 1; round <= 2; round++ {
			t.Run(fmt.Sprintf("round%d", round), func(t *testing.T) { crashRound(t, dbURL, round) })
		}
	})
}

func crashRound(t *testing.T, dbURL string, round int) {
	var token string
	if round == 1 {
		token = admin(t, dbURL)
	} else {
		_, out, _ := algoreg(t, "", "token", "create", "--db", dbURL, "--email", adminEmail)
		token = strings.TrimSpace(out)
	}
	srv := startServe(t, dbURL, "--api-rate", "0")
	c := newClient(token)
	base := srv.URL + "/api/v1/algorithms"

	var (
		mu      sync.Mutex
		writes  = map[string]*acked{}
		nAcked  int
		stopped = make(chan struct{})
		wg      sync.WaitGroup
	)
	for w := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stopped:
					return
				default:
				}
				name := fmt.Sprintf("Stress r%d w%d n%d", round, w, i)
				body := map[string]any{"name": name, "unit": "CLAS", "classification": "ongerubriceerd"}
				status, etag, m, err := c.do("POST", base, body)
				if err != nil {
					return // the server is gone
				}
				if status != 201 {
					t.Errorf("create: status %d %v", status, m)
					return
				}
				id, _ := m["id"].(string)
				rev, _ := m["revision"].(float64)
				short := fmt.Sprintf("versie 2 van %s", name)
				mu.Lock()
				writes[id] = &acked{revision: rev, pending: short}
				nAcked++
				mu.Unlock()
				body["description_short"] = short
				status, _, m, err = c.do("PUT", base+"/"+id, body, "If-Match", etag)
				if err != nil {
					return
				}
				if status != 200 {
					t.Errorf("update: status %d %v", status, m)
					return
				}
				mu.Lock()
				writes[id].revision, _ = m["revision"].(float64)
				writes[id].short = short
				nAcked++
				mu.Unlock()
			}
		}()
	}

	// The import runs beside serve, as its own process, on the same database.
	db := openDB(t, dbURL)
	dmoBefore := count(t, db, "SELECT count(*) FROM descriptions WHERE unit = 'DMO'")
	imp := exec.Command(bin, "import", "--db", dbURL, "--unit", "DMO", realCSV, realJSON)
	imp.Env = procEnv()
	var impOut, impErr syncBuffer
	imp.Stdout, imp.Stderr = &impOut, &impErr
	time.Sleep(200 * time.Millisecond)
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	impStarted := time.Now()
	impDone := make(chan struct{})
	go func() { _ = imp.Wait(); close(impDone) }()

	// Kill both mid-flight. Round 1 kills while the import is still running; round 2 lets it
	// finish first, so both a killed and a completed import meet a killed server.
	acks := func() int { mu.Lock(); defer mu.Unlock(); return nAcked }
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ready := acks() >= 100*round
		if round == 1 {
			ready = ready && time.Since(impStarted) > 400*time.Millisecond
		} else {
			select {
			case <-impDone:
			default:
				ready = false
			}
		}
		if ready {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = srv.cmd.Process.Signal(syscall.SIGKILL)
	_ = imp.Process.Signal(syscall.SIGKILL)
	<-srv.done
	<-impDone
	close(stopped)
	wg.Wait()
	importFinished := imp.ProcessState.ExitCode() >= 0 // -1: killed by the signal
	t.Logf("killed after %d acknowledged writes on %d descriptions; import finished before the kill: %v", nAcked, len(writes), importFinished)
	if nAcked < 20 {
		t.Errorf("only %d writes acknowledged before the kill: the test proved little", nAcked)
	}
	if round == 1 && importFinished {
		t.Logf("the import finished before the kill; this round did not interrupt it")
	}

	checkIntact(t, dbURL)

	// An import that finished reported its count, and exactly that many are there. One that
	// was killed left only whole records (checked above) and no partial import.
	added := count(t, db, "SELECT count(*) FROM descriptions WHERE unit = 'DMO'") - dmoBefore
	if importFinished {
		m := importedRE.FindStringSubmatch(impOut.String())
		if m == nil {
			t.Fatalf("import finished without its summary line: %s\n%s", impOut.String(), tail(impErr.String()))
		}
		if n, _ := strconv.Atoi(m[1]); added != n || n == 0 {
			t.Errorf("import reported %d imported, %d descriptions added", n, added)
		}
	} else {
		t.Logf("killed import left %d descriptions", added)
	}

	// Restart: every acknowledged write is there, as acknowledged (or with the change that
	// was in flight).
	srv2 := startServe(t, dbURL, "--api-rate", "0")
	c2 := newClient(token)
	for id, a := range writes {
		status, _, m, err := c2.do("GET", srv2.URL+"/api/v1/algorithms/"+id, nil)
		if err != nil || status != 200 {
			t.Errorf("acknowledged description %s: status %d, %v", id, status, err)
			continue
		}
		rev, _ := m["revision"].(float64)
		short, _ := m["description_short"].(string)
		switch {
		case rev < a.revision:
			t.Errorf("%s: revision %v, but %v was acknowledged", id, rev, a.revision)
		case rev == 1 && short != "":
			t.Errorf("%s: revision 1 with a description_short %q", id, short)
		case rev == 2 && short != a.pending:
			t.Errorf("%s: revision 2 holds %q, want %q", id, short, a.pending)
		}
	}
	if status, _, m, err := c2.do("POST", srv2.URL+"/api/v1/algorithms", map[string]any{"name": "Na de herstart", "unit": "CLAS", "classification": "ongerubriceerd"}); err != nil || status != 201 {
		t.Errorf("create after restart: %d %v %v", status, m, err)
	}
	srv2.stop(t)
	checkIntact(t, dbURL)
}
