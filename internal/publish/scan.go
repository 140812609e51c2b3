package publish

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
)

// Finding kinds: what the pre-publication scan found.
const (
	KindRedactedText      = "redacted_text"       // text of a redacted or omitted field reappears elsewhere
	KindPersonalEmail     = "personal_email"      // an e-mail address that is not an allowed functional one
	KindPhone             = "phone"               // a phone number
	KindPersonName        = "person_name"         // the name of a user or of a person in an internal field
	KindSensitiveTerm     = "sensitive_term"      // a term from the configured list
	KindMarking           = "marking"             // a classification marking
	KindContactNotAllowed = "contact_not_allowed" // the public contact is not on the allowlist
	KindSchema            = "schema"              // the public version is not valid against the v1.0 standard
	KindDecision          = "decision"            // the assessment does not allow publication of this revision
)

// Finding is one reason why a description must not go out as it is. It blocks that
// description until resolved. Reason is Dutch and may quote the offending text: findings are
// shown to approvers inside the register only and must never be logged.
type Finding struct {
	DescriptionID string `json:"description_id"`
	Name          string `json:"name"`
	Field         string `json:"field"`
	Reason        string `json:"reason"`
	Kind          string `json:"kind"`
}

// ngramLen is the length, in words, of the fragments of redacted text looked for elsewhere:
// a shared run of this many words is a leak, however it is cased, spaced or marked up.
const ngramLen = 8

// minSentenceWords and minFragmentLetters decide when a sentence shorter than ngramLen is
// distinctive enough to be looked for whole.
const (
	minSentenceWords   = 4
	minFragmentLetters = 8
)

// markings are classification markings, matched case-insensitively on word boundaries.
var markings = []string{
	"Stg. Zeer Geheim", "Stg. Geheim", "Stg. Confidentieel", "Staatsgeheim",
	"Zeer Geheim", "Dep. Vertrouwelijk", "Departementaal Vertrouwelijk", "Dep.V.",
	"NATO Secret", "NATO Restricted", "NATO Confidential", "Cosmic Top Secret", "Top Secret",
	"EU Restricted", "EU Confidential", "EU Secret", "Restreint UE",
	"Confidentiel UE", "Secret UE", "Très Secret UE", "Secret Defense", "Diffusion Restreinte",
}

// upperMarkings count as a marking only when stamped in capitals ("GEHEIM"), since the words
// themselves are ordinary Dutch or English.
// "confidential" in lower case is an ordinary word in the national register's own texts
// ("confidential business data").
var upperMarkings = []string{"GEHEIM", "SECRET", "RESTRICTED", "VERTROUWELIJK", "CONFIDENTIEEL", "CONFIDENTIAL"}

var markingIndex = func() *phraseIndex {
	ix := newPhraseIndex()
	for _, m := range markings {
		ix.add(phrase{Words: words(m), Label: m})
	}
	for _, m := range upperMarkings {
		ix.add(phrase{Words: words(m), Label: m, Upper: true})
	}
	return ix
}()

