package publish

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// BenchmarkWriteBundle writes a bundle of 20,000 public descriptions (generated like the
// property test's, fully filled long texts). Target: under 10 s and under 500 MB per run;
// peak-heap-MB reports the highest live heap seen during the runs.
func BenchmarkWriteBundle(b *testing.B) {
	const n = 20000
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
	key := testKey(1)
	dir := filepath.Join(b.TempDir(), "bundel")
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			default:
			}
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak {
				peak = ms.HeapAlloc
			}
			runtime.Gosched()
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
