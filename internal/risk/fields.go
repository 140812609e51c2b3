package risk

import (
	"reflect"
	"slices"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// fieldPolicy says what may happen to each field of the publication standard v1.0 when it is
// published. The choice follows what keeps a public record valid against the national
// register's AlgorithmIn schema:
//   - the identifying and required fields (name, organization, status, publication_category,
//     lang, contact_email) and the metadata the register assigns cannot be withheld: without
//     them there is no record to publish. A personal contact address is handled by
//     anonymisation (domain.md §6), not by redaction;
//   - description_short is required too, so it may only be redacted (the notice keeps it filled);
//   - fields with a format (dates, URLs, lists, enumerations) may only be omitted, because the
//     redaction notice is not a valid value for them;
//   - free-text fields may be redacted or omitted.
var fieldPolicy = map[string][]string{
	"name":                   nil,
	"organization":           nil,
	"status":                 nil,
	"publication_category":   nil,
	"lang":                   nil,
	"contact_email":          nil,
	"standard_version":       nil,
	"source_id":              nil,
	"lars":                   nil,
	"description_short":      {register.FieldRedact},
	"category":               {register.FieldOmit},
	"begin_date":             {register.FieldOmit},
	"end_date":               {register.FieldOmit},
	"website":                {register.FieldOmit},
	"url":                    {register.FieldOmit},
	"process_index_url":      {register.FieldOmit},
	"publiccode":             {register.FieldOmit},
	"lawful_basis_grouping":  {register.FieldOmit},
	"impacttoetsen_grouping": {register.FieldOmit},
	"source_data_grouping":   {register.FieldOmit},
	"goal":                   {register.FieldRedact, register.FieldOmit},
	"proportionality":        {register.FieldRedact, register.FieldOmit},
	"human_intervention":     {register.FieldRedact, register.FieldOmit},
	"risks":                  {register.FieldRedact, register.FieldOmit},
	"lawful_basis":           {register.FieldRedact, register.FieldOmit},
	"impacttoetsen":          {register.FieldRedact, register.FieldOmit},
	"source_data":            {register.FieldRedact, register.FieldOmit},
	"methods_and_models":     {register.FieldRedact, register.FieldOmit},
	"provider":               {register.FieldRedact, register.FieldOmit},
	"tags":                   {register.FieldRedact, register.FieldOmit},
}

// standardFields are the v1.0 machine names, read from register.Standard's JSON tags.
var standardFields = func() []string {
	var fs []string
	t := reflect.TypeFor[register.Standard]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		fs = append(fs, name)
	}
	return fs
}()

// IsStandardField reports whether name is a field of the publication standard v1.0.
func IsStandardField(name string) bool { return slices.Contains(standardFields, name) }

// AllowedActions lists the non-publish actions ("redact", "omit") allowed for a v1.0 field;
// none for a field that must always be published or is not a v1.0 field.
func AllowedActions(field string) []string { return slices.Clone(fieldPolicy[field]) }

// fieldValue returns a field's content for deciding whether there is anything to withhold.
func fieldValue(d register.Description, field string) string {
	v := reflect.ValueOf(d.Standard)
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != field {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			return strings.TrimSpace(f.String())
		case reflect.Slice:
			if f.Len() > 0 {
				return "lijst"
			}
		}
		return ""
	}
	return ""
}
