package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/defensie/algoreg/internal/register"
)

// The consistency test: every figure the report shows, in HTML, PDF and CSV, equals a count
// made here directly over the seeded register, written independently of Compute: one predicate
// per figure, counted over the descriptions of each unit.

type pred func(d register.Description, in Input) bool

func live(d register.Description) bool { return d.State != register.StateArchived }

func isPub(d register.Description) bool {
	switch d.State {
	case register.StatePublished:
		return true
	case register.StateWithdrawn, register.StateArchived:
		return false
	}
	return d.PublishedRevision > 0
}

func decision(d register.Description, in Input) string {
	a, ok := in.Assessments[d.ID]
	if !ok {
		return ""
	}
	switch d.State {
	case register.StateApproved, register.StatePublished, register.StateNotPublished, register.StateWithdrawn:
		return a.Decision
	}
	if d.PublishedRevision > 0 {
		return a.Decision
	}
	return ""
}

func cat(d register.Description) string {
	if d.PublicationCategory == "" {
		return "niet bepaald"
	}
	return d.PublicationCategory
}

// expectedPreds are the figure definitions, restated plainly.
func expectedPreds() map[string]pred {
	p := map[string]pred{
		"inventoried":   func(d register.Description, in Input) bool { return live(d) },
		"new_this_year": func(d register.Description, in Input) bool { return live(d) && d.CreatedAt.Year() == in.Year },
		"impact_on_citizens": func(d register.Description, in Input) bool {
			if !live(d) {
				return false
			}
			if c, ok := in.Classifications[d.ID]; ok {
				return c.Facts.ImpactOnCitizens
			}
			return d.ImpactOnCitizens
		},
		"classified": func(d register.Description, in Input) bool {
			_, ok := in.Classifications[d.ID]
			return live(d) && ok
		},
		"assessed": func(d register.Description, in Input) bool {
			return live(d) && in.Assessments[d.ID].Decision != ""
		},
		"decided":         func(d register.Description, in Input) bool { return live(d) && decision(d, in) != "" },
		"decided_full":    func(d register.Description, in Input) bool { return live(d) && decision(d, in) == "publish_full" },
		"decided_partial": func(d register.Description, in Input) bool { return live(d) && decision(d, in) == "publish_partial" },
		"decided_not":     func(d register.Description, in Input) bool { return live(d) && decision(d, in) == "do_not_publish" },
		"published":       func(d register.Description, in Input) bool { return live(d) && isPub(d) },
		"not_published":   func(d register.Description, in Input) bool { return live(d) && !isPub(d) },
		"high_risk":       func(d register.Description, in Input) bool { return live(d) && cat(d) == "Hoog-risico AI-systeem" },
		"high_risk_published": func(d register.Description, in Input) bool {
			return live(d) && cat(d) == "Hoog-risico AI-systeem" && isPub(d)
		},
		"high_risk_not_published": func(d register.Description, in Input) bool {
			return live(d) && cat(d) == "Hoog-risico AI-systeem" && !isPub(d)
		},
		"reviews_due": func(d register.Description, in Input) bool {
			a := in.Assessments[d.ID]
			return live(d) && a.Decision != "" && a.ReviewOn != "" && a.ReviewOn <= in.Now.Format("2006-01-02")
		},
		"archived": func(d register.Description, in Input) bool { return !live(d) },
	}
	for _, s := range []string{"In ontwikkeling", "In gebruik", "Buiten gebruik", ""} {
		key := "status:" + s
		if s == "" {
			key = "status:onbekend"
		}
		p[key] = func(d register.Description, in Input) bool { return live(d) && d.Status == s }
	}
	for _, c := range []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes", "niet bepaald"} {
		p["category:"+c] = func(d register.Description, in Input) bool { return live(d) && cat(d) == c }
		p["published_in_category:"+c] = func(d register.Description, in Input) bool { return live(d) && cat(d) == c && isPub(d) }
	}
	for _, s := range []string{"concept", "submitted", "assessed", "approved", "not_published", "published", "withdrawn"} {
		p["state:"+s] = func(d register.Description, in Input) bool { return live(d) && string(d.State) == s }
	}
	return p
}

