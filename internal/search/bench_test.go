package search_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/search"
	"github.com/defensie/algoreg/internal/search/evalset"
)

// corpus makes n documents from the 1,530 real entries: copies with another organisation,
// shuffled title words and a few words borrowed from other entries, so that the vocabulary
// and the posting lists grow as in a larger register.
func corpus(tb testing.TB, n int) []search.Doc {
	tb.Helper()
	entries, err := evalset.LoadOverview(overview)
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	docs := make([]search.Doc, 0, n)
	for i := 0; len(docs) < n; i++ {
		e := entries[i%len(entries)]
		if i >= len(entries) {
			other := entries[rng.IntN(len(entries))]
			words := strings.Fields(e.Title)
			rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
			borrowed := strings.Fields(other.Doel)
			if len(borrowed) > 8 {
				k := rng.IntN(len(borrowed) - 8)
				borrowed = borrowed[k : k+8]
			}
			e.ID = fmt.Sprintf("%s-%d", e.ID, i/len(entries))
			e.Title = strings.Join(words, " ")
			e.Organisatie = other.Organisatie
			e.Doel = e.Doel + " " + strings.Join(borrowed, " ")
		}
		docs = append(docs, e.Doc())
	}
	return docs
}

func build(docs []search.Doc) *search.Index {
	ix := search.NewIndex()
	for _, d := range docs {
		ix.Put(d)
	}
	return ix
}

// BenchmarkSearch runs the query set over 20,000 and 100,000 documents and reports the
// 50th and 95th percentile latency of one search (all matches, scored and sorted).
func BenchmarkSearch(b *testing.B) {
	queries, err := evalset.LoadQueries("testdata/queries.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{20000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ix := build(corpus(b, n))
			b.ReportAllocs()
			b.ResetTimer()
			durs := make([]time.Duration, 0, b.N)
			for i := range b.N {
				q := queries[i%len(queries)].Text
				start := time.Now()
				ix.Search(q, nil, 0)
				durs = append(durs, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(durs)
			pct := func(p float64) float64 {
				return float64(durs[int(p*float64(len(durs)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(1), "max-ms")
		})
	}
}

// BenchmarkBuild reports the time to index 20,000 and 100,000 documents and the heap the
// index holds afterwards.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{20000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			docs := corpus(b, n)
			var heap float64
			b.ResetTimer()
			for range b.N {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				ix := build(docs)
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
				runtime.KeepAlive(ix)
			}
			b.ReportMetric(heap, "heap-MB")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "build-ms")
		})
	}
}
