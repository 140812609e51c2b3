package search

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Scores of the kinds of match, relative to an exact (same stem) match.
const (
	factorExact        = 1.0
	factorPlural       = 0.9  // subsidie for subsidies and back
	factorDerived      = 0.8  // detecteren for detectie and back
	factorPrefix       = 0.7  // the last query word as the start of a longer word
	factorCompoundTail = 0.6  // parkeervergunning for vergunning
	factorCompoundHead = 0.45 // vergunningsplicht for vergunning
	factorTypo1        = 0.4  // one edit away
	factorTypo2        = 0.25 // two edits away
	maxExpansions      = 400  // per query word
)

// matcher is one query word.
type matcher struct {
	surface string // folded word
	term    string // its index term
	prefix  bool   // the word is still being typed: complete it
	digits  bool
	weight  float64 // 0 means 1
}

// alternative is a conjunction of words; a clause matches when any alternative does.
type alternative []matcher

// clause is one concept of the query; a document must match every clause.
type clause []alternative

// parseQuery turns a query into clauses: one per word, or one per abbreviation or the
// full name it stands for (with both forms as alternatives).
func parseQuery(q string) []clause {
	type qword struct {
		m    matcher
		abbr *abbrevEntry
	}
	var ws []qword
	endsInWord := false
	if r, _ := utf8.DecodeLastRuneInString(q); r != utf8.RuneError && isWordRune(r) {
		endsInWord = true
	}
	var raws []string
	start := -1
	for i, r := range q {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			raws = append(raws, q[start:i])
			start = -1
		}
	}
	if start >= 0 {
		raws = append(raws, q[start:])
	}
	for i, raw := range raws {
		last := i == len(raws)-1
		if e, ok := isAbbreviation(raw); ok {
			ws = append(ws, qword{m: matcher{surface: e.abbr, term: e.abbr}, abbr: e})
			continue
		}
		lower := strings.ToLower(raw)
		if stopwords[lower] {
			continue
		}
		f := Fold(lower)
		if f == "" || (utf8.RuneCountInString(f) == 1 && !hasDigit(f)) {
			continue
		}
		m := matcher{surface: f, term: f, digits: hasDigit(f)}
		if !m.digits {
			m.term = Stem(f)
		}
		m.prefix = last && endsInWord && len(f) >= 2
		ws = append(ws, qword{m: m})
	}

	var cs []clause
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if w.abbr != nil {
			full := make(alternative, len(w.abbr.terms))
			for j := range w.abbr.terms {
				full[j] = matcher{surface: w.abbr.words[j], term: w.abbr.terms[j]}
			}
			cs = append(cs, clause{{w.m}, full})
			continue
		}
		// A full name typed out: its words, or the abbreviation.
		var best *abbrevEntry
		for _, e := range abbrevByFirst[w.m.term] {
			if i+len(e.terms) > len(ws) || (best != nil && len(e.terms) <= len(best.terms)) {
				continue
			}
			ok := true
			for j, t := range e.terms {
				if ws[i+j].abbr != nil || ws[i+j].m.term != t {
					ok = false
					break
				}
			}
			if ok {
				best = e
			}
		}
		if best != nil {
			words := make(alternative, len(best.terms))
			for j := range best.terms {
				words[j] = ws[i+j].m
			}
			cs = append(cs, clause{words, {matcher{surface: best.abbr, term: best.abbr}}})
			i += len(best.terms) - 1
			continue
		}
		cs = append(cs, clause{{w.m}})
	}
	return cs
}

// expansion is an index term that a query word matches, with the factor of that match.
type expansion struct {
	term   int32
	factor float64
}

