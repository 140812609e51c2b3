package publish

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tagRE matches one HTML tag (or comment); text that merely contains "<" followed by a space
// or digit is left alone.
var tagRE = regexp.MustCompile(`<!--[\s\S]*?-->|</?[A-Za-z][^<>]*>`)

// scriptRE matches elements whose content is not text at all.
var scriptRE = regexp.MustCompile(`(?is)<(script|style)\b[^>]*>.*?</(script|style)\s*>`)

// allowedTags is the HTML subset the standard allows in long text fields.
var allowedTags = map[string]bool{"div": true, "br": true, "p": true, "ul": true, "ol": true, "li": true}

// stripTags removes every tag and returns the text with entities decoded, tags becoming spaces
// so that words on both sides of a tag do not merge.
func stripTags(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	s = scriptRE.ReplaceAllString(s, " ")
	s = tagRE.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// plainLength is the length in characters after stripping HTML, as the standard counts it.
func plainLength(s string) int {
	if !strings.ContainsAny(s, "<&") {
		return utf8.RuneCountInString(s)
	}
	s = scriptRE.ReplaceAllString(s, "")
	s = tagRE.ReplaceAllString(s, "")
	return utf8.RuneCountInString(html.UnescapeString(s))
}

// sanitize keeps only the allowed tags, without attributes, in long text (kindHTML) and removes
// all markup from every other field: other markup is removed, never rendered.
// Removing a tag can join its neighbours into a new one ("<<b>script>"), so it repeats until
// nothing changes.
func sanitize(s string, k fieldKind) string {
	for i := 0; i < 100 && strings.Contains(s, "<"); i++ {
		next := sanitizeOnce(s, k)
		if next == s {
			return s
		}
		s = next
	}
	if strings.Contains(s, "<") && disallowedTag(s, k) != "" {
		return html.EscapeString(stripTags(s)) // pathological nesting: give up on markup altogether
	}
	return s
}

func sanitizeOnce(s string, k fieldKind) string {
	s = scriptRE.ReplaceAllString(s, "")
	return tagRE.ReplaceAllStringFunc(s, func(tag string) string {
		if k != kindHTML || strings.HasPrefix(tag, "<!--") {
			return ""
		}
		closing := strings.HasPrefix(tag, "</")
		name := strings.TrimLeft(tag, "</")
		if i := strings.IndexFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
			name = name[:i]
		}
		name = strings.ToLower(name)
		if !allowedTags[name] {
			return ""
		}
		switch {
		case name == "br":
			return "<br>"
		case closing:
			return "</" + name + ">"
		}
		return "<" + name + ">"
	})
}

// foldTable maps accented Latin letters to their base letters, so "Café" matches "cafe".
var foldTable = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'ĳ': "ij",
	'ā': "a", 'ă': "a", 'ą': "a", 'ć': "c", 'č': "c", 'ď': "d", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ī': "i", 'į': "i", 'ı': "i", 'ł': "l", 'ń': "n", 'ň': "n", 'ō': "o", 'ő': "o",
	'ř': "r", 'ś': "s", 'ş': "s", 'š': "s", 'ţ': "t", 'ť': "t", 'ū': "u", 'ů': "u", 'ű': "u",
	'ź': "z", 'ż': "z", 'ž': "z",
}

// token is one word of a text: folded (lower case, diacritics removed) and whether it was
// written in capitals in the original (classification stamps are).
type token struct {
	Word  string
	Upper bool
}

// tokenize strips HTML, decodes entities and splits the text into words of letters and digits;
// everything else (spaces, punctuation, tags) separates words. Matching on token sequences makes
// the scan case-, whitespace-, punctuation-, diacritics- and HTML-insensitive.
func tokenize(s string) []token { return tokenizePlain(stripTags(s)) }

