package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

//go:embed templates/report.html
var reportHTML string

var htmlTemplate = template.Must(template.New("report").Parse(reportHTML))

// cellView is one figure in an HTML table, tagged with the figure it shows.
type cellView struct {
	Unit, Key string
	Text      string
	Tagged    bool // carries data-unit/data-key: the cell shows that figure of the current report
	Class     string
}

type rowView struct {
	Label string
	Cells []cellView
}

type tableView struct {
	Caption string
	Head    []string
	Rows    []rowView
}

type chartView struct {
	Wide  bool // the table goes under the chart instead of beside it
	ID    string
	Title string
	SVG   template.HTML
	Table tableView
}

type htmlView struct {
	Year          int
	AsOf          string
	Marking       string
	Classified    bool
	Narrative     []string
	Tiles         []tile
	Charts        []chartView
	Matrices      []tableView
	NotPublished  int
	NotPubText    string
	Grounds       tableView
	HasGrounds    bool
	Round         *RoundFigures
	RoundDeadline string
	RoundTable    tableView
	Published     []PublishedEntry
	PreviousAsOf  string
	Definitions   []definition
}

type tile struct {
	Key, Label, Value, Note string
}

type definition struct{ Term, Meaning string }

// definitions explains every figure, in the words of UnitFigures' doc comments.
var definitions = []definition{
	{"Geïnventariseerd", "Algoritmes in het interne register die niet zijn gearchiveerd, in welke fase van de werkstroom ook. Elk algoritme telt bij het eigen defensieonderdeel."},
	{"Nieuw in het verslagjaar", "Geïnventariseerde algoritmes die in het verslagjaar zijn vastgelegd."},
	{"Status en categorie", "De status (in ontwikkeling, in gebruik, buiten gebruik) en de publicatiecategorie zoals die in de beschrijving staan of zullen worden gepubliceerd."},
	{"Met impact op burgers", "Volgens de vastgelegde classificatie, of anders volgens de beschrijving zelf."},
	{"Geclassificeerd", "Algoritmes waarvoor de classificatiefeiten (AI-verordening en Nederlandse impactcriteria) zijn vastgelegd."},
	{"Publicatie beoordeeld", "Algoritmes waarvoor een publicatiebeoordeling met een voorgesteld besluit is vastgelegd."},
	{"Publicatiebesluit genomen", "Algoritmes waarover de beslisser heeft besloten (goedgekeurd, gepubliceerd, niet gepubliceerd of ingetrokken), naar het vastgelegde besluit: volledig, gedeeltelijk of niet openbaar."},
	{"Gepubliceerd", "Algoritmes die nu in het Algoritmeregister staan, ook als een nieuwe versie nog in behandeling is. Teruggetrokken algoritmes tellen niet mee."},
	{"Hoog-risico AI-systemen", "Algoritmes in publicatiecategorie A (Hoog-risico AI-systeem). Toezegging: alle hoog-risico-AI-systemen worden gepubliceerd."},
	{"Toe aan herbeoordeling", "Algoritmes waarvan de herbeoordelingsdatum van het publicatiebesluit op of vóór de peildatum ligt."},
	{"Gearchiveerd", "Gearchiveerde algoritmes; zij tellen in geen ander cijfer mee. Algoritmes met de status ‘buiten gebruik’ blijven meetellen tot ze zijn gearchiveerd."},
	{"Rubricering", "Dit verslag draagt de hoogste rubricering van de algoritmes die het telt of noemt."},
}

func tagged(unit, key string, v int) cellView {
	return cellView{Unit: unit, Key: key, Text: num(v), Tagged: true}
}

func plain(s, class string) cellView { return cellView{Text: s, Class: class} }

func diffText(cur, prev int) string {
	switch d := cur - prev; {
	case d > 0:
		return "+" + num(d)
	case d < 0:
		return "−" + num(-d)
	}
	return "0"
}

