package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// A minimal text extractor for the PDFs fpdf writes: it finds the page objects, inflates their
// content streams and reads the text shown by "x y Td (string) Tj" (fpdf's only way of placing
// text), decoding the UTF-16BE strings of its Unicode fonts. Enough to prove what the PDF says
// without an outside tool.

// pdfItem is one piece of text on a page, at its position in points from the bottom left.
type pdfItem struct {
	Page int
	X, Y float64
	Text string
}

var (
	objRe      = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(.*?)endobj`)
	contentsRe = regexp.MustCompile(`/Contents (\d+) 0 R`)
)

// pdfItems returns every text item of the document, page by page.
func pdfItems(doc []byte) ([]pdfItem, error) {
	objs := map[int][]byte{}
	var pages []int
	for _, m := range objRe.FindAllSubmatchIndex(doc, -1) {
		n, err := strconv.Atoi(string(doc[m[2]:m[3]]))
		if err != nil {
			return nil, fmt.Errorf("object number: %w", err)
		}
		body := doc[m[4]:m[5]]
		objs[n] = body
		dict := body
		if i := bytes.Index(body, []byte("stream")); i >= 0 {
			dict = body[:i]
		}
		if bytes.Contains(dict, []byte("/Type /Page")) && !bytes.Contains(dict, []byte("/Type /Pages")) {
			pages = append(pages, n)
		}
	}
	sort.Ints(pages)
	var items []pdfItem
	for pi, pn := range pages {
		m := contentsRe.FindSubmatch(objs[pn])
		if m == nil {
			return nil, fmt.Errorf("page object %d has no /Contents", pn)
		}
		cn, _ := strconv.Atoi(string(m[1]))
		content, err := streamData(objs[cn])
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", pi+1, err)
		}
		its, err := contentText(content)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", pi+1, err)
		}
		for _, it := range its {
			it.Page = pi + 1
			items = append(items, it)
		}
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no pages")
	}
	return items, nil
}

// streamData returns the decoded data of a stream object.
func streamData(obj []byte) ([]byte, error) {
	i := bytes.Index(obj, []byte("stream"))
	j := bytes.LastIndex(obj, []byte("endstream"))
	if i < 0 || j < i {
		return nil, fmt.Errorf("not a stream")
	}
	dict, data := obj[:i], obj[i+len("stream"):j]
	data = bytes.TrimPrefix(data, []byte("\r"))
	data = bytes.TrimPrefix(data, []byte("\n"))
	if !bytes.Contains(dict, []byte("/FlateDecode")) {
		return data, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	return out, nil
}

// contentText reads the text operators of a content stream.
func contentText(c []byte) ([]pdfItem, error) {
	var items []pdfItem
	var nums []float64
	var str []byte
	haveStr := false
	var x, y float64
	for i := 0; i < len(c); {
		ch := c[i]
		switch {
		case ch == '(':
			s, n, err := pdfString(c[i:])
			if err != nil {
				return nil, err
			}
			str, haveStr = s, true
			i += n
		case ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t':
			i++
		case ch == '-' || ch == '.' || (ch >= '0' && ch <= '9'):
			j := i + 1
			for j < len(c) && (c[j] == '.' || (c[j] >= '0' && c[j] <= '9')) {
				j++
			}
			f, err := strconv.ParseFloat(string(c[i:j]), 64)
			if err != nil {
				return nil, fmt.Errorf("number %q: %w", c[i:j], err)
			}
			nums = append(nums, f)
			i = j
		case ch == '[' || ch == ']' || ch == '/' || ch == '<' || ch == '>':
			i++ // arrays, names and dictionaries carry no text fpdf shows
		default:
			j := i
			for j < len(c) && ((c[j] >= 'a' && c[j] <= 'z') || (c[j] >= 'A' && c[j] <= 'Z') || c[j] == '*' || c[j] == '\'' || c[j] == '"') {
				j++
			}
			if j == i {
				j++
			}
			switch string(c[i:j]) {
			case "Td":
				if len(nums) >= 2 {
					x, y = nums[len(nums)-2], nums[len(nums)-1]
				}
			case "Tj":
				if haveStr {
					items = append(items, pdfItem{X: x, Y: y, Text: decodeUTF16(str)})
				}
			}
			nums, haveStr = nums[:0], false
			i = j
		}
	}
	return items, nil
}

// pdfString reads a literal string at the start of c, returning its bytes and the length read.
func pdfString(c []byte) ([]byte, int, error) {
	var out []byte
	depth := 0
	for i := 0; i < len(c); i++ {
		switch ch := c[i]; ch {
		case '(':
			if depth > 0 {
				out = append(out, ch)
			}
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, i + 1, nil
			}
			out = append(out, ch)
		case '\\':
			i++
			if i >= len(c) {
				return nil, 0, fmt.Errorf("string ends in an escape")
			}
			switch e := c[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			default:
				if e >= '0' && e <= '7' {
					v, k := 0, 0
					for ; k < 3 && i+k < len(c) && c[i+k] >= '0' && c[i+k] <= '7'; k++ {
						v = v*8 + int(c[i+k]-'0')
					}
					out = append(out, byte(v))
					i += k - 1
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, ch)
		}
	}
	return nil, 0, fmt.Errorf("unterminated string")
}

func decodeUTF16(b []byte) string {
	if len(b)%2 != 0 {
		return string(b)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

// pdfLine is the text items on one baseline of a page, left to right.
type pdfLine struct {
	Page  int
	Y     float64
	Cells []string
	Xs    []float64
}

// pdfLines groups items into lines (same page, same baseline), top to bottom; only items with
// minX <= x < maxX count.
func pdfLines(items []pdfItem, minX, maxX float64) []pdfLine {
	type key struct {
		page int
		y    int64
	}
	groups := map[key][]pdfItem{}
	var keys []key
	for _, it := range items {
		if it.X < minX || it.X >= maxX || strings.TrimSpace(it.Text) == "" {
			continue
		}
		k := key{it.Page, int64(math.Round(it.Y * 10))}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], it)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].page != keys[j].page {
			return keys[i].page < keys[j].page
		}
		return keys[i].y > keys[j].y
	})
	var lines []pdfLine
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return g[i].X < g[j].X })
		l := pdfLine{Page: k.page, Y: float64(k.y) / 10}
		for _, it := range g {
			l.Cells = append(l.Cells, it.Text)
			l.Xs = append(l.Xs, it.X)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestPDFString(t *testing.T) {
	tests := []struct {
		in   string
		want string
		n    int
	}{
		{`(abc)Tj`, "abc", 5},
		{`(a\(b\)c)`, "a(b)c", 9},
		{`(a(b)c)`, "a(b)c", 7},
		{`(\101\\)`, "A\\", 8},
		{`(x\ry)`, "x\ry", 6},
	}
	for _, tt := range tests {
		got, n, err := pdfString([]byte(tt.in))
		if err != nil || string(got) != tt.want || n != tt.n {
			t.Errorf("pdfString(%q) = %q, %d, %v; want %q, %d", tt.in, got, n, err, tt.want, tt.n)
		}
	}
	if _, _, err := pdfString([]byte(`(abc`)); err == nil {
		t.Error("unterminated string: no error")
	}
}

func TestPDFItemsUncompressedEqualsCompressed(t *testing.T) {
	rep := seedReport(t, 60)
	var a, b bytes.Buffer
	if err := writePDF(&a, rep, pdfOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := writePDF(&b, rep, pdfOptions{uncompressed: true}); err != nil {
		t.Fatal(err)
	}
	ia, err := pdfItems(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	ib, err := pdfItems(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(ia) == 0 || len(ia) != len(ib) {
		t.Fatalf("compressed %d items, uncompressed %d", len(ia), len(ib))
	}
	for i := range ia {
		if ia[i] != ib[i] {
			t.Fatalf("item %d: %+v != %+v", i, ia[i], ib[i])
		}
	}
	// Sanity: the extractor reads Dutch diacritics.
	found := false
	for _, it := range ia {
		if strings.Contains(it.Text, "Geïnventariseerd") {
			found = true
			break
		}
	}
	if !found {
		t.Error("the text \"Geïnventariseerd\" was not found in the PDF")
	}
}

// FuzzContentText feeds arbitrary content streams to the extractor: it must never panic.
func FuzzContentText(f *testing.F) {
	f.Add([]byte("BT 42.52 800.00 Td (\x00H\x00i)Tj ET"))
	f.Add([]byte("BT 1 2 Td (a\\(b)Tj ET q 0 0 1 rg 10 10 5 5 re f Q"))
	f.Add([]byte("BT 0 Tw 1 2 Td [(a) -3.5(b)] TJ ET"))
	f.Add([]byte("(\\777"))
	f.Fuzz(func(t *testing.T, c []byte) {
		items, err := contentText(c)
		if err == nil {
			for _, it := range items {
				_ = it.Text
			}
		}
	})
}
