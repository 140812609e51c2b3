package public

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
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

// newSearchIndex indexes items with one worker per CPU: Put analyses text outside the
// index's lock, and analysis is most of the start-up time.
func newSearchIndex(items []Item) searcher {
	ix := search.NewIndex()
	parallel(len(items), func(i int) {
		ix.Put(search.Doc{ID: items[i].SourceID, Fields: searchFields(&items[i])})
	})
	return dutchIndex{ix}
}

// parallel calls fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func (d dutchIndex) search(q string, limit int) []string {
	hits := d.ix.Search(q, nil, limit)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// searchFields returns the public text of an item that search looks at, by v1.0 field name:
// what an algorithm is and does (name, short description, goal, themes, search terms,
// organisation, supplier, legal basis, data). The long explanatory fields (methods, risks,
// proportionality, human intervention, impact assessments) are left out: they match almost
// every query, and they are most of the text to analyse at start-up. Redaction notices are
// left out too: they would make every redacted description match "openbaar". Items are
// sanitised already, so the markup is only the allowed tags.
func searchFields(it *Item) map[string]string {
	f := map[string]string{
		"name":              it.Name,
		"description_short": it.DescriptionShort,
		"organization":      it.Organization,
		"category":          strings.Join(it.Category, ", "),
		"provider":          it.Provider,
	}
	for name, v := range map[string]string{"goal": it.Goal, "tags": it.Tags, "lawful_basis": it.LawfulBasis, "source_data": it.SourceData} {
		if t := plainText(v); t != "" && !strings.HasPrefix(t, redactionPrefix) {
			f[name] = t
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
