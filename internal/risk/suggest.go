package risk

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// Suggestion is the model's advice on publishing one description. A person decides.
type Suggestion struct {
	Decision string `json:"decision"` // publish_full, publish_partial, do_not_publish
	// Fields are the fields to withhold when publishing in part, each with ground and motivation.
	Fields       map[string]register.FieldDecision `json:"fields,omitempty"`
	Grounds      []string                          `json:"grounds,omitempty"`
	Reasons      []string                          `json:"reasons"` // Dutch
	ModelVersion string                            `json:"model_version"`
	Score        int                               `json:"score"`
}

type hit struct {
	q       Question
	a       Answer
	level   Level
	contrib int
}

// Suggest weighs the answers for description d. The publication category is taken from the
// classification outcome cls when given, else from the description; categories under the
// model's presumption of publication (A and B) get a raised threshold for not publishing, and
// a decisive answer then leads to partial publication instead.
func (m *Model) Suggest(d register.Description, cls *register.Outcome, ans Answers) Suggestion {
	s := Suggestion{ModelVersion: m.Version}
	category := d.PublicationCategory
	if cls != nil && cls.PublicationCategory != "" {
		category = cls.PublicationCategory
	}
	presumed := slices.Contains(m.Presumption.Categories, category)
	maxFactor := 0
	for _, l := range m.Scale {
		maxFactor = max(maxFactor, l.Factor)
	}

	var hits []hit
	var unanswered, notes []string
	decisive := false
	for _, q := range m.Questions {
		a, ok := ans[q.ID]
		if !ok || a.Value == "" {
			unanswered = append(unanswered, q.Topic)
			continue
		}
		l, ok := m.level(a.Value)
		if !ok {
			notes = append(notes, fmt.Sprintf("Vraag %q: onbekend antwoord %q telt niet mee.", q.Topic, a.Value))
			continue
		}
		if l.Factor == 0 {
			continue
		}
		c := q.Weight * l.Factor
		s.Score += c
		hits = append(hits, hit{q, a, l, c})
		decisive = decisive || (q.Decisive && l.Factor == maxFactor)
	}
	for _, id := range sortedKeys(ans) {
		if _, ok := m.question(id); !ok {
			notes = append(notes, fmt.Sprintf("Antwoord op onbekende vraag %q telt niet mee.", id))
		}
	}
	// Strongest first; ties keep the model's order.
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(b.contrib, a.contrib) })

	// Woo 5.1.5 may only be cited when no other ground applies.
	if slices.ContainsFunc(hits, func(h hit) bool { return h.q.Ground != "5.1.5" }) {
		if slices.ContainsFunc(hits, func(h hit) bool { return h.q.Ground == "5.1.5" }) {
			notes = append(notes, "Grond 5.1.5 Woo (onevenredige benadeling) vervalt: er zijn andere gronden van toepassing.")
			hits = slices.DeleteFunc(hits, func(h hit) bool {
				if h.q.Ground == "5.1.5" {
					s.Score -= h.contrib // what is not cited does not weigh
					return true
				}
				return false
			})
		}
	}

	dnp := m.Thresholds.DoNotPublish
	s.Reasons = append(s.Reasons, fmt.Sprintf("Score %d; gedeeltelijk publiceren vanaf %d, niet publiceren vanaf %d.", s.Score, m.Thresholds.PublishPartial, dnp))
	if presumed {
		dnp += m.Presumption.DoNotPublishRaise
		s.Reasons = append(s.Reasons, fmt.Sprintf("Publicatiecategorie %q: sterk vermoeden van openbaarheid; de drempel voor niet publiceren is verhoogd tot %d en lakken gaat voor niet publiceren.", category, dnp))
	}
	for _, h := range hits {
		s.Reasons = append(s.Reasons, fmt.Sprintf("%s: %q (gewicht %d × %d = %d), grond %s Woo.", h.q.Topic, h.a.Value, h.q.Weight, h.level.Factor, h.contrib, h.q.Ground))
	}

	fields, fieldNotes := m.fieldDecisions(d, hits)
	switch {
	case s.Score >= dnp || (decisive && !presumed):
		s.Decision = register.DecisionDoNotPublish
		if decisive && s.Score < dnp {
			s.Reasons = append(s.Reasons, "Een doorslaggevende vraag is met het hoogste antwoord beantwoord: niet publiceren.")
		}
		for _, h := range hits {
			if !slices.Contains(s.Grounds, h.q.Ground) {
				s.Grounds = append(s.Grounds, h.q.Ground)
			}
		}
	case s.Score >= m.Thresholds.PublishPartial && len(fields) > 0:
		s.Decision = register.DecisionPublishPartial
		s.Fields = fields
		s.Reasons = append(s.Reasons, fieldNotes...)
		if presumed && (decisive || s.Score >= m.Thresholds.DoNotPublish) {
			s.Reasons = append(s.Reasons, "Zonder het vermoeden van openbaarheid zou het model voorstellen niet te publiceren; nu stelt het voor de betrokken velden te lakken.")
		}
		for _, h := range hits {
			for _, fd := range fields {
				if fd.Ground == h.q.Ground && !slices.Contains(s.Grounds, h.q.Ground) {
					s.Grounds = append(s.Grounds, h.q.Ground)
				}
			}
		}
	default:
		s.Decision = register.DecisionPublishFull
		if s.Score >= m.Thresholds.PublishPartial {
			s.Reasons = append(s.Reasons, fieldNotes...)
			s.Reasons = append(s.Reasons, "De velden die dit zouden onthullen zijn leeg of worden altijd gepubliceerd: er valt niets te lakken.")
		}
	}
	s.Reasons = append(s.Reasons, notes...)
	if len(unanswered) > 0 {
		s.Reasons = append(s.Reasons, fmt.Sprintf("Niet beantwoord (telt als nee): %s. Het advies is voorlopig.", strings.Join(unanswered, "; ")))
	}
	if s.Decision != register.DecisionPublishFull {
		s.Reasons = append(s.Reasons, fmt.Sprintf("Een besluit om niet of gedeeltelijk te publiceren krijgt een herbeoordelingsdatum, uiterlijk over %d maanden.", m.ReviewMonths))
	}
	s.Reasons = append(s.Reasons, "Dit is een advies van risicomodel "+m.Version+"; de beslisser besluit en motiveert.")
	return s
}

// fieldDecisions picks, per field that would reveal something, the ground of the strongest
// question that concerns it. Fields that are empty or must always be published are skipped.
func (m *Model) fieldDecisions(d register.Description, hits []hit) (map[string]register.FieldDecision, []string) {
	fields := map[string]register.FieldDecision{}
	var notes []string
	noted := map[string]bool{}
	for _, h := range hits {
		fs := h.q.Fields
		if len(h.a.Fields) > 0 {
			fs = h.a.Fields
		}
		for _, f := range fs {
			if _, done := fields[f]; done || noted[f] {
				continue
			}
			acts := AllowedActions(f)
			switch {
			case len(acts) == 0:
				noted[f] = true
				notes = append(notes, fmt.Sprintf("Veld %s wordt altijd gepubliceerd en kan niet worden gelakt; pas zo nodig de tekst aan.", f))
				continue
			case fieldValue(d, f) == "":
				noted[f] = true
				continue
			}
			motivation := h.q.Motivation
			if n := strings.TrimSpace(h.a.Note); n != "" {
				motivation += " Toelichting: " + n
			}
			fields[f] = register.FieldDecision{Action: acts[0], Ground: h.q.Ground, Motivation: motivation}
		}
	}
	return fields, notes
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
