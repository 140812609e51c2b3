package public

import (
	"bytes"
	"math/bits"
	"net/http"
	"slices"
	"sort"
	"strconv"
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
	meta     []itemMeta        // facet values per item, parallel to items
	index    searcher          // set once ready is closed
	ready    chan struct{}     // closed when the search index is built
	files    map[string]string // data file name → private verified copy
	dir      string            // the private copy's directory
	loadedAt time.Time

	pageMu sync.RWMutex
	pages  map[string]*cachedPage // rendered detail pages, by language and id
}

// maxCachedPages bounds the rendered-page cache so memory stays flat with large bundles.
const maxCachedPages = 4096

// newSnapshot derives everything the site serves from a loaded bundle. The search index is
// built in the background when async is set (the first start: pages and the API without q
// are served at once, a search waits for the index); a reload builds it before the swap.
func newSnapshot(b *loadedBundle, async bool) *snapshot {
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
		pages:    map[string]*cachedPage{},
	}
	for i := range items {
		s.byID[items[i].SourceID] = i
	}
	s.meta = make([]itemMeta, len(items))
	for i := range items {
		s.meta[i] = metaOf(&items[i])
	}
	s.ready = make(chan struct{})
	build := func() {
		s.index = newSearchIndex(items)
		close(s.ready)
	}
	if async {
		go build()
	} else {
		build()
	}
	return s
}

// cachedPage is a rendered page with its response headers ready to assign, and the same
// headers as the fast path writes them (front.go).
type cachedPage struct {
	body    []byte
	etag    string
	headers map[string][]string
	// head is the status line and header lines of the 200 answer without Date, exactly as
	// net/http writes them: the handler's headers (security headers included) sorted by name.
	head []byte
}

func newCachedPage(body []byte, etag string) *cachedPage {
	c := &cachedPage{body: body, etag: etag, headers: map[string][]string{
		"Etag":           {etag},
		"Cache-Control":  {cachePage},
		"Content-Type":   {"text/html; charset=utf-8"},
		"Content-Length": {strconv.Itoa(len(body))},
	}}
	c.head = responseHead("HTTP/1.1 200 OK", c.headers)
	return c
}

// head304 is the status line and headers of the 304 answer to a matching If-None-Match,
// without Date: what notModified sends (no Content-Type, no Content-Length).
func (c *cachedPage) head304() []byte {
	return responseHead("HTTP/1.1 304 Not Modified", map[string][]string{"Etag": {c.etag}, "Cache-Control": {cachePage}})
}

// responseHead writes status and the security headers plus h the way net/http does: one line
// per value, sorted by name (http.Header.Write), before the Date line it adds itself.
func responseHead(status string, h map[string][]string) []byte {
	all := make(http.Header, len(securityHeaders)+len(h))
	for k, v := range securityHeaders {
		all[k] = v
	}
	for k, v := range h {
		all[k] = v
	}
	var b bytes.Buffer
	b.WriteString(status + "\r\n")
	_ = all.Write(&b)
	return b.Bytes()
}

func (s *snapshot) cachedPage(key string) (*cachedPage, bool) {
	s.pageMu.RLock()
	c, ok := s.pages[key]
	s.pageMu.RUnlock()
	return c, ok
}

// cachedPageKey is cachedPage for a key in bytes, without allocating.
func (s *snapshot) cachedPageKey(key []byte) *cachedPage {
	s.pageMu.RLock()
	c := s.pages[string(key)]
	s.pageMu.RUnlock()
	return c
}

func (s *snapshot) storePage(key string, c *cachedPage) {
	s.pageMu.Lock()
	if len(s.pages) < maxCachedPages {
		s.pages[key] = c
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
	var cand []int32
	if strings.TrimSpace(q.Q) != "" {
		<-s.ready
		ids := s.index.search(q.Q, 0)
		cand = make([]int32, 0, len(ids))
		for _, id := range ids {
			if i, ok := s.byID[id]; ok {
				cand = append(cand, int32(i))
			}
		}
	} else {
		cand = make([]int32, len(s.items))
		for i := range cand {
			cand[i] = int32(i)
		}
	}
	pc, st, th := mask(q.PubCats, publicationCategories), mask(q.Statuses, statuses), mask(q.Themes, themes)
	var cPC [3]int
	var cST [3]int
	var cTH [16]int
	matched := make([]int32, 0, len(cand))
	for _, i := range cand {
		m := s.meta[i]
		okPC := pc == 0 || pc&m.pc != 0
		okST := st == 0 || st&m.st != 0
		okTH := th == 0 || th&m.themes != 0
		if okST && okTH {
			addBits(cPC[:], m.pc)
		}
		if okPC && okTH {
			addBits(cST[:], m.st)
		}
		if okPC && okST {
			addBits(cTH[:], m.themes)
		}
		if okPC && okST && okTH {
			matched = append(matched, i)
		}
	}
	switch q.Sort {
	case "name":
		slices.Sort(matched) // items are stored by name
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
	facet := func(values []string, counts []int, chosen uint32) []facetCount {
		out := make([]facetCount, len(values))
		for i, v := range values {
			out[i] = facetCount{Value: v, Count: counts[i], Selected: chosen&(1<<i) != 0}
		}
		return out
	}
	r.Facets["publication_category"] = facet(publicationCategories, cPC[:], pc)
	r.Facets["status"] = facet(statuses, cST[:], st)
	r.Facets["category"] = facet(themes, cTH[:], th)
	return r
}

// itemMeta holds an item's facet values as bit sets (bit i = the i-th enumeration value),
// so counting facets over 20,000 results is a few bit operations per item.
type itemMeta struct {
	pc, st, themes uint32
}

func metaOf(it *Item) itemMeta {
	return itemMeta{
		pc:     mask([]string{it.PublicationCategory}, publicationCategories),
		st:     mask([]string{it.Status}, statuses),
		themes: mask(it.Category, themes),
	}
}

// mask sets bit i for every value that is the i-th of values.
func mask(vs, values []string) uint32 {
	var m uint32
	for _, v := range vs {
		if i := slices.Index(values, v); i >= 0 {
			m |= 1 << i
		}
	}
	return m
}

func addBits(counts []int, m uint32) {
	for m != 0 {
		i := bits.TrailingZeros32(m)
		counts[i]++
		m &^= 1 << i
	}
}
