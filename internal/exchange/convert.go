package exchange

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// legacyDropped are fields of older standard versions that v1.0 dropped (domain.md §2). They
// are not taken over; a warning names each one that held a value.
var legacyDropped = []string{
	"type", "uuid", "department", "description", "decision_making_process", "documentation",
	"competent_authority", "objection_procedure", "area", "revision_date", "application_url",
	"mprd", "monitoring", "performance_standard",
}

// legacyMapped are older fields that are mapped onto v1.0 fields.
var legacyMapped = []string{"impact", "lawful_basis_link", "source_data_link", "iama", "iama_description", "dpia", "dpia_description"}

// ignored are keys that carry no description content: identifiers of the national register
// and bookkeeping of the site data.
var ignored = []string{"publication_dt", "algoritme_id", "version_id", "published", "state_national", "create_dt", "owner", "released"}

func isKnownColumn(c string) bool {
	if _, ok := standard.Field(c); ok {
		return true
	}
	for _, l := range [][]string{legacyDropped, legacyMapped, InternalColumns, ignored, {"id", "naam"}} {
		for _, x := range l {
			if x == c {
				return true
			}
		}
	}
	return false
}

// text returns a source value as a string: JSON strings, numbers and booleans as written,
// null and missing as "".
func (s source) text(k string) string {
	switch v := s[k].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

type converter struct {
	rec  *Record
	src  source
	from string // "0.1", "0.4", "1.0" or "" when unknown
}

func (c *converter) problem(name, format string, args ...any) {
	c.rec.Problems = append(c.rec.Problems, register.FieldProblem{Name: name, Reason: fmt.Sprintf(format, args...)})
}

func (c *converter) warn(name, format string, args ...any) {
	c.rec.Warnings = append(c.rec.Warnings, register.FieldProblem{Name: name, Reason: fmt.Sprintf(format, args...)})
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "…"
	}
	return s
}

// convert turns one source record into a Record: legacy fields mapped onto v1.0, messy values
// normalised where that is unambiguous, then sanitised and validated. table says whether
// the values came from a table (CSV, XLSX), where lists are joined text.
func convert(index int, src source, table bool) Record {
	rec := Record{Index: index}
	c := &converter{rec: &rec, src: src}
	d := &rec.Desc
	s := &d.Standard
	switch v := strings.TrimSpace(src.text("standard_version")); {
	case strings.HasPrefix(v, "0.1"), strings.HasPrefix(v, "0.2"), strings.HasPrefix(v, "0.3"):
		c.from = "0.1"
	case strings.HasPrefix(v, "0.4"):
		c.from = "0.4"
	case strings.HasPrefix(v, "1."):
		c.from = "1.0"
	}

	for _, f := range standard.Fields() {
		switch f.Kind {
		case standard.KindCategories:
			c.categories(s)
		case standard.KindLinks:
			*standard.LinksField(s, f.Name) = c.links(f)
		default:
			*standard.StringField(s, f.Name) = src.text(f.Name)
		}
	}
	c.legacy(s)
	c.internal(d)
	c.unknown()

	standard.Sanitize(s)
	c.normalise(s)
	rec.Problems = append(rec.Problems, standard.Validate(s)...)
	if missing := standard.Missing(s); len(missing) > 0 {
		rec.Warnings = append(rec.Warnings, missing...)
		if d.State == "" { // a state given by the register's own export is kept
			d.State = register.StateConcept
		}
	}
	sortByField(rec.Problems)
	sortByField(rec.Warnings)
	return rec
}

// fieldPos is each v1.0 field's position, for sorting problems.
var fieldPos = sync.OnceValue(func() map[string]int {
	pos := map[string]int{}
	for i, n := range standard.Names() {
		pos[n] = i + 1
	}
	return pos
})

func sortByField(ps []register.FieldProblem) {
	if len(ps) < 2 {
		return
	}
	pos := fieldPos()
	at := func(n string) int {
		if p, ok := pos[n]; ok {
			return p
		}
		return len(pos) + 1 // legacy and unknown fields after the standard's own
	}
	sort.SliceStable(ps, func(i, j int) bool { return at(ps[i].Name) < at(ps[j].Name) })
}

