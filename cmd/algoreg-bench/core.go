package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the benchmark's own PostgreSQL databases

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
)

// coreOptions are the settings of `algoreg-bench core`.
type coreOptions struct {
	bin      string
	db       string // sqlite or postgres
	pg       string // admin URL of a PostgreSQL server (postgres only)
	work     string // working directory for databases, files and logs
	csv      string // the national register's real CSV export
	n        int
	seed     int64
	workers  int
	phase    time.Duration
	mixed    time.Duration
	doc      string
	keepWork bool
	profile  string // when set, imports and serve run in-process under a CPU profile written here
	reuse    bool   // skip generating and importing: load the databases of an earlier run
	runID    string // makes the users of this run unique, so a reused database accepts them
}

// program returns how to run an algoreg command named name: the built binary, or, with
// --profile, this program's inproc command around the same code.
func (o coreOptions) program(name string, args ...string) (string, []string) {
	if o.profile == "" {
		return o.bin, args
	}
	self, err := os.Executable()
	if err != nil {
		return o.bin, args
	}
	pre := []string{"inproc", "--cpuprofile", filepath.Join(o.profile, name+".cpu.pprof"),
		"--memprofile", filepath.Join(o.profile, name+".heap.pprof"), "--"}
	return self, append(pre, args...)
}

// ceilingEnv lets the benchmark register hold every generated level: the generator spreads
// descriptions over all five levels and the default ceiling (stg-confidentieel) would refuse
// a quarter of them.
var ceilingEnv = []string{"ALGOREG_CEILING=stg-zeer-geheim"}

// serveEnv switches the per-token API rate limit of `serve` (600 a minute by default) off: the
// benchmark measures what the server can do, and one token is several clients here.
var serveEnv = []string{"ALGOREG_API_RATE=0"}

