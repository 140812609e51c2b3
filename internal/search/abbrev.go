package search

import "strings"

// abbreviations maps organisation abbreviations used in Dutch government (and Defence) to
// their full names. A query for either form also finds the other. An abbreviation that is
// also a Dutch stopword (OM) only counts when typed in capitals.
var abbreviations = map[string]string{
	"kmar":  "Koninklijke Marechaussee",
	"mivd":  "Militaire Inlichtingen- en Veiligheidsdienst",
	"aivd":  "Algemene Inlichtingen- en Veiligheidsdienst",
	"dmo":   "Defensie Materieel Organisatie",
	"dosco": "Defensie Ondersteuningscommando",
	"clas":  "Commando Landstrijdkrachten",
	"clsk":  "Commando Luchtstrijdkrachten",
	"czsk":  "Commando Zeestrijdkrachten",
	"uwv":   "Uitvoeringsinstituut Werknemersverzekeringen",
	"rvo":   "Rijksdienst voor Ondernemend Nederland",
	"svb":   "Sociale Verzekeringsbank",
	"duo":   "Dienst Uitvoering Onderwijs",
	"cbs":   "Centraal Bureau voor de Statistiek",
	"ind":   "Immigratie- en Naturalisatiedienst",
	"cjib":  "Centraal Justitieel Incassobureau",
	"rdw":   "Rijksdienst voor het Wegverkeer",
	"rvig":  "Rijksdienst voor Identiteitsgegevens",
	"acm":   "Autoriteit Consument en Markt",
	"nfi":   "Nederlands Forensisch Instituut",
	"rdi":   "Rijksinspectie Digitale Infrastructuur",
	"nvwa":  "Nederlandse Voedsel- en Warenautoriteit",
	"ilt":   "Inspectie Leefomgeving en Transport",
	"rws":   "Rijkswaterstaat",
	"rivm":  "Rijksinstituut voor Volksgezondheid en Milieu",
	"knmi":  "Koninklijk Nederlands Meteorologisch Instituut",
	"rce":   "Rijksdienst voor het Cultureel Erfgoed",
	"ap":    "Autoriteit Persoonsgegevens",
	"bzk":   "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
	"vws":   "Ministerie van Volksgezondheid, Welzijn en Sport",
	"ocw":   "Ministerie van Onderwijs, Cultuur en Wetenschap",
	"szw":   "Ministerie van Sociale Zaken en Werkgelegenheid",
	"jenv":  "Ministerie van Justitie en Veiligheid",
	"ienw":  "Ministerie van Infrastructuur en Waterstaat",
	"ezk":   "Ministerie van Economische Zaken en Klimaat",
	"lnv":   "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
	"bz":    "Ministerie van Buitenlandse Zaken",
	"om":    "Openbaar Ministerie",
	"ggd":   "Gemeentelijke Gezondheidsdienst",
	"vng":   "Vereniging van Nederlandse Gemeenten",
	"bsn":   "burgerservicenummer",
	"brp":   "Basisregistratie Personen",
	"woz":   "Waardering Onroerende Zaken",
	"avg":   "Algemene Verordening Gegevensbescherming",
	"ai":    "artificiële intelligentie",
}

// abbrevEntry is an abbreviation with the term sequence of its full name.
type abbrevEntry struct {
	abbr  string
	terms []string // analysed full name
	words []string // folded surface words of the full name
}

var (
	abbrevByShort = map[string]*abbrevEntry{}
	abbrevByFirst = map[string][]*abbrevEntry{} // by the first term of the full name
)

func init() {
	for short, full := range abbreviations {
		e := &abbrevEntry{abbr: short}
		for _, t := range analyze(full) {
			e.terms = append(e.terms, t.Term)
			e.words = append(e.words, t.Surface)
		}
		abbrevByShort[short] = e
		abbrevByFirst[e.terms[0]] = append(abbrevByFirst[e.terms[0]], e)
	}
}

// isAbbreviation reports whether raw (a query word as typed) is a known abbreviation.
func isAbbreviation(raw string) (*abbrevEntry, bool) {
	lower := strings.ToLower(raw)
	e, ok := abbrevByShort[lower]
	if !ok {
		return nil, false
	}
	if stopwords[lower] && raw != strings.ToUpper(raw) {
		return nil, false
	}
	return e, true
}
