package public

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// fieldKind says how a field is rendered.
type fieldKind int

const (
	kindText  fieldKind = iota // plain text
	kindHTML                   // long text with the allowed HTML subset
	kindURL                    // a link
	kindMail                   // an e-mail address or a URL (contact_email)
	kindList                   // a list of enumeration values (category)
	kindLinks                  // a list of {title, link}
	kindEnum                   // one enumeration value (status, publication_category)
)

// field is one v1.0 field as the public page shows it. Titles are the standard's titles
// (AlgorithmIn.title); the English ones are ours. showAlways is the schema's show_always.
type field struct {
	Name       string
	Tab        string
	ShowAlways bool
	Kind       fieldKind
	get        func(it *Item) string
	links      func(it *Item) []register.Link
	list       func(it *Item) []string
}

// Tabs of the national register's public page, in order.
var tabs = []string{"algemeen", "verantwoord", "werking", "metadata"}

// fields lists every public field in page order. The set of names is exactly the v1.0 list
// plus publication_dt; a test checks it against the schema.
var fields = []field{
	{Name: "name", Tab: "algemeen", ShowAlways: true, Kind: kindText, get: func(it *Item) string { return it.Name }},
	{Name: "organization", Tab: "algemeen", ShowAlways: true, Kind: kindText, get: func(it *Item) string { return it.Organization }},
	{Name: "description_short", Tab: "algemeen", ShowAlways: true, Kind: kindText, get: func(it *Item) string { return it.DescriptionShort }},
	{Name: "category", Tab: "algemeen", ShowAlways: true, Kind: kindList, list: func(it *Item) []string { return it.Category }},
	{Name: "status", Tab: "algemeen", ShowAlways: true, Kind: kindEnum, get: func(it *Item) string { return it.Status }},
	{Name: "begin_date", Tab: "algemeen", ShowAlways: true, Kind: kindText, get: func(it *Item) string { return it.BeginDate }},
	{Name: "end_date", Tab: "algemeen", Kind: kindText, get: func(it *Item) string { return it.EndDate }},
	{Name: "contact_email", Tab: "algemeen", ShowAlways: true, Kind: kindMail, get: func(it *Item) string { return it.ContactEmail }},
	{Name: "website", Tab: "algemeen", Kind: kindURL, get: func(it *Item) string { return it.Website }},
	{Name: "url", Tab: "algemeen", Kind: kindURL, get: func(it *Item) string { return it.URL }},

	{Name: "goal", Tab: "verantwoord", ShowAlways: true, Kind: kindHTML, get: func(it *Item) string { return it.Goal }},
	{Name: "proportionality", Tab: "verantwoord", ShowAlways: true, Kind: kindHTML, get: func(it *Item) string { return it.Proportionality }},
	{Name: "human_intervention", Tab: "verantwoord", ShowAlways: true, Kind: kindHTML, get: func(it *Item) string { return it.HumanIntervention }},
	{Name: "risks", Tab: "verantwoord", ShowAlways: true, Kind: kindHTML, get: func(it *Item) string { return it.Risks }},
	{Name: "lawful_basis", Tab: "verantwoord", Kind: kindHTML, get: func(it *Item) string { return it.LawfulBasis }},
	{Name: "lawful_basis_grouping", Tab: "verantwoord", Kind: kindLinks, links: func(it *Item) []register.Link { return it.LawfulBasisGrouping }},
	{Name: "process_index_url", Tab: "verantwoord", Kind: kindURL, get: func(it *Item) string { return it.ProcessIndexURL }},
	{Name: "impacttoetsen_grouping", Tab: "verantwoord", Kind: kindLinks, links: func(it *Item) []register.Link { return it.ImpacttoetsenGrouping }},
	{Name: "impacttoetsen", Tab: "verantwoord", Kind: kindHTML, get: func(it *Item) string { return it.Impacttoetsen }},

	{Name: "source_data", Tab: "werking", ShowAlways: true, Kind: kindHTML, get: func(it *Item) string { return it.SourceData }},
	{Name: "source_data_grouping", Tab: "werking", Kind: kindLinks, links: func(it *Item) []register.Link { return it.SourceDataGrouping }},
	{Name: "methods_and_models", Tab: "werking", Kind: kindHTML, get: func(it *Item) string { return it.MethodsAndModels }},
	{Name: "provider", Tab: "werking", Kind: kindText, get: func(it *Item) string { return it.Provider }},
	{Name: "publiccode", Tab: "werking", Kind: kindURL, get: func(it *Item) string { return it.Publiccode }},

	{Name: "publication_category", Tab: "metadata", ShowAlways: true, Kind: kindEnum, get: func(it *Item) string { return it.PublicationCategory }},
	{Name: "lars", Tab: "metadata", Kind: kindText, get: func(it *Item) string { return it.Lars }},
	{Name: "source_id", Tab: "metadata", Kind: kindText, get: func(it *Item) string { return it.SourceID }},
	{Name: "lang", Tab: "metadata", Kind: kindText, get: func(it *Item) string { return it.Lang }},
	{Name: "standard_version", Tab: "metadata", Kind: kindText, get: func(it *Item) string { return it.StandardVersion }},
	{Name: "tags", Tab: "metadata", Kind: kindHTML, get: func(it *Item) string { return it.Tags }},
	{Name: "publication_dt", Tab: "metadata", Kind: kindText, get: func(it *Item) string { return it.PublicationDT }},
}

// Enumerations of v1.0 (v1_0__EnumStatus, v1_0__EnumPublicationCategory, v1_0__EnumCategory).
var (
	statuses              = []string{"In ontwikkeling", "In gebruik", "Buiten gebruik"}
	publicationCategories = []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}
	themes                = []string{"Organisatie en bedrijfsvoering", "Cultuur en recreatie", "Economie", "Overheidsfinanciën", "Wonen", "Internationaal", "Migratie en integratie", "Natuur en milieu", "Onderwijs en wetenschap", "Openbare orde en veiligheid", "Recht", "Ruimte en infrastructuur", "Sociale zekerheid", "Verkeer", "Werk", "Zorg en gezondheid"}
)

// redactionPrefix starts every redaction notice (register.RedactionNotice).
const redactionPrefix = "Deze informatie is niet openbaar"

// isRedaction reports whether a field's (sanitised) public text is a redaction notice.
func isRedaction(s string) bool {
	return strings.Contains(s, redactionPrefix) && strings.HasPrefix(plainText(s), redactionPrefix)
}

// sanitizeItem cleans every HTML field of it in place and trims the rest; markup in plain
// fields is left for the template to escape.
func sanitizeItem(it *Item) {
	p := []*string{&it.Goal, &it.Proportionality, &it.HumanIntervention, &it.Risks, &it.LawfulBasis,
		&it.Impacttoetsen, &it.SourceData, &it.MethodsAndModels, &it.Tags}
	for _, s := range p {
		*s = SanitizeHTML(*s)
	}
}
