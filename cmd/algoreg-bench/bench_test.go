package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPercentile(t *testing.T) {
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = time.Duration(i + 1)
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one sample", []time.Duration{7}, 99, 7},
		{"median of ten", ten, 50, 5},
		{"p95 of ten is the largest", ten, 95, 10},
		{"p90 of ten", ten, 90, 9},
		{"p95 of a hundred", hundred, 95, 95},
		{"p99 of a hundred", hundred, 99, 99},
		{"p100", hundred, 100, 100},
		{"p0 is the smallest", hundred, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestReplaceSection(t *testing.T) {
	tests := []struct {
		name, doc, want string
		wantErr         bool
	}{
		{name: "empty document", doc: "",
			want: "<!-- bench:x:begin -->\nNEW\n<!-- bench:x:end -->\n"},
		{name: "appended after people's text", doc: "# Benchmarks\n\nMethod.",
			want: "# Benchmarks\n\nMethod.\n\n<!-- bench:x:begin -->\nNEW\n<!-- bench:x:end -->\n"},
		{name: "replaced in place, the rest untouched",
			doc:  "# B\n\nbefore\n<!-- bench:x:begin -->\nOLD\nOLD\n<!-- bench:x:end -->\nafter\n",
			want: "# B\n\nbefore\n<!-- bench:x:begin -->\nNEW\n<!-- bench:x:end -->\nafter\n"},
		{name: "another section is left alone",
			doc:  "<!-- bench:y:begin -->\nY\n<!-- bench:y:end -->\n",
			want: "<!-- bench:y:begin -->\nY\n<!-- bench:y:end -->\n\n<!-- bench:x:begin -->\nNEW\n<!-- bench:x:end -->\n"},
		{name: "end before begin", doc: "<!-- bench:x:end -->\n<!-- bench:x:begin -->\n", wantErr: true},
		{name: "begin only", doc: "<!-- bench:x:begin -->\n", wantErr: true},
		{name: "twice", doc: "<!-- bench:x:begin -->\n<!-- bench:x:end -->\n<!-- bench:x:begin -->\n<!-- bench:x:end -->\n", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := replaceSection(tt.doc, "x", "NEW")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("replaceSection (-want +got):\n%s", diff)
			}
		})
	}
}