// expectedFigures counts every figure for every unit ("" = total) and the total-only figures.
func expectedFigures(in Input) map[ref]int {
	want := map[ref]int{}
	units := map[string]bool{"": true}
	for _, u := range in.Units {
		units[u.Code] = true
	}
	for _, d := range in.Descriptions {
		units[d.Unit] = true
	}
	for key, p := range expectedPreds() {
		for u := range units {
			n := 0
			for _, d := range in.Descriptions {
				if (u == "" || d.Unit == u) && p(d, in) {
					n++
				}
			}
			want[ref{u, key}] = n
		}
	}
	for _, d := range in.Descriptions {
		if !live(d) {
			continue
		}
		a := in.Assessments[d.ID]
		switch decision(d, in) {
		case "do_not_publish":
			seen := map[string]bool{}
			for _, g := range a.Grounds {
				if !seen[g] {
					seen[g] = true
					want[ref{"", "not_published_ground:" + g}]++
				}
			}
		case "publish_partial":
			seen := map[string]bool{}
			gs := append([]string(nil), a.Grounds...)
			for _, f := range a.Fields {
				if f.Action == "redact" || f.Action == "omit" {
					gs = append(gs, f.Ground)
				}
			}
			for _, g := range gs {
				if !seen[g] {
					seen[g] = true
					want[ref{"", "partial_ground:" + g}]++
				}
			}
		}
	}
	if in.Round != nil {
		want[ref{"", "round_units"}] = len(in.Round.Units)
		for _, u := range in.Round.Units {
			if u.Complete {
				want[ref{"", "round_complete"}]++
			}
		}
	}
	return want
}

func atoiDutch(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), ".", ""))
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// checkFigure asserts one shown figure; it records which figures were checked.
func checkFigure(t *testing.T, where string, want map[ref]int, seen map[ref]bool, r ref, got int) {
	t.Helper()
	w, ok := want[r]
	if !ok && got == 0 && strings.Contains(r.Key, "_ground:") {
		ok = true // a ground used only in the previous report
	}
	if !ok {
		t.Errorf("%s: unexpected figure %q of unit %q = %d", where, r.Key, r.Unit, got)
		return
	}
	if got != w {
		t.Errorf("%s: figure %q of unit %q = %d, counted %d", where, r.Key, r.Unit, got, w)
	}
	seen[r] = true
}

// mustCover asserts that every figure of every unit (and every total-only one) was shown.
func mustCover(t *testing.T, where string, want map[ref]int, seen map[ref]bool, except func(ref) bool) {
	t.Helper()
	var missing []string
	for r := range want {
		if !seen[r] && !except(r) {
			missing = append(missing, r.Unit+"/"+r.Key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%s: %d figures not shown: %v", where, len(missing), missing)
	}
}

// chartOnly are figures shown only in charts (and their tables), not in the per-unit table.
func chartOnly(r ref) bool {
	return strings.HasPrefix(r.Key, "published_in_category:") || r.Key == "not_published" || r.Key == "high_risk_not_published"
}

// notShown are figures that exist in the expected counts but that no chart shows per unit.
func notShown(r ref) bool {
	return r.Unit != "" && (strings.HasPrefix(r.Key, "published_in_category:") || r.Key == "high_risk_not_published")
}

func seeded(t *testing.T, n int, seed int64) (Input, Report) {
	t.Helper()
	in := seedInput(t, n, seed)
	rep := seedReport(t, n)
	rep.Current = Compute(in)
	return in, rep
}

func TestConsistencyCSV(t *testing.T) {
	for _, seed := range []int64{1, 4} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			in, rep := seeded(t, 1500, seed)
			want := expectedFigures(in)
			var buf bytes.Buffer
			if err := WriteCSV(&buf, rep); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") {
				t.Fatalf("header %v", recs[0])
			}
			seen := map[ref]bool{}
			for _, rec := range recs[1:] {
				unit := rec[0]
				if unit == TotalUnit {
					unit = ""
				}
				checkFigure(t, "CSV", want, seen, ref{unit, rec[1]}, atoiDutch(t, rec[3]))
				if rec[5] != string(rep.Marking()) {
					t.Errorf("CSV row %v: marking %q, want %q", rec[:2], rec[5], rep.Marking())
				}
			}
			mustCover(t, "CSV", want, seen, chartOnly)
		})
	}
}

