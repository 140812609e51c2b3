package web

import (
	"strings"
	"unicode"
)

// diffOp is one piece of a word-level difference: text kept, removed or added.
type diffOp struct {
	Kind string // "same", "del", "ins"
	Text string
}

// maxDiffCells bounds the LCS table; beyond it the difference is shown as a whole replacement
// (a field holds at most 5000 characters, so this is never reached by valid data).
const maxDiffCells = 4_000_000

// splitWords cuts s into words and the whitespace between them, so joining the pieces gives s.
func splitWords(s string) []string {
	var out []string
	start := 0
	inSpace := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if i > start && sp != inSpace {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// diffWords returns the word-level difference between a and b by a longest common
// subsequence over words: removed words from a, added words from b, in reading order.
func diffWords(a, b string) []diffOp {
	if a == b {
		if a == "" {
			return nil
		}
		return []diffOp{{"same", a}}
	}
	x, y := splitWords(a), splitWords(b)
	// Trim the common prefix and suffix: most edits touch a small part of a text.
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []diffOp
	add := func(kind, text string) {
		if text == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == kind {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, diffOp{kind, text})
	}
	add("same", strings.Join(x[:pre], ""))
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	if (len(mx)+1)*(len(my)+1) > maxDiffCells {
		add("del", strings.Join(mx, ""))
		add("ins", strings.Join(my, ""))
	} else {
		// lcs[i][j] is the LCS length of mx[i:] and my[j:].
		w := len(my) + 1
		lcs := make([]int32, (len(mx)+1)*w)
		for i := len(mx) - 1; i >= 0; i-- {
			for j := len(my) - 1; j >= 0; j-- {
				if mx[i] == my[j] {
					lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
				} else {
					lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < len(mx) && j < len(my) {
			switch {
			case mx[i] == my[j]:
				add("same", mx[i])
				i, j = i+1, j+1
			case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
				add("del", mx[i])
				i++
			default:
				add("ins", my[j])
				j++
			}
		}
		add("del", strings.Join(mx[i:], ""))
		add("ins", strings.Join(my[j:], ""))
	}
	add("same", strings.Join(x[len(x)-suf:], ""))
	return ops
}

// applyDiff rebuilds the old (del+same) or new (ins+same) text from ops; tests use it.
func applyDiff(ops []diffOp, newSide bool) string {
	var b strings.Builder
	for _, o := range ops {
		if o.Kind == "same" || (newSide && o.Kind == "ins") || (!newSide && o.Kind == "del") {
			b.WriteString(o.Text)
		}
	}
	return b.String()
}
