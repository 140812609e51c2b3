package exchange

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// Record is one description read from an import file.
type Record struct {
	// Index locates the record in the file: the CSV line number where the record starts (the
	// header is line 1), the JSON array index (from 0), the XLSX row number of a table, or the
	// description's number (from 1, column B = 1) in the national XLSX layout.
	Index int
	// Desc is the description, sanitised; its State is concept when required fields are missing.
	Desc register.Description
	// Problems are invalid values: the record must be rejected.
	Problems []register.FieldProblem
	// Warnings are what the importer changed or could not take over (missing required fields,
	// legacy fields without a v1.0 place, values it normalised while leaving something out).
	Warnings []register.FieldProblem
}

// Importable reports whether the record has no problems.
func (r *Record) Importable() bool { return len(r.Problems) == 0 }

// ErrUnusable is wrapped by Parse's error for input that is not a register file at all.
var ErrUnusable = errors.New("onbruikbare invoer")

func unusable(name, format string, args ...any) error {
	return fmt.Errorf("%s: %w: %s", name, ErrUnusable, fmt.Sprintf(format, args...))
}

// Parse reads descriptions from r, recognising the format by content (not by name, which only
// labels errors): the national register's CSV download of any standard version, the full
// internal CSV export, a JSON array of description objects, the national site data
// ({"algoritme_versions": [...]}) and overview ({"algoritmes": [...]}), and XLSX in the
// national layout or as a table. progress, when not nil, is called as records are converted.
// An error (wrapping ErrUnusable) means the input as a whole is unusable; problems with single
// records are in their Record.
func Parse(name string, r io.Reader, progress func(done, total int)) ([]Record, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s lezen: %w", name, err)
	}
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return parseXLSX(name, b, progress)
	}
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 {
		return nil, unusable(name, "het bestand is leeg")
	}
	if !utf8.Valid(b) {
		return nil, unusable(name, "het bestand is geen UTF-8-tekst, CSV, JSON of XLSX")
	}
	switch t[0] {
	case '[', '{':
		return parseJSON(name, t, progress)
	}
	return parseCSV(name, b, progress)
}

// source is one record's values under lower-case column or key names: strings from CSV and
// XLSX, any JSON value from JSON.
type source map[string]any

// rowsToRecords turns table rows (header first) into records.
func rowsToRecords(name string, header []string, rows [][]string, index []int, progress func(int, int)) ([]Record, error) {
	cols := make([]string, len(header))
	known := 0
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, utf8BOM)))
		if isKnownColumn(cols[i]) {
			known++
		}
	}
	if known < 2 || !hasColumn(cols, "name") && !hasColumn(cols, "naam") {
		return nil, unusable(name, "geen herkenbare kolommen van het algoritmeregister (verwacht onder meer ‘name’)")
	}
	out := make([]Record, 0, len(rows))
	for i, row := range rows {
		src := make(source, len(cols))
		for j, c := range cols {
			if c == "" || j >= len(row) {
				continue
			}
			src[c] = UnsafeCell(row[j])
		}
		out = append(out, convert(index[i], src, true))
		report(progress, i+1, len(rows))
	}
	return out, nil
}

func report(progress func(int, int), done, total int) {
	if progress != nil && (done == total || done%500 == 0) {
		progress(done, total)
	}
}

func hasColumn(cols []string, c string) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}

func parseCSV(name string, b []byte, progress func(int, int)) ([]Record, error) {
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, unusable(name, "geen CSV-kop te lezen: %v", err)
	}
	if len(header) == 1 && strings.HasPrefix(strings.TrimPrefix(header[0], "\ufeff"), MarkingPrefix) {
		// our full export's marking line
		if header, err = cr.Read(); err != nil {
			return nil, unusable(name, "geen CSV-kop te lezen: %v", err)
		}
	}
	if len(header) == 1 && strings.Count(header[0], ";") > 1 {
		cr = csv.NewReader(bytes.NewReader(b))
		cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = ';', -1, true
		header, _ = cr.Read()
	}
	var rows [][]string
	var index []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, unusable(name, "CSV onleesbaar: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		rows = append(rows, rec)
		index = append(index, line)
	}
	return rowsToRecords(name, header, rows, index, progress)
}

func parseJSON(name string, b []byte, progress func(int, int)) ([]Record, error) {
	var items []json.RawMessage
	overview := false
	if b[0] == '{' {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return nil, unusable(name, "geen geldige JSON: %v", err)
		}
		switch {
		case obj["algoritme_versions"] != nil:
			if err := json.Unmarshal(obj["algoritme_versions"], &items); err != nil {
				return nil, unusable(name, "algoritme_versions is geen lijst: %v", err)
			}
		case obj["algoritmes"] != nil:
			if err := json.Unmarshal(obj["algoritmes"], &items); err != nil {
				return nil, unusable(name, "algoritmes is geen lijst: %v", err)
			}
			overview = true
		case obj["name"] != nil:
			items = []json.RawMessage{b}
		default:
			return nil, unusable(name, "JSON-object zonder ‘algoritme_versions’, ‘algoritmes’ of ‘name’")
		}
	} else if err := json.Unmarshal(b, &items); err != nil {
		return nil, unusable(name, "geen geldige JSON: %v", err)
	}
	// Each record is decoded and converted on its own, so the work is spread over the processors;
	// the order of the records is kept.
	out := make([]Record, len(items))
	var done atomic.Int64
	var progressMu sync.Mutex // the caller's progress function need not be safe for concurrent use
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				out[i] = jsonRecord(i, items[i], overview)
				if n := int(done.Add(1)); progress != nil && (n == len(items) || n%500 == 0) {
					progressMu.Lock()
					report(progress, n, len(items))
					progressMu.Unlock()
				}
			}
		})
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
}