func runCore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o coreOptions
	fs := flag.NewFlagSet("core", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.bin, "algoreg", "", "het gebouwde algoreg-programma (verplicht)")
	fs.StringVar(&o.db, "db", "sqlite", "sqlite of postgres")
	fs.StringVar(&o.pg, "pg", os.Getenv("ALGOREG_TEST_POSTGRES"), "PostgreSQL-server (beheer-URL); de benchmark maakt er eigen databases in")
	fs.StringVar(&o.work, "work", "", "werkmap (standaard: een tijdelijke map)")
	fs.StringVar(&o.csv, "csv", "../shared/data/algoritmeregister-export-2024-05-eng.csv", "echte CSV-export van het Algoritmeregister")
	fs.IntVar(&o.n, "n", 100000, "aantal gegenereerde beschrijvingen")
	fs.Int64Var(&o.seed, "seed", 1, "zaad van de generator")
	fs.IntVar(&o.workers, "clients", 8, "gelijktijdige clients")
	fs.DurationVar(&o.phase, "duration", 20*time.Second, "duur van elke belastingsfase")
	fs.DurationVar(&o.mixed, "mixed", 30*time.Second, "duur van de gemengde belasting (0: overslaan)")
	fs.StringVar(&o.doc, "doc", "", "schrijf de tabellen in dit markdownbestand (bijv. docs/benchmarks.md)")
	fs.BoolVar(&o.keepWork, "keep", false, "werkmap niet opruimen")
	fs.BoolVar(&o.reuse, "reuse", false, "geen import: belast de database van een vorige run in --work (voor profileren; de importcijfers ontbreken dan)")
	fs.StringVar(&o.profile, "profile", "", "draai import en serve in dit proces met CPU- en heapprofielen in deze map (voor go tool pprof; de cijfers gelden dan niet)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" {
		return fmt.Errorf("--algoreg ontbreekt: geef het gebouwde programma")
	}
	if o.db != "sqlite" && o.db != "postgres" {
		return fmt.Errorf("--db moet sqlite of postgres zijn, niet %q", o.db)
	}
	if o.profile != "" {
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			return fmt.Errorf("profielmap: %w", err)
		}
	}
	if o.db == "postgres" && o.pg == "" {
		return fmt.Errorf("--pg ontbreekt (of ALGOREG_TEST_POSTGRES): eval \"$(scripts/testpg start)\"")
	}
	if o.work != "" {
		if err := os.MkdirAll(o.work, 0o755); err != nil {
			return fmt.Errorf("werkmap: %w", err)
		}
	} else {
		d, err := os.MkdirTemp("", "algoreg-bench-")
		if err != nil {
			return err
		}
		o.work = d
		if !o.keepWork {
			defer os.RemoveAll(d)
		}
	}
	log := func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) }
	m := describeMachine()
	res := &coreResult{opts: o, machine: m}

	genDB := "sqlite:" + filepath.Join(o.work, "gen.db")
	if o.db == "postgres" {
		genDB = pgURL(o.pg, "gen")
	}
	if !o.reuse {
		var err error
		if genDB, err = prepare(ctx, o, res, log); err != nil {
			return err
		}
	}
	o.runID = time.Now().Format("150405")
	res.opts = o
	token, err := addUser(ctx, o.bin, genDB, "bench-admin-"+o.runID+"@bench.mindef.nl", "Beheerder Benchmark", "admin", "stg-zeer-geheim", nil)
	if err != nil {
		return err
	}
	serveBin, serveArgs := o.program("serve", "serve", "--addr", "127.0.0.1:0")
	srv, err := startServer(ctx, serveBin, append(append([]string{"ALGOREG_DB=" + genDB}, ceilingEnv...), serveEnv...), filepath.Join(o.work, "serve.log"), serveArgs...)
	if err != nil {
		return err
	}
	defer srv.stop()
	res.startRSS, _ = readMemory(srv.cmd.Process.Pid)
	a := api{base: srv.base, token: token}
	log("serve luistert op %s", srv.base)

	// The first search waits for the full-text index (serve builds it at start, or on the first
	// search in older versions); the phases are measured after it, as a server runs most of its life.
	start := time.Now()
	var first listPage
	// While the index is still being built the search answers 503 with Retry-After (after
	// waiting a bounded time itself); ask again until it is ready, for at most ten minutes.
	for {
		err := a.fetchJSON(ctx, "/api/v1/algorithms?q=onderhoudsplanning", &first)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "status 503") || time.Since(start) > 10*time.Minute {
			return fmt.Errorf("eerste zoekvraag: %w", err)
		}
		time.Sleep(time.Second)
	}
	res.firstSearch = time.Since(start)
	log("eerste zoekvraag na %s", round(res.firstSearch))
	if res.readyRSS, err = readMemory(srv.cmd.Process.Pid); err != nil {
		return err
	}

	ids, err := sampleIDs(ctx, a, "", 40)
	if err != nil {
		return err
	}
	log("%d ids verzameld voor willekeurige opvragingen", len(ids))
	filters, err := listFilters(ctx, a, "")
	if err != nil {
		return err
	}

	cfg := loadConfig{workers: o.workers, duration: o.phase, seed: uint64(o.seed)}
	runLoad := func(ctx context.Context, cfg loadConfig, ops []op) (*loadResult, error) {
		return loadOn(ctx, srv, cfg, ops)
	}
	log("fase: opvragen op id (%d clients, %s)", o.workers, o.phase)
	// One client first: the service time without queueing, then N clients.
	one := loadConfig{workers: 1, duration: o.phase / 2, seed: uint64(o.seed)}
	if res.get1, err = runLoad(ctx, one, []op{getOp(a, ids)}); err != nil {
		return err
	}
	if res.list1, err = runLoad(ctx, one, []op{listOp(a, filters)}); err != nil {
		return err
	}
	if res.get, err = runLoad(ctx, cfg, []op{getOp(a, ids)}); err != nil {
		return err
	}
	log("fase: gefilterde lijstpagina's")
	if res.list, err = runLoad(ctx, cfg, []op{listOp(a, filters)}); err != nil {
		return err
	}
	log("fase: aanmaken via de API")
	if res.create, err = runLoad(ctx, cfg, []op{createOp(a, nil)}); err != nil {
		return err
	}
	if res.endRSS, err = readMemory(srv.cmd.Process.Pid); err != nil {
		return err
	}
	if o.mixed > 0 {
		log("fase: gemengd, 4 gebruikers (%s)", o.mixed)
		if res.mix, err = runMixed(ctx, o, srv, genDB, a); err != nil {
			return err
		}
		if res.mixRSS, err = readMemory(srv.cmd.Process.Pid); err != nil {
			return err
		}
	}
	if err := srv.stop(); err != nil {
		log("serve stopte niet netjes: %v", err)
	}
	md := res.markdown()
	fmt.Fprint(stdout, md)
	if o.doc != "" {
		if err := updateDoc(o.doc, "core-"+o.db, md); err != nil {
			return err
		}
		log("%s bijgewerkt", o.doc)
	}
	return nil
}

