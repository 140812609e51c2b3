// Package search is algoreg's Dutch-aware full-text search engine, shared by the internal
// register (the `q` parameter of GET /api/v1/algorithms) and the public site.
//
// Text is analysed as PostgreSQL's `dutch` configuration does (lowercase, Dutch stopwords,
// the Snowball Dutch stemmer), with diacritics folded (é→e, ë→e). On top of that the index
// matches compounds against its own vocabulary (vergunningen finds parkeervergunning),
// tolerates typos (edit distance 1 from five letters, 2 from nine), completes the last
// query word as a prefix, expands organisation abbreviations (KMar, UWV, RVO, …) and ranks
// with BM25F over weighted fields, name first. See docs/search.md.
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords is PostgreSQL's (Snowball's) Dutch stopword list, checked on the lowercase word
// before folding, exactly as PostgreSQL does.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`de en van ik te dat die in een hij het niet zijn is was op aan met als voor
had er maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben
zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon
niets uw iemand geweest andere`) {
		m[w] = true
	}
	return m
}()

// IsStopword reports whether the lowercase word is a Dutch stopword.
func IsStopword(lower string) bool { return stopwords[lower] }

// foldTable maps letters with diacritics (and a few ligatures) to plain ASCII.
var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ĉ': "c", 'ċ': "c",
	'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i",
	'ĳ': "ij", 'ñ': "n", 'ń': "n", 'ň': "n", 'ņ': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
	'ř': "r", 'ŕ': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ť': "t", 'ţ': "t", 'ț': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ũ': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z", 'ł': "l", 'ľ': "l", 'ĺ': "l",
}

// Fold lowercases s and removes diacritics (é→e, ë→e, ĳ→ij); combining marks are dropped.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// token is one analysed word: Surface is the folded word, Term its index term (the stem),
// Pos its position among the words of the text (stopwords count).
type token struct {
	Surface string
	Term    string
	Pos     int
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words splits text into lowercase words on everything that is not a letter or digit.
func words(text string, fn func(lower string)) {
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			fn(strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		fn(strings.ToLower(text[start:]))
	}
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// tokenize splits text into tokens without stemming them (Term is empty): stopwords and
// single letters are dropped.
func tokenize(text string) []token {
	var out []token
	pos := 0
	words(text, func(lower string) {
		p := pos
		pos++
		if stopwords[lower] {
			return
		}
		f := Fold(lower)
		if f == "" {
			return
		}
		if utf8.RuneCountInString(f) == 1 && !hasDigit(f) {
			return
		}
		out = append(out, token{Surface: f, Pos: p})
	})
	return out
}

// termOf is the index term of a folded word: its stem, or the word itself when it holds a
// digit (PostgreSQL does not stem those either).
func termOf(surface string) string {
	if hasDigit(surface) {
		return surface
	}
	return Stem(surface)
}

// analyze turns text into stemmed tokens.
func analyze(text string) []token {
	toks := tokenize(text)
	for i := range toks {
		toks[i].Term = termOf(toks[i].Surface)
	}
	return toks
}

// Analyze returns the index terms of text: lowercase words without diacritics, Dutch
// stopwords removed, stemmed with the Snowball Dutch stemmer. Compound parts are resolved by
// an Index against its own vocabulary, so they are not part of this context-free result.
func Analyze(text string) []string {
	toks := analyze(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}
