package search

import (
	"encoding/binary"
	"math/bits"
	"runtime"
	"strings"
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

// A posting list is a byte string of postings in increasing document order. Each posting is
// a uvarint header gap<<6 | ones<<5 | mask, where gap is the distance from the previous
// posting's document + 1 (from 0 for the first), mask has bit g set when the term occurs in
// field group g, and ones is set when every such term frequency is 1; otherwise one byte per
// set bit of mask follows with that group's term frequency (capped at 255). Most postings
// take two or three bytes.
const (
	postMaskBits = numGroups
	postOnes     = 1 << postMaskBits
	postShift    = postMaskBits + 1
)

// appendPosting appends the posting of doc (after the document next-1) with term
// frequencies tf.
func appendPosting(b []byte, next, doc uint32, tf *[numGroups]uint8) []byte {
	var mask uint64
	ones := true
	for g, n := range tf {
		if n > 0 {
			mask |= 1 << g
			ones = ones && n == 1
		}
	}
	h := uint64(doc-next)<<postShift | mask
	if ones {
		b = binary.AppendUvarint(b, h|postOnes)
		return b
	}
	b = binary.AppendUvarint(b, h)
	for _, n := range tf {
		if n > 0 {
			b = append(b, n)
		}
	}
	return b
}

// postingIter reads a posting list.
type postingIter struct {
	b    []byte
	next uint32 // the first document the next posting may have
	doc  uint32
	tf   [numGroups]uint8
}

// advance reads the next posting into it.doc and it.tf; it returns false at the end.
func (it *postingIter) advance() bool {
	if len(it.b) == 0 {
		return false
	}
	var h uint64
	if c := it.b[0]; c < 0x80 {
		h = uint64(c)
		it.b = it.b[1:]
	} else {
		var n int
		h, n = binary.Uvarint(it.b)
		it.b = it.b[n:]
	}
	it.doc = it.next + uint32(h>>postShift)
	it.next = it.doc + 1
	mask := h & (1<<postMaskBits - 1)
	if h&postOnes != 0 {
		for g := range numGroups {
			it.tf[g] = uint8(mask >> g & 1)
		}
		return true
	}
	for g := range numGroups {
		if mask&(1<<g) != 0 {
			it.tf[g] = it.b[0]
			it.b = it.b[1:]
		} else {
			it.tf[g] = 0
		}
	}
	return true
}

// skip reads the next posting's document only; it returns false at the end.
func (it *postingIter) skip() bool {
	if len(it.b) == 0 {
		return false
	}
	h, n := binary.Uvarint(it.b)
	it.b = it.b[n:]
	it.doc = it.next + uint32(h>>postShift)
	it.next = it.doc + 1
	if h&postOnes == 0 {
		it.b = it.b[bits.OnesCount64(h&(1<<postMaskBits-1)):]
	}
	return true
}

type termInfo struct {
	text     string
	postings []byte  // encoded posting list (see appendPosting)
	n        uint32  // postings in the list, those of deleted documents included
	last     uint32  // document of the last posting
	surfaces []int32 // ids of the surface words that stem to this term
}

type wordInfo struct {
	text string
	term int32
}

// docEntry is one document slot. Slots are assigned in increasing order and never reused
// until a compaction renumbers them, so that posting lists stay sorted.
type docEntry struct {
	id     string
	lens   [numGroups]uint16
	nName  uint16 // the name's term sequence is seqs[seq:seq+nName], for phrase boosts;
	nOrg   uint16 // the organization's follows it
	seq    uint32
	nTerms uint32 // distinct terms: postings of the document
	live   bool
}

// Index is an in-memory inverted index. It is safe for concurrent use: Put and Delete may
// run while searches are in progress.
//
// Deleting a document only marks its slot dead; searches skip dead slots. When the postings
// of dead slots make up a quarter of all postings, the next Put or Delete compacts the index:
// it drops them and renumbers the live documents.
type Index struct {
	mu sync.RWMutex
	// searching bounds the searches that run at once (see Search).
	searching chan struct{}

	words  []wordInfo
	wordID map[string]int32
	fwd    *trie // surface words
	rev    *trie // reversed surface words

	terms  []termInfo
	termID map[string]int32

	docs         []docEntry
	seqs         []int32 // term sequences of names and organizations
	byID         map[string]uint32
	live         int
	dead         int // dead slots
	postings     int // postings in all lists
	deadPostings int // postings of dead slots
	lenSum       [numGroups]float64
}

// compactMin is the least number of dead postings that triggers a compaction.
var compactMin = 1 << 14

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{
		searching: make(chan struct{}, max(2, runtime.GOMAXPROCS(0))),
		wordID:    map[string]int32{},
		fwd:       newTrie(),
		rev:       newTrie(),
		termID:    map[string]int32{},
		byID:      map[string]uint32{},
	}
}

// Len returns the number of documents in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Analyzed is a document tokenised for the index (AnalyzeDoc), ready for PutAnalyzed.
type Analyzed struct {
	id     string
	fields []fieldToks
}

type fieldToks struct {
	group int
	toks  []token
}

// AnalyzeDoc tokenises d: the expensive part of adding a document, which callers that add many
// may do side by side before adding them in order with PutAnalyzed.
func AnalyzeDoc(d Doc) Analyzed {
	a := Analyzed{id: d.ID}
	for name, text := range d.Fields {
		if text == "" {
			continue
		}
		a.fields = append(a.fields, fieldToks{fieldGroup(name), tokenize(text)})
	}
	return a
}

// Put adds d, replacing any document with the same ID.
func (ix *Index) Put(d Doc) { ix.PutAnalyzed(AnalyzeDoc(d)) }