// coreResult holds the figures of one core run.
type coreResult struct {
	opts                     coreOptions
	machine                  machine
	csv, gen                 importResult
	get, list, create        *loadResult
	get1, list1              *loadResult // the same with one client
	mix                      *mixedResult
	startRSS, endRSS, mixRSS memory
	readyRSS                 memory        // after the first search: the index is built
	firstSearch              time.Duration // from just after start to the first search's answer
}

// writeGenerated writes exchange.Generate(seed, n) as a JSON array.
func writeGenerated(path string, seed int64, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("gegenereerd bestand: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := exchange.WriteJSON(bw, exchange.Generate(seed, n)); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("gegenereerd bestand: %w", err)
	}
	return f.Close()
}

// newDatabase returns the URL of a new, empty database named after what: a file for SQLite,
// a freshly created database on the PostgreSQL server otherwise.
func newDatabase(ctx context.Context, o coreOptions, what string) (string, error) {
	if o.db == "sqlite" {
		path := filepath.Join(o.work, what+".db")
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
				return "", fmt.Errorf("oude database opruimen: %w", err)
			}
		}
		return "sqlite:" + path, nil
	}
	if _, err := url.Parse(o.pg); err != nil {
		return "", fmt.Errorf("--pg: %w", err)
	}
	name := "algoreg_bench_" + what
	db, err := sql.Open("pgx", o.pg)
	if err != nil {
		return "", fmt.Errorf("postgres: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("postgres: database %s opruimen: %w", name, err)
	}
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("postgres: database %s maken: %w", name, err)
	}
	return pgURL(o.pg, what), nil
}

// pgURL is the URL of the benchmark's database named after what on the server at admin.
func pgURL(admin, what string) string {
	u, err := url.Parse(admin)
	if err != nil {
		return admin
	}
	u.Path = "/algoreg_bench_" + what
	return u.String()
}

// importResult is one timed `algoreg import`.
type importResult struct {
	wall, cpu          time.Duration
	imported, rejected int
}

var importedLine = regexp.MustCompile(`imported (\d+), rejected (\d+)`)

// timeImport runs `algoreg import` and measures its wall clock, process start included.
func timeImport(ctx context.Context, o coreOptions, name, db, unit, file string) (importResult, error) {
	args := []string{"import", "--db", db}
	if unit != "" {
		args = append(args, "--unit", unit)
	}
	bin, args := o.program(name, append(args, file)...)
	out, _, d, cpu, err := runCLICPU(ctx, bin, ceilingEnv, "", []int{0, 1}, args...)
	if err != nil {
		return importResult{}, err
	}
	m := importedLine.FindStringSubmatch(out)
	if m == nil {
		return importResult{}, fmt.Errorf("import: geen regel 'imported N, rejected M' in %q", out)
	}
	r := importResult{wall: d, cpu: cpu}
	fmt.Sscan(m[1], &r.imported)
	fmt.Sscan(m[2], &r.rejected)
	return r, nil
}

