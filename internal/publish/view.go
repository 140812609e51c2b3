package publish

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// Item is one description with its publication assessment, the input of the public view.
type Item struct {
	Desc       register.Description
	Assessment register.Assessment
}

// Config is the organisation's publication settings.
type Config struct {
	// Users are the register's users; their names and addresses never go out.
	Users []register.User
	// Terms are sensitive terms (code names, locations, system names) that block publication.
	Terms []string
	// ContactAllowlist lists the public contacts allowed: exact addresses
	// ("algoritmes@mindef.nl"), "@domain" suffixes, or URL prefixes ("https://www.defensie.nl/contact").
	// An empty list allows no contact at all.
	ContactAllowlist []string
	// Organization is the organisation name used when a description has none.
	Organization string
}

// Standard values the register sets on every public description.
const (
	PublicLang            = "nld"
	PublicStandardVersion = "1.0"
)

// PublicView is the one conversion from the internal description to what the public may see:
// only v1.0 fields (an allowlist), the field decisions applied (redact: the Woo notice; omit:
// empty), markup reduced to the allowed subset, known persons' names and addresses replaced by
// their role, a contact that is not on the allowlist left empty, source_id from PublicID,
// lang "nld" and standard_version "1.0". Whether the item may be published at all is Scan's
// verdict, not this function's.
func PublicView(it Item, cfg Config) register.Standard {
	s := convert(&it.Desc)
	decisions := it.Assessment.Fields
	for _, f := range standardFields {
		if f.Kind == kindSystem {
			continue
		}
		dec, ok := decisions[f.Name]
		if !ok || dec.Action == "" || dec.Action == register.FieldPublish {
			continue
		}
		notice := ""
		if dec.Action == register.FieldRedact && (f.Kind == kindText || f.Kind == kindHTML) {
			notice = register.RedactionNotice(dec.Ground)
		}
		setField(&s, f.Name, notice)
	}
	anon := newAnonymiser(cfg, &it.Desc)
	for _, f := range standardFields {
		switch f.Kind {
		case kindText, kindHTML:
			v := getField(&s, f.Name)
			setField(&s, f.Name, anon.replace(sanitize(v, f.Kind)))
		case kindURL, kindDate, kindID, kindEnum:
			setField(&s, f.Name, sanitize(getField(&s, f.Name), kindText))
		}
	}
	for i := range s.Category {
		s.Category[i] = sanitize(s.Category[i], kindText)
	}
	for _, links := range [][]register.Link{s.LawfulBasisGrouping, s.ImpacttoetsenGrouping, s.SourceDataGrouping} {
		for i := range links {
			links[i].Title = anon.replace(sanitize(links[i].Title, kindText))
			links[i].Link = sanitize(links[i].Link, kindText)
		}
	}
	if s.ContactEmail != "" && !anon.contactAllowed(s.ContactEmail) {
		s.ContactEmail = ""
	}
	if s.Organization == "" {
		s.Organization = cfg.Organization
	}
	s.Lang = PublicLang
	s.StandardVersion = PublicStandardVersion
	s.SourceID = it.Desc.PublicID
	return s
}

// convert copies every v1.0 field of d, by name, into a fresh Standard (lists copied, so the
// caller's description is never changed). Internal fields are not touched: they are listed in
// internalDescriptionFields, and a test keeps both lists complete.
func convert(d *register.Description) register.Standard {
	return register.Standard{
		Name:                  d.Name,
		DescriptionShort:      d.DescriptionShort,
		Organization:          d.Organization,
		Category:              cloneStrings(d.Category),
		Status:                d.Status,
		BeginDate:             d.BeginDate,
		EndDate:               d.EndDate,
		ContactEmail:          d.ContactEmail,
		Website:               d.Website,
		PublicationCategory:   d.PublicationCategory,
		URL:                   d.URL,
		Goal:                  d.Goal,
		Proportionality:       d.Proportionality,
		HumanIntervention:     d.HumanIntervention,
		Risks:                 d.Risks,
		LawfulBasis:           d.LawfulBasis,
		LawfulBasisGrouping:   cloneLinks(d.LawfulBasisGrouping),
		ProcessIndexURL:       d.ProcessIndexURL,
		ImpacttoetsenGrouping: cloneLinks(d.ImpacttoetsenGrouping),
		Impacttoetsen:         d.Impacttoetsen,
		SourceData:            d.SourceData,
		SourceDataGrouping:    cloneLinks(d.SourceDataGrouping),
		MethodsAndModels:      d.MethodsAndModels,
		Provider:              d.Provider,
		Publiccode:            d.Publiccode,
		Lang:                  d.Lang,
		StandardVersion:       d.StandardVersion,
		SourceID:              d.PublicID, // mappedDescriptionFields: public_id → source_id
		Tags:                  d.Tags,
		Lars:                  d.Lars,
	}
}