// knownPart reports whether s (a compound part) is a word of the vocabulary: the surface word
// itself or its stem occurs in some document, possibly after removing a linking s, e or en
// (at the end of a head, at the start of a tail). It returns the form that is known.
func (ix *Index) knownPart(s string, linkAtEnd bool) (string, bool) {
	cands := [4]string{s}
	n := 1
	for _, l := range [...]string{"s", "e", "en"} {
		if linkAtEnd && strings.HasSuffix(s, l) {
			cands[n] = s[:len(s)-len(l)]
			n++
		}
		if !linkAtEnd && strings.HasPrefix(s, l) {
			cands[n] = s[len(l):]
			n++
		}
	}
	for _, c := range cands[:n] {
		if len(c) < 3 || stopwords[c] {
			continue
		}
		if wid, ok := ix.wordID[c]; ok && ix.known(ix.words[wid].term) {
			return c, true
		}
		if tid, ok := ix.termID[Stem(c)]; ok && ix.known(tid) {
			return c, true
		}
	}
	return "", false
}

// splitCompound splits a word into two known parts (fraudedetectie → fraude + detectie),
// preferring the longest tail.
func (ix *Index) splitCompound(w string) (head, tail string, ok bool) {
	for i := 3; i <= len(w)-3; i++ {
		if !utf8.RuneStart(w[i]) {
			continue
		}
		h, okh := ix.knownPart(w[:i], true)
		if !okh {
			continue
		}
		if t, okt := ix.knownPart(w[i:], false); okt {
			return h, t, true
		}
	}
	return "", "", false
}

// withSplits adds to every one-word clause whose word is a compound of two known words the
// alternative of both words apart, each at half weight.
func (ix *Index) withSplits(cs []clause) []clause {
	out := make([]clause, len(cs))
	for i, c := range cs {
		out[i] = c
		if len(c) != 1 || len(c[0]) != 1 {
			continue
		}
		m := c[0][0]
		if m.digits || len(m.surface) < 7 {
			continue
		}
		h, t, ok := ix.splitCompound(m.surface)
		if !ok {
			continue
		}
		alt := alternative{
			{surface: h, term: Stem(h), weight: 0.5},
			{surface: t, term: Stem(t), weight: 0.5, prefix: m.prefix},
		}
		out[i] = clause{c[0], alt}
	}
	return out
}

// expand finds the index terms matched by a query word: the same stem, the plural or
// singular in -s, compounds that contain it as head or tail, and, for the word being typed,
// longer words that start with it. A word that is unknown or rare in the vocabulary also
// matches words one edit away (two from nine letters), and their compounds. Each term keeps
// its best factor.
func (ix *Index) expand(m matcher) []expansion {
	best := map[int32]float64{}
	add := func(tid int32, f float64) {
		if !ix.known(tid) {
			return
		}
		if f > best[tid] {
			best[tid] = f
		}
	}
	exact := int32(-1)
	if tid, ok := ix.termID[m.term]; ok {
		exact = tid
		add(tid, factorExact)
	}
	if m.prefix {
		n := 0
		ix.fwd.walkPrefix(m.surface, func(wid int32, extra int) bool {
			if extra > 0 {
				add(ix.words[wid].term, factorPrefix)
			}
			n++
			return n < maxExpansions
		})
	}
	if m.digits {
		return sortExpansions(best)
	}

	forms := []string{m.surface}
	// A plural in -s after a vowel (subsidies, auto's) keeps its s in the Snowball stem:
	// match the singular too.
	if n := len(m.surface); n >= 4 && m.surface[n-1] == 's' && isVowel(rune(m.surface[n-2])) {
		base := m.surface[:n-1]
		if tid, ok := ix.termID[Stem(base)]; ok {
			add(tid, factorPlural)
		}
		forms = append(forms, base)
	}
	if exact >= 0 {
		forms = ix.appendSurfaces(forms, exact)
	}
	ix.compounds(forms, 1, add)
	// A noun in -atie or -ctie and its verb (registratie, registreren; detectie, detecteren).
	if d, ok := derivation(m.surface); ok {
		if tid, ok := ix.termID[Stem(d)]; ok {
			add(tid, factorDerived)
			ix.compounds(ix.appendSurfaces(nil, tid), factorDerived, add)
		}
	}

	// Typos, for words that are unknown or rare (a rare word may itself be misspelt).
	if exact >= 0 && ix.df(exact, 3) > 2 {
		return sortExpansions(best)
	}
	if l := utf8.RuneCountInString(m.surface); l >= 5 {
		maxDist := 1
		if l >= 9 {
			maxDist = 2
		}
		var near []int32
		ix.fwd.walkFuzzy(m.surface, maxDist, func(wid int32, dist int) {
			if dist == 0 {
				return
			}
			f := factorTypo1
			if dist == 2 {
				f = factorTypo2
			}
			add(ix.words[wid].term, f)
			if dist == 1 {
				near = append(near, wid)
			}
		})
		// The corrected word's other forms and compounds.
		if len(near) > 0 && len(near) <= 5 {
			var fs []string
			for _, wid := range near {
				fs = ix.appendSurfaces(fs, ix.words[wid].term)
			}
			for _, f := range fs {
				if tid, ok := ix.termID[Stem(f)]; ok {
					add(tid, factorTypo1)
				}
			}
			ix.compounds(fs, factorTypo1, add)
		}
	}
	return sortExpansions(best)
}

