package service_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

// seedApproved stores n generated descriptions, approved with a decision to publish, straight
// through the store (the workflow itself is tested elsewhere; this measures the run).
func seedApproved(b *testing.B, st register.Store, n int) {
	b.Helper()
	ds := exchange.Generate(42, n)
	ctx := context.Background()
	for start := 0; start < n; start += 2000 {
		err := st.Tx(ctx, func(tx register.Tx) error {
			for i := start; i < min(start+2000, n); i++ {
				d := ds[i]
				d.ID, d.State, d.Classification = fmt.Sprintf("bench%011d", i), register.StateApproved, register.Ongerubriceerd
				d.ContactEmail = "algoritmeregister@mindef.nl"
				d.Owners = nil
				if err := tx.CreateDescription(ctx, &d); err != nil {
					return err
				}
				if err := tx.SaveAssessment(ctx, register.Assessment{DescriptionID: d.ID, Revision: d.Revision, Decision: register.DecisionPublishFull, At: tx.Now()}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func benchSize(b *testing.B) int {
	if v, err := strconv.Atoi(os.Getenv("ALGOREG_BENCH_N")); err == nil && v > 0 {
		return v
	}
	return 20000
}

// BenchmarkPublish measures a whole publication run (public view, scan, bundle with JSON, CSV
// and XLSX, signature, state changes) over approved descriptions on SQLite.
// Run: go test -run X -bench Publish -benchtime 1x ./internal/service (ALGOREG_BENCH_N to resize).
func BenchmarkPublish(b *testing.B) {
	n := benchSize(b)
	st := testdb.Open(b, testdb.SQLite(b))
	seedApproved(b, st, n)
	svc := service.New(st, nil, service.Config{ContactAllowlist: []string{"algoritmeregister@mindef.nl"}})
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	out := filepath.Join(b.TempDir(), "bundle")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for b.Loop() {
		rep, err := svc.Publish(context.Background(), service.System("bench"), service.PublishOptions{OutDir: out, Key: key})
		if err != nil || len(rep.Findings) > 0 || rep.Published != n {
			b.Fatalf("publish: %v, %d findings, %d published", err, len(rep.Findings), rep.Published)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/run")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MB-alloc/run")
	b.ReportMetric(float64(after.HeapSys)/1e6, "MB-heap-sys")
}

// BenchmarkYearReport measures the yearly report's figures over n descriptions.
func BenchmarkYearReport(b *testing.B) {
	n := benchSize(b)
	st := testdb.Open(b, testdb.SQLite(b))
	seedApproved(b, st, n)
	svc := service.New(st, nil, service.Config{})
	for b.Loop() {
		if _, _, err := svc.YearReport(context.Background(), service.System("bench"), time.Now().Year()); err != nil {
			b.Fatal(err)
		}
	}
}