// addUser creates a user with the CLI and returns a new API token for them.
func addUser(ctx context.Context, bin, db, email, name, role, clearance string, units []string) (string, error) {
	args := []string{"user", "add", "--db", db, "--email", email, "--name", name, "--role", role, "--clearance", clearance}
	for _, u := range units {
		args = append(args, "--unit", u)
	}
	if _, _, _, err := runCLI(ctx, bin, ceilingEnv, "", []int{0}, args...); err != nil {
		return "", err
	}
	out, _, _, err := runCLI(ctx, bin, ceilingEnv, "", []int{0}, "token", "create", "--db", db, "--email", email, "--expires", "24h")
	if err != nil {
		return "", err
	}
	tok := strings.TrimSpace(out)
	if tok == "" || strings.ContainsAny(tok, " \n") {
		return "", fmt.Errorf("token create gaf geen token: %q", out)
	}
	return tok, nil
}

// sampleIDs collects ids from `pages` list pages of 100 spread over the whole register
// (filter is an extra query such as "&unit=KMAR"); outside the measurement.
func sampleIDs(ctx context.Context, a api, filter string, pages int) ([]string, error) {
	var first listPage
	if err := a.fetchJSON(ctx, "/api/v1/algorithms?pageSize=100"+filter, &first); err != nil {
		return nil, err
	}
	last := (first.Total + 99) / 100
	var ids []string
	add := func(p listPage) {
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
	}
	add(first)
	for i := 1; i < pages && i < last; i++ {
		page := 1 + i*last/pages
		var p listPage
		if err := a.fetchJSON(ctx, fmt.Sprintf("/api/v1/algorithms?pageSize=100&page=%d%s", page, filter), &p); err != nil {
			return nil, err
		}
		add(p)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("geen beschrijvingen zichtbaar voor de benchmarkgebruiker")
	}
	return ids, nil
}

// listFilter is one unit/status combination and how many pages of 20 it has.
type listFilter struct {
	unit, status string
	pages        int
}

var statuses = []string{"In gebruik", "In ontwikkeling", "Buiten gebruik"}