// tokenizePlain is tokenize on text already stripped of HTML. The folded words share one
// string: a scan tokenizes every field of thousands of descriptions, and a string per word
// was most of its allocations.
func tokenizePlain(s string) []token {
	buf := make([]byte, 0, len(s))
	// Room for words of five characters and a separator: most text needs no more.
	ends := make([]int, 0, len(s)/6+1) // end offset in buf of each token, with toks[i].Upper
	toks := make([]token, 0, len(s)/6+1)
	start, upper, letters := 0, true, 0
	flush := func() {
		if len(buf) > start {
			ends = append(ends, len(buf))
			toks = append(toks, token{Upper: upper && letters > 1})
			start = len(buf)
		}
		upper, letters = true, 0
	}
	for _, r := range s {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z':
				letters++
				upper = false
				buf = append(buf, byte(r))
			case 'A' <= r && r <= 'Z':
				letters++
				buf = append(buf, byte(r)+'a'-'A')
			case '0' <= r && r <= '9':
				buf = append(buf, byte(r))
			default:
				flush()
			}
			continue
		}
		switch {
		case unicode.IsLetter(r):
			letters++
			if !unicode.IsUpper(r) {
				upper = false
			}
			lr := unicode.ToLower(r)
			if f, ok := foldTable[lr]; ok {
				buf = append(buf, f...)
			} else {
				buf = utf8.AppendRune(buf, lr)
			}
		case unicode.IsDigit(r):
			buf = utf8.AppendRune(buf, r)
		case unicode.Is(unicode.Mn, r):
			// a combining accent (decomposed text): drop it, as the fold does
		default:
			flush()
		}
	}
	flush()
	if len(toks) == 0 {
		return nil
	}
	all := string(buf)
	from := 0
	for i, end := range ends {
		toks[i].Word = all[from:end]
		from = end
	}
	return toks
}

// words returns the folded words of s.
func words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Word
	}
	return out
}

// phrase is a sequence of folded words to look for, with what it stands for.
type phrase struct {
	Words []string
	Label string // what a finding shows (the term, the marking, the person)
	Ref   int    // index into the caller's own table
	Upper bool   // match only when every word was written in capitals
}

// phraseIndex finds phrases in a token sequence on word boundaries.
type phraseIndex struct {
	byFirst map[string][]*phrase
}

func newPhraseIndex() *phraseIndex { return &phraseIndex{byFirst: map[string][]*phrase{}} }

// add indexes p; a phrase without words is ignored.
func (ix *phraseIndex) add(p phrase) {
	if len(p.Words) == 0 {
		return
	}
	ix.byFirst[p.Words[0]] = append(ix.byFirst[p.Words[0]], &p)
}

// find calls fn for every occurrence of an indexed phrase in toks.
func (ix *phraseIndex) find(toks []token, fn func(p *phrase)) {
	if len(ix.byFirst) == 0 {
		return
	}
	for i := range toks {
		for _, p := range ix.byFirst[toks[i].Word] {
			if i+len(p.Words) > len(toks) {
				continue
			}
			ok := true
			for j, w := range p.Words {
				if toks[i+j].Word != w || (p.Upper && !toks[i+j].Upper) {
					ok = false
					break
				}
			}
			if ok {
				fn(p)
			}
		}
	}
}

// emailRE finds e-mail addresses in text.
var emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)

// phoneCandidateRE finds runs that may be phone numbers; phoneDigitsOK decides.
var phoneCandidateRE = regexp.MustCompile(`[+(]?\d[\d \t\x{00A0}\-().]{6,}\d`)

// findPhones returns the Dutch phone numbers in s, in the notations people write: 06-12345678,
// +31 6 1234 5678, +31 (0)6 12345678, 0031612345678, (070) 123 45 67, 070-3188188.
func findPhones(s string) []string {
	digits := 0
	for i := 0; i < len(s) && digits < 9; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < 9 { // the shortest number accepted has nine digits after a +
		return nil
	}
	var out []string
	for _, m := range phoneCandidateRE.FindAllString(s, -1) {
		m = strings.TrimRight(m, " \t\u00a0-.(")
		if phoneDigitsOK(m) {
			out = append(out, m)
		}
	}
	return out
}

// phoneDigitsOK reports whether the digits of a candidate form a Dutch (or international
// Dutch) phone number.
func phoneDigitsOK(m string) bool {
	var d strings.Builder
	for _, r := range m {
		if r >= '0' && r <= '9' {
			d.WriteRune(r)
		}
	}
	ds := d.String()
	plus := strings.HasPrefix(strings.TrimSpace(m), "+")
	switch {
	case plus && strings.HasPrefix(ds, "310"):
		return len(ds) == 12 // +31 (0)6 12345678
	case plus && strings.HasPrefix(ds, "31"):
		return len(ds) == 11
	case plus:
		return len(ds) >= 9 && len(ds) <= 15 // another country's number is personal data just as well
	case strings.HasPrefix(ds, "0031"):
		return len(ds) == 13
	case strings.HasPrefix(ds, "00"):
		return len(ds) >= 11 && len(ds) <= 17
	case strings.HasPrefix(ds, "0"):
		return len(ds) == 10
	}
	return false
}

// snippet returns at most n characters of s for a finding's reason.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(stripTags(s)), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
