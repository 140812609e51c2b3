package public_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/public"
	"github.com/defensie/algoreg/internal/public/publictest"
)

const benchCount = 20000

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// TestMain removes the benchmark bundle, which is shared by all benchmarks of the binary.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		_ = os.RemoveAll(filepath.Dir(benchDir))
	}
	os.Exit(code)
}

// benchBundle writes a 20,000-description bundle once per test binary.
func benchBundle(b *testing.B) string {
	benchOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "public-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchDir = filepath.Join(tmp, "bundle")
		_, benchErr = publictest.Write(benchDir, publictest.Generate(benchCount))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func benchServer(b *testing.B) *public.Server {
	pub, _ := publictest.Key()
	s, err := public.New(public.Config{BundleDir: benchBundle(b), PublicKey: pub, CacheDir: b.TempDir(), RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	<-s.Ready()
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkStartup20k measures New on a 20,000-description bundle (copy, verify, parse,
// sanitise, facets: the site serves after this; target < 2 s) and, as index-ms, the time
// until the search index is ready too.
func BenchmarkStartup20k(b *testing.B) {
	dir := benchBundle(b)
	pub, _ := publictest.Key()
	var newWall, newCPU, index time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), cpuTime()
		s, err := public.New(public.Config{BundleDir: dir, PublicKey: pub, CacheDir: b.TempDir(), RateLimit: -1})
		if err != nil {
			b.Fatal(err)
		}
		newWall += time.Since(t0)
		newCPU += cpuTime() - c0
		<-s.Ready()
		index += time.Since(t0)
		_ = s.Close()
	}
	n := float64(b.N)
	b.ReportMetric(float64(newWall.Milliseconds())/n, "new-ms")
	b.ReportMetric(float64(newCPU.Milliseconds())/n, "new-cpu-ms")
	b.ReportMetric(float64(index.Milliseconds())/n, "ready-ms")
}

// BenchmarkSearch20k runs API searches over 20,000 descriptions and reports the p95 latency
// of a request (search, filter counts, one page of JSON). Target: p95 < 10 ms.
func BenchmarkSearch20k(b *testing.B) {
	h := benchServer(b).Handler()
	queries := []string{"onderhoud", "personeel planning", "vertalingen", "voertuig", "beeldherkening", "cyberbeveiliging netwerk",
		"Koninklijke Marechaussee", "roosters", "brandstof transport", "documenten samenvatten"}
	var lat []time.Duration
	c0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := queries[i%len(queries)]
		req := httptest.NewRequest("GET", "/api/v1/algorithms?q="+urlQuery(q), nil)
		rec := httptest.NewRecorder()
		t0 := time.Now()
		h.ServeHTTP(rec, req)
		lat = append(lat, time.Since(t0))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", q, rec.Code)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkDetail20k serves detail pages (rendered once per bundle, then from the cache).
func BenchmarkDetail20k(b *testing.B) {
	h := benchServer(b).Handler()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			req := httptest.NewRequest("GET", fmt.Sprintf("/algoritme/DEF-%08d", i%100), nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatalf("%d", rec.Code)
			}
			i++
		}
	})
}

// BenchmarkResults20k renders the result page with filter counts over 20,000 descriptions.
func BenchmarkResults20k(b *testing.B) {
	h := benchServer(b).Handler()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/algoritmes?status=In+gebruik&page=3", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d", rec.Code)
		}
	}
}

// cpuTime is the CPU time (user + system) this process has used: on a shared, loaded
// machine it says more about cost than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func urlQuery(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		if c == ' ' {
			out = append(out, '+')
		} else {
			out = append(out, c)
		}
	}
	return string(out)
}
