package public

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// snapshot is one loaded bundle with everything derived from it. It is immutable once
// built, so requests read it without locks; a reload swaps the whole snapshot.
type snapshot struct {
	manifest *Manifest
	hash     string // SHA-256 of the manifest: identifies the bundle in ETags
	items    []Item // by name
	byID     map[string]int
	index    searcher
	files    map[string]string // data file name → private verified copy
	dir      string            // the private copy's directory
	loadedAt time.Time

	pageMu sync.RWMutex
	pages  map[string][]byte // rendered detail pages, by language and id
}

// maxCachedPages bounds the rendered-page cache so memory stays flat with large bundles.
const maxCachedPages = 4096

func newSnapshot(b *loadedBundle) *snapshot {
	items := b.items
	parallel(len(items), func(i int) { sanitizeItem(&items[i]) })
	// Order by name as people read it (case and accents folded); fold each name once.
	keys := make([]string, len(items))
	parallel(len(items), func(i int) { keys[i] = foldText(items[i].Name) + "\x00" + items[i].SourceID })
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, c int) bool { return keys[order[a]] < keys[order[c]] })
	sorted := make([]Item, len(items))
	for k, i := range order {
		sorted[k] = items[i]
	}
	items = sorted
	s := &snapshot{
		manifest: b.manifest,
		hash:     b.hash,
		items:    items,
		byID:     make(map[string]int, len(items)),
		files:    b.files,
		dir:      b.dir,
		loadedAt: time.Now(),
		pages:    map[string][]byte{},
	}
	for i := range items {
		s.byID[items[i].SourceID] = i
	}
	s.index = newSearchIndex(items)
	return s
}

func (s *snapshot) cachedPage(key string) ([]byte, bool) {
	s.pageMu.RLock()
	b, ok := s.pages[key]
	s.pageMu.RUnlock()
	return b, ok
}

func (s *snapshot) storePage(key string, b []byte) {
	s.pageMu.Lock()
	if len(s.pages) < maxCachedPages {
		s.pages[key] = b
	}
	s.pageMu.Unlock()
}

// query is a validated search over the register.
type query struct {
	Q        string
	PubCats  []string
	Statuses []string
	Themes   []string
	Sort     string // "relevance", "name", "date"
	Page     int
	PageSize int
}

// facetCount is one filter value and how many results it would give.
type facetCount struct {
	Value    string
	Count    int
	Selected bool
}

// result is one page of a query, with the facet counts.
type result struct {
	Items  []*Item
	Total  int
	Pages  int
	Facets map[string][]facetCount // by facet name: publication_category, status, category
}

// run executes q. Facet counts are disjunctive: each facet counts over the results of the
// query with every other facet applied, so picking a value never zeroes its siblings.
func (s *snapshot) run(q query) result {
	var cand []int
	if strings.TrimSpace(q.Q) != "" {
		ids := s.index.search(q.Q, 0)
		cand = make([]int, 0, len(ids))
		for _, id := range ids {
			if i, ok := s.byID[id]; ok {
				cand = append(cand, i)
			}
		}
	} else {
		cand = make([]int, len(s.items))
		for i := range cand {
			cand[i] = i
		}
	}
	pc, st, th := set(q.PubCats), set(q.Statuses), set(q.Themes)
	counts := map[string]map[string]int{"publication_category": {}, "status": {}, "category": {}}
	matched := cand[:0:0]
	for _, i := range cand {
		it := &s.items[i]
		okPC := len(pc) == 0 || pc[it.PublicationCategory]
		okST := len(st) == 0 || st[it.Status]
		okTH := len(th) == 0 || anyIn(th, it.Category)
		if okST && okTH {
			counts["publication_category"][it.PublicationCategory]++
		}
		if okPC && okTH {
			counts["status"][it.Status]++
		}
		if okPC && okST {
			for _, c := range uniq(it.Category) {
				counts["category"][c]++
			}
		}
		if okPC && okST && okTH {
			matched = append(matched, i)
		}
	}
	switch q.Sort {
	case "name":
		sort.Ints(matched) // items are stored by name
	case "date":
		sort.SliceStable(matched, func(a, b int) bool {
			return s.items[matched[a]].PublicationDT > s.items[matched[b]].PublicationDT
		})
	}
	r := result{Total: len(matched), Facets: map[string][]facetCount{}}
	r.Pages = (r.Total + q.PageSize - 1) / q.PageSize
	from := (q.Page - 1) * q.PageSize
	for k := from; k < len(matched) && k < from+q.PageSize; k++ {
		r.Items = append(r.Items, &s.items[matched[k]])
	}
	for name, values := range map[string][]string{"publication_category": publicationCategories, "status": statuses, "category": themes} {
		var chosen map[string]bool
		switch name {
		case "publication_category":
			chosen = pc
		case "status":
			chosen = st
		default:
			chosen = th
		}
		for _, v := range values {
			r.Facets[name] = append(r.Facets[name], facetCount{Value: v, Count: counts[name][v], Selected: chosen[v]})
		}
	}
	return r
}

func set(vs []string) map[string]bool {
	m := make(map[string]bool, len(vs))
	for _, v := range vs {
		m[v] = true
	}
	return m
}

func anyIn(m map[string]bool, vs []string) bool {
	for _, v := range vs {
		if m[v] {
			return true
		}
	}
	return false
}

func uniq(vs []string) []string {
	if len(vs) < 2 {
		return vs
	}
	seen := map[string]bool{}
	out := vs[:0:0]
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