// derivation maps a noun in -atie/-ctie to its verb and back (evaluatie ↔ evalueren,
// detectie ↔ detecteren).
func derivation(w string) (string, bool) {
	switch {
	case len(w) > 7 && strings.HasSuffix(w, "ctie"):
		return w[:len(w)-3] + "teren", true
	case len(w) > 7 && strings.HasSuffix(w, "atie"):
		return w[:len(w)-4] + "eren", true
	case len(w) > 9 && strings.HasSuffix(w, "cteren"):
		return w[:len(w)-5] + "tie", true
	case len(w) > 8 && strings.HasSuffix(w, "eren"):
		return w[:len(w)-4] + "atie", true
	}
	return "", false
}

// appendSurfaces appends the surface words of term tid that are not in forms yet.
func (ix *Index) appendSurfaces(forms []string, tid int32) []string {
	for _, wid := range ix.terms[tid].surfaces {
		if w := ix.words[wid].text; !slices.Contains(forms, w) {
			forms = append(forms, w)
		}
	}
	return forms
}

// compounds adds the words that have one of forms as their tail or head, with a known word
// (or, for long forms, a long enough string) as the other part. It also adds the form
// followed by a plural s.
func (ix *Index) compounds(forms []string, scale float64, add func(int32, float64)) {
	for _, form := range forms {
		if len(form) < 4 {
			continue
		}
		n := 0
		ix.rev.walkPrefix(reverse(form), func(wid int32, extra int) bool {
			if extra >= 3 {
				w := ix.words[wid].text
				head := w[:len(w)-len(form)]
				if _, ok := ix.knownPart(head, true); ok || (len(form) >= 6 && len(head) >= 4) {
					add(ix.words[wid].term, scale*factorCompoundTail)
				}
			}
			n++
			return n < maxExpansions
		})
		n = 0
		ix.fwd.walkPrefix(form, func(wid int32, extra int) bool {
			w := ix.words[wid].text
			switch {
			case extra == 1 && w[len(w)-1] == 's':
				add(ix.words[wid].term, scale*factorPlural)
			case extra >= 3:
				rest := w[len(form):]
				if _, ok := ix.knownPart(rest, false); ok || (len(form) >= 6 && len(rest) >= 4) {
					add(ix.words[wid].term, scale*factorCompoundHead)
				}
			}
			n++
			return n < maxExpansions
		})
	}
}

func sortExpansions(best map[int32]float64) []expansion {
	out := make([]expansion, 0, len(best))
	for t, f := range best {
		out = append(out, expansion{t, f})
	}
	slices.SortFunc(out, func(a, b expansion) int {
		if a.factor != b.factor {
			if a.factor > b.factor {
				return -1
			}
			return 1
		}
		return int(a.term - b.term)
	})
	if len(out) > maxExpansions {
		out = out[:maxExpansions]
	}
	return out
}

// acc accumulates scores per document in dense slices indexed by the document's slot; a
// generation number marks which slots belong to the current use, so nothing is cleared. An
// acc takes 14 bytes a slot (1.4 MB for 100,000 documents) and a search holds up to four at
// once, so Search bounds how many searches run at the same time.
type acc struct {
	score []float64
	name  []uint16 // for matches: 1 when in the name; for the total: clauses matched in the name
	mark  []uint32
	gen   uint32
	docs  []uint32 // the marked slots, in order of first touch
}

