package public

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// allowedTags are the only tags the standard allows in long text fields. They are emitted
// without attributes; everything else is dropped (its text kept, except inside script/style).
var allowedTags = map[string]bool{"p": true, "div": true, "br": true, "ul": true, "ol": true, "li": true}

// dropContent are elements whose text is never shown.
var dropContent = map[string]bool{"script": true, "style": true, "template": true, "iframe": true, "object": true, "noscript": true, "textarea": true, "title": true, "xmp": true, "noembed": true, "noframes": true, "plaintext": true}

// SanitizeHTML returns s with only the allowed tags (p, div, br, ul, ol, li), without any
// attributes, balanced, and all text escaped. The bundle is checked before publication; this
// runs again on load because the public site never trusts the bundle with markup.
func SanitizeHTML(s string) string {
	if canonical(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var open []string
	skip := 0 // depth inside a dropContent element
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			for i := len(open) - 1; i >= 0; i-- {
				b.WriteString("</" + open[i] + ">")
			}
			return b.String()
		case xhtml.TextToken:
			if skip == 0 {
				b.WriteString(html.EscapeString(string(z.Text())))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if dropContent[tag] {
				if tt == xhtml.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 || !allowedTags[tag] {
				continue
			}
			if tag == "br" {
				b.WriteString("<br>")
				continue
			}
			b.WriteString("<" + tag + ">")
			if tt == xhtml.SelfClosingTagToken {
				b.WriteString("</" + tag + ">")
				continue
			}
			open = append(open, tag)
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if dropContent[tag] {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 || !allowedTags[tag] || tag == "br" {
				continue
			}
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == tag {
					for j := len(open) - 1; j >= i; j-- {
						b.WriteString("</" + open[j] + ">")
					}
					open = open[:i]
					break
				}
			}
		}
		// comments and doctypes are dropped
	}
}

// canonical reports whether s is already safe: every '<' opens one of the allowed tags in
// its bare form, and the tags are balanced. Text without '<' cannot form markup, whatever
// else it holds. The bundle is written sanitised, so this is the common case on load.
func canonical(s string) bool {
	var stack [16]string
	depth := 0
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return depth == 0
		}
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			return false
		}
		tag := s[1:j]
		s = s[j+1:]
		if tag == "br" {
			continue
		}
		if strings.HasPrefix(tag, "/") {
			if depth == 0 || stack[depth-1] != tag[1:] {
				return false
			}
			depth--
			continue
		}
		if !allowedTags[tag] || depth == len(stack) {
			return false
		}
		stack[depth] = tag
		depth++
	}
}

// StripHTML returns the text of s without any markup, for snippets and search.
func StripHTML(s string) string {
	if !strings.ContainsAny(s, "<>&") {
		return s
	}
	var b strings.Builder
	z := xhtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.TrimSpace(b.String())
		case xhtml.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if dropContent[string(name)] {
				skip++
			} else if b.Len() > 0 {
				b.WriteByte(' ')
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			if dropContent[string(name)] && skip > 0 {
				skip--
			} else if b.Len() > 0 {
				b.WriteByte(' ')
			}
		case xhtml.SelfClosingTagToken:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
		}
	}
}

// plainText is the text of already sanitised markup (only bare allowed tags and escaped
// text): tags become spaces and entities are unescaped. Much cheaper than StripHTML.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	return strings.TrimSpace(html.UnescapeString(b.String()))
}
