package standard

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// key folds a messy value for lookup: lower case, every run of non-letters and non-digits
// one space, trimmed ("High-Risk AI-system" → "high risk ai system").
func key(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

func lookup(table map[string]string, s string) (string, bool) {
	v, ok := table[key(s)]
	return v, ok
}

var langs = map[string]string{
	"nld": "nld", "nl": "nld", "dut": "nld", "ned": "nld", "nederlands": "nld", "dutch": "nld", "nl nl": "nld",
}

// NormalizeLang maps the language spellings found in exports (NLD, Dutch, Ned, nl) onto "nld".
func NormalizeLang(s string) (string, bool) { return lookup(langs, s) }

var statuses = map[string]string{
	"in gebruik": "In gebruik", "in use": "In gebruik", "active": "In gebruik", "actief": "In gebruik",
	"in operation": "In gebruik", "operational": "In gebruik", "operationeel": "In gebruik", "in productie": "In gebruik",
	"in ontwikkeling": "In ontwikkeling", "ontwikkeling": "In ontwikkeling", "in development": "In ontwikkeling", "under development": "In ontwikkeling",
	"buiten gebruik": "Buiten gebruik", "out of use": "Buiten gebruik", "not in use": "Buiten gebruik",
	"no longer in use": "Buiten gebruik", "niet meer in gebruik": "Buiten gebruik", "inactive": "Buiten gebruik",
	"inactief": "Buiten gebruik", "decommissioned": "Buiten gebruik",
}

var operationSince = regexp.MustCompile(`^(in operation|in gebruik) (since|sinds) [0-9 ]+$`)

// NormalizeStatus maps status spellings (Dutch, English, site-data slugs like in_gebruik)
// onto the three v1.0 values. "In operation since 18-12-2020" is still "In gebruik"; other
// free text is not a status.
func NormalizeStatus(s string) (string, bool) {
	if v, ok := lookup(statuses, s); ok {
		return v, true
	}
	if operationSince.MatchString(key(s)) {
		return "In gebruik", true
	}
	return "", false
}

var pubCats = map[string]string{
	"hoog risico ai systeem": "Hoog-risico AI-systeem", "high risk ai system": "Hoog-risico AI-systeem", "a": "Hoog-risico AI-systeem",
	"hoog risico ai systemen": "Hoog-risico AI-systeem", "high risk ai systems": "Hoog-risico AI-systeem",
	"impactvolle algoritmes": "Impactvolle algoritmes", "impactful algorithms": "Impactvolle algoritmes", "b": "Impactvolle algoritmes",
	"impactvol algoritme": "Impactvolle algoritmes", "impactful algorithm": "Impactvolle algoritmes",
	"overige algoritmes": "Overige algoritmes", "other algorithms": "Overige algoritmes", "c": "Overige algoritmes",
	"overig algoritme": "Overige algoritmes", "other algorithm": "Overige algoritmes",
}

// NormalizePublicationCategory maps publication categories (Dutch, English, the letters A/B/C)
// onto the v1.0 values.
func NormalizePublicationCategory(s string) (string, bool) { return lookup(pubCats, s) }

var categories = map[string]string{
	"organisation and business operations": "Organisatie en bedrijfsvoering", "organization and business operations": "Organisatie en bedrijfsvoering",
	"culture and recreation": "Cultuur en recreatie", "economy": "Economie", "public finance": "Overheidsfinanciën",
	"public finances": "Overheidsfinanciën", "finance": "Overheidsfinanciën", "finances": "Overheidsfinanciën", "financiën": "Overheidsfinanciën",
	"housing": "Wonen", "living": "Wonen", "huisvesting": "Wonen", "international": "Internationaal",
	"migration and integration": "Migratie en integratie", "nature and environment": "Natuur en milieu",
	"education and science": "Onderwijs en wetenschap", "education": "Onderwijs en wetenschap",
	"public order and safety": "Openbare orde en veiligheid", "public order and security": "Openbare orde en veiligheid",
	"law": "Recht", "justice": "Recht", "space and infrastructure": "Ruimte en infrastructuur",
	"spatial planning and infrastructure": "Ruimte en infrastructuur", "social security": "Sociale zekerheid",
	"traffic": "Verkeer", "work": "Werk", "employment": "Werk", "health and healthcare": "Zorg en gezondheid",
	"care and health": "Zorg en gezondheid", "health and care": "Zorg en gezondheid", "healthcare": "Zorg en gezondheid",
}

func init() {
	f, _ := Field("category")
	for _, v := range f.Enum {
		categories[key(v)] = v
	}
	for _, v := range []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"} {
		pubCats[key(v)] = v
	}
}

