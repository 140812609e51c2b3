package report

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// niceStep returns a round tick step (1, 2, 5 × 10^n) giving about five ticks up to max.
func niceStep(max int) int {
	if max <= 5 {
		return 1
	}
	raw := float64(max) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return int(m * mag)
		}
	}
	return int(10 * mag)
}

// axisMax rounds max up to a whole number of steps (at least one step).
func axisMax(max int) (top, step int) {
	step = niceStep(max)
	top = (max + step - 1) / step * step
	if top == 0 {
		top = step
	}
	return top, step
}

func esc(s string) string { return html.EscapeString(s) }

// svgOpen writes the accessible opening of an inline SVG chart.
func svgOpen(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="%[1]s-t %[1]s-d" viewBox="0 0 %[2]d %[3]d" width="100%%" font-family="inherit" font-size="12">`, id, w, h)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// legendItemW is the width an SVG legend item takes (an estimate: 7 units per character at 12).
func legendItemW(s series) int { return 28 + 7*len([]rune(s.Label)) }

// legendHeight is the height of the legend of ss in a chart width wide, starting at x.
func legendHeight(ss []series, x, width int) int {
	rows, cx := 1, x
	for _, s := range ss {
		if cx+legendItemW(s) > width && cx > x {
			rows++
			cx = x
		}
		cx += legendItemW(s)
	}
	return rows * 18
}

// svgLegend draws the series' legend from (x, y), wrapping at width.
func svgLegend(b *strings.Builder, ss []series, x, y, width int) {
	cx := x
	for _, s := range ss {
		if cx+legendItemW(s) > width && cx > x {
			cx = x
			y += 18
		}
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>`, cx, y-10, s.Color, cx+16, y, esc(s.Label))
		cx += legendItemW(s)
	}
}

// barSVG draws a horizontal bar chart.
func barSVG(c barChart) string {
	const (
		width = 520
		right = 44
		barH  = 14
		gap   = 12
	)
	labelW := 40
	for _, g := range c.Groups {
		labelW = max(labelW, 16+7*len([]rune(g.Label)))
	}
	top := 12 + legendHeight(c.Series, labelW, width)
	perGroup := barH * len(c.Series)
	if c.Stacked {
		perGroup = barH + 4
	}
	plotH := len(c.Groups) * (perGroup + gap)
	height := top + plotH + 24
	plotW := width - labelW - right
	max, step := axisMax(c.max())
	scale := func(v int) float64 { return float64(v) * float64(plotW) / float64(max) }

	var b strings.Builder
	svgOpen(&b, c.ID, c.Title, c.Desc, width, height)
	svgLegend(&b, c.Series, labelW, 14, width)
	for t := 0; t <= max; t += step {
		x := float64(labelW) + scale(t)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#d9d9d9"/>`, x, top-4, x, top+plotH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#535353" font-size="11">%s</text>`, x, top+plotH+16, num(t))
	}
	y := top
	for _, g := range c.Groups {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, y+perGroup/2+4, esc(g.Label))
		x := float64(labelW)
		for i, v := range g.Values {
			w := scale(v)
			if c.Stacked {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, x, y, w, perGroup, c.Series[i].Color)
				x += w
				continue
			}
			by := y + i*barH
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, by+1, w, barH-2, c.Series[i].Color)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11">%s</text>`, float64(labelW)+w+4, by+barH-3, num(v))
		}
		if c.Stacked {
			sum := 0
			for _, v := range g.Values {
				sum += v
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11">%s</text>`, x+4, y+perGroup/2+4, pct(g.Values[0], sum))
		}
		y += perGroup + gap
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// lineSVG draws the trend chart.
func lineSVG(c lineChart) string {
	const (
		width  = 640
		left   = 60
		right  = 30
		bottom = 40
		plotH  = 200
	)
	top := 22 + legendHeight(c.Series, left, width)
	height := top + plotH + bottom
	plotW := width - left - right
	max, step := axisMax(c.max())
	yOf := func(v int) float64 { return float64(top+plotH) - float64(v)*float64(plotH)/float64(max) }
	xOf := func(i int) float64 {
		if len(c.Points) == 1 {
			return float64(left + plotW/2)
		}
		return float64(left) + float64(i)*float64(plotW)/float64(len(c.Points)-1)
	}
	var b strings.Builder
	svgOpen(&b, c.ID, c.Title, c.Desc, width, height)
	svgLegend(&b, c.Series, left, 14, width)
	for t := 0; t <= max; t += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#d9d9d9"/>`, left, yOf(t), width-right, yOf(t))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#535353" font-size="11">%s</text>`, left-6, yOf(t)+4, num(t))
	}
	for i, p := range c.Points {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#535353" font-size="11">%s</text>`, xOf(i), height-bottom+18, p.AsOf.Format("02-01-2006"))
	}
	for s, se := range c.Series {
		var pts []string
		for i, p := range c.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(i), yOf(p.Values[s])))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" points="%s"/>`, se.Color, strings.Join(pts, " "))
		for i, p := range c.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>`, xOf(i), yOf(p.Values[s]), se.Color)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}