func cloneStrings(in []string) []string {
	if in == nil {
		return nil
	}
	return append([]string(nil), in...)
}

func cloneLinks(in []register.Link) []register.Link {
	if in == nil {
		return nil
	}
	return append([]register.Link(nil), in...)
}

// getField returns a single-valued field by v1.0 name; lists render as "; "-joined text.
func getField(s *register.Standard, name string) string {
	if p := stringField(s, name); p != nil {
		return *p
	}
	switch name {
	case "category":
		return strings.Join(s.Category, "; ")
	case "lawful_basis_grouping":
		return linksText(s.LawfulBasisGrouping)
	case "impacttoetsen_grouping":
		return linksText(s.ImpacttoetsenGrouping)
	case "source_data_grouping":
		return linksText(s.SourceDataGrouping)
	}
	return ""
}

func linksText(ls []register.Link) string {
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		if l.Link != "" {
			parts = append(parts, l.Title+" ("+l.Link+")")
		} else {
			parts = append(parts, l.Title)
		}
	}
	return strings.Join(parts, "; ")
}

// setField sets a field by v1.0 name; for a list, any value empties it (a list cannot carry a
// notice that stays valid against the schema).
func setField(s *register.Standard, name, v string) {
	if p := stringField(s, name); p != nil {
		*p = v
		return
	}
	switch name {
	case "category":
		s.Category = nil
	case "lawful_basis_grouping":
		s.LawfulBasisGrouping = nil
	case "impacttoetsen_grouping":
		s.ImpacttoetsenGrouping = nil
	case "source_data_grouping":
		s.SourceDataGrouping = nil
	}
}

// stringField points at a string field of s by v1.0 name, nil for lists and unknown names.
var stringField = standard.StringField

// roleLabels are the Dutch names of the register's roles, used in place of a user's name.
var roleLabels = map[register.Role]string{
	register.RoleViewer:      "medewerker",
	register.RoleEditor:      "redacteur algoritmeregister",
	register.RoleCoordinator: "algoritmecoördinator",
	register.RoleAssessor:    "beoordelaar",
	register.RoleApprover:    "besluitvormer publicatie",
	register.RoleAdmin:       "beheerder algoritmeregister",
	register.RoleAuditor:     "auditor",
}

// person is someone whose name and address must not go out, with the role that replaces them.
type person struct {
	Name, Email, Role string
	nameRE, emailRE   *regexp.Regexp
}

// anonymiser replaces known persons by their roles and judges contacts.
type anonymiser struct {
	persons   []*person
	allowlist []string
	names     *phraseIndex // the persons' names as words, to run only the patterns that can match
}

func newAnonymiser(cfg Config, d *register.Description) *anonymiser {
	a := &anonymiser{allowlist: cfg.ContactAllowlist}
	for _, u := range cfg.Users {
		role := roleLabels[u.Role]
		if role == "" {
			role = "medewerker"
		}
		a.add(u.Name, u.Email, role)
	}
	for _, o := range d.Owners {
		role := strings.TrimSpace(o.Role)
		if role == "" {
			role = "medewerker"
		}
		a.add(o.Name, o.Email, role)
	}
	// Longer names first, so "Jan de Vries" is replaced before a user called "Jan Vries" could match part of it.
	sort.SliceStable(a.persons, func(i, j int) bool { return len(a.persons[i].Name) > len(a.persons[j].Name) })
	a.names = newPhraseIndex()
	for i, p := range a.persons {
		if p.nameRE != nil {
			a.names.add(phrase{Words: words(p.Name), Label: p.Name, Ref: i})
		}
	}
	return a
}

func (a *anonymiser) add(name, email, role string) {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	p := &person{Name: name, Email: email, Role: role}
	if ws := words(name); len(ws) >= 2 || (len(ws) == 1 && len(ws[0]) >= 4) {
		// A single short word ("Jan") would replace ordinary words; a person needs at least
		// two words or a distinctive one.
		p.nameRE = cachedRegexp("n\x00"+strings.Join(ws, " "), func() *regexp.Regexp { return nameRegexp(ws) })
	}
	if p.Email != "" {
		p.emailRE = cachedRegexp("e\x00"+strings.ToLower(p.Email), func() *regexp.Regexp {
			return regexp.MustCompile(`(?i)` + regexp.QuoteMeta(p.Email))
		})
	}
	if p.nameRE == nil && p.emailRE == nil {
		return
	}
	a.persons = append(a.persons, p)
}