var accPool = sync.Pool{New: func() any { return new(acc) }}

func getAcc(n int) *acc {
	a := accPool.Get().(*acc)
	if len(a.mark) < n {
		// Room for the documents added until the next search, so that a growing index does
		// not make every pooled acc too small each time.
		c := n + n/16
		a.score = make([]float64, c)
		a.name = make([]uint16, c)
		a.mark = make([]uint32, c)
		a.gen = 0
	}
	a.gen++
	if a.gen == 0 { // wrapped: clear the marks once
		clear(a.mark)
		a.gen = 1
	}
	a.docs = a.docs[:0]
	return a
}

func putAcc(a *acc) { accPool.Put(a) }

func (a *acc) has(d uint32) bool { return a.mark[d] == a.gen }

// max keeps the best score for d; the name flag is kept when any match was in the name.
func (a *acc) max(d uint32, sc float64, name uint16) {
	if a.mark[d] != a.gen {
		a.mark[d] = a.gen
		a.docs = append(a.docs, d)
		a.score[d] = sc
		a.name[d] = name
		return
	}
	if sc > a.score[d] {
		a.score[d] = sc
	}
	a.name[d] |= name
}

// intersect keeps the documents that b also has, adding b's score; name is 1 only when both
// matched in the name (all words of an alternative in the name).
func (a *acc) intersect(b *acc) {
	keep := a.docs[:0]
	for _, d := range a.docs {
		if !b.has(d) {
			a.mark[d] = 0
			continue
		}
		a.score[d] += b.score[d]
		a.name[d] &= b.name[d]
		keep = append(keep, d)
	}
	a.docs = keep
}

// searcher holds what one search needs: the averages and the slot count.
type searcher struct {
	ix    *Index
	avg   [numGroups]float64
	n     float64
	slots int
}

func (s *searcher) idf(tid int32) float64 {
	df := float64(s.ix.df(tid, 0))
	return math.Log(1 + (s.n-df+0.5)/(df+0.5))
}

// termScore is the BM25F score of a term with frequencies tf in a document with field
// lengths lens.
func (s *searcher) termScore(lens *[numGroups]uint16, tf *[numGroups]uint8, idf float64) float64 {
	sum := 0.0
	for g := range numGroups {
		if tf[g] == 0 {
			continue
		}
		norm := 1.0
		if s.avg[g] > 0 {
			norm = 1 - groupB[g] + groupB[g]*float64(lens[g])/s.avg[g]
		}
		sum += groupWeight[g] * float64(tf[g]) / norm
	}
	return idf * sum * (bm25K1 + 1) / (bm25K1 + sum)
}

// matcherScores scores every document (within restrict, when not nil) that matches m,
// keeping per document the best of its expansions.
func (s *searcher) matcherScores(m matcher, restrict *acc) *acc {
	out := getAcc(s.slots)
	w := 1.0
	if m.weight > 0 {
		w = m.weight
	}
	for _, e := range s.ix.expand(m) {
		idf := s.idf(e.term)
		it := postingIter{b: s.ix.terms[e.term].postings}
		for it.advance() {
			d := it.doc
			if restrict != nil && !restrict.has(d) {
				continue
			}
			doc := &s.ix.docs[d]
			if !doc.live {
				continue
			}
			var name uint16
			if it.tf[groupName] > 0 {
				name = 1
			}
			out.max(d, s.termScore(&doc.lens, &it.tf, idf)*e.factor*w, name)
		}
	}
	return out
}

// clauseScores scores the documents that match a clause: an alternative needs all its words
// (their scores add up); the best alternative counts.
func (s *searcher) clauseScores(c clause, restrict *acc) *acc {
	var out *acc
	for _, alt := range c {
		var a *acc
		for _, m := range alt {
			r := restrict
			if a != nil {
				r = a
			}
			ms := s.matcherScores(m, r)
			if a == nil {
				a = ms
				continue
			}
			a.intersect(ms)
			putAcc(ms)
		}
		if out == nil {
			out = a
			continue
		}
		for _, d := range a.docs {
			out.max(d, a.score[d], a.name[d])
		}
		putAcc(a)
	}
	return out
}

