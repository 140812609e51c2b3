package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// TestHostileNames: a description's name is data, never markup, and odd characters never break
// the PDF (characters its font cannot carry become '?').
func TestHostileNames(t *testing.T) {
	names := []string{
		`<script>alert("x")</script>`,
		"Ærø ‑ ĳsselmeer “quotes” (haakjes) \\ backslash",
		"emoji 😀 and control \x01 char",
		strings.Repeat("Heel lange naam zonder einde ", 12),
		"",
	}
	var descs []register.Description
	for i, n := range names {
		d := desc(string(rune('a'+i)), "BS", register.StatePublished, nil)
		d.Name = n
		descs = append(descs, d)
	}
	rep := Report{Current: Compute(Input{Year: 2026, Now: day, Units: register.DemoUnits, Descriptions: descs})}

	var h bytes.Buffer
	if err := WriteHTML(&h, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.String(), "<script>alert") {
		t.Error("HTML: a name was written as markup")
	}
	if !strings.Contains(h.String(), "&lt;script&gt;alert") {
		t.Error("HTML: the escaped name is missing")
	}

	var p bytes.Buffer
	if err := WritePDF(&p, rep); err != nil {
		t.Fatal(err)
	}
	items, err := pdfItems(p.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, it := range items {
		text.WriteString(it.Text + " ")
	}
	for _, want := range []string{`<script>alert("x")</script>`, "Ærø ‑ ĳsselmeer “quotes” (haakjes) \\ backslash", "emoji ? and control ? char"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("PDF: %q not found", want)
		}
	}
}