// jsonRecord converts one element of a JSON array.
func jsonRecord(i int, raw json.RawMessage, overview bool) Record {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return Record{Index: i, Problems: []register.FieldProblem{{Name: "(record)", Reason: "is geen JSON-object met velden"}}}
	}
	src := make(source, len(m))
	for k, v := range m {
		src[strings.ToLower(k)] = v
	}
	if overview {
		src = fromOverview(src)
	}
	return convert(i, src, false)
}

// fromOverview maps the national overview's Dutch keys onto v1.0 names.
func fromOverview(s source) source {
	out := source{}
	ren := map[string]string{"title": "name", "organisatie": "organization", "doel": "goal", "status": "status",
		"juridische_basis": "lawful_basis", "id": "lars", "url": "url"}
	for k, v := range s {
		if n, ok := ren[k]; ok {
			out[n] = v
			continue
		}
		switch k {
		case "geregistreerd", "toegevoegd": // register bookkeeping, not description content
		case "impactassessment":
			out["overview_impactassessment"] = v
		default:
			out[k] = v
		}
	}
	return out
}

// The bounds on a workbook's unpacked size: far above a register of 100,000 descriptions in the
// national layout, far below what would hurt the server.
const (
	xlsxUnzipLimit = 1 << 30
	xlsxXMLLimit   = 256 << 20
)

func parseXLSX(name string, b []byte, progress func(int, int)) ([]Record, error) {
	// A workbook is a zip: bound what it may unpack to, so a crafted file cannot exhaust memory.
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: xlsxUnzipLimit, UnzipXMLSizeLimit: xlsxXMLLimit})
	if err != nil {
		return nil, unusable(name, "geen leesbaar XLSX-bestand: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, unusable(name, "XLSX zonder werkblad")
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, unusable(name, "XLSX onleesbaar: %v", err)
	}
	if len(rows) == 0 {
		return nil, unusable(name, "het werkblad is leeg")
	}
	// The national layout has the field titles (or machine names) down column A. The title
	// "Impacttoetsen" (impacttoetsen_grouping) equals a machine name but for its capital, so
	// exact titles are looked up first.
	byTitle, byLower := map[string]string{}, map[string]string{}
	for _, f := range standard.Fields() {
		byLower[strings.ToLower(f.Title)] = f.Name
	}
	for _, f := range standard.Fields() {
		byTitle[f.Title] = f.Name
		byLower[f.Name] = f.Name
	}
	for name, label := range InternalLabels {
		byTitle[label] = name
	}
	fieldOf := func(label string) string {
		label = strings.TrimSpace(label)
		if n := byTitle[label]; n != "" {
			return n
		}
		return byLower[strings.ToLower(label)]
	}
	labelled := 0
	for _, r := range rows {
		if len(r) > 0 && fieldOf(r[0]) != "" {
			labelled++
		}
	}
	if labelled >= 2 && labelled*2 >= len(rows) {
		// A large register continues on further sheets of the same layout.
		var out []Record
		for si, sheet := range sheets {
			if si > 0 {
				if rows, err = f.GetRows(sheet); err != nil {
					return nil, unusable(name, "XLSX onleesbaar: %v", err)
				}
				if len(rows) == 0 || fieldOf(rows[0][0]) == "" {
					continue
				}
			}
			out = append(out, nationalColumns(rows, fieldOf, len(out), progress)...)
		}
		return out, nil
	}
	index := make([]int, len(rows)-1)
	for i := range index {
		index[i] = i + 2
	}
	return rowsToRecords(name, rows[0], rows[1:], index, progress)
}

// nationalColumns reads one sheet of the national layout: a description per column after A.
// Records are numbered on from offset, so each has one number across sheets.
func nationalColumns(rows [][]string, fieldOf func(string) string, offset int, progress func(int, int)) []Record {
	{
		width := 0
		for _, r := range rows {
			width = max(width, len(r))
		}
		var out []Record
		for c := 1; c < width; c++ {
			src := source{}
			for _, r := range rows {
				if len(r) == 0 || c >= len(r) {
					continue
				}
				label := strings.ToLower(strings.TrimSpace(r[0]))
				if n := fieldOf(r[0]); n != "" {
					src[n] = r[c]
				} else if label != "" {
					src[label] = r[c]
				}
			}
			out = append(out, convert(offset+c, src, true))
			report(progress, c, width-1)
		}
		return out
	}
}
