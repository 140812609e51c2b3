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
	if !strings.ContainsAny(s, "<>&\"'") {
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