func TestConsistencyHTML(t *testing.T) {
	for _, seed := range []int64{1, 4} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			in, rep := seeded(t, 1500, seed)
			want := expectedFigures(in)
			var buf bytes.Buffer
			if err := WriteHTML(&buf, rep); err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[ref]bool{}
			var published, links int
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					var unit, key string
					hasKey := false
					for _, a := range n.Attr {
						switch a.Key {
						case "data-unit":
							unit = a.Val
						case "data-key":
							key, hasKey = a.Val, true
						case "data-published":
							published++
						case "href":
							if strings.HasPrefix(a.Val, NationalRegisterURL) {
								links++
							}
						}
					}
					if hasKey {
						checkFigure(t, "HTML", want, seen, ref{unit, key}, atoiDutch(t, textOf(n)))
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			mustCover(t, "HTML", want, seen, notShown)
			if published != want[ref{"", "published"}] {
				t.Errorf("HTML lists %d published descriptions, counted %d", published, want[ref{"", "published"}])
			}
			wantLinks := 0
			for _, d := range in.Descriptions {
				if live(d) && isPub(d) && len(d.Lars) == 8 {
					wantLinks++
				}
			}
			if links != wantLinks {
				t.Errorf("HTML has %d links to the national register, want %d", links, wantLinks)
			}
			s := buf.String()
			if strings.Count(s, markingText(rep.Marking())) < 3 {
				t.Errorf("HTML: marking %q not at top, bottom and in the page margins", markingText(rep.Marking()))
			}
		})
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isNumber reports whether s is a Dutch-formatted count.
func isNumber(s string) bool {
	s = strings.ReplaceAll(s, ".", "")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

const ptPerMM = 72 / 25.4

func TestConsistencyPDF(t *testing.T) {
	for _, seed := range []int64{1, 4} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			in, rep := seeded(t, 1500, seed)
			want := expectedFigures(in)
			var buf bytes.Buffer
			if err := WritePDF(&buf, rep); err != nil {
				t.Fatal(err)
			}
			items, err := pdfItems(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			seen := map[ref]bool{}
			all := pdfLines(items, 0, 1e9)

			// The per-unit tables: a header line "Kengetal | units… | Totaal | …", then one line per figure.
			rows := unitRows(&rep.Current, rep.Previous)
			for i := 0; i < len(all); i++ {
				h := all[i].Cells
				if len(h) < 3 || h[0] != "Kengetal" {
					continue
				}
				var cols []string
				for _, c := range h[1:] {
					if c == "Vorig" || c == "+/−" {
						break
					}
					if c == "Totaal" {
						c = ""
					}
					cols = append(cols, c)
				}
				k := 0
				for i++; i < len(all) && k < len(rows); i++ {
					l := all[i].Cells
					if len(l) < len(cols)+1 || !isNumber(l[1]) {
						continue // a wrapped label's second line
					}
					if !strings.HasPrefix(rows[k].Label, l[0]) {
						t.Fatalf("PDF: row %d is %q, want %q", k, l[0], rows[k].Label)
					}
					for c, unit := range cols {
						checkFigure(t, "PDF table", want, seen, ref{unit, rows[k].Key}, atoiDutch(t, l[1+c]))
					}
					k++
				}
				if k != len(rows) {
					t.Fatalf("PDF: per-unit table has %d figure rows, want %d", k, len(rows))
				}
				i--
			}

			// The grounds and the inventory round: label | value.
			for _, tr := range totalRows(rep) {
				found := false
				for _, l := range all {
					// A wrapped label continues on the next line(s); its first line is a prefix.
					if len(l.Cells) >= 2 && strings.HasPrefix(tr.Label, l.Cells[0]) && isNumber(l.Cells[1]) {
						checkFigure(t, "PDF grounds/round", want, seen, ref{"", tr.Key}, atoiDutch(t, l.Cells[1]))
						found = true
						break
					}
				}
				if !found {
					t.Errorf("PDF: %q not found", tr.Label)
				}
			}

			// The tables next to the charts, on the right of the page.
			side := pdfLines(items, sideX*ptPerMM-1, 1e9)
			for _, c := range []barChart{chartUnits(&rep.Current), chartCategories(&rep.Current), chartPublished(&rep.Current)} {
				start := -1
				for i, l := range side {
					if strings.HasPrefix(l.Cells[0], "Cijfers bij: ") && strings.HasPrefix(c.Title, strings.TrimPrefix(l.Cells[0], "Cijfers bij: ")) {
						start = i
						break
					}
				}
				if start < 0 {
					t.Fatalf("PDF: no table next to chart %q", c.Title)
				}
				g := 0
				for _, l := range side[start+1:] {
					if g == len(c.Groups) {
						break
					}
					if len(l.Cells) != 1+len(c.Series) || !isNumber(l.Cells[1]) {
						continue
					}
					if !strings.HasPrefix(c.Groups[g].Label, l.Cells[0]) {
						t.Fatalf("PDF chart table %q: row %q, want %q", c.Title, l.Cells[0], c.Groups[g].Label)
					}
					for s := range c.Series {
						checkFigure(t, "PDF chart "+c.ID, want, seen, c.Groups[g].Refs[s], atoiDutch(t, l.Cells[1+s]))
					}
					g++
				}
				if g != len(c.Groups) {
					t.Errorf("PDF chart table %q: %d rows, want %d", c.Title, g, len(c.Groups))
				}
			}
			mustCover(t, "PDF", want, seen, notShown)

			// The published list: one row per published description, with its number.
			pubRows, inList := 0, false
			for _, l := range all {
				switch l.Cells[0] {
				case "Gepubliceerde algoritmes":
					inList = true
				case "Toelichting bij de cijfers":
					inList = false
				}
				if inList && len(l.Cells) >= 3 && l.Xs[0] < (marginX+1)*ptPerMM {
					last := l.Cells[len(l.Cells)-1]
					if (ValidLars(last) || last == "–") && l.Cells[0] != "Onderdeel" {
						pubRows++
					}
				}
			}
			if pubRows != want[ref{"", "published"}] {
				t.Errorf("PDF lists %d published descriptions, counted %d", pubRows, want[ref{"", "published"}])
			}

			// The marking in the header and footer of every page.
			pages := map[int]int{}
			for _, it := range items {
				if it.Text == markingText(rep.Marking()) {
					pages[it.Page]++
				}
			}
			last := items[len(items)-1].Page
			for p := 1; p <= last; p++ {
				if pages[p] != 2 {
					t.Errorf("PDF page %d: marking shown %d times, want 2 (header and footer)", p, pages[p])
				}
			}
			comparePDFToText(t, buf.Bytes(), rep)
		})
	}
}

// comparePDFToText checks the PDF with poppler's pdftotext too, when it is installed (CI must
// have it): every page's text carries the marking and the totals line.
func comparePDFToText(t *testing.T, pdf []byte, rep Report) {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (poppler-utils) is required in CI")
		}
		t.Log("pdftotext not installed; skipped the cross-check with poppler")
		return
	}
	cmd := exec.Command(path, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f"), "\f")
	for i, p := range pages {
		if strings.Count(p, markingText(rep.Marking())) != 2 {
			t.Errorf("pdftotext page %d: marking not in header and footer", i+1)
		}
		if !strings.Contains(p, fmt.Sprintf("Pagina %d van %d", i+1, len(pages))) {
			t.Errorf("pdftotext page %d: no page number", i+1)
		}
	}
	tot := rep.Current.Total
	if !strings.Contains(string(out), "Geïnventariseerd") || !strings.Contains(string(out), num(tot.Inventoried)) {
		t.Errorf("pdftotext: the inventoried total %s is missing", num(tot.Inventoried))
	}
}
