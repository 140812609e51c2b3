package store

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
)

// decodeFast decodes a stored description document without reflection. It gives exactly what
// json.Unmarshal gives, for the documents the store writes (json.Marshal of a Description, as
// SQLite's json_set and PostgreSQL's jsonb patch and print them): an object with the known keys,
// each at most once, with values of the expected JSON types. Anything else — an unknown or
// repeated key, a number that is not a plain integer, a null inside a list, invalid UTF-8, a
// syntax error — makes it give up (ok false), and the caller decodes with encoding/json, so the
// result and the errors stay those of encoding/json for every input. Every string gets its own
// memory, as with encoding/json: a kept field (the search index keeps names) must not hold the
// whole document.
func decodeFast(doc []byte) (d *register.Description, ok bool) {
	r := docReader{b: doc, s: doc}
	d = new(register.Description)
	var seen uint64
	r.ws()
	if !r.eat('{') {
		return nil, false
	}
	r.ws()
	if r.eat('}') {
		return d, r.end()
	}
	for {
		r.ws()
		key, ok := r.key()
		if !ok {
			return nil, false
		}
		r.ws()
		if !r.eat(':') {
			return nil, false
		}
		r.ws()
		bit, ok := r.field(d, key)
		if !ok || seen&(1<<bit) != 0 {
			return nil, false
		}
		seen |= 1 << bit
		r.ws()
		if r.eat(',') {
			continue
		}
		if r.eat('}') {
			return d, r.end()
		}
		return nil, false
	}
}

// field decodes the value of key into d and returns the key's number (for the repeated-key check).
func (r *docReader) field(d *register.Description, key []byte) (int, bool) {
	s := &d.Standard
	switch string(key) {
	case "name":
		return 0, r.str(&s.Name)
	case "description_short":
		return 1, r.str(&s.DescriptionShort)
	case "organization":
		return 2, r.str(&s.Organization)
	case "category":
		return 3, r.strings(&s.Category)
	case "status":
		return 4, r.str(&s.Status)
	case "begin_date":
		return 5, r.str(&s.BeginDate)
	case "end_date":
		return 6, r.str(&s.EndDate)
	case "contact_email":
		return 7, r.str(&s.ContactEmail)
	case "website":
		return 8, r.str(&s.Website)
	case "publication_category":
		return 9, r.str(&s.PublicationCategory)
	case "url":
		return 10, r.str(&s.URL)
	case "goal":
		return 11, r.str(&s.Goal)
	case "proportionality":
		return 12, r.str(&s.Proportionality)
	case "human_intervention":
		return 13, r.str(&s.HumanIntervention)
	case "risks":
		return 14, r.str(&s.Risks)
	case "lawful_basis":
		return 15, r.str(&s.LawfulBasis)
	case "lawful_basis_grouping":
		return 16, r.links(&s.LawfulBasisGrouping)
	case "process_index_url":
		return 17, r.str(&s.ProcessIndexURL)
	case "impacttoetsen_grouping":
		return 18, r.links(&s.ImpacttoetsenGrouping)
	case "impacttoetsen":
		return 19, r.str(&s.Impacttoetsen)
	case "source_data":
		return 20, r.str(&s.SourceData)
	case "source_data_grouping":
		return 21, r.links(&s.SourceDataGrouping)
	case "methods_and_models":
		return 22, r.str(&s.MethodsAndModels)
	case "provider":
		return 23, r.str(&s.Provider)
	case "publiccode":
		return 24, r.str(&s.Publiccode)
	case "lang":
		return 25, r.str(&s.Lang)
	case "standard_version":
		return 26, r.str(&s.StandardVersion)
	case "source_id":
		return 27, r.str(&s.SourceID)
	case "tags":
		return 28, r.str(&s.Tags)
	case "lars":
		return 29, r.str(&s.Lars)
	case "id":
		return 30, r.str(&d.ID)
	case "unit":
		return 31, r.str(&d.Unit)
	case "classification":
		return 32, r.str((*string)(&d.Classification))
	case "revision":
		return 33, r.int(&d.Revision)
	case "state":
		return 34, r.str((*string)(&d.State))
	case "owners":
		return 35, r.persons(&d.Owners)
	case "internal_notes":
		return 36, r.str(&d.InternalNotes)
	case "impact_on_citizens":
		return 37, r.bool(&d.ImpactOnCitizens)
	case "publication_category_override":
		return 38, r.str(&d.PublicationCategoryOverride)
	case "publication_dt":
		return 39, r.str(&d.PublicationDT)
	case "published_revision":
		return 40, r.int(&d.PublishedRevision)
	case "public_id":
		return 41, r.str(&d.PublicID)
	case "created_at":
		return 42, r.time(&d.CreatedAt)
	case "created_by":
		return 43, r.str(&d.CreatedBy)
	case "updated_at":
		return 44, r.time(&d.UpdatedAt)
	case "updated_by":
		return 45, r.str(&d.UpdatedBy)
	}
	return 0, false
}