// regexpCache keeps the compiled patterns of persons' names and addresses across calls: a
// publication run converts and scans thousands of descriptions against the same users.
var regexpCache sync.Map // string → *regexp.Regexp

// regexpCacheMax bounds the cache; beyond it patterns are compiled per call.
const regexpCacheMax = 10000

var regexpCacheLen atomic.Int64

func cachedRegexp(key string, compile func() *regexp.Regexp) *regexp.Regexp {
	if re, ok := regexpCache.Load(key); ok {
		return re.(*regexp.Regexp)
	}
	re := compile()
	if regexpCacheLen.Load() < regexpCacheMax {
		if _, loaded := regexpCache.LoadOrStore(key, re); !loaded {
			regexpCacheLen.Add(1)
		}
	}
	return re
}

// variants maps a base letter to every accented letter that folds to it.
var variants = func() map[rune][]rune {
	m := map[rune][]rune{}
	for r, f := range foldTable {
		if utf8.RuneCountInString(f) == 1 {
			b, _ := utf8.DecodeRuneInString(f)
			m[b] = append(m[b], r)
		}
	}
	for _, v := range m {
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	}
	return m
}()

// nameRegexp matches the words of a name case- and diacritics-insensitively, separated by
// spaces, dots, hyphens, commas or tags ("J. de Vries", "Jan <b>de</b> Vries").
func nameRegexp(ws []string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?i)`)
	for i, w := range ws {
		if i > 0 {
			b.WriteString(`(?:[\s.,\-]|&nbsp;|<[^<>]*>)+`)
		}
		for _, r := range w {
			if vs, ok := variants[r]; ok {
				b.WriteString("[" + string(r) + string(vs) + "]")
			} else {
				b.WriteString(regexp.QuoteMeta(string(r)))
			}
		}
	}
	return regexp.MustCompile(b.String())
}

// replace puts each known person's role in place of their e-mail address and name.
func (a *anonymiser) replace(s string) string {
	if s == "" {
		return s
	}
	if strings.Contains(s, "@") {
		for _, p := range a.persons {
			if p.emailRE != nil {
				s = p.emailRE.ReplaceAllLiteralString(s, p.Role)
			}
		}
	}
	// The word index finds which names occur (case, diacritics and markup folded); only their
	// patterns run, longest name first as the persons are ordered.
	found := map[int]bool{}
	a.names.find(tokenize(s), func(p *phrase) { found[p.Ref] = true })
	for i, p := range a.persons {
		if found[i] {
			s = replaceOnWordBoundary(s, p.nameRE, p.Role)
		}
	}
	return s
}

// replaceOnWordBoundary replaces matches of re that are whole words (Unicode-aware, unlike \b).
func replaceOnWordBoundary(s string, re *regexp.Regexp, repl string) string {
	idx := re.FindAllStringIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		if !wordBoundary(s, m[0], m[1]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(repl)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

func wordBoundary(s string, start, end int) bool {
	if start > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isPersonEmail reports whether addr belongs to a known person.
func (a *anonymiser) isPersonEmail(addr string) bool {
	for _, p := range a.persons {
		if p.Email != "" && strings.EqualFold(p.Email, addr) {
			return true
		}
	}
	return false
}

// contactAllowed reports whether c is a public contact on the allowlist and not a known
// person's address.
func (a *anonymiser) contactAllowed(c string) bool {
	c = strings.TrimSpace(c)
	if c == "" || a.isPersonEmail(c) {
		return false
	}
	return onAllowlist(c, a.allowlist)
}

// onAllowlist reports whether c (an address or URL) matches an entry: an exact address, an
// "@domain" suffix, or a URL prefix that ends at a path boundary.
func onAllowlist(c string, list []string) bool {
	lc := strings.ToLower(strings.TrimSpace(c))
	lc = strings.TrimPrefix(lc, "mailto:")
	for _, e := range list {
		e = strings.ToLower(strings.TrimSpace(e))
		switch {
		case e == "":
		case strings.HasPrefix(e, "@"):
			if strings.HasSuffix(lc, e) && strings.Count(lc, "@") == 1 && !strings.HasPrefix(lc, "@") {
				return true
			}
		case strings.HasPrefix(e, "http://") || strings.HasPrefix(e, "https://"):
			if lc == e {
				return true
			}
			if strings.HasPrefix(lc, e) {
				if strings.HasSuffix(e, "/") {
					return true
				}
				switch lc[len(e)] {
				case '/', '?', '#':
					return true
				}
			}
		default:
			if lc == e {
				return true
			}
		}
	}
	return false
}