func (c *converter) categories(s *register.Standard) {
	var vals []string
	switch v := c.src["category"].(type) {
	case []any:
		for _, x := range v {
			vals = append(vals, fmt.Sprint(x))
		}
	case nil:
	default:
		for _, x := range strings.Split(c.src.text("category"), ",") {
			vals = append(vals, x)
		}
	}
	var legacy []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if n, ok := standard.NormalizeCategory(v); ok {
			if !contains(s.Category, n) {
				s.Category = append(s.Category, n)
			}
			continue
		}
		if l, ok := standard.LegacyCategory(v); ok {
			legacy = append(legacy, l)
			continue
		}
		c.problem("category", "‘%s’ is geen thema uit de lijst van de standaard", short(v))
	}
	if len(legacy) > 0 {
		c.src["tags"] = joinNonEmpty(", ", c.src.text("tags"), strings.Join(legacy, ", "))
		c.warn("category", "thema %s bestaat niet meer in standaard 1.0; als zoekterm overgenomen", strings.Join(legacy, ", "))
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return strings.Join(out, sep)
}

var itemStart = regexp.MustCompile(`(\d+): `)

// SplitLinks parses a grouping as the national download writes it ("1: title, link. 2: title,
// link"); a JSON array of {title, link} is read as JSON. linkOptional keeps a non-URL tail in the
// title ("1: DPIA intern, niet gepubliceerd").
func SplitLinks(s string, linkOptional bool) ([]register.Link, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.HasPrefix(s, "[") {
		var ls []register.Link
		if err := json.Unmarshal([]byte(s), &ls); err != nil {
			return nil, fmt.Errorf("geen geldige lijst: %w", err)
		}
		return ls, nil
	}
	// Item n starts at "n: " at the very start or after ". ".
	var starts []int
	next := 1
	for _, m := range itemStart.FindAllStringSubmatchIndex(s, -1) {
		n, _ := strconv.Atoi(s[m[2]:m[3]])
		if n != next || (m[0] != 0 && !strings.HasSuffix(strings.TrimRight(s[:m[0]], " \n\t"), ".")) {
			continue
		}
		starts = append(starts, m[0])
		next++
	}
	if len(starts) == 0 || starts[0] != 0 {
		starts = append([]int{0}, starts...)
	}
	var out []register.Link
	for i, st := range starts {
		end := len(s)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		item := strings.TrimSpace(s[st:end])
		if i+1 < len(starts) {
			item = strings.TrimSpace(strings.TrimSuffix(item, "."))
		}
		if loc := itemStart.FindStringIndex(item); loc != nil && loc[0] == 0 {
			item = item[loc[1]:]
		}
		out = append(out, splitTitleLink(item, linkOptional))
	}
	return out, nil
}

var urlRE = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"]+`)

func looksLikeURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}

func splitTitleLink(item string, linkOptional bool) register.Link {
	i := strings.LastIndex(item, ",")
	if i < 0 {
		if looksLikeURL(item) && !strings.ContainsAny(strings.TrimSpace(item), " \n") {
			return register.Link{Link: strings.TrimSpace(item)}
		}
		return register.Link{Title: strings.TrimSpace(item)}
	}
	title, link := strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+1:])
	if looksLikeURL(title) && !strings.Contains(title, " ") && !looksLikeURL(link) && link != "" {
		title, link = link, title // "1: https://…, Wet op de accijns": the parts are swapped
	}
	if link != "" && !looksLikeURL(link) && linkOptional {
		return register.Link{Title: strings.TrimSpace(item)}
	}
	return register.Link{Title: title, Link: link}
}

func (c *converter) links(f standard.FieldDef) []register.Link {
	var out []register.Link
	switch v := c.src[f.Name].(type) {
	case nil:
	case []any:
		for i, x := range v {
			m, ok := x.(map[string]any)
			if !ok {
				c.problem(f.Name, "verwijzing %d is geen object met titel en link", i+1)
				continue
			}
			t, _ := m["title"].(string)
			l, _ := m["link"].(string)
			out = append(out, register.Link{Title: t, Link: l})
		}
	case string:
		ls, err := SplitLinks(v, !f.LinkRequired)
		if err != nil {
			c.problem(f.Name, "is geen leesbare lijst van verwijzingen: %v", err)
		}
		out = ls
	default:
		c.problem(f.Name, "is geen lijst van verwijzingen")
	}
	return out
}

