package public_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
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
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkStartup20k measures New on a 20,000-description bundle: verify, copy, parse,
// sanitise, index. Target: < 2 s.
func BenchmarkStartup20k(b *testing.B) {
	dir := benchBundle(b)
	pub, _ := publictest.Key()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := public.New(public.Config{BundleDir: dir, PublicKey: pub, CacheDir: b.TempDir(), RateLimit: -1})
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Close()
	}
}

// BenchmarkSearch20k runs API searches over 20,000 descriptions and reports the p95 latency
// of a request (search, filter counts, one page of JSON). Target: p95 < 10 ms.
func BenchmarkSearch20k(b *testing.B) {
	h := benchServer(b).Handler()
	queries := []string{"onderhoud", "personeel planning", "vertalingen", "voertuig", "beeldherkening", "cyberbeveiliging netwerk",
		"Koninklijke Marechaussee", "roosters", "brandstof transport", "documenten samenvatten"}
	var lat []time.Duration
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
