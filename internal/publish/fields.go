// Package publish turns approved descriptions into what the public may see: the public view (an
// allowlist of v1.0 fields, built by one explicit conversion), field decisions (redact, omit),
// anonymisation of civil servants, the pre-publication scan, and the signed publication bundle.
// It uses only package register; choosing what to publish and recording it is the service's job.
package publish

import "github.com/defensie/algoreg/internal/register"

// fieldKind says how a field of the standard is treated by redaction and sanitising.
type fieldKind int

const (
	kindText   fieldKind = iota // plain text: no markup; a redaction notice fits
	kindHTML                    // long text: the allowed HTML subset; a redaction notice fits
	kindEnum                    // a value from an enumeration: redaction empties it
	kindDate                    // yyyy-mm: redaction empties it
	kindURL                     // a URL or address: redaction empties it
	kindList                    // a list (category, groupings): redaction empties it
	kindID                      // an identifier (lars): redaction empties it
	kindSystem                  // set by the register itself (lang, standard_version, source_id); no decision applies
)

// fieldSpec describes one field of register.Standard under its v1.0 machine name.
type fieldSpec struct {
	Name   string // v1.0 machine name (the json tag)
	Title  string // Dutch title from the national register's schema
	Kind   fieldKind
	MaxLen int // max_length_without_html, 0 for none
}

// standardFields lists EVERY field of register.Standard, in the order of the v1.0 schema. The
// public view maps each of them explicitly (see convert); a test fails when register.Standard
// gains a field that is not listed here.
var standardFields = []fieldSpec{
	{"name", "Naam", kindText, 100},
	{"description_short", "Korte omschrijving", kindText, 400},
	{"organization", "Organisatienaam", kindText, 100},
	{"category", "Thema", kindList, 0},
	{"status", "Status", kindEnum, 0},
	{"begin_date", "Begindatum", kindDate, 7},
	{"end_date", "Einddatum", kindDate, 7},
	{"contact_email", "Contactgegevens", kindURL, 500},
	{"website", "Link naar publiekspagina", kindURL, 500},
	{"publication_category", "Publicatiecategorie", kindEnum, 0},
	{"url", "Link naar bronregistratie", kindURL, 500},
	{"goal", "Doel en impact", kindHTML, 2500},
	{"proportionality", "Afwegingen", kindHTML, 2500},
	{"human_intervention", "Menselijke tussenkomst", kindHTML, 2500},
	{"risks", "Risicobeheer", kindHTML, 2500},
	{"lawful_basis", "Wettelijke basis", kindHTML, 2500},
	{"lawful_basis_grouping", "Verwijzingen wettelijke basis", kindList, 0},
	{"process_index_url", "Link naar verwerkingsregister", kindURL, 500},
	{"impacttoetsen_grouping", "Impacttoetsen", kindList, 0},
	{"impacttoetsen", "Toelichting op impacttoetsen", kindHTML, 2500},
	{"source_data", "Gegevens", kindHTML, 2500},
	{"source_data_grouping", "Verwijzingen gegevensbronnen", kindList, 0},
	{"methods_and_models", "Technische werking", kindHTML, 5000},
	{"provider", "Leverancier", kindText, 200},
	{"publiccode", "Link naar broncode", kindURL, 500},
	{"lang", "Taal", kindSystem, 0},
	{"standard_version", "Versie publicatiestandaard", kindSystem, 0},
	{"source_id", "Bron-ID", kindSystem, 100},
	{"tags", "Zoektermen", kindHTML, 2500},
	{"lars", "Algoritme-ID", kindID, 0},
}

// mappedDescriptionFields are the fields of register.Description (outside the embedded
// Standard) that reach the public view, and the v1.0 field they become.
var mappedDescriptionFields = map[string]string{
	"public_id": "source_id",
}

// internalDescriptionFields are the fields of register.Description that never go out. A test
// fails when register.Description gains a field that is neither here nor in
// mappedDescriptionFields, so nothing new leaks by default.
var internalDescriptionFields = []string{
	"id", "unit", "classification", "revision", "state", "owners", "internal_notes",
	"impact_on_citizens", "publication_category_override",
	"publication_dt", // the bundle carries the run's publication time, passed in separately
	"published_revision", "created_at", "created_by", "updated_at", "updated_by",
}

// fieldByName returns the spec of a v1.0 field.
func fieldByName(name string) (fieldSpec, bool) {
	for _, f := range standardFields {
		if f.Name == name {
			return f, true
		}
	}
	return fieldSpec{}, false
}

// textFields returns the string fields of s by v1.0 name, in schema order, including the
// titles and links of the grouped lists (as "field[i].title"-less entries under the list's name).
func textFields(s *register.Standard) []namedText {
	out := []namedText{
		{"name", s.Name}, {"description_short", s.DescriptionShort}, {"organization", s.Organization},
	}
	for _, c := range s.Category {
		out = append(out, namedText{"category", c})
	}
	out = append(out,
		namedText{"status", s.Status}, namedText{"begin_date", s.BeginDate}, namedText{"end_date", s.EndDate},
		namedText{"contact_email", s.ContactEmail}, namedText{"website", s.Website},
		namedText{"publication_category", s.PublicationCategory}, namedText{"url", s.URL},
		namedText{"goal", s.Goal}, namedText{"proportionality", s.Proportionality},
		namedText{"human_intervention", s.HumanIntervention}, namedText{"risks", s.Risks},
		namedText{"lawful_basis", s.LawfulBasis})
	out = appendLinks(out, "lawful_basis_grouping", s.LawfulBasisGrouping)
	out = append(out, namedText{"process_index_url", s.ProcessIndexURL})
	out = appendLinks(out, "impacttoetsen_grouping", s.ImpacttoetsenGrouping)
	out = append(out, namedText{"impacttoetsen", s.Impacttoetsen}, namedText{"source_data", s.SourceData})
	out = appendLinks(out, "source_data_grouping", s.SourceDataGrouping)
	out = append(out,
		namedText{"methods_and_models", s.MethodsAndModels}, namedText{"provider", s.Provider},
		namedText{"publiccode", s.Publiccode}, namedText{"lang", s.Lang},
		namedText{"standard_version", s.StandardVersion}, namedText{"source_id", s.SourceID},
		namedText{"tags", s.Tags}, namedText{"lars", s.Lars})
	return out
}

// namedText is one piece of text of a description under the v1.0 field it belongs to.
type namedText struct {
	Field string
	Text  string
}

func appendLinks(out []namedText, field string, links []register.Link) []namedText {
	for _, l := range links {
		out = append(out, namedText{field, l.Title}, namedText{field, l.Link})
	}
	return out
}