func chartTable(c barChart, first string) tableView {
	t := tableView{Caption: "Cijfers bij: " + c.Title, Head: []string{first}}
	for _, s := range c.Series {
		t.Head = append(t.Head, s.Label)
	}
	for _, g := range c.Groups {
		r := rowView{Label: g.Label}
		for i, v := range g.Values {
			r.Cells = append(r.Cells, tagged(g.Refs[i].Unit, g.Refs[i].Key, v))
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// matrixColumns is how many units fit in one figures table before it is split.
const matrixColumns = 10

func buildView(r Report) htmlView {
	cur := &r.Current
	t := cur.Total
	m := r.Marking()
	v := htmlView{
		Year: cur.Year, AsOf: dutchDate(cur.AsOf), Marking: markingText(m), Classified: m != register.Ongerubriceerd,
		Narrative: Narrative(r), Round: cur.Round, Published: cur.Published,
		Definitions: definitions, NotPublished: t.DecidedNot, NotPubText: num(t.DecidedNot),
	}
	if r.Previous != nil {
		v.PreviousAsOf = dutchDate(r.Previous.AsOf)
	}
	v.Tiles = []tile{
		{"inventoried", "Geïnventariseerd", num(t.Inventoried), ""},
		{"published", "Gepubliceerd", num(t.Published), pct(t.Published, t.Inventoried) + " van geïnventariseerd"},
		{"high_risk_published", "Hoog-risico gepubliceerd", num(t.HighRiskPublished), "van " + num(t.HighRisk) + " hoog-risico-AI-systemen"},
		{"impact_on_citizens", "Met impact op burgers", num(t.ImpactOnCitizens), ""},
	}

	units := chartUnits(cur)
	cats := chartCategories(cur)
	pub := chartPublished(cur)
	trend := chartTrend(r)
	trendTable := tableView{Caption: "Cijfers bij: " + trend.Title, Head: []string{"Peildatum"}}
	for _, s := range trend.Series {
		trendTable.Head = append(trendTable.Head, s.Label)
	}
	for i, p := range trend.Points {
		row := rowView{Label: p.AsOf.Format("02-01-2006")}
		for s, val := range p.Values {
			if i == len(trend.Points)-1 {
				row.Cells = append(row.Cells, tagged("", trend.Series[s].Key, val))
			} else {
				row.Cells = append(row.Cells, plain(num(val), ""))
			}
		}
		trendTable.Rows = append(trendTable.Rows, row)
	}
	v.Charts = []chartView{
		{false, units.ID, units.Title, template.HTML(barSVG(units)), chartTable(units, "Onderdeel")},
		{false, cats.ID, cats.Title, template.HTML(barSVG(cats)), chartTable(cats, "Categorie")},
		{false, pub.ID, pub.Title, template.HTML(barSVG(pub)), chartTable(pub, "Onderdeel")},
		{true, trend.ID, trend.Title, template.HTML(lineSVG(trend)), trendTable},
	}

	rows := unitRows(cur, r.Previous)
	for start := 0; start < len(cur.Units) || start == 0; start += matrixColumns {
		end := min(start+matrixColumns, len(cur.Units))
		chunk := cur.Units[start:end]
		tv := tableView{Caption: "Alle cijfers per defensieonderdeel", Head: []string{"Kengetal"}}
		if len(cur.Units) > matrixColumns {
			tv.Caption += fmt.Sprintf(" (%d–%d van %d)", start+1, end, len(cur.Units))
		}
		for _, u := range chunk {
			tv.Head = append(tv.Head, u.Unit)
		}
		tv.Head = append(tv.Head, "Totaal")
		if r.Previous != nil {
			tv.Head = append(tv.Head, "Vorig verslag", "Verschil")
		}
		for _, row := range rows {
			rv := rowView{Label: row.Label}
			for _, u := range chunk {
				rv.Cells = append(rv.Cells, tagged(u.Unit, row.Key, row.Value(u)))
			}
			tc := tagged("", row.Key, row.Value(cur.Total))
			tc.Class = "total"
			rv.Cells = append(rv.Cells, tc)
			if r.Previous != nil {
				pv := row.Value(r.Previous.Total)
				rv.Cells = append(rv.Cells, plain(num(pv), "prev"), plain(diffText(row.Value(cur.Total), pv), "prev"))
			}
			tv.Rows = append(tv.Rows, rv)
		}
		v.Matrices = append(v.Matrices, tv)
		if end >= len(cur.Units) {
			break
		}
	}

	v.Grounds = tableView{Caption: "Gronden (Woo) bij besluiten om niet of gedeeltelijk te publiceren", Head: []string{"Grond", "Aantal algoritmes"}}
	if r.Previous != nil {
		v.Grounds.Head = append(v.Grounds.Head, "Vorig verslag")
	}
	for _, tr := range totalRows(r) {
		if !strings.Contains(tr.Key, "_ground:") {
			continue
		}
		v.HasGrounds = true
		rv := rowView{Label: tr.Label, Cells: []cellView{tagged("", tr.Key, tr.Value)}}
		if r.Previous != nil {
			p := "–"
			if tr.Prev != nil {
				p = num(*tr.Prev)
			}
			rv.Cells = append(rv.Cells, plain(p, "prev"))
		}
		v.Grounds.Rows = append(v.Grounds.Rows, rv)
	}
	if rd := cur.Round; rd != nil {
		if !rd.Deadline.IsZero() {
			v.RoundDeadline = dutchDate(rd.Deadline)
		}
		v.RoundTable = tableView{Caption: rd.Name, Head: []string{"", "Aantal"}}
		for _, tr := range totalRows(r) {
			if strings.HasPrefix(tr.Key, "round_") {
				v.RoundTable.Rows = append(v.RoundTable.Rows, rowView{tr.Label, []cellView{tagged("", tr.Key, tr.Value)}})
			}
		}
	}
	return v
}

// WriteHTML writes the yearly report as one standalone, print-friendly HTML document in Dutch,
// with inline SVG charts (each with its figures in a table) and the marking at the top and
// bottom of every page.
func WriteHTML(w io.Writer, r Report) error {
	if err := htmlTemplate.Execute(w, buildView(r)); err != nil {
		return fmt.Errorf("report: HTML schrijven: %w", err)
	}
	return nil
}
