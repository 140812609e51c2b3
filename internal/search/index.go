package search

import (
	"sync"
)

// Doc is one document to index: the description's ID and its fields under their v1.0 names
// (name, description_short, organization, goal, tags, methods_and_models, …).
type Doc struct {
	ID     string
	Fields map[string]string
}

// Hit is one search result; higher scores are better.
type Hit struct {
	ID    string
	Score float64
}

// Field groups. Every field of a Doc falls in one group; a group has a weight and a length
// normalisation of its own (BM25F).
const (
	groupName  = iota // name
	groupShort        // description_short, tags, category
	groupOrg          // organization
	groupGoal         // goal
	groupLong         // everything else (methods_and_models, risks, lawful_basis, …)
	numGroups
)

var (
	groupWeight = [numGroups]float64{5, 2, 2, 1.2, 0.6}
	groupB      = [numGroups]float64{0.5, 0.75, 0.5, 0.75, 0.75}
)

const bm25K1 = 1.2

// fieldGroup maps a v1.0 field name to its group.
func fieldGroup(field string) int {
	switch field {
	case "name":
		return groupName
	case "description_short", "tags", "category":
		return groupShort
	case "organization":
		return groupOrg
	case "goal":
		return groupGoal
	}
	return groupLong
}

// posting records that a document contains a term, with the term frequency per field group
// (capped at 255).
type posting struct {
	doc uint32
	tf  [numGroups]uint8
}

type termInfo struct {
	text     string
	postings []posting
	surfaces []int32 // ids of the surface words that stem to this term
}

type wordInfo struct {
	text string
	term int32
}

type docEntry struct {
	id    string
	live  bool
	terms []int32 // distinct terms, for deletion
	lens  [numGroups]uint16
	name  []int32 // term sequence of the name, for phrase boosts
	org   []int32 // term sequence of the organization
}

// Index is an in-memory inverted index. It is safe for concurrent use: Put and Delete may
// run while searches are in progress.
type Index struct {
	mu sync.RWMutex

	words  []wordInfo
	wordID map[string]int32
	fwd    *trie // surface words
	rev    *trie // reversed surface words

	terms  []termInfo
	termID map[string]int32

	docs   []docEntry
	free   []uint32
	byID   map[string]uint32
	live   int
	lenSum [numGroups]float64
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{
		wordID: map[string]int32{},
		fwd:    newTrie(),
		rev:    newTrie(),
		termID: map[string]int32{},
		byID:   map[string]uint32{},
	}
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Put adds d, replacing any document with the same ID.
func (ix *Index) Put(d Doc) {
	// Analyse outside the lock: it is the expensive part.
	type fieldToks struct {
		group int
		toks  []token
	}
	var fields []fieldToks
	for name, text := range d.Fields {
		if text == "" {
			continue
		}
		fields = append(fields, fieldToks{fieldGroup(name), tokenize(text)})
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ord, ok := ix.byID[d.ID]; ok {
		ix.remove(ord)
	}
	var ord uint32
	if n := len(ix.free); n > 0 {
		ord = ix.free[n-1]
		ix.free = ix.free[:n-1]
	} else {
		ord = uint32(len(ix.docs))
		ix.docs = append(ix.docs, docEntry{})
	}
	e := docEntry{id: d.ID, live: true}
	slot := map[int32]int{}
	var order []int32
	var tfs [][numGroups]uint8
	for _, f := range fields {
		for _, t := range f.toks {
			tid := ix.intern(t)
			i, ok := slot[tid]
			if !ok {
				i = len(tfs)
				slot[tid] = i
				tfs = append(tfs, [numGroups]uint8{})
				order = append(order, tid)
			}
			if tfs[i][f.group] < 255 {
				tfs[i][f.group]++
			}
			switch f.group {
			case groupName:
				e.name = append(e.name, tid)
			case groupOrg:
				e.org = append(e.org, tid)
			}
		}
		l := int(e.lens[f.group]) + len(f.toks)
		e.lens[f.group] = uint16(min(l, 65535))
	}
	e.terms = order
	for i, tid := range order {
		ix.terms[tid].postings = append(ix.terms[tid].postings, posting{doc: ord, tf: tfs[i]})
	}
	for g := range numGroups {
		ix.lenSum[g] += float64(e.lens[g])
	}
	ix.docs[ord] = e
	ix.byID[d.ID] = ord
	ix.live++
}

// intern returns the term id of t, adding its surface word and term to the vocabulary.
func (ix *Index) intern(t token) int32 {
	if wid, ok := ix.wordID[t.Surface]; ok {
		return ix.words[wid].term
	}
	term := t.Term
	if term == "" { // stemmed here, once per new word of the vocabulary
		term = termOf(t.Surface)
	}
	tid, ok := ix.termID[term]
	if !ok {
		tid = int32(len(ix.terms))
		ix.terms = append(ix.terms, termInfo{text: term})
		ix.termID[term] = tid
	}
	wid := int32(len(ix.words))
	ix.words = append(ix.words, wordInfo{text: t.Surface, term: tid})
	ix.wordID[t.Surface] = wid
	ix.terms[tid].surfaces = append(ix.terms[tid].surfaces, wid)
	ix.fwd.insert(t.Surface, wid)
	ix.rev.insert(reverse(t.Surface), wid)
	return tid
}

// Delete removes the document with this ID; an unknown ID is ignored.
func (ix *Index) Delete(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ord, ok := ix.byID[id]; ok {
		ix.remove(ord)
	}
}

func (ix *Index) remove(ord uint32) {
	e := &ix.docs[ord]
	for _, tid := range e.terms {
		ps := ix.terms[tid].postings
		for i := range ps {
			if ps[i].doc == ord {
				last := len(ps) - 1
				ps[i] = ps[last]
				ix.terms[tid].postings = ps[:last]
				break
			}
		}
	}
	for g := range numGroups {
		ix.lenSum[g] -= float64(e.lens[g])
	}
	delete(ix.byID, e.id)
	*e = docEntry{}
	ix.free = append(ix.free, ord)
	ix.live--
}

// Analyze is the package Analyze with compound decomposition against this index's
// vocabulary: after the term of a compound whose two parts are known words, it adds the
// terms of the parts (parkeervergunning → parkeervergunn, parker, vergunn). It shows how the
// index understands a text; Search applies the same decomposition to queries.
func (ix *Index) Analyze(text string) []string {
	toks := analyze(text)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []string
	for _, t := range toks {
		out = append(out, t.Term)
		if hasDigit(t.Surface) || len(t.Surface) < 7 {
			continue
		}
		if h, tail, ok := ix.splitCompound(t.Surface); ok {
			out = append(out, termOf(h), termOf(tail))
		}
	}
	return out
}