const sampleStatus = `Name:	algoreg
State:	S (sleeping)
VmPeak:	 1290468 kB
VmHWM:	   61880 kB
VmRSS:	   55012 kB
Threads:	9
`

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    memory
		wantErr bool
	}{
		{"real status", sampleStatus, memory{RSS: 55012 * 1024, HWM: 61880 * 1024}, false},
		{"RSS missing", "VmHWM:\t1 kB\n", memory{}, true},
		{"not kB", "VmHWM:\t1 MB\nVmRSS:\t1 kB\n", memory{}, true},
		{"not a number", "VmHWM:\tx kB\nVmRSS:\t1 kB\n", memory{}, true},
		{"negative", "VmHWM:\t-1 kB\nVmRSS:\t1 kB\n", memory{}, true},
		{"empty", "", memory{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatus([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("parseStatus = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add([]byte(sampleStatus))
	f.Add([]byte("VmRSS: 1 kB\nVmHWM: 2 kB"))
	f.Add([]byte("VmRSS:\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseStatus(b)
		if err != nil {
			if m != (memory{}) {
				t.Errorf("error %v with a non-zero result %+v", err, m)
			}
			return
		}
		if m.RSS < 0 || m.HWM < 0 || m.RSS%1024 != 0 || m.HWM%1024 != 0 {
			t.Errorf("implausible result %+v", m)
		}
	})
}

// TestRunLoad drives a test server and checks that the run stops by itself at its request
// bound, that every request is counted once, and that bad statuses are errors.
func TestRunLoad(t *testing.T) {
	var served atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path == "/bad" {
			http.Error(w, "nee", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer ts.Close()
	a := api{base: ts.URL}
	ops := []op{
		{name: "good", weight: 3, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "good", "/good")
			return err
		}},
		{name: "bad", weight: 1, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "bad", "/bad")
			return err
		}},
	}
	res, err := runLoad(context.Background(), loadConfig{workers: 4, maxOps: 400, duration: 30 * time.Second, seed: 1}, ops)
	if err != nil {
		t.Fatal(err)
	}
	all, good, bad := find(res, "all"), find(res, "good"), find(res, "bad")
	if all.Count != 400 || served.Load() != 400 {
		t.Errorf("all.Count = %d, served %d; want 400 each", all.Count, served.Load())
	}
	if good.Count+bad.Count != 400 || good.Errors != 0 || bad.Errors != bad.Count || res.TotalErr != bad.Count {
		t.Errorf("good %+v, bad %+v, total errors %d", good, bad, res.TotalErr)
	}
	if bad.Count < 50 || bad.Count > 150 {
		t.Errorf("bad.Count = %d, want about a quarter of 400", bad.Count)
	}
	if len(res.Errors) == 0 || !strings.Contains(res.Errors[0], "status 500") {
		t.Errorf("first errors %q, want a status 500", res.Errors)
	}
	if all.P50 > all.P95 || all.P95 > all.P99 || all.P99 > all.Max || all.P50 <= 0 {
		t.Errorf("percentiles out of order: %+v", all)
	}
}

// TestRunLoadDuration checks the time bound: a run without a request bound stops by itself.
func TestRunLoadDuration(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer ts.Close()
	a := api{base: ts.URL}
	start := time.Now()
	res, err := runLoad(context.Background(), loadConfig{workers: 2, duration: 200 * time.Millisecond, pace: 10 * time.Millisecond}, []op{
		{name: "x", weight: 1, do: func(ctx context.Context, w *worker) error { _, err := a.get(ctx, w, "x", "/"); return err }},
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("run took %v, want it to stop after about 200ms", d)
	}
	// Paced at one request per 10 ms per worker: at most about 2 × 20 requests.
	if n := find(res, "x").Count; n == 0 || n > 50 {
		t.Errorf("count = %d, want 1..50 with pacing", n)
	}
	if res.TotalErr != 0 {
		t.Errorf("errors: %v", res.Errors)
	}
}

func TestRunLoadNeedsABound(t *testing.T) {
	if _, err := runLoad(context.Background(), loadConfig{workers: 1}, []op{{name: "x", weight: 1}}); err == nil {
		t.Error("a run without duration or request bound was accepted")
	}
}

func TestParseStat(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"real", "8283 (cat) R 8120 8120 18373 0 -1 4194304 124 0 0 0 250 30 0 0 20 0 1 0 364724", 280 * clockTick, false},
		{"name with spaces and parentheses", "1 (a (b) c) S 0 0 0 0 -1 0 0 0 0 0 7 3 0 0", 10 * clockTick, false},
		{"too short", "1 (x) S 0 0", 0, true},
		{"no name", "1 x S", 0, true},
		{"not numbers", "1 (x) S 0 0 0 0 -1 0 0 0 0 0 a b 0 0", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat([]byte(tt.in))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("parseStat = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add([]byte("8283 (cat) R 8120 8120 18373 0 -1 4194304 124 0 0 0 250 30 0 0 20 0 1 0 364724"))
	f.Add([]byte("1 (a) b) S"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := parseStat(b)
		if err == nil && (d < 0 || d%clockTick != 0) {
			t.Errorf("implausible CPU time %v", d)
		}
	})
}

// TestStartServer starts a stand-in program that announces its address like algoreg does,
// and checks that the address is read and that stopping (twice) ends it promptly.
func TestStartServer(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake")
	// the trap is set before the address is announced: a stop right after it must find it
	script := "#!/bin/sh\ntrap 'exit 0' TERM\necho 'algoreg (intern) luistert op http://127.0.0.1:4242' >&2\nwhile :; do sleep 0.1; done\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	srv, err := startServer(context.Background(), fake, nil, filepath.Join(dir, "log"))
	if err != nil {
		t.Fatal(err)
	}
	if srv.base != "http://127.0.0.1:4242" {
		t.Errorf("base = %q", srv.base)
	}
	start := time.Now()
	if err := srv.stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if err := srv.stop(); err != nil {
		t.Errorf("second stop: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("stopping took %v", d)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "log"))
	if !strings.Contains(string(log), "luistert op") {
		t.Errorf("server output not kept in the log: %q", log)
	}
}

// TestStartServerExitsEarly checks that a program that stops before it listens is reported.
func TestStartServerExitsEarly(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'kapot' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := startServer(context.Background(), fake, nil, filepath.Join(dir, "log")); err == nil {
		t.Error("a program that exited before listening was accepted")
	}
}
