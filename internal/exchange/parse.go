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
	return ParseBytes(name, b, progress)
}

// ParseBytes is Parse on input already in memory; b is not copied, and must not change
// while the records are converted.
func ParseBytes(name string, b []byte, progress func(done, total int)) ([]Record, error) {
	src, err := prepare(name, b, progress)
	if err != nil {
		return nil, err
	}
	return src.all(progress), nil
}

// Prepare does everything Parse does to find out whether the input as a whole is usable
// (recognising the format, reading the whole of it, checking JSON syntax), and returns its
// records unconverted where converting them is the larger part of the work (a JSON array):
// Source.Record converts one when asked, so an import can convert and store them side by
// side. The error is Parse's. b is not copied, and must not change while the Source is used.
func Prepare(name string, b []byte) (*Source, error) { return prepare(name, b, nil) }

// prepare is Prepare; progress, when not nil, is told of the records CSV and XLSX convert.
func prepare(name string, b []byte, progress func(done, total int)) (*Source, error) {
	if bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		recs, err := parseXLSX(name, b, progress)
		return &Source{recs: recs}, err
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
		return prepareJSON(name, t)
	}
	recs, err := parseCSV(name, b, progress)
	return &Source{recs: recs}, err
}

// Source is a usable import file (see Prepare): its records by position.
type Source struct {
	recs     []Record          // converted by Prepare (CSV, XLSX)
	items    []json.RawMessage // JSON elements, converted by Record
	overview bool              // the items are the national overview's
}

// Len is the number of records.
func (s *Source) Len() int {
	if s.items != nil {
		return len(s.items)
	}
	return len(s.recs)
}

// Record returns record i (0 <= i < Len()), converting it if need be: Parse's record i. It is
// safe to call from several goroutines at once.
func (s *Source) Record(i int) Record {
	if s.items != nil {
		return jsonRecord(i, s.items[i], s.overview)
	}
	return s.recs[i]
}

// all converts every record, the work spread over the processors; the order is kept.
func (s *Source) all(progress func(done, total int)) []Record {
	if s.items == nil {
		return s.recs // converted, progress told, by prepare
	}
	n := len(s.items)
	out := make([]Record, n)
	var done atomic.Int64
	var progressMu sync.Mutex // the caller's progress function need not be safe for concurrent use
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				out[i] = s.Record(i)
				if n := int(done.Add(1)); progress != nil && (n == len(out) || n%500 == 0) {
					progressMu.Lock()
					report(progress, n, len(out))
					progressMu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
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

func prepareJSON(name string, b []byte) (*Source, error) {
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
	} else if items = splitArray(b); items == nil {
		// not a plainly valid array: json.Unmarshal decides, and words the error
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, unusable(name, "geen geldige JSON: %v", err)
		}
	}
	if items == nil {
		items = []json.RawMessage{} // an empty array: no records, a JSON source still
	}
	return &Source{items: items, overview: overview}, nil
}

// splitArray returns the elements of the JSON array b (surrounding whitespace allowed), or
// nil when b is not a valid JSON array (or an empty one). It finds the elements' bounds in one
// quick pass over the bytes and checks each element's syntax on every processor: a 300 MB
// file takes a fraction of the time json.Unmarshal into []json.RawMessage takes on one.
func splitArray(b []byte) []json.RawMessage {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	trim := func(p []byte) []byte {
		for len(p) > 0 && isSpace(p[0]) {
			p = p[1:]
		}
		for len(p) > 0 && isSpace(p[len(p)-1]) {
			p = p[:len(p)-1]
		}
		return p
	}
	b = trim(b)
	if len(b) < 2 || b[0] != '[' || b[len(b)-1] != ']' {
		return nil
	}
	var items []json.RawMessage
	depth, start, inString, closed := 0, 1, false, false
	for i := 1; i < len(b); i++ {
		c := b[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}':
			depth--
		case ']':
			if depth > 0 {
				depth--
				continue
			}
			if i != len(b)-1 {
				return nil // the array ends before the input does
			}
			el := trim(b[start:i])
			if len(el) == 0 {
				if len(items) == 0 {
					return nil // [] has no elements: left to json.Unmarshal
				}
				return nil // a comma before ]
			}
			items = append(items, el)
			closed = true
		case ',':
			if depth == 0 {
				el := trim(b[start:i])
				if len(el) == 0 {
					return nil
				}
				items = append(items, el)
				start = i + 1
			}
		}
		if depth < 0 {
			return nil
		}
	}
	if !closed || len(items) == 0 || inString || depth != 0 {
		return nil
	}
	// Each element must be one valid JSON value; with the commas and brackets found above, the
	// whole is then a valid array.
	var bad atomic.Bool
	var wg sync.WaitGroup
	workers := max(1, runtime.GOMAXPROCS(0))
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(items) && !bad.Load(); i += workers {
				if !json.Valid(items[i]) {
					bad.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if bad.Load() {
		return nil
	}
	return items
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
