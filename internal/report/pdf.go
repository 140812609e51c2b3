package report

import (
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/defensie/algoreg/internal/register"
)

// DejaVu Sans covers Dutch diacritics and far beyond; see fonts/README.md for its licence.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const (
	pageW, pageH = 210.0, 297.0
	marginX      = 15.0
	contentW     = pageW - 2*marginX
	topY         = 18.0 // below the marking line
	bottomY      = pageH - 20
	fontFamily   = "dejavu"
)

// pdfOptions are knobs for tests.
type pdfOptions struct {
	uncompressed bool
}

// WritePDF writes the yearly report as an A4 PDF in Dutch: charts drawn with PDF primitives,
// the figures in tables, the marking in the header and footer of every page, page numbers.
func WritePDF(w io.Writer, r Report) error { return writePDF(w, r, pdfOptions{}) }

type pdfDoc struct {
	*fpdf.Fpdf
	marking register.Level
	year    int
}

func hexRGB(s string) (int, int, int) {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

func (p *pdfDoc) fill(hex string) { p.SetFillColor(hexRGB(hex)) }
func (p *pdfDoc) text(hex string) { p.SetTextColor(hexRGB(hex)) }
func (p *pdfDoc) draw(hex string) { p.SetDrawColor(hexRGB(hex)) }
func (p *pdfDoc) font(style string, size float64) {
	p.SetFont(fontFamily, style, size)
}

// clean makes s printable with the embedded font: characters outside the Basic Multilingual
// Plane (which fpdf's UTF-8 support cannot index) and control characters become '?'.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || unicode.IsControl(r) {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return '?'
		}
		return r
	}, s)
}

// need starts a new page when fewer than h millimetres are left.
func (p *pdfDoc) need(h float64) {
	if p.GetY()+h > bottomY {
		p.AddPage()
	}
}

func (p *pdfDoc) heading(s string) {
	p.need(22)
	p.Ln(4)
	p.font("B", 14)
	p.text(colDarkBlue)
	p.CellFormat(contentW, 8, clean(s), "", 1, "L", false, 0, "")
	p.draw(colDarkBlue)
	p.SetLineWidth(0.6)
	p.Line(marginX, p.GetY(), marginX+contentW, p.GetY())
	p.SetLineWidth(0.2)
	p.Ln(3)
	p.text("#000000")
}

func (p *pdfDoc) subheading(s string) {
	p.need(14)
	p.Ln(2)
	p.font("B", 11)
	p.text(colDarkBlue)
	p.CellFormat(contentW, 6, clean(s), "", 1, "L", false, 0, "")
	p.text("#000000")
}

func (p *pdfDoc) paragraph(s string, size float64) {
	p.font("", size)
	p.MultiCell(contentW, size*0.5, clean(s), "", "L", false)
	p.Ln(1.5)
}

func writePDF(w io.Writer, r Report, opt pdfOptions) error {
	f := fpdf.New("P", "mm", "A4", "")
	p := &pdfDoc{Fpdf: f, marking: r.Marking(), year: r.Current.Year}
	f.SetCompression(!opt.uncompressed)
	f.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	f.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
	f.SetMargins(marginX, topY, marginX)
	f.SetAutoPageBreak(true, pageH-bottomY)
	f.AliasNbPages("{nb}")
	f.SetTitle(fmt.Sprintf("Voortgangsrapportage algoritmeregister Defensie %d", r.Current.Year), true)
	f.SetAuthor("Ministerie van Defensie", true)
	f.SetSubject("Rubricering: "+markingText(p.marking), true)
	f.SetCreator("algoreg", true)
	f.SetLang("nl-NL")
	// Reproducible output: the document's dates are the figures' date, not the clock's.
	f.SetCreationDate(r.Current.AsOf)
	f.SetModificationDate(r.Current.AsOf)
	f.SetCatalogSort(true)
	f.SetHeaderFuncMode(p.header, false)
	f.SetFooterFunc(p.footer)

	f.AddPage()
	p.titleBlock(r)
	p.summary(r)
	p.charts(r)
	p.matrix(r)
	p.notPublished(r)
	p.round(r)
	p.publishedList(r)
	p.definitions()

	if err := f.Output(w); err != nil {
		return fmt.Errorf("report: PDF schrijven: %w", err)
	}
	return nil
}