// docReader walks one JSON document; b and s are the same bytes.
type docReader struct {
	b []byte
	s []byte
	i int
}

func (r *docReader) ws() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *docReader) eat(c byte) bool {
	if r.i < len(r.s) && r.s[r.i] == c {
		r.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (r *docReader) end() bool {
	r.ws()
	return r.i == len(r.s)
}

// literal consumes lit (null, true, false) when it comes next, as a whole word.
func (r *docReader) literal(lit string) bool {
	if len(r.s)-r.i < len(lit) || string(r.s[r.i:r.i+len(lit)]) != lit {
		return false
	}
	if j := r.i + len(lit); j < len(r.s) && !delimiter(r.s[j]) {
		return false
	}
	r.i += len(lit)
	return true
}

// delimiter reports whether c may follow a literal or number.
func delimiter(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', ',', '}', ']':
		return true
	}
	return false
}

// key reads an object key. Keys with escapes are left to encoding/json.
func (r *docReader) key() ([]byte, bool) {
	if !r.eat('"') {
		return nil, false
	}
	start := r.i
	for r.i < len(r.s) {
		c := r.s[r.i]
		if c == '"' {
			k := r.s[start:r.i]
			r.i++
			return k, true
		}
		if c == '\\' || c < ' ' || c >= utf8.RuneSelf {
			return nil, false
		}
		r.i++
	}
	return nil, false
}

// str reads a string into p; null leaves p as it is (as encoding/json does).
func (r *docReader) str(p *string) bool {
	if r.literal("null") {
		return true
	}
	s, ok := r.quoted()
	if ok {
		*p = s
	}
	return ok
}

// quoted reads a JSON string.
func (r *docReader) quoted() (string, bool) {
	if !r.eat('"') {
		return "", false
	}
	start := r.i
	ascii := true
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			s := r.s[start:r.i]
			r.i++
			if !ascii && !utf8.Valid(s) {
				return "", false // encoding/json would replace the invalid bytes
			}
			return string(s), true
		case c == '\\':
			return r.unescape(start)
		case c < ' ':
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		r.i++
	}
	return "", false
}

