package standard

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
)

// cleanText makes a value safe to store: valid UTF-8, "\n" line endings, no control
// characters other than newline and tab, surrounding whitespace trimmed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFEFF' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// sanitizeValue cleans one value of the field f: the HTML subset for HTML fields, no markup at
// all for the others. Removing markup may expose new surrounding whitespace, so trim last.
func sanitizeValue(f FieldDef, s string) string {
	if unchanged(s, f.HTML) {
		return s
	}
	return sanitizeFull(f, s)
}

// unchanged reports, cheaply, that sanitizeFull would return s as it is: valid UTF-8 without
// control characters (newline and tab aside), byte order marks or surrounding white space, and
// nothing that could be markup ('<'; in HTML fields also '>' and '&', which are escaped). Most
// values of an import are such plain text, and most values are sanitised twice.
func unchanged(s string, html bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c == '<' || html && (c == '>' || c == '&') {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.IsControl(r) || r == '\uFEFF' {
			return false
		}
		i += n
	}
	return len(strings.TrimSpace(s)) == len(s)
}

// sanitizeFull is sanitizeValue without the shortcut for values it would not change.
func sanitizeFull(f FieldDef, s string) string {
	s = cleanText(s)
	if f.HTML {
		return strings.TrimSpace(sanitizeHTML(s))
	}
	return strings.TrimSpace(stripTags(s))
}

// Sanitize strips disallowed markup from HTML fields and all markup from plain fields, trims
// whitespace, normalises line endings and drops empty list entries. It is idempotent and is
// applied to every value before it is validated or stored.
func Sanitize(s *register.Standard) {
	plain := FieldDef{}
	for _, f := range fields {
		if p := StringField(s, f.Name); p != nil {
			*p = sanitizeValue(f, *p)
		}
		if p := LinksField(s, f.Name); p != nil {
			var out []register.Link
			for _, l := range *p {
				l.Title = sanitizeValue(plain, l.Title)
				l.Link = sanitizeValue(plain, l.Link)
				if l.Title != "" || l.Link != "" {
					out = append(out, l)
				}
			}
			*p = out
		}
	}
	var cats []string
	for _, c := range s.Category {
		if c = sanitizeValue(plain, c); c != "" {
			cats = append(cats, c)
		}
	}
	s.Category = cats
}

var monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// ValidMonth reports whether s is a month written yyyy-mm.
func ValidMonth(s string) bool { return monthRE.MatchString(s) }

