package report

import (
	"fmt"
	"strings"
)

// Narrative returns short Dutch sentences describing the figures, grammatical for zero, one and
// many, comparing with the previous report when there is one.
func Narrative(r Report) []string {
	c, p := r.Current.Total, r.Previous
	var out []string

	// Inventory.
	var s string
	switch c.Inventoried {
	case 0:
		s = fmt.Sprintf("In %d zijn geen algoritmes geïnventariseerd", r.Current.Year)
	case 1:
		s = fmt.Sprintf("In %d is 1 algoritme geïnventariseerd", r.Current.Year)
	default:
		s = fmt.Sprintf("In %d zijn %s algoritmes geïnventariseerd", r.Current.Year, num(c.Inventoried))
	}
	if p != nil {
		than := "vorig jaar"
		if p.Year != r.Current.Year-1 {
			than = fmt.Sprintf("in %d", p.Year)
		}
		switch d := c.Inventoried - p.Total.Inventoried; {
		case d > 0:
			s += fmt.Sprintf(", %s meer dan %s", num(d), than)
		case d < 0:
			s += fmt.Sprintf(", %s minder dan %s", num(-d), than)
		default:
			s += ", evenveel als " + than
		}
	}
	out = append(out, s+".")
	if c.Inventoried > 0 {
		out = append(out, fmt.Sprintf("Daarvan %s in %d nieuw vastgelegd.", erCount(c.NewThisYear), r.Current.Year))
	}
	switch c.Archived {
	case 0:
	case 1:
		out = append(out, "Daarnaast is 1 algoritme gearchiveerd; dat telt niet meer mee.")
	default:
		out = append(out, fmt.Sprintf("Daarnaast zijn %s algoritmes gearchiveerd; die tellen niet meer mee.", num(c.Archived)))
	}
	if c.Inventoried == 0 {
		return append(out, roundSentences(r.Current.Round)...)
	}

	// Publication.
	if c.Published == 0 {
		s = "Geen ervan is gepubliceerd in het Algoritmeregister"
	} else {
		s = fmt.Sprintf("Van de geïnventariseerde algoritmes %s gepubliceerd in het Algoritmeregister (%s)", erCount(c.Published), pct(c.Published, c.Inventoried))
	}
	if p != nil {
		s += fmt.Sprintf("; in het vorige verslag %s", wasCount(p.Total.Published))
	}
	out = append(out, s+".")

	// High risk, against the commitment that all high-risk systems are published.
	switch h, hp := c.HighRisk, c.HighRiskPublished; {
	case h == 0:
		out = append(out, "Er zijn geen hoog-risico-AI-systemen geïnventariseerd.")
	case h == 1 && hp == 1:
		out = append(out, "Het enige hoog-risico-AI-systeem is gepubliceerd; de toezegging dat alle hoog-risico-AI-systemen worden gepubliceerd is daarmee gehaald.")
	case h == 1:
		out = append(out, "Het enige hoog-risico-AI-systeem is nog niet gepubliceerd; de toezegging dat alle hoog-risico-AI-systemen worden gepubliceerd is daarmee nog niet gehaald.")
	case hp == 0:
		out = append(out, fmt.Sprintf("Geen van de %s hoog-risico-AI-systemen is gepubliceerd; de toezegging dat alle hoog-risico-AI-systemen worden gepubliceerd is daarmee nog niet gehaald.", num(h)))
	case hp == h:
		out = append(out, fmt.Sprintf("Alle %s hoog-risico-AI-systemen zijn gepubliceerd; de toezegging dat alle hoog-risico-AI-systemen worden gepubliceerd is daarmee gehaald.", num(h)))
	default:
		out = append(out, fmt.Sprintf("Van de %s hoog-risico-AI-systemen %s gepubliceerd en %s nog niet; de toezegging dat alle hoog-risico-AI-systemen worden gepubliceerd is daarmee nog niet gehaald.",
			num(h), erCount(hp), erCountBare(h-hp)))
	}

	// Impact on citizens.
	switch c.ImpactOnCitizens {
	case 0:
		out = append(out, "Bij geen enkel algoritme is sprake van impact op burgers.")
	case 1:
		out = append(out, "Bij 1 algoritme is sprake van impact op burgers.")
	default:
		out = append(out, fmt.Sprintf("Bij %s algoritmes is sprake van impact op burgers.", num(c.ImpactOnCitizens)))
	}

	// Decisions.
	if d := c.Decided(); d == 0 {
		out = append(out, "Over geen enkel algoritme is al een publicatiebesluit genomen.")
	} else {
		var parts []string
		for _, p := range []struct {
			n    int
			what string
		}{{c.DecidedFull, "volledig openbaar"}, {c.DecidedPartial, "gedeeltelijk openbaar"}, {c.DecidedNot, "niet openbaar"}} {
			if p.n > 0 {
				parts = append(parts, num(p.n)+" "+p.what)
			}
		}
		out = append(out, fmt.Sprintf("Over %s is een publicatiebesluit genomen: %s.", countNoun(d, "algoritme", "algoritmes"), joinDutch(parts)))
	}
	if g, n := mostUsed(r.Current.NotPublishedGrounds); n > 0 {
		out = append(out, fmt.Sprintf("De grond die het vaakst is gebruikt om niet te publiceren is %s, bij %s.",
			groundLabel(g), countNoun(n, "algoritme", "algoritmes")))
	}

	// Reviews.
	switch c.ReviewsDue {
	case 0:
		out = append(out, "Geen enkel besluit is toe aan herbeoordeling.")
	case 1:
		out = append(out, "Bij 1 besluit is de datum voor herbeoordeling bereikt.")
	default:
		out = append(out, fmt.Sprintf("Bij %s besluiten is de datum voor herbeoordeling bereikt.", num(c.ReviewsDue)))
	}
	return append(out, roundSentences(r.Current.Round)...)
}

