package exchange

import (
	"bytes"
	"errors"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// FuzzParseXLSX: any bytes named .xlsx are read as a workbook or refused as unusable input,
// never a panic; what is read passes the same record checks as CSV and JSON. Seeds: the real
// national export rewritten in the national XLSX layout, and this register's own XLSX export.
func FuzzParseXLSX(f *testing.F) {
	recs, err := Parse("seed.csv", bytes.NewReader(seedBytes(f, nationalCSV, 20000)), nil)
	if err != nil {
		f.Fatal(err)
	}
	var items []register.Standard
	for _, r := range recs {
		if len(r.Problems) == 0 && len(items) < 8 {
			items = append(items, r.Desc.Standard)
		}
	}
	var national bytes.Buffer
	if err := WriteNationalXLSX(&national, items); err != nil {
		f.Fatal(err)
	}
	f.Add(national.Bytes())
	var own bytes.Buffer
	if err := WriteXLSX(&own, Generate(4, 3)); err != nil {
		f.Fatal(err)
	}
	f.Add(own.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := Parse("fuzz.xlsx", bytes.NewReader(b), nil)
		if err != nil {
			if !errors.Is(err, ErrUnusable) {
				t.Fatalf("error does not wrap ErrUnusable: %v", err)
			}
			return
		}
		checkRecords(t, recs)
	})
}
