package report

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var sampleDir = flag.String("sample", "", "write a sample report (HTML, PDF, CSV) of a seeded register into this directory")

// TestWriteSample writes a sample report for looking at; it runs only with -sample DIR.
func TestWriteSample(t *testing.T) {
	if *sampleDir == "" {
		t.Skip("use -sample DIR to write a sample report")
	}
	rep := seedReport(t, 400)
	for name, write := range map[string]func(*os.File, Report) error{
		"report.html": func(f *os.File, r Report) error { return WriteHTML(f, r) },
		"report.csv":  func(f *os.File, r Report) error { return WriteCSV(f, r) },
		"report.pdf":  func(f *os.File, r Report) error { return WritePDF(f, r) },
	} {
		f, err := os.Create(filepath.Join(*sampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f, rep); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
