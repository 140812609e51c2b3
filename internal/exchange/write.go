// Package exchange reads and writes algorithm descriptions in the formats the register
// exchanges: the national register's CSV download (every standard version), its XLSX layout,
// JSON arrays of v1.0 objects, the national site data, and the register's own full export.
package exchange

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// utf8BOM starts every CSV file we write: Excel needs it to read UTF-8.
const utf8BOM = "\uFEFF"

// InternalColumns are the internal fields that follow the v1.0 columns in the full export.
var InternalColumns = []string{
	"algorithm_id", "unit", "classification", "state", "revision", "owners", "internal_notes",
	"impact_on_citizens", "publication_category_override", "publication_dt", "published_revision",
	"public_id", "created_at", "created_by", "updated_at", "updated_by",
}

// SafeCell defuses CSV injection (OWASP "CSV Injection"): a cell that starts with = + - @,
// a tab or a carriage return would be read as a formula by a spreadsheet, so it gets a leading
// apostrophe, which spreadsheets show as text. A value that already starts with apostrophes
// before such a character gets one more, so UnsafeCell can always undo exactly what was added.
func SafeCell(s string) string {
	t := strings.TrimLeft(s, "'")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// UnsafeCell undoes SafeCell.
func UnsafeCell(s string) string {
	t := strings.TrimLeft(s, "'")
	if len(t) < len(s) && t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return s[1:]
	}
	return s
}

// writeQuoted writes one CSV record with every value quoted (encoding/csv quotes only when
// needed; the national download quotes everything).
func writeQuoted(w *bufio.Writer, rec []string) error {
	for i, v := range rec {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteByte('"')
		w.WriteString(strings.ReplaceAll(v, `"`, `""`))
		w.WriteByte('"')
	}
	_, err := w.WriteString("\r\n")
	return err
}

// JoinCategories joins themes as the national download does.
func JoinCategories(cs []string) string { return strings.Join(cs, ", ") }

// JoinLinks joins a grouping as the national download does: "1: title, link. 2: title, link".
func JoinLinks(ls []register.Link) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = fmt.Sprintf("%d: %s, %s", i+1, l.Title, l.Link)
	}
	return strings.Join(parts, ". ")
}

// nationalFields is standard.Fields once: nationalValues runs for every row of a download, and
// the copy per row was a large share of a publication run's allocations. Read only.
var nationalFields = standard.Fields()

// nationalValues returns the v1.0 values of s as text for the national download layouts:
// HTML stripped, lists joined.
func nationalValues(s *register.Standard) []string {
	fs := nationalFields
	out := make([]string, len(fs))
	for i, f := range fs {
		switch {
		case f.Kind == standard.KindCategories:
			out[i] = JoinCategories(s.Category)
		case f.Kind == standard.KindLinks:
			out[i] = JoinLinks(*standard.LinksField(s, f.Name))
		default:
			v := *standard.StringField(s, f.Name)
			if f.HTML || strings.ContainsAny(v, "<&") {
				v = standard.StripHTML(v)
			}
			out[i] = v
		}
	}
	return out
}

// WriteNationalCSV writes items in the national register's download layout: UTF-8 with a BOM,
// a header of v1.0 machine names, every value quoted, HTML stripped, lists joined as the
// national download joins them, and cells made safe against CSV injection (SafeCell).
func WriteNationalCSV(w io.Writer, items []register.Standard) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(utf8BOM)
	if err := writeQuoted(bw, standard.Names()); err != nil {
		return fmt.Errorf("csv schrijven: %w", err)
	}
	for i := range items {
		rec := nationalValues(&items[i])
		for j := range rec {
			rec[j] = SafeCell(rec[j])
		}
		if err := writeQuoted(bw, rec); err != nil {
			return fmt.Errorf("csv schrijven: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv schrijven: %w", err)
	}
	return nil
}

// NationalSheet is the sheet name of the national XLSX layout.
const NationalSheet = "Algoritmes"