// Scan checks the public version of one description before it may go out: the decision,
// validity against the standard, the contact, text of redacted or omitted fields reappearing
// elsewhere (whole distinctive sentences or any run of ngramLen words, case-, whitespace- and
// HTML-insensitive), personal e-mail addresses and phone numbers, names and addresses of users
// and of persons in internal fields, sensitive terms, and classification markings. Findings
// are in field order; none means the description may be published.
func Scan(it Item, public register.Standard, cfg Config) []Finding {
	sc := scanner{it: &it, seen: map[string]bool{}}
	sc.decision()
	sc.schema(&public)

	anon := newAnonymiser(cfg, &it.Desc)
	if public.ContactEmail != "" && !anon.contactAllowed(public.ContactEmail) {
		sc.add("contact_email", KindContactNotAllowed, fmt.Sprintf("contactgegevens „%s” staan niet op de lijst van toegestane functionele adressen en contactpagina's", public.ContactEmail))
	} else if public.ContactEmail == "" && strings.TrimSpace(it.Desc.ContactEmail) != "" {
		sc.add("contact_email", KindContactNotAllowed, fmt.Sprintf("contactgegevens „%s” staan niet op de lijst van toegestane functionele adressen en contactpagina's; gebruik een functionele mailbox of contactpagina", strings.TrimSpace(it.Desc.ContactEmail)))
	}

	names := anon.names
	terms := newPhraseIndex()
	for _, t := range cfg.Terms {
		if t = strings.TrimSpace(t); t != "" {
			terms.add(phrase{Words: words(t), Label: t})
		}
	}
	redacted, redactedSources := redactedFragments(&it)

	for _, nt := range textFields(&public) {
		if nt.Text == "" {
			continue
		}
		plain := stripTags(nt.Text)
		if nt.Field != "contact_email" && strings.Contains(plain, "@") {
			for _, addr := range emailRE.FindAllString(plain, -1) {
				switch {
				case anon.isPersonEmail(addr):
					sc.add(nt.Field, KindPersonalEmail, fmt.Sprintf("e-mailadres van een persoon („%s”); noem de rol, niet de persoon", addr))
				case !onAllowlist(addr, cfg.ContactAllowlist):
					sc.add(nt.Field, KindPersonalEmail, fmt.Sprintf("e-mailadres „%s” staat niet op de lijst van functionele adressen", addr))
				}
			}
		}
		for _, ph := range findPhones(plain) {
			sc.add(nt.Field, KindPhone, fmt.Sprintf("telefoonnummer „%s”; telefoonnummers van personen worden niet gepubliceerd", ph))
		}
		toks := tokenizePlain(plain)
		names.find(toks, func(p *phrase) {
			sc.add(nt.Field, KindPersonName, fmt.Sprintf("naam van een persoon („%s”); noem de rol (%s), niet de persoon", p.Label, anon.persons[p.Ref].Role))
		})
		terms.find(toks, func(p *phrase) {
			sc.add(nt.Field, KindSensitiveTerm, fmt.Sprintf("gevoelige term „%s”", p.Label))
		})
		markingIndex.find(toks, func(p *phrase) {
			sc.add(nt.Field, KindMarking, fmt.Sprintf("rubriceringsmarkering „%s”", p.Label))
		})
		redacted.find(toks, func(p *phrase) {
			src := redactedSources[p.Ref]
			sc.add(nt.Field, KindRedactedText, fmt.Sprintf("tekst uit het veld %s (%s) komt hier terug: „%s”", src.title, src.action, p.Label))
		})
	}
	return sc.out
}

// scanner collects the findings of one description without duplicates.
type scanner struct {
	it   *Item
	out  []Finding
	seen map[string]bool
}

func (sc *scanner) add(field, kind, reason string) {
	key := field + "\x00" + kind + "\x00" + reason
	if sc.seen[key] {
		return
	}
	sc.seen[key] = true
	sc.out = append(sc.out, Finding{DescriptionID: sc.it.Desc.ID, Name: sc.it.Desc.Name, Field: field, Reason: reason, Kind: kind})
}

// decision checks that the assessment allows publication of this revision.
func (sc *scanner) decision() {
	a := &sc.it.Assessment
	switch a.Decision {
	case register.DecisionPublishFull, register.DecisionPublishPartial:
	case "":
		sc.add("decision", KindDecision, "er is geen publicatiebesluit genomen")
	default:
		sc.add("decision", KindDecision, fmt.Sprintf("het publicatiebesluit is „%s”; alleen publish_full of publish_partial mag worden gepubliceerd", a.Decision))
	}
	if a.Revision != 0 && a.Revision != sc.it.Desc.Revision {
		sc.add("decision", KindDecision, fmt.Sprintf("het publicatiebesluit geldt voor versie %d, niet voor versie %d", a.Revision, sc.it.Desc.Revision))
	}
	names := make([]string, 0, len(a.Fields))
	for name := range a.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d := a.Fields[name]
		f, ok := fieldByName(name)
		switch {
		case !ok:
			sc.add(name, KindDecision, "veldbesluit voor een veld dat de publicatiestandaard niet kent")
		case d.Action != "" && d.Action != register.FieldPublish && d.Action != register.FieldRedact && d.Action != register.FieldOmit:
			sc.add(name, KindDecision, fmt.Sprintf("onbekende actie „%s” in het veldbesluit", d.Action))
		case d.Action == register.FieldRedact || d.Action == register.FieldOmit:
			if f.Kind == kindSystem {
				sc.add(name, KindDecision, "dit veld zet het register zelf; het kan niet worden weggelakt of weggelaten")
			}
			if _, ok := register.GroundByCode(d.Ground); !ok {
				sc.add(name, KindDecision, "veldbesluit zonder geldige Woo-grond")
			}
		}
	}
}