func roundSentences(rd *RoundFigures) []string {
	if rd == nil || rd.Units == 0 {
		return nil
	}
	var s string
	switch {
	case rd.Complete == rd.Units && rd.Units == 1:
		s = "het enige deelnemende onderdeel heeft zijn inventarisatie afgerond"
	case rd.Complete == rd.Units:
		s = fmt.Sprintf("alle %s onderdelen hebben hun inventarisatie afgerond", num(rd.Units))
	case rd.Complete == 0:
		s = "nog geen enkel onderdeel heeft zijn inventarisatie afgerond"
	case rd.Complete == 1:
		s = fmt.Sprintf("1 van de %s onderdelen heeft zijn inventarisatie afgerond", num(rd.Units))
	default:
		s = fmt.Sprintf("%s van de %s onderdelen hebben hun inventarisatie afgerond", num(rd.Complete), num(rd.Units))
	}
	s = rd.Name + ": " + s
	if len(rd.Pending) > 0 && rd.Complete > 0 {
		s += " (nog niet: " + strings.Join(rd.Pending, ", ") + ")"
	}
	return []string{s + "."}
}

// countNoun is "geen algoritmes", "1 algoritme", "12 algoritmes".
func countNoun(n int, one, many string) string {
	switch n {
	case 0:
		return "geen " + many
	case 1:
		return "1 " + one
	}
	return num(n) + " " + many
}

// erCount is "is er geen", "is er 1", "zijn er 12" (as in "daarvan zijn er 12 gepubliceerd").
func erCount(n int) string {
	switch n {
	case 0:
		return "is er geen"
	case 1:
		return "is er 1"
	}
	return "zijn er " + num(n)
}

// erCountBare is "geen", "1", "12": the count after a verb already given.
func erCountBare(n int) string {
	if n == 0 {
		return "geen"
	}
	return num(n)
}

// wasCount is "waren dat er geen", "was dat er 1", "waren dat er 12".
func wasCount(n int) string {
	switch n {
	case 0:
		return "waren dat er geen"
	case 1:
		return "was dat er 1"
	}
	return "waren dat er " + num(n)
}

// joinDutch joins "a", "b" and "c" as "a, b en c".
func joinDutch(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " en " + parts[len(parts)-1]
}

// mostUsed returns the ground with the highest count (the first in Woo order on a tie).
func mostUsed(m map[string]int) (string, int) {
	best, bestN := "", 0
	for _, g := range groundKeys(m, nil) {
		if m[g] > bestN {
			best, bestN = g, m[g]
		}
	}
	return best, bestN
}