// WriteNationalXLSX writes items in the national register's XLSX layout: one column per
// description, one row per v1.0 field, the schema's Dutch title as the row label in column A.
// Values are plain text (HTML stripped) written as strings, never as formulas.
func WriteNationalXLSX(w io.Writer, items []register.Standard) error {
	f := excelize.NewFile()
	defer f.Close()
	err := eachSheet(f, len(items), func(name string, start, end int) error {
		values := make([][]string, 0, end-start)
		for i := start; i < end; i++ {
			values = append(values, nationalValues(&items[i]))
		}
		return writeColumnsSheet(f, name, nationalTitles(), values)
	})
	if err != nil {
		return err
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx schrijven: %w", err)
	}
	return nil
}

// eachSheet names the sheets of the national layout for n descriptions — "Algoritmes", then
// "Algoritmes 2", … since a sheet holds 16,384 columns — and calls write for each with its range.
func eachSheet(f *excelize.File, n int, write func(name string, start, end int) error) error {
	for sheet, start := 1, 0; sheet == 1 || start < n; sheet, start = sheet+1, start+nationalSheetColumns {
		name := NationalSheet
		if sheet > 1 {
			name = fmt.Sprintf("%s %d", NationalSheet, sheet)
			if _, err := f.NewSheet(name); err != nil {
				return fmt.Errorf("xlsx: %w", err)
			}
		} else if err := f.SetSheetName("Sheet1", name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if err := write(name, start, min(start+nationalSheetColumns, n)); err != nil {
			return err
		}
	}
	return nil
}

// nationalSheetColumns is how many descriptions one sheet of the national layout holds (column A
// holds the field titles; a sheet has 16,384 columns).
const nationalSheetColumns = 16000

// nationalTitles are the Dutch row labels of the national layout, in field order.
func nationalTitles() []string {
	var out []string
	for _, fd := range standard.Fields() {
		out = append(out, fd.Title)
	}
	return out
}

// writeColumnsSheet writes one sheet with the labels down column A and one column of values per
// description.
func writeColumnsSheet(f *excelize.File, name string, labels []string, values [][]string) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// Only column A gets a width: a width per description column makes excelize look up every
	// column for every cell, quadratic in the register's size.
	if err := sw.SetColWidth(1, 1, 32); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for r, label := range labels {
		row := make([]any, 1+len(values))
		row[0] = label
		for i := range values {
			row[1+i] = values[i][r]
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(cell, row); err != nil {
			return fmt.Errorf("xlsx rij %d: %w", r+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// MarkingPrefix starts the marking line of a full CSV export.
const MarkingPrefix = "Rubricering van deze export: "

// markingOf is the highest classification among ds.
func markingOf(ds []register.Description) register.Level {
	l := register.Ongerubriceerd
	for i := range ds {
		l = register.Highest(l, ds[i].Classification)
	}
	return l
}

// InternalLabels are the Dutch row labels of the internal fields in the full XLSX export.
var InternalLabels = map[string]string{
	"algorithm_id": "Intern: id", "unit": "Intern: eenheid", "classification": "Intern: rubricering",
	"state": "Intern: workflowstatus", "revision": "Intern: versie", "owners": "Intern: eigenaren",
	"internal_notes": "Intern: toelichting", "impact_on_citizens": "Intern: impact op burgers",
	"publication_category_override": "Intern: motivering afwijkende categorie", "publication_dt": "Intern: gepubliceerd op",
	"published_revision": "Intern: gepubliceerde versie", "public_id": "Intern: publieke id",
	"created_at": "Intern: aangemaakt op", "created_by": "Intern: aangemaakt door",
	"updated_at": "Intern: gewijzigd op", "updated_by": "Intern: gewijzigd door",
}

// fullHeader is the header of the full internal export: v1.0 columns, then the internal ones.
func fullHeader() []string { return append(standard.Names(), InternalColumns...) }

// fullRecord is one description in the full export: HTML kept, groupings and owners as JSON
// so that nothing is lost on re-import.
func fullRecord(d *register.Description) ([]string, error) {
	var rec []string
	for _, f := range standard.Fields() {
		switch f.Kind {
		case standard.KindCategories:
			rec = append(rec, JoinCategories(d.Category))
		case standard.KindLinks:
			ls := *standard.LinksField(&d.Standard, f.Name)
			if len(ls) == 0 {
				rec = append(rec, "")
				continue
			}
			b, err := json.Marshal(ls)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			rec = append(rec, string(b))
		default:
			rec = append(rec, *standard.StringField(&d.Standard, f.Name))
		}
	}
	owners := ""
	if len(d.Owners) > 0 {
		b, err := json.Marshal(d.Owners)
		if err != nil {
			return nil, fmt.Errorf("owners: %w", err)
		}
		owners = string(b)
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	rec = append(rec, d.ID, d.Unit, string(d.Classification), string(d.State), strconv.Itoa(d.Revision), owners,
		d.InternalNotes, strconv.FormatBool(d.ImpactOnCitizens), d.PublicationCategoryOverride, d.PublicationDT,
		strconv.Itoa(d.PublishedRevision), d.PublicID, ts(d.CreatedAt), d.CreatedBy, ts(d.UpdatedAt), d.UpdatedBy)
	return rec, nil
}

// WriteCSV writes the full internal export: the v1.0 columns with HTML kept, then
// InternalColumns; groupings and owners as JSON; UTF-8 with a BOM, every value quoted, cells
// made safe against CSV injection. Parse reads it back without loss.
func WriteCSV(w io.Writer, ds []register.Description) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(utf8BOM)
	// The first line marks the export with the highest classification it contains, as every
	// document of the register is marked; the importer skips it.
	if err := writeQuoted(bw, []string{MarkingPrefix + markingOf(ds).Label()}); err != nil {
		return fmt.Errorf("csv schrijven: %w", err)
	}
	if err := writeQuoted(bw, fullHeader()); err != nil {
		return fmt.Errorf("csv schrijven: %w", err)
	}
	for i := range ds {
		rec, err := fullRecord(&ds[i])
		if err != nil {
			return fmt.Errorf("csv %s: %w", ds[i].ID, err)
		}
		for j := range rec {
			rec[j] = SafeCell(rec[j])
		}
		if err := writeQuoted(bw, rec); err != nil {
			return fmt.Errorf("csv schrijven: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("csv schrijven: %w", err)
	}
	return nil
}

// WriteJSON writes the full internal export as a JSON array of v1.0 objects with the internal
// fields beside them (the Description's own JSON form).
func WriteJSON(w io.Writer, ds []register.Description) error {
	if ds == nil {
		ds = []register.Description{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ds); err != nil {
		return fmt.Errorf("json schrijven: %w", err)
	}
	return nil
}

// WriteXLSX writes the full internal export in the national layout: one column per description,
// the Dutch field titles down column A, then the internal fields under Dutch labels ("Intern: …",
// InternalLabels), with the same values as WriteCSV; past 16,000 descriptions on further sheets.
func WriteXLSX(w io.Writer, ds []register.Description) error {
	labels := nationalTitles()
	for _, c := range InternalColumns {
		labels = append(labels, InternalLabels[c])
	}
	mark := "&C&B" + strings.ToUpper(markingOf(ds).Label())
	f := excelize.NewFile()
	defer f.Close()
	err := eachSheet(f, len(ds), func(name string, start, end int) error {
		values := make([][]string, 0, end-start)
		for i := start; i < end; i++ {
			rec, err := fullRecord(&ds[i])
			if err != nil {
				return fmt.Errorf("xlsx %s: %w", ds[i].ID, err)
			}
			values = append(values, rec)
		}
		if err := writeColumnsSheet(f, name, labels, values); err != nil {
			return err
		}
		// every printed page carries the marking at top and bottom
		if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddHeader: mark, OddFooter: mark}); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Algoritmeregister Defensie — volledige export", Category: markingOf(ds).Label()}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx schrijven: %w", err)
	}
	return nil
}