func (p *pdfDoc) markingColor() string {
	if p.marking != register.Ongerubriceerd {
		return "#b30000"
	}
	return "#000000"
}

// header prints the marking at the top of every page.
func (p *pdfDoc) header() {
	p.SetY(6)
	p.font("B", 9)
	p.text(p.markingColor())
	p.CellFormat(contentW, 5, markingText(p.marking), "", 1, "C", false, 0, "")
	p.draw("#000000")
	p.SetLineWidth(0.2)
	p.Line(marginX, 12, pageW-marginX, 12)
	p.text("#000000")
	p.SetY(topY)
}

// footer prints the marking, the title and the page number at the bottom of every page.
func (p *pdfDoc) footer() {
	p.draw("#000000")
	p.SetLineWidth(0.2)
	p.Line(marginX, pageH-16, pageW-marginX, pageH-16)
	p.SetY(pageH - 15)
	p.font("", 7.5)
	p.text("#535353")
	p.CellFormat(contentW/3, 4, fmt.Sprintf("Voortgangsrapportage %d", p.year), "", 0, "L", false, 0, "")
	p.font("B", 9)
	p.text(p.markingColor())
	p.CellFormat(contentW/3, 4, markingText(p.marking), "", 0, "C", false, 0, "")
	p.font("", 7.5)
	p.text("#535353")
	p.CellFormat(contentW/3, 4, fmt.Sprintf("Pagina %d van {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	p.text("#000000")
}

func (p *pdfDoc) titleBlock(r Report) {
	// The ribbon and word mark, after the Rijkshuisstijl logo (without the coat of arms).
	p.fill(colDarkBlue)
	p.Rect(pageW/2-5, 12.2, 10, 20, "F")
	p.SetXY(pageW/2+7, 25)
	p.font("", 9.5)
	p.CellFormat(60, 4.5, "Ministerie van Defensie", "", 0, "L", false, 0, "")
	// The blue band with the title.
	p.fill(colDarkBlue)
	p.Rect(0, 38, pageW, 30, "F")
	p.text("#ffffff")
	p.SetXY(marginX, 43)
	p.font("B", 20)
	p.CellFormat(contentW, 10, fmt.Sprintf("Voortgangsrapportage algoritmeregister %d", r.Current.Year), "", 1, "L", false, 0, "")
	p.font("", 11)
	p.CellFormat(contentW, 7, "Inventarisatie en publicatie van algoritmes bij Defensie · peildatum "+dutchDate(r.Current.AsOf), "", 1, "L", false, 0, "")
	p.text("#000000")
	p.SetY(72)
}

func (p *pdfDoc) summary(r Report) {
	p.heading("Samenvatting")
	y := p.GetY()
	p.SetX(marginX + 4)
	p.font("", 10)
	p.fill("#e5f1f9")
	text := strings.Join(Narrative(r), " ")
	lines := p.SplitText(clean(text), contentW-8)
	h := float64(len(lines))*5 + 4
	p.Rect(marginX, y, contentW, h, "F")
	p.fill(colSkyBlue)
	p.Rect(marginX, y, 1.6, h, "F")
	p.SetY(y + 2)
	for _, l := range lines {
		p.SetX(marginX + 5)
		p.CellFormat(contentW-8, 5, l, "", 1, "L", false, 0, "")
	}
	p.SetY(y + h + 4)

	t := r.Current.Total
	tiles := []struct{ value, label, note string }{
		{num(t.Inventoried), "Geïnventariseerd", ""},
		{num(t.Published), "Gepubliceerd", pct(t.Published, t.Inventoried) + " van geïnventariseerd"},
		{num(t.HighRiskPublished), "Hoog-risico gepubliceerd", "van " + num(t.HighRisk) + " hoog-risico-AI-systemen"},
		{num(t.ImpactOnCitizens), "Met impact op burgers", ""},
	}
	p.need(28)
	y = p.GetY()
	tw := (contentW - 3*4) / 4
	for i, tl := range tiles {
		x := marginX + float64(i)*(tw+4)
		p.draw("#cccccc")
		p.Rect(x, y, tw, 24, "D")
		p.fill(colDarkBlue)
		p.Rect(x, y, tw, 1.6, "F")
		p.SetXY(x+2, y+3)
		p.font("B", 18)
		p.text(colDarkBlue)
		p.CellFormat(tw-4, 9, tl.value, "", 2, "L", false, 0, "")
		p.SetX(x + 2)
		p.font("B", 8.5)
		p.text("#000000")
		p.CellFormat(tw-4, 4.5, tl.label, "", 2, "L", false, 0, "")
		p.SetX(x + 2)
		p.font("", 7)
		p.text("#535353")
		p.CellFormat(tw-4, 4, tl.note, "", 0, "L", false, 0, "")
	}
	p.text("#000000")
	p.SetY(y + 28)
}

// table draws a simple table with a header row; the first column is left-aligned text.
func (p *pdfDoc) table(caption string, head []string, widths []float64, rows [][]string, boldLast bool) {
	const rowH = 5.2
	drawHead := func() {
		p.font("B", 7.5)
		p.fill(colDarkBlue)
		p.text("#ffffff")
		for i, h := range head {
			align := "R"
			if i == 0 {
				align = "L"
			}
			p.CellFormat(widths[i], rowH+0.6, clean(h), "", 0, align, true, 0, "")
		}
		p.Ln(-1)
		p.text("#000000")
	}
	p.need(rowH*3 + 6)
	if caption != "" {
		p.font("B", 8.5)
		p.text(colDarkBlue)
		for _, l := range p.SplitText(clean(caption), sum(widths)) {
			p.CellFormat(sum(widths), 4.5, l, "", 1, "L", false, 0, "")
		}
		p.Ln(1)
		p.text("#000000")
	}
	drawHead()
	for i, row := range rows {
		// The first column wraps; the row grows with it.
		p.font("", 7.5)
		label := p.SplitText(clean(row[0]), widths[0])
		if len(label) == 0 {
			label = []string{""}
		}
		h := rowH + float64(len(label)-1)*(rowH-1.2)
		if p.GetY()+h > bottomY {
			p.AddPage()
			drawHead()
		}
		x0, y0 := p.GetX(), p.GetY()
		if i%2 == 1 {
			p.fill("#f3f3f3")
			p.Rect(x0, y0, sum(widths), h, "F")
		}
		p.font("", 7.5)
		for k, l := range label {
			p.SetXY(x0, y0+float64(k)*(rowH-1.2))
			p.CellFormat(widths[0], rowH, l, "", 0, "L", false, 0, "")
		}
		p.SetXY(x0+widths[0], y0)
		for j, c := range row[1:] {
			style := ""
			if boldLast && j == len(row)-2 {
				style = "B"
			}
			p.font(style, 7.5)
			p.CellFormat(widths[j+1], rowH, clean(c), "", 0, "R", false, 0, "")
		}
		p.SetXY(x0, y0+h)
		p.draw("#dddddd")
		p.Line(x0, p.GetY(), x0+sum(widths), p.GetY())
	}
	p.Ln(3)
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func (p *pdfDoc) charts(r Report) {
	p.AddPage()
	p.heading("Voortgang in beeld")
	for _, c := range []barChart{chartUnits(&r.Current), chartCategories(&r.Current), chartPublished(&r.Current)} {
		p.barChart(c)
	}
	p.lineChart(chartTrend(r))
}

const (
	chartW = 100.0
	sideX  = marginX + chartW + 6
	sideW  = contentW - chartW - 6
)

func (p *pdfDoc) legend(ss []series, x, y float64) {
	p.font("", 7)
	for _, s := range ss {
		p.fill(s.Color)
		p.Rect(x, y, 3, 3, "F")
		p.SetXY(x+4, y-0.5)
		w := p.GetStringWidth(s.Label) + 2
		p.CellFormat(w, 4, s.Label, "", 0, "L", false, 0, "")
		x += w + 7
	}
}

// barChart draws c on the left and its figures in a table on the right.
func (p *pdfDoc) barChart(c barChart) {
	const labelW, barH, gap = 22.0, 3.6, 2.6
	perGroup := barH * float64(len(c.Series))
	if c.Stacked {
		perGroup = barH + 1
	}
	plotH := float64(len(c.Groups)) * (perGroup + gap)
	h := 8 + 8 + plotH + 8
	p.need(h + 8)
	p.subheading(c.Title)
	y0 := p.GetY()
	p.legend(c.Series, marginX+labelW, y0+1)
	top := y0 + 7
	plotW := chartW - labelW - 12
	max, step := axisMax(c.max())
	scale := func(v int) float64 { return float64(v) * plotW / float64(max) }
	p.SetLineWidth(0.15)
	p.font("", 6.5)
	for t := 0; t <= max; t += step {
		x := marginX + labelW + scale(t)
		p.draw("#d9d9d9")
		p.Line(x, top-1, x, top+plotH)
		p.text("#535353")
		p.SetXY(x-8, top+plotH+0.5)
		p.CellFormat(16, 3.5, num(t), "", 0, "C", false, 0, "")
	}
	p.text("#000000")
	y := top
	for _, g := range c.Groups {
		p.font("", 7)
		p.SetXY(marginX, y)
		p.CellFormat(labelW-2, perGroup, clean(g.Label), "", 0, "R", false, 0, "")
		x := marginX + labelW
		total := 0
		for i, v := range g.Values {
			total += v
			w := scale(v)
			p.fill(c.Series[i].Color)
			if c.Stacked {
				if w > 0 {
					p.Rect(x, y, w, perGroup, "F")
				}
				x += w
				continue
			}
			by := y + float64(i)*barH
			if w > 0 {
				p.Rect(marginX+labelW, by+0.3, w, barH-0.6, "F")
			}
			p.font("", 6)
			p.SetXY(marginX+labelW+w+0.5, by)
			p.CellFormat(12, barH, num(v), "", 0, "L", false, 0, "")
		}
		if c.Stacked {
			p.font("", 6)
			p.SetXY(x+0.5, y)
			p.CellFormat(12, perGroup, pct(g.Values[0], total), "", 0, "L", false, 0, "")
		}
		y += perGroup + gap
	}
	// The figures next to the chart.
	head := []string{""}
	for _, s := range c.Series {
		head = append(head, s.Short)
	}
	widths := []float64{sideW - float64(len(c.Series))*19}
	for range c.Series {
		widths = append(widths, 19)
	}
	var rows [][]string
	for _, g := range c.Groups {
		row := []string{g.Label}
		for _, v := range g.Values {
			row = append(row, num(v))
		}
		rows = append(rows, row)
	}
	p.SetXY(sideX, y0)
	p.SetLeftMargin(sideX)
	p.table("Cijfers bij: "+c.Title, head, widths, rows, false)
	p.SetLeftMargin(marginX)
	p.SetXY(marginX, max2(y+8, p.GetY()))
}

func max2(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// lineChart draws the trend on the left and its figures in a table on the right.
func (p *pdfDoc) lineChart(c lineChart) {
	const plotH = 55.0
	p.need(plotH + 30)
	p.subheading(c.Title)
	y0 := p.GetY()
	p.legend(c.Series[:2], marginX+12, y0+1)
	p.legend(c.Series[2:], marginX+12, y0+5.5)
	top := y0 + 12
	left := marginX + 12
	plotW := chartW - 16
	max, step := axisMax(c.max())
	yOf := func(v int) float64 { return top + plotH - float64(v)*plotH/float64(max) }
	xOf := func(i int) float64 {
		if len(c.Points) == 1 {
			return left + plotW/2
		}
		return left + float64(i)*plotW/float64(len(c.Points)-1)
	}
	p.SetLineWidth(0.15)
	p.font("", 6.5)
	for t := 0; t <= max; t += step {
		p.draw("#d9d9d9")
		p.Line(left, yOf(t), left+plotW, yOf(t))
		p.text("#535353")
		p.SetXY(marginX-2, yOf(t)-1.75)
		p.CellFormat(12, 3.5, num(t), "", 0, "R", false, 0, "")
	}
	for i, pt := range c.Points {
		p.SetXY(xOf(i)-9, top+plotH+1)
		p.CellFormat(18, 3.5, pt.AsOf.Format("02-01-2006"), "", 0, "C", false, 0, "")
	}
	p.text("#000000")
	p.SetLineWidth(0.7)
	for s, se := range c.Series {
		p.draw(se.Color)
		p.fill(se.Color)
		for i := range c.Points {
			if i > 0 {
				p.Line(xOf(i-1), yOf(c.Points[i-1].Values[s]), xOf(i), yOf(c.Points[i].Values[s]))
			}
			p.Circle(xOf(i), yOf(c.Points[i].Values[s]), 0.9, "F")
		}
	}
	p.SetLineWidth(0.2)
	// Short column names: the legend above the chart spells them out.
	head := []string{"Peildatum"}
	widths := []float64{sideW}
	p.font("B", 7.5)
	for _, s := range c.Series {
		w := max2(p.GetStringWidth(s.Short)+2.5, 10)
		head = append(head, s.Short)
		widths = append(widths, w)
		widths[0] -= w
	}
	var rows [][]string
	for _, pt := range c.Points {
		row := []string{pt.AsOf.Format("02-01-2006")}
		for _, v := range pt.Values {
			row = append(row, num(v))
		}
		rows = append(rows, row)
	}
	p.SetXY(sideX, y0)
	p.SetLeftMargin(sideX)
	p.table("Cijfers bij: "+c.Title, head, widths, rows, false)
	p.SetLeftMargin(marginX)
	p.SetXY(marginX, max2(top+plotH+10, p.GetY()))
}

// matrix prints every figure per unit, in tables of at most matrixColumns units.
func (p *pdfDoc) matrix(r Report) {
	p.AddPage()
	p.heading("Cijfers per defensieonderdeel")
	cur := &r.Current
	if r.Previous != nil {
		p.paragraph("De kolommen ‘Vorig’ en ‘+/−’ vergelijken het totaal met het vorige verslag (peildatum "+dutchDate(r.Previous.AsOf)+").", 8.5)
	}
	rows := unitRows(cur, r.Previous)
	const colW, minLabelW = 11.5, 42.0
	extraCols := 1
	if r.Previous != nil {
		extraCols = 3
	}
	perTable := max(1, int((contentW-minLabelW)/colW)-extraCols)
	for start := 0; start < len(cur.Units) || start == 0; start += perTable {
		end := min(start+perTable, len(cur.Units))
		chunk := cur.Units[start:end]
		head := []string{"Kengetal"}
		for _, u := range chunk {
			head = append(head, u.Unit)
		}
		head = append(head, "Totaal")
		if r.Previous != nil {
			head = append(head, "Vorig", "+/−")
		}
		labelW := contentW - float64(len(chunk)+extraCols)*colW
		widths := []float64{labelW}
		for range len(head) - 1 {
			widths = append(widths, colW)
		}
		var body [][]string
		for _, row := range rows {
			line := []string{row.Label}
			for _, u := range chunk {
				line = append(line, num(row.Value(u)))
			}
			line = append(line, num(row.Value(cur.Total)))
			if r.Previous != nil {
				pv := row.Value(r.Previous.Total)
				line = append(line, num(pv), diffText(row.Value(cur.Total), pv))
			}
			body = append(body, line)
		}
		caption := "Alle cijfers per defensieonderdeel"
		if len(cur.Units) > perTable {
			caption += fmt.Sprintf(" (%d–%d van %d)", start+1, end, len(cur.Units))
		}
		p.table(caption, head, widths, body, false)
		if end >= len(cur.Units) {
			break
		}
	}
}

func (p *pdfDoc) notPublished(r Report) {
	p.heading("Niet gepubliceerde algoritmes")
	n := r.Current.Total.DecidedNot
	var s string
	switch n {
	case 0:
		s = "Over geen enkel algoritme is besloten het niet te publiceren."
	case 1:
		s = "Over 1 algoritme is besloten het niet te publiceren."
	default:
		s = fmt.Sprintf("Over %s algoritmes is besloten ze niet te publiceren.", num(n))
	}
	s += " Dit verslag noemt alleen het aantal en de gebruikte gronden, niet de inhoud."
	s += " Een algoritme dat op meer dan één grond niet of deels openbaar is, telt bij elke grond."
	p.paragraph(s, 9)
	head := []string{"Grond", "Aantal algoritmes"}
	widths := []float64{contentW - 30, 30}
	if r.Previous != nil {
		head = append(head, "Vorig verslag")
		widths = []float64{contentW - 60, 30, 30}
	}
	var rows [][]string
	for _, tr := range totalRows(r) {
		if !strings.Contains(tr.Key, "_ground:") {
			continue
		}
		row := []string{tr.Label, num(tr.Value)}
		if r.Previous != nil {
			pv := "–"
			if tr.Prev != nil {
				pv = num(*tr.Prev)
			}
			row = append(row, pv)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		p.paragraph("Er zijn geen gronden gebruikt.", 9)
		return
	}
	p.table("Gronden (Woo) bij besluiten om niet of gedeeltelijk te publiceren", head, widths, rows, false)
}

func (p *pdfDoc) round(r Report) {
	rd := r.Current.Round
	if rd == nil {
		return
	}
	p.heading("Inventarisatieronde")
	s := rd.Name
	if !rd.Deadline.IsZero() {
		s += ", af te ronden uiterlijk " + dutchDate(rd.Deadline)
	}
	s += "."
	if len(rd.Pending) > 0 {
		s += " Nog niet afgerond: " + strings.Join(rd.Pending, ", ") + "."
	}
	p.paragraph(s, 9)
	var rows [][]string
	for _, tr := range totalRows(r) {
		if strings.HasPrefix(tr.Key, "round_") {
			rows = append(rows, []string{tr.Label, num(tr.Value)})
		}
	}
	p.table(rd.Name, []string{"", "Aantal"}, []float64{contentW - 30, 30}, rows, false)
}

func (p *pdfDoc) publishedList(r Report) {
	p.AddPage()
	p.heading("Gepubliceerde algoritmes")
	list := r.Current.Published
	p.paragraph(fmt.Sprintf("Deze %s in het Algoritmeregister van de Nederlandse overheid (algoritmes.overheid.nl); het nummer verwijst naar de pagina daar.",
		map[bool]string{true: "algoritme staat", false: fmt.Sprintf("%s algoritmes staan", num(len(list)))}[len(list) == 1]), 9)
	if len(list) == 0 {
		p.paragraph("Er zijn nog geen algoritmes gepubliceerd.", 9)
		return
	}
	widths := []float64{18, contentW - 18 - 44 - 22, 44, 22}
	const lineH = 4.2
	drawHead := func() {
		p.font("B", 7.5)
		p.fill(colDarkBlue)
		p.text("#ffffff")
		for i, h := range []string{"Onderdeel", "Naam", "Publicatiecategorie", "Nummer"} {
			p.CellFormat(widths[i], 5.8, h, "", 0, "L", true, 0, "")
		}
		p.Ln(-1)
		p.text("#000000")
	}
	drawHead()
	p.font("", 7.5)
	for i, e := range list {
		name := p.SplitText(clean(e.Name), widths[1])
		if len(name) == 0 {
			name = []string{""}
		}
		h := float64(len(name))*lineH + 1
		if p.GetY()+h > bottomY {
			p.AddPage()
			drawHead()
			p.font("", 7.5)
		}
		y := p.GetY()
		if i%2 == 1 {
			p.fill("#f3f3f3")
			p.Rect(marginX, y, contentW, h, "F")
		}
		p.SetXY(marginX, y+0.5)
		p.CellFormat(widths[0], lineH, clean(e.Unit), "", 0, "L", false, 0, "")
		for k, l := range name {
			p.SetXY(marginX+widths[0], y+0.5+float64(k)*lineH)
			p.CellFormat(widths[1], lineH, l, "", 0, "L", false, 0, "")
		}
		p.SetXY(marginX+widths[0]+widths[1], y+0.5)
		category := e.Category
		if category == "" {
			category = "–"
		}
		p.CellFormat(widths[2], lineH, clean(category), "", 0, "L", false, 0, "")
		if e.URL != "" {
			p.text(colDarkBlue)
			p.CellFormat(widths[3], lineH, e.Lars, "", 0, "L", false, 0, e.URL)
			p.text("#000000")
		} else {
			p.CellFormat(widths[3], lineH, "–", "", 0, "L", false, 0, "")
		}
		p.SetY(y + h)
	}
}

func (p *pdfDoc) definitions() {
	p.heading("Toelichting bij de cijfers")
	for _, d := range definitions {
		p.need(12)
		p.font("B", 8.5)
		p.CellFormat(contentW, 4.5, d.Term, "", 1, "L", false, 0, "")
		p.paragraph(d.Meaning, 8.5)
	}
}