// Enumerations of the v1.0 standard.
var (
	enumStatus              = []string{"In ontwikkeling", "In gebruik", "Buiten gebruik"}
	enumPublicationCategory = []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}
	enumCategory            = []string{"Organisatie en bedrijfsvoering", "Cultuur en recreatie", "Economie", "Overheidsfinanciën", "Wonen", "Internationaal", "Migratie en integratie", "Natuur en milieu", "Onderwijs en wetenschap", "Openbare orde en veiligheid", "Recht", "Ruimte en infrastructuur", "Sociale zekerheid", "Verkeer", "Werk", "Zorg en gezondheid"}
)

var dateRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// schema checks the public version against the v1.0 standard: required fields, enumerations,
// dates, lengths without HTML, the allowed markup, the grouped lists and the LARS check digit.
func (sc *scanner) schema(s *register.Standard) {
	for _, f := range standardFields {
		v := getField(s, f.Name)
		if f.Kind == kindList {
			continue
		}
		if v == "" {
			if requiredField(f.Name) && !(f.Name == "contact_email" && strings.TrimSpace(sc.it.Desc.ContactEmail) != "") {
				sc.add(f.Name, KindSchema, fmt.Sprintf("verplicht veld %s is leeg", f.Title))
			}
			continue
		}
		if f.MaxLen > 0 {
			if n := plainLength(v); n > f.MaxLen {
				sc.add(f.Name, KindSchema, fmt.Sprintf("%s is %d tekens lang (zonder HTML); de standaard staat er %d toe", f.Title, n, f.MaxLen))
			}
		}
		if tag := disallowedTag(v, f.Kind); tag != "" {
			sc.add(f.Name, KindSchema, fmt.Sprintf("%s bevat niet toegestane opmaak %s", f.Title, tag))
		}
	}
	sc.enum("status", "Status", s.Status, enumStatus)
	sc.enum("publication_category", "Publicatiecategorie", s.PublicationCategory, enumPublicationCategory)
	sc.enum("lang", "Taal", s.Lang, []string{PublicLang})
	sc.enum("standard_version", "Versie publicatiestandaard", s.StandardVersion, []string{PublicStandardVersion})
	for _, c := range s.Category {
		sc.enum("category", "Thema", c, enumCategory)
	}
	for _, d := range []struct{ name, title, v string }{{"begin_date", "Begindatum", s.BeginDate}, {"end_date", "Einddatum", s.EndDate}} {
		if d.v != "" && !dateRE.MatchString(d.v) {
			sc.add(d.name, KindSchema, fmt.Sprintf("%s „%s” moet de vorm jjjj-mm hebben", d.title, d.v))
		}
	}
	sc.links("lawful_basis_grouping", "Verwijzingen wettelijke basis", s.LawfulBasisGrouping, 100, true)
	sc.links("source_data_grouping", "Verwijzingen gegevensbronnen", s.SourceDataGrouping, 500, true)
	sc.links("impacttoetsen_grouping", "Impacttoetsen", s.ImpacttoetsenGrouping, 0, false)
	if s.Lars != "" && !ValidLars(s.Lars) {
		sc.add("lars", KindSchema, fmt.Sprintf("Algoritme-ID „%s” is geen geldig LARS-nummer (8 cijfers met controlecijfer)", s.Lars))
	}
}

func (sc *scanner) enum(field, title, v string, allowed []string) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	sc.add(field, KindSchema, fmt.Sprintf("%s „%s” is geen toegestane waarde; kies uit: %s", title, v, strings.Join(allowed, ", ")))
}

