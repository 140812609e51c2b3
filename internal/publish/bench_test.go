package publish

import (
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
)

// BenchmarkWriteBundle writes a bundle of 20,000 public descriptions (generated like the
// property test's, fully filled long texts). Target: under 10 s and under 500 MB per run;
// peak-heap-MB reports the highest live heap seen during the runs.
func BenchmarkWriteBundle(b *testing.B) {
	n := benchBundleSize
	items, dts := benchItems(n)
	key := testKey(1)
	dir := filepath.Join(b.TempDir(), "bundel")
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond) // ReadMemStats stops the world: sample sparingly
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak {
				peak = ms.HeapAlloc
			}
		}
	}()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := WriteBundle(dir, items, dts, testMeta, key); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	close(stop)
	<-done
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkScan measures the pre-publication scan of one typical description.
func BenchmarkScan(b *testing.B) {
	cfg := testConfig()
	g := &gen{r: rand.New(rand.NewPCG(3, 4)), cfg: cfg}
	its := make([]Item, 1000)
	pubs := make([]register.Standard, len(its))
	for i := range its {
		its[i] = g.next().item
		pubs[i] = PublicView(its[i], cfg)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Scan(its[i%len(its)], pubs[i%len(its)], cfg)
	}
}

// benchBundleSize is the number of descriptions BenchmarkWriteBundle bundles.
var benchBundleSize = 20000

// benchItems generates n public descriptions and their publication times.
func benchItems(n int) ([]register.Standard, map[string]string) {
	cfg := testConfig()
	g := &gen{r: rand.New(rand.NewPCG(1, 2)), cfg: cfg}
	items := make([]register.Standard, 0, n)
	dts := map[string]string{}
	for len(items) < n {
		gd := g.next()
		gd.item.Assessment = register.Assessment{Decision: register.DecisionPublishFull}
		s := PublicView(gd.item, cfg)
		items = append(items, s)
		dts[s.SourceID] = "2026-08-08T10:00:00Z"
	}
	return items, dts
}

// BenchmarkBundleParts times each file of the bundle on its own (to io.Discard), so a slow
// run can be traced to its writer.
func BenchmarkBundleParts(b *testing.B) {
	items, dts := benchItems(benchBundleSize)
	sorted, err := orderItems(items)
	if err != nil {
		b.Fatal(err)
	}
	parts := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"json", func(w io.Writer) error { return writeJSONItems(w, sorted, dts) }},
		{"csv", func(w io.Writer) error { return exchange.WriteNationalCSV(w, sorted) }},
		{"xlsx", func(w io.Writer) error { return exchange.WriteNationalXLSX(w, sorted) }},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := p.fn(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
