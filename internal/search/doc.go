package search

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// FromStandard makes the Doc of a description's publication-standard fields, so that the
// internal register and the public site index the same fields under the same names. Grouped
// lists contribute their titles; categories are joined.
func FromStandard(id string, s register.Standard) Doc {
	titles := func(ls []register.Link) string {
		var b strings.Builder
		for _, l := range ls {
			b.WriteString(l.Title)
			b.WriteString(". ")
		}
		return b.String()
	}
	f := map[string]string{
		"name":               s.Name,
		"description_short":  s.DescriptionShort,
		"organization":       s.Organization,
		"category":           strings.Join(s.Category, ". "),
		"tags":               s.Tags,
		"goal":               s.Goal,
		"proportionality":    s.Proportionality,
		"human_intervention": s.HumanIntervention,
		"risks":              s.Risks,
		"lawful_basis":       s.LawfulBasis + " " + titles(s.LawfulBasisGrouping),
		"impacttoetsen":      s.Impacttoetsen + " " + titles(s.ImpacttoetsenGrouping),
		"source_data":        s.SourceData + " " + titles(s.SourceDataGrouping),
		"methods_and_models": s.MethodsAndModels,
		"provider":           s.Provider,
	}
	for k, v := range f {
		if strings.TrimSpace(v) == "" {
			delete(f, k)
		}
	}
	return Doc{ID: id, Fields: f}
}
