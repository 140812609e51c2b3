package report

import (
	"sort"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// Report is what the renderers draw: this year's figures, the previous report's figures (for the
// differences) and the snapshots of the trend chart.
type Report struct {
	Current Figures
	// Previous is the snapshot the previous yearly report was made from; nil for the first report.
	Previous *Figures
	// Trend holds the snapshots shown in the trend chart (e.g. quarter ends), any order; the
	// renderers sort them by AsOf and add Current as the last point.
	Trend []Figures
}

// Marking is the highest classification of everything the report contains: the current figures
// and any snapshot it shows.
func (r Report) Marking() register.Level {
	m := register.Highest(r.Current.Marking)
	if r.Previous != nil {
		m = register.Highest(m, r.Previous.Marking)
	}
	for _, t := range r.Trend {
		m = register.Highest(m, t.Marking)
	}
	return m
}

// TotalUnit is the unit column of the totals in the CSV.
const TotalUnit = "Totaal"

// figureRow is one figure of a unit: a stable key (CSV), a Dutch label and how to read it.
type figureRow struct {
	Key   string
	Label string
	Value func(UnitFigures) int
}

// unitRows lists the per-unit figures in report order. Keys of statuses and categories outside the
// standard's lists (messy imports) are added after the standard ones so nothing is left out.
func unitRows(figs ...*Figures) []figureRow {
	rows := []figureRow{
		{"inventoried", "Geïnventariseerd", func(u UnitFigures) int { return u.Inventoried }},
		{"new_this_year", "Nieuw in het verslagjaar", func(u UnitFigures) int { return u.NewThisYear }},
	}
	for _, s := range mapKeys(statuses, figs, func(u UnitFigures) map[string]int { return u.ByStatus }) {
		label := "Status: " + s
		if s == StatusUnknown {
			label = "Status: niet ingevuld"
		}
		rows = append(rows, figureRow{"status:" + s, label, func(u UnitFigures) int { return u.ByStatus[s] }})
	}
	for _, c := range mapKeys(categories, figs, func(u UnitFigures) map[string]int { return u.ByCategory }) {
		label := "Categorie: " + c
		if c == CategoryUnknown {
			label = "Categorie: nog niet bepaald"
		}
		rows = append(rows, figureRow{"category:" + c, label, func(u UnitFigures) int { return u.ByCategory[c] }})
	}
	rows = append(rows,
		figureRow{"impact_on_citizens", "Met impact op burgers", func(u UnitFigures) int { return u.ImpactOnCitizens }},
		figureRow{"classified", "Geclassificeerd", func(u UnitFigures) int { return u.Classified }},
		figureRow{"assessed", "Publicatie beoordeeld", func(u UnitFigures) int { return u.Assessed }},
		figureRow{"decided", "Publicatiebesluit genomen", func(u UnitFigures) int { return u.Decided() }},
		figureRow{"decided_full", "Besluit: volledig openbaar", func(u UnitFigures) int { return u.DecidedFull }},
		figureRow{"decided_partial", "Besluit: gedeeltelijk openbaar", func(u UnitFigures) int { return u.DecidedPartial }},
		figureRow{"decided_not", "Besluit: niet openbaar", func(u UnitFigures) int { return u.DecidedNot }},
		figureRow{"published", "Gepubliceerd", func(u UnitFigures) int { return u.Published }},
		figureRow{"high_risk", "Hoog-risico AI-systemen", func(u UnitFigures) int { return u.HighRisk }},
		figureRow{"high_risk_published", "Hoog-risico gepubliceerd", func(u UnitFigures) int { return u.HighRiskPublished }},
		figureRow{"reviews_due", "Toe aan herbeoordeling", func(u UnitFigures) int { return u.ReviewsDue }},
	)
	stateKeys := make([]string, 0, len(register.States))
	for _, s := range register.States {
		if s != register.StateArchived {
			stateKeys = append(stateKeys, string(s))
		}
	}
	for _, s := range mapKeys(stateKeys, figs, func(u UnitFigures) map[string]int { return u.ByState }) {
		rows = append(rows, figureRow{"state:" + s, "Werkstroom: " + stateLabel(s), func(u UnitFigures) int { return u.ByState[s] }})
	}
	rows = append(rows, figureRow{"archived", "Gearchiveerd (niet meegeteld)", func(u UnitFigures) int { return u.Archived }})
	return rows
}

// mapKeys returns the fixed keys, then any other key with a count in figs, sorted.
func mapKeys(fixed []string, figs []*Figures, m func(UnitFigures) map[string]int) []string {
	known := map[string]bool{}
	for _, k := range fixed {
		known[k] = true
	}
	var other []string
	for _, f := range figs {
		if f == nil {
			continue
		}
		for _, u := range append([]UnitFigures{f.Total}, f.Units...) {
			for k, n := range m(u) {
				if !known[k] && n != 0 {
					known[k] = true
					other = append(other, k)
				}
			}
		}
	}
	sort.Strings(other)
	return append(append([]string(nil), fixed...), other...)
}

// stateLabel is the Dutch name of a workflow state (register.State.Label).
func stateLabel(s string) string { return register.State(s).Label() }

// totalRow is a figure that exists only for all units together.
type totalRow struct {
	Key   string
	Label string
	Value int
	Prev  *int
}

// totalRows lists the figures that exist only in total: grounds and the inventory round.
func totalRows(r Report) []totalRow {
	var rows []totalRow
	prevOf := func(get func(*Figures) (int, bool)) *int {
		if r.Previous == nil {
			return nil
		}
		v, ok := get(r.Previous)
		if !ok {
			return nil
		}
		return &v
	}
	for _, g := range groundKeys(r.Current.NotPublishedGrounds, prevGrounds(r.Previous, false)) {
		rows = append(rows, totalRow{"not_published_ground:" + g, "Niet openbaar: " + groundLabel(g),
			r.Current.NotPublishedGrounds[g], prevOf(func(f *Figures) (int, bool) { return f.NotPublishedGrounds[g], true })})
	}
	for _, g := range groundKeys(r.Current.PartialGrounds, prevGrounds(r.Previous, true)) {
		rows = append(rows, totalRow{"partial_ground:" + g, "Deels openbaar: " + groundLabel(g),
			r.Current.PartialGrounds[g], prevOf(func(f *Figures) (int, bool) { return f.PartialGrounds[g], true })})
	}
	if rd := r.Current.Round; rd != nil {
		prevRound := func(get func(*RoundFigures) int) *int {
			return prevOf(func(f *Figures) (int, bool) {
				if f.Round == nil {
					return 0, false
				}
				return get(f.Round), true
			})
		}
		rows = append(rows,
			totalRow{"round_units", "Deelnemende onderdelen in de inventarisatieronde", rd.Units, prevRound(func(x *RoundFigures) int { return x.Units })},
			totalRow{"round_complete", "Onderdelen met afgeronde inventarisatie", rd.Complete, prevRound(func(x *RoundFigures) int { return x.Complete })},
		)
	}
	return rows
}

func prevGrounds(p *Figures, partial bool) map[string]int {
	if p == nil {
		return nil
	}
	if partial {
		return p.PartialGrounds
	}
	return p.NotPublishedGrounds
}

// groundKeys returns the grounds with a count in cur or prev, in the order of the Woo.
func groundKeys(cur, prev map[string]int) []string {
	seen := map[string]bool{}
	for _, m := range []map[string]int{cur, prev} {
		for k, n := range m {
			if n != 0 {
				seen[k] = true
			}
		}
	}
	var keys []string
	for _, g := range register.Grounds {
		if seen[g.Code] {
			keys = append(keys, g.Code)
			delete(seen, g.Code)
		}
	}
	var other []string
	for k := range seen {
		other = append(other, k)
	}
	sort.Strings(other)
	return append(keys, other...)
}

// groundLabel names a Woo ground as the report prints it.
func groundLabel(code string) string {
	if g, ok := register.GroundByCode(code); ok {
		return g.Notice + " (" + g.Label + ")"
	}
	return code
}

// prevUnit returns the previous figures of a unit ("" = total), if there are any.
func prevUnit(p *Figures, code string) (UnitFigures, bool) {
	if p == nil {
		return UnitFigures{}, false
	}
	if code == "" {
		return p.Total, true
	}
	return p.Unit(code)
}

// num formats n the Dutch way: 20.000.
func num(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pct formats part/whole as a Dutch percentage with no decimals ("–" when whole is 0).
func pct(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(int(float64(part)*100/float64(whole)+0.5)) + "%"
}

// dutchDate formats a date as "31 december 2026".
func dutchDate(t interface{ Format(string) string }) string {
	s := t.Format("2 1 2006")
	parts := strings.Split(s, " ")
	m, _ := strconv.Atoi(parts[1])
	return parts[0] + " " + months[m-1] + " " + parts[2]
}

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// markingText is the marking as printed on every page.
func markingText(l register.Level) string { return strings.ToUpper(l.Label()) }