// listFilters counts, per unit and status, the pages a user can browse (units limits the
// units; nil means every demo unit).
func listFilters(ctx context.Context, a api, only string) ([]listFilter, error) {
	var out []listFilter
	for _, u := range register.DemoUnits {
		if only != "" && u.Code != only {
			continue
		}
		for _, s := range statuses {
			var p listPage
			q := url.Values{"unit": {u.Code}, "status": {s}, "pageSize": {"1"}}
			if err := a.fetchJSON(ctx, "/api/v1/algorithms?"+q.Encode(), &p); err != nil {
				return nil, err
			}
			if p.Total > 0 {
				out = append(out, listFilter{unit: u.Code, status: s, pages: (p.Total + 19) / 20})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("geen enkele eenheid/status-combinatie heeft beschrijvingen")
	}
	return out, nil
}

// maxListPage is the deepest page the list load asks for: people browse the first pages of a
// filtered list and refine the filter rather than page further.
const maxListPage = 25

func getOp(a api, ids []string) op {
	return op{name: "get", weight: 1, do: func(ctx context.Context, w *worker) error {
		_, err := a.get(ctx, w, "get", "/api/v1/algorithms/"+ids[w.rnd.IntN(len(ids))])
		return err
	}}
}

func listOp(a api, filters []listFilter) op {
	return op{name: "list", weight: 1, do: func(ctx context.Context, w *worker) error {
		f := filters[w.rnd.IntN(len(filters))]
		page := 1 + w.rnd.IntN(min(f.pages, maxListPage))
		q := url.Values{"unit": {f.unit}, "status": {f.status}, "page": {fmt.Sprint(page)}}
		_, err := a.get(ctx, w, "list", "/api/v1/algorithms?"+q.Encode())
		return err
	}}
}

// newDescription is a realistic create: the inventory's minimum plus the short description,
// goal and status an editor fills in first.
func newDescription(w *worker, unit, level string) map[string]any {
	n := w.rnd.IntN(1_000_000)
	subjects := []string{"voorraadbeheer", "roosterplanning", "onderhoudsvoorspelling", "documentherkenning", "meldingenanalyse"}
	s := subjects[n%len(subjects)]
	return map[string]any{
		"name":              fmt.Sprintf("Benchmark %s %d (%s)", s, n, unit),
		"unit":              unit,
		"classification":    level,
		"description_short": fmt.Sprintf("Het algoritme ondersteunt %s bij %s. Een medewerker beoordeelt de uitkomst.", unit, s),
		"status":            "In ontwikkeling",
		"goal":              "<p>Het doel is " + s + " betrouwbaarder en sneller te maken.</p>",
		"organization":      "Ministerie van Defensie",
		"lang":              "nld",
	}
}

// createOp creates descriptions; units limits the units (nil: every demo unit), and created
// (when set) receives each new id.
func createOp(a api, units []string) op {
	levels := []string{"ongerubriceerd", "ongerubriceerd", "dep-vertrouwelijk"}
	return op{name: "create", weight: 1, do: func(ctx context.Context, w *worker) error {
		unit := ""
		if units != nil {
			unit = units[w.rnd.IntN(len(units))]
		} else {
			unit = register.DemoUnits[w.rnd.IntN(len(register.DemoUnits))].Code
		}
		r, err := a.call(ctx, w, "create", http.MethodPost, "/api/v1/algorithms", nil, newDescription(w, unit, levels[w.rnd.IntN(len(levels))]))
		if err != nil {
			return err
		}
		return expect(r, http.StatusCreated)
	}}
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	default:
		return d.Round(time.Millisecond)
	}
}

// prepare generates the register file (or reuses it), and times the two imports into fresh
// databases; it returns the URL of the generated register's database.
func prepare(ctx context.Context, o coreOptions, res *coreResult, log func(string, ...any)) (string, error) {
	// The generated register, as the JSON file `algoreg import` reads.
	// It is kept in the work directory and reused when seed and count are the same.
	genPath := filepath.Join(o.work, fmt.Sprintf("generated-%d-%d.json", o.seed, o.n))
	if _, err := os.Stat(genPath); err == nil {
		log("%s bestaat al: hergebruikt", genPath)
	} else {
		start := time.Now()
		if err := writeGenerated(genPath+".tmp", o.seed, o.n); err != nil {
			return "", err
		}
		if err := os.Rename(genPath+".tmp", genPath); err != nil {
			return "", err
		}
		log("%d beschrijvingen gegenereerd in %s (%s)", o.n, round(time.Since(start)), genPath)
	}

	csvDB, err := newDatabase(ctx, o, "csv")
	if err != nil {
		return "", err
	}
	genDB, err := newDatabase(ctx, o, "gen")
	if err != nil {
		return "", err
	}

	log("echte CSV importeren in een lege database")
	res.csv, err = timeImport(ctx, o, "import-csv", csvDB, "DOSCO", o.csv)
	if err != nil {
		return "", err
	}
	log("  %s: %d geïmporteerd, %d geweigerd", round(res.csv.wall), res.csv.imported, res.csv.rejected)

	log("%d gegenereerde beschrijvingen importeren in een lege database", o.n)
	res.gen, err = timeImport(ctx, o, "import-generated", genDB, "", genPath)
	if err != nil {
		return "", err
	}
	log("  %s: %d geïmporteerd, %d geweigerd", round(res.gen.wall), res.gen.imported, res.gen.rejected)

	return genDB, nil
}

// loadOn is runLoad that also measures the CPU time srv used during the run.
func loadOn(ctx context.Context, srv *server, cfg loadConfig, ops []op) (*loadResult, error) {
	before, err := readCPU(srv.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	res, err := runLoad(ctx, cfg, ops)
	if err != nil {
		return nil, err
	}
	after, err := readCPU(srv.cmd.Process.Pid)
	if err != nil {
		return nil, err
	}
	res.ServerCPU = after - before
	return res, nil
}
