package exchange

import (
	"bytes"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// A register larger than one sheet's 16,384 columns continues on further sheets, and reads back whole.
func TestNationalXLSXSpansSheets(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 16,010 descriptions")
	}
	ds := Generate(7, nationalSheetColumns+10)
	items := make([]register.Standard, len(ds))
	for i := range ds {
		items[i] = ds[i].Standard
	}
	var b bytes.Buffer
	if err := WriteNationalXLSX(&b, items); err != nil {
		t.Fatal(err)
	}
	recs, err := Parse("groot.xlsx", &b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(items) {
		t.Fatalf("read back %d descriptions, wrote %d", len(recs), len(items))
	}
	last := recs[len(recs)-1]
	if last.Index != len(items) || last.Desc.Name != items[len(items)-1].Name {
		t.Errorf("last record: index %d name %q; want %d %q", last.Index, last.Desc.Name, len(items), items[len(items)-1].Name)
	}
}