// Search returns the documents that match every concept of q, best first. allow, when not
// nil, filters documents by ID (it is called under the index's read lock and must not call
// back into the index). limit 0 returns all matches.
func (ix *Index) Search(q string, allow func(id string) bool, limit int) []Hit {
	cs := parseQuery(q)
	if len(cs) == 0 {
		return nil
	}
	// A search is CPU-bound and needs memory in proportion to the index (acc): running more
	// of them at once than there are processors makes none of them faster, only the heap
	// larger. The slot is taken before the read lock, which a waiting search must not hold.
	ix.searching <- struct{}{}
	defer func() { <-ix.searching }()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 {
		return nil
	}
	cs = ix.withSplits(cs)
	s := &searcher{ix: ix, n: float64(ix.live), slots: len(ix.docs)}
	for g := range numGroups {
		s.avg[g] = ix.lenSum[g] / s.n
	}

	// The most selective clause first, so that the others only look at its matches.
	cost := make([]int, len(cs))
	for i, c := range cs {
		cost[i] = ix.clauseCost(c)
	}
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cost[a] - cost[b] })

	var total *acc
	for _, ci := range order {
		c := s.clauseScores(cs[ci], total)
		if total == nil {
			total = c
		} else {
			// c only holds documents of total (it was restricted to them): add up the
			// scores and count the clauses matched in the name.
			for _, d := range c.docs {
				c.score[d] += total.score[d]
				c.name[d] += total.name[d]
			}
			putAcc(total)
			total = c
		}
		if len(total.docs) == 0 {
			putAcc(total)
			return nil
		}
	}
	defer putAcc(total)

	phrase := queryTerms(cs)
	hits := make([]Hit, 0, len(total.docs))
	for _, d := range total.docs {
		e := &ix.docs[d]
		if allow != nil && !allow(e.id) {
			continue
		}
		sc := total.score[d]
		// Name matches first: all concepts in the name doubles the score; an exact or
		// contiguous phrase in the name or organization boosts it further.
		if nh := int(total.name[d]); nh >= len(cs) {
			sc *= 2
		} else if nh > 0 {
			sc *= 1 + 0.5*float64(nh)/float64(len(cs))
		}
		sc *= ix.phraseBoost(e, phrase)
		hits = append(hits, Hit{ID: e.id, Score: sc})
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// clauseCost estimates how many postings a clause touches (by its exact terms).
func (ix *Index) clauseCost(c clause) int {
	best := math.MaxInt
	for _, alt := range c {
		cost := 0
		for _, m := range alt {
			if tid, ok := ix.termID[m.term]; ok {
				cost = max(cost, int(ix.terms[tid].n))
			}
		}
		best = min(best, cost)
	}
	return best
}

// queryTerms returns the terms of the query's first alternatives in order (the phrase the
// user typed).
func queryTerms(cs []clause) []string {
	var out []string
	for _, c := range cs {
		for _, m := range c[0] {
			out = append(out, m.term)
		}
	}
	return out
}

// phraseBoost rewards a name equal to the query (×3), a name containing it as a phrase
// (×2, for two words or more) and an organization equal to it (×1.5).
func (ix *Index) phraseBoost(e *docEntry, phrase []string) float64 {
	if len(phrase) == 0 {
		return 1
	}
	ids := make([]int32, len(phrase))
	for i, t := range phrase {
		tid, ok := ix.termID[t]
		if !ok {
			return 1
		}
		ids[i] = tid
	}
	name := ix.seqs[e.seq : e.seq+uint32(e.nName)]
	org := ix.seqs[e.seq+uint32(e.nName) : e.seq+uint32(e.nName)+uint32(e.nOrg)]
	switch {
	case slices.Equal(name, ids):
		return 3
	case len(ids) >= 2 && containsRun(name, ids):
		return 2
	case slices.Equal(org, ids):
		return 1.5
	}
	return 1
}

func containsRun(hay, needle []int32) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		if slices.Equal(hay[i:i+len(needle)], needle) {
			return true
		}
	}
	return false
}