// schemeRE matches a URL scheme at the start of a value ("javascript:", "ftp:", "https:").
var schemeRE = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.\-]*):`)

// LinkText reports whether s may stand in one of the standard's single link fields (website,
// url, process_index_url, publiccode). The national schema defines these as text of at most
// 500 characters, and real registrations hold a page title, several links or a sentence
// there; the register accepts what the national register accepts. What it refuses is a link
// that is not a web link: a value that starts with a scheme other than http(s) ("javascript:",
// "data:", "file:", "ftp:"), or a single word meant as a link ("https//x.nl", "www.x.nl",
// "x://y") that is not a valid http(s) URL.
// Pages only ever make an anchor of a value that is one valid http(s) URL (ValidURL).
func LinkText(s string) bool {
	if ValidURL(s) {
		return true
	}
	t := strings.TrimSpace(s)
	// browsers drop tabs and line breaks inside a URL: "java\tscript:" is "javascript:"
	compact := strings.ToLower(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r == ' ' {
			return -1
		}
		return r
	}, t))
	for _, bad := range []string{"javascript:", "vbscript:", "data:", "file:", "blob:"} {
		if strings.HasPrefix(compact, bad) {
			return false
		}
	}
	if m := schemeRE.FindStringSubmatch(t); m != nil {
		switch strings.ToLower(m[1]) {
		case "http", "https":
			// "https://a.nl en https://b.nl" is text with links; "https//" or "https:/x" alone is a broken link
			return strings.ContainsAny(t, " \t\n")
		case "javascript", "vbscript", "data", "file", "blob", "ftp", "mailto", "tel", "about":
			return false
		}
		// "N.v.t.: …", "Zie: …" are text, not a scheme
		return strings.ContainsAny(t, " \t\n") || !strings.Contains(t, "/")
	}
	// one word that is meant as a link must be a valid one: "https//x.nl", "www.x", "x://y"
	if !strings.ContainsAny(t, " \t\n") {
		l := strings.ToLower(t)
		if strings.HasPrefix(l, "http") || strings.HasPrefix(l, "www.") || strings.Contains(l, "://") {
			return false
		}
	}
	return true
}

// ValidURL reports whether s is an absolute http or https URL with a host and no spaces.
func ValidURL(s string) bool {
	if strings.ContainsAny(s, " \t\n\"<>") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return false
	}
	h := u.Hostname()
	return h != "" && !strings.HasPrefix(h, ".") && !strings.HasSuffix(h, "..")
}

var emailRE = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)

// ValidEmail reports whether s is a bare e-mail address (no display name).
func ValidEmail(s string) bool {
	if !emailRE.MatchString(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// ValidLARS reports whether s is a national register id with a valid check digit
// (register.ValidLARS).
func ValidLARS(s string) bool { return register.ValidLARS(s) }

func inEnum(v string, enum []string) bool {
	for _, e := range enum {
		if e == v {
			return true
		}
	}
	return false
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "‘" + v + "’"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " of " + q[len(q)-1]
}

func lengthProblem(n, max int) string {
	return fmt.Sprintf("is %d tekens lang; het maximum is %d tekens (zonder HTML)", n, max)
}

// Validate returns every problem with every value that is given, in the standard's field order.
// Empty fields are not problems here (see Missing). Values are expected to be sanitised.
func Validate(s *register.Standard) []register.FieldProblem {
	var ps []register.FieldProblem
	add := func(name, format string, args ...any) {
		ps = append(ps, register.FieldProblem{Name: name, Reason: fmt.Sprintf(format, args...)})
	}
	for _, f := range fields {
		if p := StringField(s, f.Name); p != nil && *p != "" {
			v := *p
			if f.MaxLen > 0 {
				if n := TextLength(v); n > f.MaxLen {
					add(f.Name, "%s", lengthProblem(n, f.MaxLen))
				}
			}
			if !f.HTML && f.Kind != KindEnum && strings.Contains(v, "<") && stripTags(v) != v {
				add(f.Name, "bevat HTML-opmaak; dit veld mag alleen platte tekst bevatten")
			}
			switch f.Kind {
			case KindEnum:
				if !inEnum(v, f.Enum) {
					add(f.Name, "‘%s’ is geen toegestane waarde; kies %s", v, quoteList(f.Enum))
				}
			case KindDate:
				if !ValidMonth(v) {
					add(f.Name, "‘%s’ is geen geldige maand; schrijf jjjj-mm, bijvoorbeeld 2023-01", v)
				}
			case KindURL:
				if !LinkText(v) {
					add(f.Name, "‘%s’ is geen toegestane link; gebruik een adres dat begint met https://", v)
				}
			case KindContact:
				if !ValidEmail(v) && !ValidURL(v) {
					add(f.Name, "‘%s’ is geen geldig e-mailadres en geen geldige URL (begin een website met https://)", v)
				}
			case KindLARS:
				if !ValidLARS(v) {
					add(f.Name, "‘%s’ is geen geldig algoritme-ID; dat zijn 8 cijfers met een controlecijfer", v)
				}
			}
			continue
		}
		if f.Kind == KindCategories {
			seen := map[string]bool{}
			for _, c := range s.Category {
				if !inEnum(c, f.Enum) {
					add(f.Name, "‘%s’ is geen thema uit de lijst van de standaard", c)
				} else if seen[c] {
					add(f.Name, "‘%s’ staat er meer dan één keer in", c)
				}
				seen[c] = true
			}
			continue
		}
		if p := LinksField(s, f.Name); p != nil {
			for i, l := range *p {
				n := i + 1
				if l.Title == "" {
					add(f.Name, "verwijzing %d: de titel ontbreekt", n)
				} else if f.LinkTitleMaxLen > 0 {
					if k := TextLength(l.Title); k > f.LinkTitleMaxLen {
						add(f.Name, "verwijzing %d: de titel %s", n, lengthProblem(k, f.LinkTitleMaxLen))
					}
				}
				switch {
				case l.Link == "" && f.LinkRequired:
					add(f.Name, "verwijzing %d: de link ontbreekt", n)
				case l.Link == "":
				case !ValidURL(l.Link):
					add(f.Name, "verwijzing %d: ‘%s’ is geen geldige URL; begin met https://", n, l.Link)
				case f.LinkMaxLen > 0 && TextLength(l.Link) > f.LinkMaxLen:
					add(f.Name, "verwijzing %d: de link %s", n, lengthProblem(TextLength(l.Link), f.LinkMaxLen))
				}
			}
		}
	}
	sortProblems(ps)
	return ps
}

func sortProblems(ps []register.FieldProblem) {
	sort.SliceStable(ps, func(i, j int) bool { return fieldIndex(ps[i].Name) < fieldIndex(ps[j].Name) })
}

// Missing returns a problem for every field the standard requires that is empty; these are
// enforced from submit on.
func Missing(s *register.Standard) []register.FieldProblem {
	var ps []register.FieldProblem
	for _, f := range fields {
		if f.Required && IsEmpty(s, f.Name) {
			ps = append(ps, register.FieldProblem{Name: f.Name, Reason: "is verplicht bij indienen"})
		}
	}
	return ps
}

// Completeness weights: the required fields and the fields that carry the accountability
// story (goal, human_intervention, risks, lawful_basis, category, proportionality) weigh 3;
// every other field a description's author fills in weighs 1. Fields the register assigns
// (standard_version, source_id, lars) do not count.
var completenessWeight = map[string]int{
	"name": 3, "description_short": 3, "organization": 3, "status": 3, "contact_email": 3,
	"publication_category": 3, "lang": 3, "goal": 3, "human_intervention": 3, "risks": 3,
	"lawful_basis": 3, "category": 3, "proportionality": 3,
	"standard_version": 0, "source_id": 0, "lars": 0,
}

// Completeness is how complete a description is, 0..100: the weighted share of filled-in
// fields (see completenessWeight), rounded down. An end_date only counts for a description
// that is out of use, so a description in use can reach 100.
func Completeness(s *register.Standard) int {
	total, have := 0, 0
	for _, f := range fields {
		w, ok := completenessWeight[f.Name]
		if !ok {
			w = 1
		}
		if f.Name == "end_date" && s.Status != "Buiten gebruik" {
			w = 0
		}
		total += w
		if !IsEmpty(s, f.Name) {
			have += w
		}
	}
	if total == 0 {
		return 0
	}
	return have * 100 / total
}
