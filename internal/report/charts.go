package report

import (
	"sort"
	"time"
)

// The chart data shared by the HTML and the PDF renderer, so both draw the same numbers.

// Rijkshuisstijl colours.
const (
	colDarkBlue  = "#154273"
	colSkyBlue   = "#007bc7"
	colLightBlue = "#8fcae7"
	colGrey      = "#b4b4b4"
	colOrange    = "#e17000"
)

// series is one coloured quantity in a chart.
type series struct {
	Key   string // figure key, for the table next to the chart
	Label string
	Color string
	Short string // the column name in the PDF's narrow table next to the chart
}

// ref names a figure: the unit code ("" for the total) and the figure key.
type ref struct{ Unit, Key string }

// barGroup is one row of a bar chart: a label, one value per series and which figure each is.
type barGroup struct {
	Label  string
	Values []int
	Refs   []ref
}

// barChart is a horizontal bar chart; Stacked draws the series on top of one another.
type barChart struct {
	ID      string
	Title   string
	Desc    string
	Series  []series
	Groups  []barGroup
	Stacked bool
}

func (c barChart) max() int {
	m := 0
	for _, g := range c.Groups {
		s := 0
		for _, v := range g.Values {
			if c.Stacked {
				s += v
			} else if v > s {
				s = v
			}
		}
		if s > m {
			m = s
		}
	}
	return m
}

// trendPoint is one snapshot in the trend chart.
type trendPoint struct {
	AsOf   time.Time
	Values []int
}

// lineChart is the trend chart.
type lineChart struct {
	ID     string
	Title  string
	Desc   string
	Series []series
	Points []trendPoint
}

func (c lineChart) max() int {
	m := 0
	for _, p := range c.Points {
		for _, v := range p.Values {
			if v > m {
				m = v
			}
		}
	}
	return m
}

func unitLabel(u UnitFigures) string {
	if u.Unit == "" {
		return "Totaal"
	}
	return u.Unit
}

// chartUnits is the progress per unit: inventoried and published.
func chartUnits(f *Figures) barChart {
	c := barChart{
		ID: "per-onderdeel", Title: "Voortgang per defensieonderdeel",
		Desc: "Aantal geïnventariseerde en gepubliceerde algoritmes per defensieonderdeel.",
		Series: []series{
			{"inventoried", "Geïnventariseerd", colLightBlue, "Geïnv."},
			{"published", "Gepubliceerd", colDarkBlue, "Gepubl."},
		},
	}
	for _, u := range f.Units {
		c.Groups = append(c.Groups, barGroup{unitLabel(u), []int{u.Inventoried, u.Published},
			[]ref{{u.Unit, "inventoried"}, {u.Unit, "published"}}})
	}
	return c
}

// chartCategories is the inventory by publication category.
func chartCategories(f *Figures) barChart {
	c := barChart{
		ID: "categorieen", Title: "Algoritmes per publicatiecategorie",
		Desc:   "Aantal geïnventariseerde algoritmes per publicatiecategorie, en hoeveel daarvan zijn gepubliceerd.",
		Series: []series{{"inventoried", "Geïnventariseerd", colLightBlue, "Geïnv."}, {"published", "Gepubliceerd", colDarkBlue, "Gepubl."}},
	}
	pub := map[string]int{}
	for _, p := range f.Published {
		cat := p.Category
		if cat == "" {
			cat = CategoryUnknown
		}
		pub[cat]++
	}
	for _, cat := range mapKeys(categories, []*Figures{f}, func(u UnitFigures) map[string]int { return u.ByCategory }) {
		label := cat
		if cat == CategoryUnknown {
			label = "Nog niet bepaald"
		}
		c.Groups = append(c.Groups, barGroup{label, []int{f.Total.ByCategory[cat], pub[cat]},
			[]ref{{"", "category:" + cat}, {"", "published_in_category:" + cat}}})
	}
	return c
}

// chartPublished is published against not published, per unit and in total.
func chartPublished(f *Figures) barChart {
	c := barChart{
		ID: "gepubliceerd", Title: "Gepubliceerd en niet gepubliceerd",
		Desc:    "Per defensieonderdeel het aantal gepubliceerde algoritmes en het aantal dat (nog) niet is gepubliceerd; de laatste balk is hoog-risico in totaal.",
		Stacked: true,
		Series: []series{
			{"published", "Gepubliceerd", colDarkBlue, "Gepubl."},
			{"not_published", "Niet gepubliceerd", colGrey, "Niet gepubl."},
		},
	}
	for _, u := range append(append([]UnitFigures(nil), f.Units...), f.Total) {
		c.Groups = append(c.Groups, barGroup{unitLabel(u), []int{u.Published, u.Inventoried - u.Published},
			[]ref{{u.Unit, "published"}, {u.Unit, "not_published"}}})
	}
	c.Groups = append(c.Groups, barGroup{"Hoog-risico", []int{f.Total.HighRiskPublished, f.Total.HighRisk - f.Total.HighRiskPublished},
		[]ref{{"", "high_risk_published"}, {"", "high_risk_not_published"}}})
	return c
}

// chartTrend is the trend over the snapshots, ending with the current figures.
func chartTrend(r Report) lineChart {
	c := lineChart{
		ID: "trend", Title: "Ontwikkeling sinds het vorige verslag",
		Desc: "Aantal geïnventariseerde, gepubliceerde en hoog-risico-algoritmes per momentopname.",
		Series: []series{
			{"inventoried", "Geïnventariseerd", colLightBlue, "Geïnv."},
			{"published", "Gepubliceerd", colDarkBlue, "Gepubl."},
			{"high_risk", "Hoog-risico", colOrange, "HR"},
			{"high_risk_published", "Hoog-risico gepubliceerd", colSkyBlue, "HR-publ."},
		},
	}
	var snaps []Figures
	if r.Previous != nil {
		snaps = append(snaps, *r.Previous)
	}
	for _, t := range r.Trend {
		if !t.AsOf.After(r.Current.AsOf) {
			snaps = append(snaps, t)
		}
	}
	sort.SliceStable(snaps, func(i, j int) bool { return snaps[i].AsOf.Before(snaps[j].AsOf) })
	add := func(f Figures) {
		if n := len(c.Points); n > 0 && c.Points[n-1].AsOf.Equal(f.AsOf) {
			c.Points = c.Points[:n-1] // the later snapshot of the same moment wins
		}
		t := f.Total
		c.Points = append(c.Points, trendPoint{f.AsOf, []int{t.Inventoried, t.Published, t.HighRisk, t.HighRiskPublished}})
	}
	for _, s := range snaps {
		add(s)
	}
	add(r.Current)
	return c
}
