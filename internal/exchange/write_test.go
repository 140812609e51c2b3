package exchange

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/defensie/algoreg/internal/register"
)

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"gewoon", "gewoon"},
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+31 70", "'+31 70"},
		{"-1", "'-1"},
		{"@cmd", "'@cmd"},
		{"\tx", "'\tx"},
		{"'=x", "''=x"},
		{"'gewoon", "'gewoon"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		got := SafeCell(tt.in)
		if got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := UnsafeCell(got); back != tt.in {
			t.Errorf("UnsafeCell(SafeCell(%q)) = %q", tt.in, back)
		}
	}
}

func sample() register.Standard {
	return register.Standard{
		Name: "=Risicoscan \"paspoort\"", DescriptionShort: "Korte <b>omschrijving</b> met é &amp; ü",
		Organization: "Ministerie van Defensie", Category: []string{"Openbare orde en veiligheid", "Recht"},
		Status: "In gebruik", ContactEmail: "algoritmes@mindef.nl", PublicationCategory: "Impactvolle algoritmes",
		Goal:                "<p>Eerste alinea.</p><ul><li>punt een</li><li>punt twee</li></ul>",
		LawfulBasisGrouping: []register.Link{{Title: "Wet op de Koninklijke Marechaussee", Link: "https://wetten.overheid.nl/BWBR0001"}, {Title: "AVG", Link: "https://wetten.overheid.nl/BWBR0011468"}},
		Lang:                "nld", StandardVersion: "1.0",
	}
}

func TestWriteNationalCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteNationalCSV(&b, []register.Standard{sample()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"\uFEFF\"name\",\"description_short\",\"organization\",\"category\"",
		`"'=Risicoscan ""paspoort"""`,
		`"Korte omschrijving met é & ü"`,
		`"Openbare orde en veiligheid, Recht"`,
		"\"Eerste alinea.\n- punt een\n- punt twee\"",
		`"1: Wet op de Koninklijke Marechaussee, https://wetten.overheid.nl/BWBR0001. 2: AVG, https://wetten.overheid.nl/BWBR0011468"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\r\n"); n != 2 {
		t.Errorf("got %d records, want 2 (header and one)", n)
	}
}

func TestWriteNationalXLSX(t *testing.T) {
	var b bytes.Buffer
	s2 := sample()
	s2.Name = "Tweede"
	if err := WriteNationalXLSX(&b, []register.Standard{sample(), s2}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(NationalSheet)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Naam" || rows[0][1] != "=Risicoscan \"paspoort\"" || rows[0][2] != "Tweede" {
		t.Errorf("row 1 = %q", rows[0])
	}
	if rows[1][0] != "Korte omschrijving" {
		t.Errorf("row 2 label = %q", rows[1][0])
	}
	if fm, _ := f.GetCellFormula(NationalSheet, "B1"); fm != "" {
		t.Errorf("B1 became a formula %q", fm)
	}
}
