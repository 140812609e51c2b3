package public

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/defensie/algoreg/internal/search"
)

// searcher is what the public site needs from a full-text index: ids, best first.
type searcher interface {
	search(q string, limit int) []string
}

// dutchIndex is the shared Dutch-aware engine (stemming, compounds, typos, organisation
// names) over the public fields of a bundle.
type dutchIndex struct{ ix *search.Index }

func newSearchIndex(items []Item) searcher {
	ix := search.NewIndex()
	for i := range items {
		ix.Put(search.Doc{ID: items[i].SourceID, Fields: searchFields(&items[i])})
	}
	return dutchIndex{ix}
}

func (d dutchIndex) search(q string, limit int) []string {
	hits := d.ix.Search(q, nil, limit)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// searchFields returns the public text of an item by v1.0 field name. Redaction notices are
// left out: they would make every redacted description match "openbaar".
func searchFields(it *Item) map[string]string {
	f := map[string]string{
		"name":              it.Name,
		"description_short": it.DescriptionShort,
		"organization":      it.Organization,
		"category":          strings.Join(it.Category, ", "),
		"provider":          it.Provider,
	}
	for name, v := range map[string]string{
		"goal": it.Goal, "tags": it.Tags, "methods_and_models": it.MethodsAndModels, "source_data": it.SourceData,
		"proportionality": it.Proportionality, "human_intervention": it.HumanIntervention, "risks": it.Risks,
		"lawful_basis": it.LawfulBasis, "impacttoetsen": it.Impacttoetsen,
	} {
		if v != "" && !isRedaction(v) {
			f[name] = StripHTML(v)
		}
	}
	return f
}

// foldText folds case and diacritics, for sorting by name.
func foldText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
