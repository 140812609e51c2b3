package search

// This file implements the Snowball Dutch stemmer (the original algorithm by Martin Porter,
// https://snowballstem.org/algorithms/dutch/stemmer.html, as shipped in Snowball 2.x and used
// by PostgreSQL's `dutch` text search configuration). It follows the Snowball program step by
// step; the tests compare it word for word with PostgreSQL's output (testdata/stems.txt).

// isVowel reports whether r is in the grouping v = 'aeiouyè'.
func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'è':
		return true
	}
	return false
}

// Stem returns the Snowball Dutch stem of a lowercase word.
func Stem(word string) string {
	w := []rune(word)
	if len(w) == 0 {
		return word
	}
	w = stemPrelude(w)
	p1, p2 := stemRegions(w)
	w = stemStandardSuffix(w, p1, p2)
	// postlude: I and Y back to lowercase.
	for i, r := range w {
		switch r {
		case 'I':
			w[i] = 'i'
		case 'Y':
			w[i] = 'y'
		}
	}
	return string(w)
}

// stemPrelude removes umlauts and acute accents and marks the consonantal i and y as I and Y.
func stemPrelude(w []rune) []rune {
	for i, r := range w {
		switch r {
		case 'ä', 'á':
			w[i] = 'a'
		case 'ë', 'é':
			w[i] = 'e'
		case 'ï', 'í':
			w[i] = 'i'
		case 'ö', 'ó':
			w[i] = 'o'
		case 'ü', 'ú':
			w[i] = 'u'
		}
	}
	if w[0] == 'y' {
		w[0] = 'Y'
	}
	// repeat goto ( v [('i'] v <- 'I') or ('y'] <- 'Y') ): each pass searches from the
	// cursor left by the previous one.
	c := 0
	for {
		found := false
		for j := c; j < len(w); j++ {
			if !isVowel(w[j]) || j+1 >= len(w) {
				continue
			}
			if w[j+1] == 'i' && j+2 < len(w) && isVowel(w[j+2]) {
				w[j+1] = 'I'
				c = j + 1 // goto leaves the cursor where the match started
				found = true
				break
			}
			if w[j+1] == 'y' {
				w[j+1] = 'Y'
				c = j + 1
				found = true
				break
			}
		}
		if !found {
			return w
		}
	}
}

// stemRegions computes R1 and R2 (as positions; len(w) when empty). R1 is adjusted so that
// at least three letters precede it.
func stemRegions(w []rune) (p1, p2 int) {
	n := len(w)
	p1, p2 = n, n
	if n < 3 { // test(hop 3 setmark x) fails: the regions stay empty
		return
	}
	x := 3
	pastVowelConsonant := func(from int) (int, bool) {
		i := from
		for i < n && !isVowel(w[i]) {
			i++
		}
		if i == n {
			return n, false
		}
		for i < n && isVowel(w[i]) {
			i++
		}
		if i == n {
			return n, false
		}
		return i + 1, true
	}
	c, ok := pastVowelConsonant(0)
	if !ok {
		return n, n
	}
	p1 = max(c, x)
	// The adjustment changes p1 only: R2 is searched from the cursor, not from p1.
	if p2, ok = pastVowelConsonant(c); !ok {
		return p1, n
	}
	return p1, p2
}

// hasSuffix reports whether w ends in the ASCII suffix s.
func hasSuffix(w []rune, s string) bool {
	if len(s) > len(w) {
		return false
	}
	off := len(w) - len(s)
	for i := 0; i < len(s); i++ {
		if w[off+i] != rune(s[i]) {
			return false
		}
	}
	return true
}

// undouble removes the last letter when the word ends in kk, dd or tt.
func undouble(w []rune) []rune {
	if hasSuffix(w, "kk") || hasSuffix(w, "dd") || hasSuffix(w, "tt") {
		return w[:len(w)-1]
	}
	return w
}

// eEnding deletes a final e in R1 preceded by a non-vowel, then undoubles; it reports
// whether the e was removed (the e_found flag).
func eEnding(w []rune, p1 int) ([]rune, bool) {
	n := len(w)
	if n < 2 || w[n-1] != 'e' || n-1 < p1 || isVowel(w[n-2]) {
		return w, false
	}
	return undouble(w[:n-1]), true
}

// enEnding deletes a suffix starting at pos (en/ene) when it is in R1, preceded by a
// non-vowel and not by "gem", then undoubles. ok reports whether it applied.
func enEnding(w []rune, pos, p1 int) ([]rune, bool) {
	if pos < p1 || pos < 1 || isVowel(w[pos-1]) {
		return w, false
	}
	if hasSuffix(w[:pos], "gem") {
		return w, false
	}
	return undouble(w[:pos]), true
}

func stemStandardSuffix(w []rune, p1, p2 int) []rune {
	// Step 1: the longest of heden, ene, en, se, s.
	n := len(w)
	switch {
	case hasSuffix(w, "heden"):
		if n-5 >= p1 {
			w = append(w[:n-5], []rune("heid")...)
		}
	case hasSuffix(w, "ene"):
		w, _ = enEnding(w, n-3, p1)
	case hasSuffix(w, "en"):
		w, _ = enEnding(w, n-2, p1)
	case hasSuffix(w, "se"):
		if n-2 >= p1 && n-3 >= 0 && !isVowel(w[n-3]) && w[n-3] != 'j' {
			w = w[:n-2]
		}
	case hasSuffix(w, "s"):
		if n-1 >= p1 && n-2 >= 0 && !isVowel(w[n-2]) && w[n-2] != 'j' {
			w = w[:n-1]
		}
	}

	// Step 2.
	var eFound bool
	w, eFound = eEnding(w, p1)

	// Step 3a: heid.
	if n := len(w); hasSuffix(w, "heid") && n-4 >= p2 && !(n-5 >= 0 && w[n-5] == 'c') {
		w = w[:n-4]
		if hasSuffix(w, "en") {
			w, _ = enEnding(w, len(w)-2, p1)
		}
	}

	// Step 3b: d-suffixes, the longest of end, ing, ig, lijk, baar, bar.
	n = len(w)
	switch {
	case hasSuffix(w, "end") || hasSuffix(w, "ing"):
		if n-3 >= p2 {
			w = w[:n-3]
			m := len(w)
			if hasSuffix(w, "ig") && m-2 >= p2 && !(m-3 >= 0 && w[m-3] == 'e') {
				w = w[:m-2]
			} else {
				w = undouble(w)
			}
		}
	case hasSuffix(w, "ig"):
		if n-2 >= p2 && !(n-3 >= 0 && w[n-3] == 'e') {
			w = w[:n-2]
		}
	case hasSuffix(w, "lijk"):
		if n-4 >= p2 {
			w, _ = eEnding(w[:n-4], p1)
		}
	case hasSuffix(w, "baar"):
		if n-4 >= p2 {
			w = w[:n-4]
		}
	case hasSuffix(w, "bar"):
		if n-3 >= p2 && eFound {
			w = w[:n-3]
		}
	}

	// Step 4: undouble a vowel in a final consonant-vowel-vowel-consonant.
	n = len(w)
	if n >= 4 {
		last, a, b, before := w[n-1], w[n-2], w[n-3], w[n-4]
		if !isVowel(last) && last != 'I' && a == b && (a == 'a' || a == 'e' || a == 'o' || a == 'u') && !isVowel(before) {
			w = append(w[:n-2], last)
		}
	}
	return w
}
