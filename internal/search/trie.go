package search

// trie is a compact byte trie over the surface words of the vocabulary. Nodes live in one
// slice (16 bytes each) with first-child/next-sibling links, so it grows incrementally
// without rebuilds. It answers prefix walks (completion, compound heads) and bounded
// edit-distance walks (typos); a second trie over reversed words answers suffix walks
// (compound tails).
type trie struct {
	nodes []trieNode
}

type trieNode struct {
	child, next int32 // first child, next sibling; 0 means none (node 0 is the root)
	word        int32 // word id + 1 ending here; 0 means none
	label       byte
}

func newTrie() *trie { return &trie{nodes: make([]trieNode, 1, 1024)} }

func (t *trie) childOf(n int32, b byte) int32 {
	for c := t.nodes[n].child; c != 0; c = t.nodes[c].next {
		if t.nodes[c].label == b {
			return c
		}
	}
	return 0
}

// insert adds word s with id (ids are dense, from 0).
func (t *trie) insert(s string, id int32) {
	n := int32(0)
	for i := 0; i < len(s); i++ {
		c := t.childOf(n, s[i])
		if c == 0 {
			t.nodes = append(t.nodes, trieNode{label: s[i], next: t.nodes[n].child})
			c = int32(len(t.nodes) - 1)
			t.nodes[n].child = c
		}
		n = c
	}
	t.nodes[n].word = id + 1
}

// find returns the node of s, or 0 when s is not a path in the trie.
func (t *trie) find(s string) int32 {
	n := int32(0)
	for i := 0; i < len(s); i++ {
		if n = t.childOf(n, s[i]); n == 0 {
			return 0
		}
	}
	return n
}

// walkPrefix calls fn for every word that starts with prefix, with the word's length beyond
// the prefix; fn returns false to stop.
func (t *trie) walkPrefix(prefix string, fn func(id int32, extra int) bool) {
	n := t.find(prefix)
	if n == 0 && prefix != "" {
		return
	}
	var walk func(n int32, depth int) bool
	walk = func(n int32, depth int) bool {
		if w := t.nodes[n].word; w != 0 {
			if !fn(w-1, depth) {
				return false
			}
		}
		for c := t.nodes[n].child; c != 0; c = t.nodes[c].next {
			if !walk(c, depth+1) {
				return false
			}
		}
		return true
	}
	walk(n, 0)
}

// walkFuzzy calls fn for every word within Damerau-Levenshtein (optimal string alignment)
// distance max of s, with the distance. It walks the trie with one dynamic-programming row
// per node and prunes branches whose row minimum exceeds max.
func (t *trie) walkFuzzy(s string, max int, fn func(id int32, dist int)) {
	m := len(s)
	// rows[d] is the DP row of the node at depth d on the current path; labels[d] its byte.
	rows := [][]int{make([]int, m+1)}
	for j := range rows[0] {
		rows[0][j] = j
	}
	labels := []byte{0}
	var walk func(n int32, depth int)
	walk = func(n int32, depth int) {
		d := depth + 1
		if len(rows) <= d {
			rows = append(rows, make([]int, m+1))
			labels = append(labels, 0)
		}
		for c := t.nodes[n].child; c != 0; c = t.nodes[c].next {
			b := t.nodes[c].label
			prev, row := rows[d-1], rows[d]
			labels[d] = b
			row[0] = prev[0] + 1
			best := row[0]
			for j := 1; j <= m; j++ {
				cost := 1
				if s[j-1] == b {
					cost = 0
				}
				v := min(prev[j]+1, row[j-1]+1, prev[j-1]+cost)
				if d >= 2 && j >= 2 && b == s[j-2] && labels[d-1] == s[j-1] {
					v = min(v, rows[d-2][j-2]+1)
				}
				row[j] = v
				best = min(best, v)
			}
			if best > max {
				continue
			}
			if w := t.nodes[c].word; w != 0 && row[m] <= max {
				fn(w-1, row[m])
			}
			walk(c, d)
		}
	}
	walk(0, 0)
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