// NormalizeCategory maps a theme (v1.0 Dutch in any case, the English labels of translated
// exports, or a v0.4 theme that v1.0 renamed) onto the v1.0 value.
func NormalizeCategory(s string) (string, bool) { return lookup(categories, s) }

var legacyCategories = map[string]string{
	"bestuur": "Bestuur", "board": "Bestuur", "governance": "Bestuur", "administration": "Bestuur",
	"dienstverlening": "Dienstverlening", "service delivery": "Dienstverlening", "services": "Dienstverlening",
	"landbouw": "Landbouw", "agriculture": "Landbouw",
}

// LegacyCategory recognises a v0.4 theme that v1.0 dropped without a successor (Bestuur,
// Dienstverlening, Landbouw) and returns its Dutch name. An importer keeps it as a search term.
func LegacyCategory(s string) (string, bool) { return lookup(legacyCategories, s) }

var months = map[string]int{
	"januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
	"augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "october": 10, "oct": 10,
	"november": 11, "nov": 11, "december": 12, "dec": 12,
}

var (
	reYM    = regexp.MustCompile(`^([0-9]{4})[-/. ]([0-9]{1,2})$`)
	reMY    = regexp.MustCompile(`^([0-9]{1,2})[-/. ]([0-9]{4})$`)
	reYMD   = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ].*)?$`)
	reDMY   = regexp.MustCompile(`^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})$`)
	reNameY = regexp.MustCompile(`^([a-z]+)\.? ([0-9]{4})$`)
)

// NormalizeMonth turns an unambiguous month into yyyy-mm: "2023-5", "05-2023", "5/2023",
// "05 2023", "2023-05-17", "17-05-2023" (Dutch day-month-year), "mei 2023", "May 2023".
// A bare year, two-digit years and digit runs like "010723" are ambiguous and not accepted.
func NormalizeMonth(s string) (string, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	y, m := 0, 0
	if g := reYM.FindStringSubmatch(s); g != nil {
		y, m = atoi(g[1]), atoi(g[2])
	} else if g := reMY.FindStringSubmatch(s); g != nil {
		m, y = atoi(g[1]), atoi(g[2])
	} else if g := reYMD.FindStringSubmatch(s); g != nil {
		y, m = atoi(g[1]), atoi(g[2])
		if d := atoi(g[3]); d < 1 || d > 31 {
			return "", false
		}
	} else if g := reDMY.FindStringSubmatch(s); g != nil {
		m, y = atoi(g[2]), atoi(g[3])
		if d := atoi(g[1]); d < 1 || d > 31 {
			return "", false
		}
	} else if g := reNameY.FindStringSubmatch(s); g != nil {
		mm, ok := months[g[1]]
		if !ok {
			return "", false
		}
		m, y = mm, atoi(g[2])
	} else if len(s) == 6 && strings.Trim(s, "0123456789") == "" {
		return sixDigits(s)
	} else {
		return "", false
	}
	if m < 1 || m > 12 || y < 1900 || y > 2200 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d", y, m), true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// NormalizeStandardVersion maps "1.0.0", "v1.0", "1" onto "1.0".
func NormalizeStandardVersion(s string) (string, bool) {
	switch strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v") {
	case "1.0", "1.0.0", "1":
		return "1.0", true
	}
	return "", false
}

var notApplicable = map[string]bool{
	"n v t": true, "nvt": true, "n a": true, "na": true, "not applicable": true, "niet van toepassing": true,
	"geen": true, "none": true, "": true, "niet bekend": true, "onbekend": true, "unknown": true, "volgt": true,
	"nog niet beschikbaar": true, "niet beschikbaar": true, "niet openbaar": true, "not available": true,
}

// NotApplicable reports whether s says "nothing here" (n.v.t., N/A, --, geen, niet bekend,
// volgt, niet openbaar): an importer treats it as an empty value where a date or link belongs.
func NotApplicable(s string) bool { return notApplicable[key(s)] }

// sixDigits reads mmyyyy only when no other reading (ddmmyy, yymmdd) is a date: "032023" is
// March 2023, "010719" is ambiguous.
func sixDigits(s string) (string, bool) {
	var found []string
	if m, y := atoi(s[:2]), atoi(s[2:]); m >= 1 && m <= 12 && y >= 1900 && y <= 2200 {
		found = append(found, fmt.Sprintf("%04d-%02d", y, m))
	}
	if d, m := atoi(s[:2]), atoi(s[2:4]); d >= 1 && d <= 31 && m >= 1 && m <= 12 {
		found = append(found, "ddmmyy")
	}
	if m, d := atoi(s[2:4]), atoi(s[4:]); d >= 1 && d <= 31 && m >= 1 && m <= 12 {
		found = append(found, "yymmdd")
	}
	if len(found) == 1 && found[0][0] != 'd' && found[0][0] != 'y' {
		return found[0], true
	}
	return "", false
}