// PutAnalyzed adds a document analysed by AnalyzeDoc, replacing any with the same ID.
func (ix *Index) PutAnalyzed(a Analyzed) {
	d, fields := Doc{ID: a.id}, a.fields
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ord, ok := ix.byID[d.ID]; ok {
		ix.remove(ord)
	}
	ord := uint32(len(ix.docs))
	e := docEntry{id: d.ID, live: true, seq: uint32(len(ix.seqs))}
	slot := map[int32]int{}
	var order []int32
	var tfs [][numGroups]uint8
	var org []int32
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
				if e.nName < 65535 {
					ix.seqs = append(ix.seqs, tid)
					e.nName++
				}
			case groupOrg:
				org = append(org, tid)
			}
		}
		l := int(e.lens[f.group]) + len(f.toks)
		e.lens[f.group] = uint16(min(l, 65535))
	}
	if len(org) > 65535 {
		org = org[:65535]
	}
	ix.seqs = append(ix.seqs, org...)
	e.nOrg = uint16(len(org))
	e.nTerms = uint32(len(order))
	for i, tid := range order {
		t := &ix.terms[tid]
		next := uint32(0)
		if t.n > 0 {
			next = t.last + 1
		}
		t.postings = appendPosting(t.postings, next, ord, &tfs[i])
		t.n++
		t.last = ord
	}
	for g := range numGroups {
		ix.lenSum[g] += float64(e.lens[g])
	}
	ix.docs = append(ix.docs, e)
	ix.byID[e.id] = ord
	ix.live++
	ix.postings += len(order)
}

// intern returns the term id of t, adding its surface word and term to the vocabulary.
func (ix *Index) intern(t token) int32 {
	if wid, ok := ix.wordID[t.Surface]; ok {
		return ix.words[wid].term
	}
	// The vocabulary keeps its own copies: a token may be a substring of a long text.
	surface := strings.Clone(t.Surface)
	term := t.Term
	if term == "" { // stemmed here, once per new word of the vocabulary
		term = termOf(surface)
	}
	tid, ok := ix.termID[term]
	if !ok {
		term = strings.Clone(term)
		tid = int32(len(ix.terms))
		ix.terms = append(ix.terms, termInfo{text: term})
		ix.termID[term] = tid
	}
	wid := int32(len(ix.words))
	ix.words = append(ix.words, wordInfo{text: surface, term: tid})
	ix.wordID[surface] = wid
	ix.terms[tid].surfaces = append(ix.terms[tid].surfaces, wid)
	ix.fwd.insert(surface, wid)
	ix.rev.insert(reverse(surface), wid)
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

// remove marks slot ord dead, compacting the index when dead postings have become a quarter
// of all postings.
func (ix *Index) remove(ord uint32) {
	e := &ix.docs[ord]
	for g := range numGroups {
		ix.lenSum[g] -= float64(e.lens[g])
	}
	delete(ix.byID, e.id)
	ix.deadPostings += int(e.nTerms)
	*e = docEntry{seq: e.seq, nTerms: e.nTerms}
	ix.live--
	ix.dead++
	if ix.deadPostings >= compactMin && ix.deadPostings*4 >= ix.postings {
		ix.compact()
	}
}

// compact drops the postings of dead slots and renumbers the live documents in their order,
// so that posting lists stay sorted; every list and the sequences are rebuilt at their size.
func (ix *Index) compact() {
	renum := make([]uint32, len(ix.docs)) // old slot → new slot + 1; 0 for a dead slot
	docs := make([]docEntry, 0, ix.live)
	nseq := 0
	for i := range ix.docs {
		if e := &ix.docs[i]; e.live {
			nseq += int(e.nName) + int(e.nOrg)
		}
	}
	seqs := make([]int32, 0, nseq)
	for i := range ix.docs {
		e := ix.docs[i]
		if !e.live {
			continue
		}
		renum[i] = uint32(len(docs)) + 1
		from, to := e.seq, e.seq+uint32(e.nName)+uint32(e.nOrg)
		e.seq = uint32(len(seqs))
		seqs = append(seqs, ix.seqs[from:to]...)
		ix.byID[e.id] = uint32(len(docs))
		docs = append(docs, e)
	}
	var buf []byte
	total := 0
	for tid := range ix.terms {
		t := &ix.terms[tid]
		if t.n == 0 {
			continue
		}
		buf = buf[:0]
		it := postingIter{b: t.postings}
		var n, next, last uint32
		for it.advance() {
			nd := renum[it.doc]
			if nd == 0 {
				continue
			}
			buf = appendPosting(buf, next, nd-1, &it.tf)
			last = nd - 1
			next = nd
			n++
		}
		t.postings, t.n, t.last = nil, n, last
		if n > 0 {
			t.postings = append([]byte(nil), buf...)
		}
		total += int(n)
	}
	ix.docs, ix.seqs = docs, seqs
	ix.dead, ix.deadPostings, ix.postings = 0, 0, total
}

// df returns the number of live documents that contain term tid, counting at most limit
// (limit 0: all of them).
func (ix *Index) df(tid int32, limit int) int {
	t := &ix.terms[tid]
	if ix.dead == 0 {
		return int(t.n)
	}
	n := 0
	it := postingIter{b: t.postings}
	for it.skip() {
		if ix.docs[it.doc].live {
			n++
			if n == limit {
				break
			}
		}
	}
	return n
}

// known reports whether some live document contains term tid.
func (ix *Index) known(tid int32) bool { return ix.df(tid, 1) > 0 }

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