// unescape finishes a string that has escapes; start is just after its opening quote and r.i
// at its first backslash. The escapes are decoded as encoding/json decodes them.
func (r *docReader) unescape(start int) (string, bool) {
	buf := make([]byte, 0, r.i-start+64)
	buf = append(buf, r.s[start:r.i]...)
	for r.i < len(r.s) {
		c := r.s[r.i]
		switch {
		case c == '"':
			r.i++
			if !utf8.Valid(buf) {
				return "", false
			}
			return string(buf), true
		case c < ' ':
			return "", false
		case c != '\\':
			buf = append(buf, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.s) {
			return "", false
		}
		e := r.s[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			rr := r.hex4(r.i)
			if rr < 0 {
				return "", false
			}
			r.i += 4
			if utf16.IsSurrogate(rr) {
				// A valid pair is one character; anything else becomes U+FFFD and the next
				// escape is read on its own.
				if r.i+1 < len(r.s) && r.s[r.i] == '\\' && r.s[r.i+1] == 'u' {
					if rr1 := r.hex4(r.i + 2); rr1 >= 0 {
						if dec := utf16.DecodeRune(rr, rr1); dec != utf8.RuneError {
							r.i += 6
							buf = utf8.AppendRune(buf, dec)
							continue
						}
					}
				}
				rr = utf8.RuneError
			}
			buf = utf8.AppendRune(buf, rr)
		default:
			return "", false
		}
	}
	return "", false
}

// hex4 reads the four hex digits at i, or returns -1.
func (r *docReader) hex4(i int) rune {
	if len(r.s)-i < 4 {
		return -1
	}
	var v rune
	for _, c := range []byte(r.s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		v = v<<4 | rune(c)
	}
	return v
}

// int reads a plain integer (no fraction or exponent) that fits an int; null leaves p as it is.
func (r *docReader) int(p *int) bool {
	if r.literal("null") {
		return true
	}
	start := r.i
	r.eat('-')
	digits := r.i
	for r.i < len(r.s) && '0' <= r.s[r.i] && r.s[r.i] <= '9' {
		r.i++
	}
	n := r.i - digits
	if n == 0 || (n > 1 && r.s[digits] == '0') || (r.i < len(r.s) && !delimiter(r.s[r.i])) {
		return false
	}
	v, err := strconv.Atoi(string(r.s[start:r.i]))
	if err != nil {
		return false
	}
	*p = v
	return true
}

func (r *docReader) bool(p *bool) bool {
	switch {
	case r.literal("null"):
	case r.literal("true"):
		*p = true
	case r.literal("false"):
		*p = false
	default:
		return false
	}
	return true
}

// time reads a time through its own UnmarshalJSON, as encoding/json does.
func (r *docReader) time(p interface{ UnmarshalJSON([]byte) error }) bool {
	if r.literal("null") {
		return true
	}
	start := r.i
	if _, ok := r.quoted(); !ok {
		return false
	}
	return p.UnmarshalJSON(r.b[start:r.i]) == nil
}

// array reads a JSON array, calling elem for each element; null sets nothing (the slice stays
// nil) and an empty array calls empty, since encoding/json makes an empty, non-nil slice.
func (r *docReader) array(empty func(), elem func() bool) bool {
	if r.literal("null") {
		return true
	}
	if !r.eat('[') {
		return false
	}
	empty()
	r.ws()
	if r.eat(']') {
		return true
	}
	for {
		r.ws()
		if !elem() {
			return false
		}
		r.ws()
		if r.eat(',') {
			continue
		}
		return r.eat(']')
	}
}

func (r *docReader) strings(p *[]string) bool {
	return r.array(func() { *p = []string{} }, func() bool {
		s, ok := r.quoted() // a null element is left to encoding/json
		*p = append(*p, s)
		return ok
	})
}

// object reads a JSON object of string fields, known keys only, each at most once.
func (r *docReader) object(field func(key []byte) (int, *string)) bool {
	if !r.eat('{') {
		return false // a null element is left to encoding/json
	}
	r.ws()
	if r.eat('}') {
		return true
	}
	var seen uint
	for {
		r.ws()
		key, ok := r.key()
		if !ok {
			return false
		}
		r.ws()
		if !r.eat(':') {
			return false
		}
		r.ws()
		bit, p := field(key)
		if p == nil || seen&(1<<bit) != 0 || !r.str(p) {
			return false
		}
		seen |= 1 << bit
		r.ws()
		if r.eat(',') {
			continue
		}
		return r.eat('}')
	}
}

func (r *docReader) links(p *[]register.Link) bool {
	return r.array(func() { *p = []register.Link{} }, func() bool {
		*p = append(*p, register.Link{})
		l := &(*p)[len(*p)-1]
		return r.object(func(key []byte) (int, *string) {
			switch string(key) {
			case "title":
				return 0, &l.Title
			case "link":
				return 1, &l.Link
			}
			return 0, nil
		})
	})
}

func (r *docReader) persons(p *[]register.Person) bool {
	return r.array(func() { *p = []register.Person{} }, func() bool {
		*p = append(*p, register.Person{})
		x := &(*p)[len(*p)-1]
		return r.object(func(key []byte) (int, *string) {
			switch string(key) {
			case "name":
				return 0, &x.Name
			case "email":
				return 1, &x.Email
			case "role":
				return 2, &x.Role
			}
			return 0, nil
		})
	})
}