// urlsWithTitles turns legacy link text ("Wet X: https://…", or bare URLs) into grouping
// entries; the text before each URL is its title, else the generic label. rest is the text
// after the last URL (all of it when there is none).
func urlsWithTitles(text, label string) (links []register.Link, rest string) {
	var out []register.Link
	locs := urlRE.FindAllStringIndex(text, -1)
	prev := 0
	for _, l := range locs {
		title := strings.Trim(strings.TrimSpace(text[prev:l[0]]), ":-–,;. ")
		u := strings.TrimRight(text[l[0]:l[1]], ".,;)")
		if strings.HasPrefix(strings.ToLower(u), "www.") {
			u = "https://" + u
		}
		if title == "" {
			title = label
		}
		out = append(out, register.Link{Title: title, Link: u})
		prev = l[1]
	}
	return out, strings.Trim(strings.TrimSpace(text[prev:]), ":-–,;. ")
}

// legacy maps the fields of standards 0.1 and 0.4 onto v1.0 (domain.md §2).
func (c *converter) legacy(s *register.Standard) {
	src := c.src
	if imp := strings.TrimSpace(src.text("impact")); imp != "" {
		s.Goal = joinNonEmpty("\n\n", s.Goal, imp)
	}
	for _, l := range []struct{ from, to, label, text string }{
		{"lawful_basis_link", "lawful_basis_grouping", "Link naar wettelijke basis", "lawful_basis"},
		{"source_data_link", "source_data_grouping", "Link naar gegevensbron", "source_data"},
	} {
		v := strings.TrimSpace(src.text(l.from))
		if v == "" {
			continue
		}
		links, rest := urlsWithTitles(v, l.label)
		p := standard.LinksField(s, l.to)
		*p = append(*p, links...)
		if rest != "" {
			// Text that is not the title of a link stays with the explanation field.
			t := standard.StringField(s, l.text)
			*t = joinNonEmpty("\n\n", *t, rest)
			c.warn(l.to, "tekst uit %s zonder link is bij %s gevoegd", l.from, l.text)
		}
	}
	// v0.4 impacttoetsen is a list of names; v1.0 impacttoetsen is an explanation.
	if c.from == "0.4" && s.Impacttoetsen != "" {
		if ls, ok := knownAssessments(s.Impacttoetsen); ok {
			s.ImpacttoetsenGrouping = append(s.ImpacttoetsenGrouping, ls...)
			s.Impacttoetsen = ""
		}
	}
	for _, a := range []struct{ flag, desc, title string }{
		{"iama", "iama_description", "Impact Assessment Mensenrechten en Algoritmes (IAMA)"},
		{"dpia", "dpia_description", "Data Protection Impact Assessment (DPIA)"},
	} {
		flag, desc := strings.TrimSpace(src.text(a.flag)), strings.TrimSpace(src.text(a.desc))
		switch yesNo(flag) {
		case "yes":
			if !hasAssessment(s.ImpacttoetsenGrouping, a.title) {
				s.ImpacttoetsenGrouping = append(s.ImpacttoetsenGrouping, register.Link{Title: a.title})
			}
		case "no", "":
		default:
			desc = joinNonEmpty(" ", flag, desc)
		}
		if desc != "" {
			label := strings.ToUpper(a.flag)
			s.Impacttoetsen = joinNonEmpty("\n\n", s.Impacttoetsen, label+": "+desc)
		}
	}
	if v := strings.TrimSpace(src.text("overview_impactassessment")); yesNo(v) == "yes" || yesNo(v) == "no" {
		c.warn("impacttoetsen_grouping", "het overzicht zegt alleen ‘%s’ over een impacttoets, niet welke; niet overgenomen", v)
	}
	for _, k := range legacyDropped {
		if v := strings.TrimSpace(src.text(k)); v != "" {
			c.warn(k, "vervalt in standaard 1.0 en is niet overgenomen (‘%s’)", short(v))
		}
	}
}

func yesNo(s string) string {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), ".")) {
	case "yes", "ja", "y", "j", "true":
		return "yes"
	case "no", "nee", "n", "false", "n/a", "nvt", "n.v.t":
		return "no"
	case "":
		return ""
	}
	return "other"
}

