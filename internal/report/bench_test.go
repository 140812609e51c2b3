package report

import (
	"io"
	"testing"
)

// BenchmarkReport20000 measures the whole report for a register of 20,000 descriptions:
// Compute, then WriteHTML, WritePDF and WriteCSV. The target is well under 5 s per report.
func BenchmarkReport20000(b *testing.B) {
	in := seedInput(b, 20000, 1)
	base := seedReport(b, 200) // previous year and trend snapshots
	b.ResetTimer()
	for b.Loop() {
		rep := base
		rep.Current = Compute(in)
		if err := WriteHTML(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
		if err := WritePDF(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
		if err := WriteCSV(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

// The parts, to see where the time goes.
func BenchmarkCompute20000(b *testing.B) {
	in := seedInput(b, 20000, 1)
	for b.Loop() {
		Compute(in)
	}
}

func BenchmarkWritePDF20000(b *testing.B) {
	rep := Report{Current: Compute(seedInput(b, 20000, 1))}
	for b.Loop() {
		if err := WritePDF(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteHTML20000(b *testing.B) {
	rep := Report{Current: Compute(seedInput(b, 20000, 1))}
	for b.Loop() {
		if err := WriteHTML(io.Discard, rep); err != nil {
			b.Fatal(err)
		}
	}
}