func (sc *scanner) links(field, title string, ls []register.Link, titleMax int, linkRequired bool) {
	for i, l := range ls {
		if strings.TrimSpace(l.Title) == "" {
			sc.add(field, KindSchema, fmt.Sprintf("%s: verwijzing %d heeft geen titel", title, i+1))
		}
		if linkRequired && strings.TrimSpace(l.Link) == "" {
			sc.add(field, KindSchema, fmt.Sprintf("%s: verwijzing %d heeft geen link", title, i+1))
		}
		if titleMax > 0 && plainLength(l.Title) > titleMax {
			sc.add(field, KindSchema, fmt.Sprintf("%s: de titel van verwijzing %d is langer dan %d tekens", title, i+1, titleMax))
		}
		if plainLength(l.Link) > 500 {
			sc.add(field, KindSchema, fmt.Sprintf("%s: de link van verwijzing %d is langer dan 500 tekens", title, i+1))
		}
	}
}

func requiredField(name string) bool {
	switch name {
	case "name", "description_short", "organization", "status", "contact_email", "publication_category", "lang":
		return true
	}
	return false
}

// disallowedTag returns the first tag in v that the field may not carry, or "".
func disallowedTag(v string, k fieldKind) string {
	if !strings.Contains(v, "<") {
		return ""
	}
	for _, tag := range tagRE.FindAllString(v, -1) {
		if k != kindHTML {
			return tag
		}
		name := strings.ToLower(strings.TrimLeft(tag, "</"))
		if i := strings.IndexAny(name, " \t\n/>"); i >= 0 {
			name = name[:i]
		}
		if !allowedTags[name] {
			return tag
		}
	}
	return ""
}

// ValidLars reports whether s is a national register id (register.ValidLARS).
func ValidLars(s string) bool { return register.ValidLARS(s) }

// redactedSource names a field whose internal text must not reappear.
type redactedSource struct {
	field, title, action string
}

// sentenceSplitRE separates sentences and blocks of the internal text of a redacted field.
var sentenceSplitRE = regexp.MustCompile(`[.!?;:]+(?:\s+|$)|\n+|</?(?:p|br|li|div|ul|ol)\b[^>]*>`)

// redactedFragments indexes the distinctive fragments of every redacted or omitted field: each
// sentence of at least minSentenceWords words (or minFragmentLetters letters when the whole
// field is short), and every run of ngramLen words. A phrase's Ref indexes the returned sources.
func redactedFragments(it *Item) (*phraseIndex, []redactedSource) {
	ix := newPhraseIndex()
	internal := convert(&it.Desc)
	var sources []redactedSource
	for _, f := range standardFields {
		d, ok := it.Assessment.Fields[f.Name]
		if !ok || (d.Action != register.FieldRedact && d.Action != register.FieldOmit) || f.Kind == kindSystem {
			continue
		}
		var texts []string
		for _, nt := range textFields(&internal) {
			if nt.Field == f.Name && strings.TrimSpace(nt.Text) != "" {
				texts = append(texts, nt.Text) // each list entry on its own
			}
		}
		if len(texts) == 0 {
			continue
		}
		action := "weggelakt"
		if d.Action == register.FieldOmit {
			action = "weggelaten"
		}
		ref := len(sources)
		sources = append(sources, redactedSource{f.Name, f.Title, action})
		for _, sent := range sentenceSplitRE.Split(strings.Join(texts, "\n"), -1) {
			ws := words(sent)
			letters := 0
			for _, w := range ws {
				letters += utf8.RuneCountInString(w)
			}
			switch {
			case len(ws) >= ngramLen:
				for i := 0; i+ngramLen <= len(ws); i++ {
					g := ws[i : i+ngramLen]
					ix.add(phrase{Words: g, Label: strings.Join(g, " "), Ref: ref})
				}
			case len(ws) >= minSentenceWords || (len(ws) > 0 && letters >= minFragmentLetters):
				ix.add(phrase{Words: ws, Label: strings.Join(ws, " "), Ref: ref})
			}
		}
	}
	return ix, sources
}