func hasAssessment(ls []register.Link, title string) bool {
	for _, l := range ls {
		if l.Title == title {
			return true
		}
	}
	return false
}

var assessmentNames = map[string]string{
	"dpia": "Data Protection Impact Assessment (DPIA)", "iama": "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
	"fraia": "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)", "aiia": "AI Impact Assesment (AIIA)",
	"deda": "De Ethische Data Assistant (DEDA)", "pre scan dpia": "Pre-scan DPIA", "privacy quickscan": "Privacy Quickscan",
}

// knownAssessments reads a v0.4 impacttoetsen list when every entry is a known assessment
// (by its recommended title or its abbreviation).
func knownAssessments(s string) ([]register.Link, bool) {
	f, _ := standard.Field("impacttoetsen_grouping")
	var out []register.Link
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		p := strings.ToLower(strings.TrimSpace(part))
		if p == "" {
			continue
		}
		found := ""
		for _, r := range f.Recommended {
			if strings.ToLower(r) == p {
				found = r
			}
		}
		if found == "" {
			for abbr, full := range assessmentNames {
				if p == abbr || strings.HasSuffix(p, "("+abbr+")") {
					found = full
				}
			}
		}
		if found == "" {
			return nil, false
		}
		out = append(out, register.Link{Title: found})
	}
	return out, len(out) > 0
}

// normalise turns messy values into standard ones where that is unambiguous; what remains
// invalid is left for Validate to report.
func (c *converter) normalise(s *register.Standard) {
	if s.Lang != "" {
		if v, ok := standard.NormalizeLang(s.Lang); ok {
			s.Lang = v
		}
	}
	if s.Status != "" {
		if v, ok := standard.NormalizeStatus(s.Status); ok {
			s.Status = v
		}
	}
	if s.PublicationCategory != "" {
		if v, ok := standard.NormalizePublicationCategory(s.PublicationCategory); ok {
			s.PublicationCategory = v
		}
	}
	// The importer maps every version onto v1.0, so the result is a v1.0 description.
	s.StandardVersion = "1.0"
	for _, p := range []*string{&s.BeginDate, &s.EndDate} {
		if *p == "" {
			continue
		}
		if standard.NotApplicable(*p) {
			*p = ""
		} else if v, ok := standard.NormalizeMonth(*p); ok {
			*p = v
		}
	}
	for _, name := range []string{"website", "url", "process_index_url", "publiccode"} {
		c.link(name, standard.StringField(s, name))
	}
	for _, name := range []string{"lawful_basis_grouping", "source_data_grouping", "impacttoetsen_grouping"} {
		ls := *standard.LinksField(s, name)
		for i := range ls {
			if strings.HasPrefix(strings.ToLower(ls[i].Link), "www.") {
				ls[i].Link = "https://" + ls[i].Link
			}
		}
	}
	c.contact(s)
}

var bareDomain = regexp.MustCompile(`^(?i)[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.[a-z]{2,}(/\S*)?$`)

// link normalises a URL field: "n.v.t." and the like mean no link; a bare www. address or
// domain gets https:// in front. Both with a warning, as the value changes.
func (c *converter) link(name string, p *string) {
	v := *p
	switch {
	case v == "" || standard.ValidURL(v):
	case standard.NotApplicable(v):
		*p = ""
		c.warn(name, "‘%s’ betekent: geen link; leeg gelaten", short(v))
	case bareDomain.MatchString(v) && standard.ValidURL("https://"+v):
		*p = "https://" + v
		c.warn(name, "‘%s’ aangevuld tot %s", short(v), *p)
	default:
		// Prose around exactly one link: the link is what the field holds.
		urls := urlRE.FindAllString(v, -1)
		if len(urls) != 1 || emailInText.MatchString(v) {
			return
		}
		u := strings.TrimRight(urls[0], ".,;)")
		if strings.HasPrefix(strings.ToLower(u), "www.") {
			u = "https://" + u
		}
		if standard.ValidURL(u) {
			*p = u
			c.warn(name, "alleen de link %s overgenomen uit ‘%s’", u, short(v))
		}
	}
}

var emailInText = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)

