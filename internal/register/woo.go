package register

// Ground is a ground of the Woo (Wet open overheid) for not publishing information.
type Ground struct {
	Code   string `json:"code"`
	Label  string `json:"label"`  // Dutch description
	Notice string `json:"notice"` // the standard Dutch notice that replaces redacted text
}

// Grounds lists the Woo grounds of domain.md §4.
var Grounds = []Ground{
	{"5.1.1.a", "de eenheid van de Kroon", "artikel 5.1, eerste lid, onder a, Woo"},
	{"5.1.1.b", "de veiligheid van de Staat", "artikel 5.1, eerste lid, onder b, Woo"},
	{"5.1.1.c", "vertrouwelijk meegedeelde bedrijfs- en fabricagegegevens", "artikel 5.1, eerste lid, onder c, Woo"},
	{"5.1.1.d", "bijzondere persoonsgegevens", "artikel 5.1, eerste lid, onder d, Woo"},
	{"5.1.1.e", "identificatienummers", "artikel 5.1, eerste lid, onder e, Woo"},
	{"5.1.2.a", "de betrekkingen met andere staten en internationale organisaties", "artikel 5.1, tweede lid, onder a, Woo"},
	{"5.1.2.b", "de economische of financiële belangen van de Staat", "artikel 5.1, tweede lid, onder b, Woo"},
	{"5.1.2.c", "de opsporing en vervolging van strafbare feiten", "artikel 5.1, tweede lid, onder c, Woo"},
	{"5.1.2.d", "inspectie, controle en toezicht door bestuursorganen", "artikel 5.1, tweede lid, onder d, Woo"},
	{"5.1.2.e", "de eerbiediging van de persoonlijke levenssfeer", "artikel 5.1, tweede lid, onder e, Woo"},
	{"5.1.2.f", "concurrentiegevoelige bedrijfs- en fabricagegegevens", "artikel 5.1, tweede lid, onder f, Woo"},
	{"5.1.2.g", "de bescherming van het milieu", "artikel 5.1, tweede lid, onder g, Woo"},
	{"5.1.2.h", "de beveiliging van personen en bedrijven en het voorkomen van sabotage", "artikel 5.1, tweede lid, onder h, Woo"},
	{"5.1.2.i", "het goed functioneren van de Staat", "artikel 5.1, tweede lid, onder i, Woo"},
	{"5.1.5", "onevenredige benadeling", "artikel 5.1, vijfde lid, Woo"},
	{"5.2", "persoonlijke beleidsopvattingen in documenten voor intern beraad", "artikel 5.2 Woo"},
}

// GroundByCode returns the ground with that code.
func GroundByCode(code string) (Ground, bool) {
	for _, g := range Grounds {
		if g.Code == code {
			return g, true
		}
	}
	return Ground{}, false
}

// RedactionNotice is the public text that replaces a redacted field.
func RedactionNotice(code string) string {
	g, ok := GroundByCode(code)
	if !ok {
		return "Deze informatie is niet openbaar."
	}
	return "Deze informatie is niet openbaar op grond van " + g.Notice + "."
}

// Publication decisions and field actions.
const (
	DecisionPublishFull    = "publish_full"
	DecisionPublishPartial = "publish_partial"
	DecisionDoNotPublish   = "do_not_publish"

	FieldPublish = "publish"
	FieldRedact  = "redact"
	FieldOmit    = "omit"
)
