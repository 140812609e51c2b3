package standard

import (
	"html"
	"strings"
	"unicode/utf8"
)

// token is one piece of a value: text, or a tag with its lower-case name.
type token struct {
	text    string // raw text (for a text token) or the raw tag
	tag     string // lower-case tag name; "" for text
	closing bool
	comment bool // <!-- … -->, <!…>, <?…?>: always removed
}

// isTagStart reports whether s (starting with '<') opens a tag: '<' followed by a letter,
// '/' + letter, '!' or '?'. A lone '<' as in "a < b" is text.
func isTagStart(s string) bool {
	if len(s) < 2 {
		return false
	}
	c := s[1]
	switch {
	case c == '!' || c == '?':
		return true
	case c == '/':
		return len(s) > 2 && isLetter(s[2])
	}
	return isLetter(c)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// tokenize splits s into text and tags. A tag runs to the next '>' (outside quotes); an
// unterminated tag is text.
func tokenize(s string) []token {
	var out []token
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		for i >= 0 && !isTagStart(s[i:]) {
			j := strings.IndexByte(s[i+1:], '<')
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			out = append(out, token{text: s})
			break
		}
		if i > 0 {
			out = append(out, token{text: s[:i]})
			s = s[i:]
		}
		if strings.HasPrefix(s, "<!--") {
			end := strings.Index(s[4:], "-->")
			if end < 0 {
				out = append(out, token{text: s, comment: true})
				return out
			}
			out = append(out, token{text: s[:4+end+3], comment: true})
			s = s[4+end+3:]
			continue
		}
		end := tagEnd(s)
		if end < 0 {
			out = append(out, token{text: s})
			break
		}
		raw := s[:end+1]
		s = s[end+1:]
		t := token{text: raw}
		if raw[1] == '!' || raw[1] == '?' {
			t.comment = true
		} else {
			name := raw[1:]
			if name[0] == '/' {
				t.closing = true
				name = name[1:]
			}
			n := 0
			for n < len(name) && (isLetter(name[n]) || name[n] >= '0' && name[n] <= '9' || name[n] == '-') {
				n++
			}
			t.tag = strings.ToLower(name[:n])
		}
		out = append(out, t)
	}
	return out
}

// tagEnd finds the '>' that closes the tag at the start of s, skipping quoted attribute values.
func tagEnd(s string) int {
	var quote byte
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	if quote != 0 { // an unbalanced quote: fall back to the first '>'
		return strings.IndexByte(s, '>')
	}
	return -1
}

// rawTextTags have content that is never text: it is removed with the tag.
var rawTextTags = map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "noscript": true, "template": true, "textarea": true, "title": true, "svg": true, "math": true}

func allowedTag(t string) bool {
	for _, a := range AllowedTags {
		if a == t {
			return true
		}
	}
	return false
}

// walk calls text for each text run and tag for each tag outside script-like elements.
func walk(s string, text func(string), tag func(token)) {
	toks := tokenize(s)
	skip := ""
	for _, t := range toks {
		if skip != "" {
			if t.tag == skip && t.closing {
				skip = ""
			}
			continue
		}
		switch {
		case t.comment:
		case t.tag != "":
			if rawTextTags[t.tag] && !t.closing && !strings.HasSuffix(t.text, "/>") {
				skip = t.tag
				continue
			}
			tag(t)
		default:
			text(t.text)
		}
	}
}

// sanitizeHTML keeps only the allowed tags, without attributes, and escapes stray '<', '>'
// and '&' in text so the result is well-formed and sanitising it again changes nothing.
func sanitizeHTML(s string) string {
	var b strings.Builder
	walk(s, func(t string) { b.WriteString(escapeText(t)) }, func(t token) {
		if !allowedTag(t.tag) {
			return
		}
		if t.tag == "br" {
			if !t.closing {
				b.WriteString("<br>")
			}
			return
		}
		b.WriteByte('<')
		if t.closing {
			b.WriteByte('/')
		}
		b.WriteString(t.tag)
		b.WriteByte('>')
	})
	return b.String()
}

// stripTags removes all markup, keeping text (entities untouched), until nothing changes:
// removing one tag may join two halves into a new one ("<<b>b>").
func stripTags(s string) string {
	for range 100 {
		var b strings.Builder
		walk(s, func(t string) { b.WriteString(t) }, func(token) {})
		out := b.String()
		if out == s {
			return out
		}
		s = out
	}
	return s
}

// escapeText escapes '<' and '>', and '&' unless it starts a character reference.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			if n := entityLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n - 1
			} else {
				b.WriteString("&amp;")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// entityLen returns the length of a character reference (&name; &#123; &#x1F;) at the start
// of s that decodes to something, or 0.
func entityLen(s string) int {
	if len(s) > 34 {
		s = s[:34]
	}
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 32 {
		return 0
	}
	body := s[1:end]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(isLetter(c) || c >= '0' && c <= '9' || c == '#' && i == 0) {
			return 0
		}
	}
	ref := s[:end+1]
	if html.UnescapeString(ref) == ref {
		return 0
	}
	return end + 1
}

// blockTags end a line of text when markup is stripped for plain output.
var blockTags = map[string]bool{"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true}

// StripHTML returns the plain text of an HTML value: markup removed, block elements and <br>
// as line breaks, list items prefixed "- ", character references decoded, blank lines collapsed.
// The national register's CSV download holds text in this form.
func StripHTML(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	walk(s, func(t string) { b.WriteString(html.UnescapeString(t)) }, func(t token) {
		if blockTags[t.tag] {
			b.WriteByte('\n')
			if t.tag == "li" && !t.closing {
				b.WriteString("- ")
			}
		}
	})
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// TextLength is the length the national register checks against max_length_without_html:
// the characters (runes) of the text with all markup removed and every character reference
// (&amp;, &#233;) counted as the one character it stands for.
func TextLength(s string) int {
	if !strings.ContainsAny(s, "<&") {
		return utf8.RuneCountInString(s)
	}
	n := 0
	walk(s, func(t string) { n += utf8.RuneCountInString(html.UnescapeString(t)) }, func(token) {})
	return n
}