// contact takes the one address out of a sentence ("… stellen aan: x@y.nl", also when a web
// page for objections is named beside it) and puts https:// before a bare www. address; both
// with a warning, as text is left out or added.
func (c *converter) contact(s *register.Standard) {
	v := s.ContactEmail
	if v == "" || standard.ValidEmail(v) || standard.ValidURL(v) {
		return
	}
	if strings.HasPrefix(strings.ToLower(v), "mailto:") && standard.ValidEmail(v[7:]) {
		s.ContactEmail = v[7:]
		return
	}
	if bareDomain.MatchString(v) && standard.ValidURL("https://"+v) {
		s.ContactEmail = "https://" + v
		c.warn("contact_email", "‘%s’ aangevuld tot %s", v, s.ContactEmail)
		return
	}
	mails := emailInText.FindAllString(v, -1)
	urls := urlRE.FindAllString(v, -1)
	switch {
	// One address in a sentence, perhaps with a web page beside it ("vragen: x@y.nl; bezwaar:
	// https://…"): the field is contact_email, so the address is the contact.
	case len(mails) == 1 && standard.ValidEmail(strings.TrimRight(mails[0], ".")):
		s.ContactEmail = strings.TrimRight(mails[0], ".")
	case len(mails) == 0 && len(urls) == 1 && standard.ValidURL(strings.TrimRight(urls[0], ".,;)")):
		s.ContactEmail = strings.TrimRight(urls[0], ".,;)")
	default:
		return
	}
	c.warn("contact_email", "alleen het adres %s overgenomen uit ‘%s’", s.ContactEmail, short(v))
}

// internal reads the register's own fields when the input is one of its exports.
func (c *converter) internal(d *register.Description) {
	src := c.src
	d.ID = src.text("algorithm_id")
	if d.ID == "" {
		d.ID = src.text("id")
	}
	d.Unit = strings.TrimSpace(src.text("unit"))
	if v := strings.TrimSpace(src.text("classification")); v != "" {
		d.Classification = register.Level(v)
		if !d.Classification.Valid() {
			c.problem("classification", "‘%s’ is geen rubriceringsniveau", short(v))
		}
	}
	if v := strings.TrimSpace(src.text("state")); v != "" {
		d.State = register.State(v)
		if !d.State.Valid() {
			c.problem("state", "‘%s’ is geen status in de werkstroom", short(v))
		}
	}
	d.Revision = c.integer("revision")
	d.PublishedRevision = c.integer("published_revision")
	switch v := src["owners"].(type) {
	case nil:
	case string:
		if strings.TrimSpace(v) != "" {
			if err := json.Unmarshal([]byte(v), &d.Owners); err != nil {
				c.problem("owners", "is geen leesbare lijst van personen")
			}
		}
	default:
		b, _ := json.Marshal(v)
		if err := json.Unmarshal(b, &d.Owners); err != nil {
			c.problem("owners", "is geen leesbare lijst van personen")
		}
	}
	d.InternalNotes = src.text("internal_notes")
	switch v := strings.TrimSpace(src.text("impact_on_citizens")); v {
	case "", "false":
	case "true":
		d.ImpactOnCitizens = true
	default:
		c.problem("impact_on_citizens", "‘%s’ is geen ja/nee-waarde (true of false)", short(v))
	}
	d.PublicationCategoryOverride = src.text("publication_category_override")
	if src["unit"] != nil || src["algorithm_id"] != nil {
		d.PublicationDT = src.text("publication_dt")
	}
	d.PublicID = src.text("public_id")
	d.CreatedAt = c.time("created_at")
	d.CreatedBy = src.text("created_by")
	d.UpdatedAt = c.time("updated_at")
	d.UpdatedBy = src.text("updated_by")
}

func (c *converter) integer(k string) int {
	v := strings.TrimSpace(c.src.text(k))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		c.problem(k, "‘%s’ is geen geheel getal", short(v))
	}
	return n
}

func (c *converter) time(k string) time.Time {
	v := strings.TrimSpace(c.src.text(k))
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		c.problem(k, "‘%s’ is geen tijdstip (RFC 3339)", short(v))
	}
	return t
}

// unknown warns about keys with a value that nothing reads, so nothing is dropped silently.
func (c *converter) unknown() {
	var keys []string
	for k := range c.src {
		if !isKnownColumn(k) && k != "overview_impactassessment" && strings.TrimSpace(c.src.text(k)) != "" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.warn(k, "onbekend veld; niet overgenomen")
	}
}
