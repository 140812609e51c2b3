package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/classify"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/risk"
)

// Override is an assessor's deviation from the derived publication category, with the reason.
type Override struct {
	Category   string `json:"category"`
	Motivation string `json:"motivation"`
}

// ClassificationResult is what the classification endpoint answers: the facts, the derived
// outcome with the rule version and reasons, the obligations that follow, and any override.
type ClassificationResult struct {
	Facts register.Facts `json:"facts"`
	register.Outcome
	Obligations []classify.Obligation `json:"obligations"`
	Override    *Override             `json:"override,omitempty"`
	By          string                `json:"by"`
	At          time.Time             `json:"at"`
}

var categories = []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}

// Classify records the classification facts of a description, derives the AI Act outcome and
// the publication category with the current rule set, and sets the description's category (or
// the override, which needs a motivation).
func (s *Service) Classify(ctx context.Context, a Actor, id string, f register.Facts, ov *Override) (*ClassificationResult, error) {
	var out *ClassificationResult
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !access.Can(a.User, access.Classify, d.Unit, d.Classification) {
			return register.Errorf(register.EFORBIDDEN, "U mag deze beschrijving niet classificeren.")
		}
		probs := classify.ValidateFacts(f)
		if ov != nil {
			ov.Motivation = strings.TrimSpace(ov.Motivation)
			if !contains(categories, ov.Category) {
				probs = append(probs, problem("override.category", "kies uit "+strings.Join(categories, ", ")))
			}
			if ov.Motivation == "" {
				probs = append(probs, problem("override.motivation", "is verplicht: een afwijkende publicatiecategorie moet worden gemotiveerd"))
			}
		}
		if len(probs) > 0 {
			return register.Invalid(probs)
		}
		f = classify.Normalize(f)
		o := classify.Derive(f)
		c := register.Classification{DescriptionID: id, Facts: f, Outcome: o, By: a.name(), At: tx.Now()}
		if err := tx.SaveClassification(ctx, c); err != nil {
			return err
		}
		cat, motivation := o.PublicationCategory, ""
		if ov != nil && ov.Category != o.PublicationCategory {
			cat, motivation = ov.Category, ov.Motivation
		}
		if d.PublicationCategory != cat || d.ImpactOnCitizens != f.ImpactOnCitizens || d.PublicationCategoryOverride != motivation {
			d.PublicationCategory, d.ImpactOnCitizens, d.PublicationCategoryOverride = cat, f.ImpactOnCitizens, motivation
			d.UpdatedAt, d.UpdatedBy = tx.Now(), a.name()
			if err := tx.UpdateDescription(ctx, d); err != nil {
				return err
			}
		}
		out = &ClassificationResult{Facts: f, Outcome: o, Obligations: classify.Obligations(o, f), By: c.By, At: c.At}
		if motivation != "" {
			out.Override = ov
		}
		detail := fmt.Sprintf("risicogroep %s, categorie %s, regels versie %s", o.AIAct.RiskGroup, cat, o.RuleVersion)
		return s.audit(ctx, tx, a, "description.classify", descObject(id), d.Revision, "ok", detail)
	})
	return out, err
}

// Classification returns the recorded classification of a description, re-derived with the
// rule version it was recorded under so an auditor sees exactly what was decided.
func (s *Service) Classification(ctx context.Context, a Actor, id string) (*ClassificationResult, error) {
	var out *ClassificationResult
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		c, err := tx.Classification(ctx, id)
		if err != nil {
			if register.ErrorCode(err) == register.ENOTFOUND {
				return register.Errorf(register.ENOTFOUND, "Deze beschrijving is nog niet geclassificeerd.")
			}
			return err
		}
		out = &ClassificationResult{Facts: c.Facts, Outcome: c.Outcome, Obligations: classify.Obligations(c.Outcome, c.Facts), By: c.By, At: c.At}
		if d.PublicationCategoryOverride != "" {
			out.Override = &Override{Category: d.PublicationCategory, Motivation: d.PublicationCategoryOverride}
		}
		return nil
	})
	return out, err
}

// AssessmentResult is a recorded publication assessment with the risk model's suggestion.
type AssessmentResult struct {
	register.Assessment
	Suggested risk.Suggestion `json:"suggested"`
}

// RiskModel is the publication risk model in use.
func (s *Service) RiskModel() *risk.Model {
	if s.cfg.RiskModel != nil {
		return s.cfg.RiskModel
	}
	return risk.Default()
}

// Assess records the publication assessment of a description: the decision, grounds, field
// actions, review date, outside advice and the answers to the risk model, which yields a
// suggestion kept beside the decision. The person decides; the suggestion is advice.
func (s *Service) Assess(ctx context.Context, a Actor, id string, asm register.Assessment) (*AssessmentResult, error) {
	var out *AssessmentResult
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !access.Can(a.User, access.Assess, d.Unit, d.Classification) {
			return register.Errorf(register.EFORBIDDEN, "U mag het publicatiebesluit voor deze beschrijving niet vastleggen.")
		}
		model := s.RiskModel()
		probs := risk.ValidateAssessmentAt(asm, *d, tx.Now())
		probs = append(probs, model.ValidateAnswers(asm.Risk)...)
		if len(probs) > 0 {
			return register.Invalid(probs)
		}
		var outcome *register.Outcome
		if c, err := tx.Classification(ctx, id); err == nil {
			outcome = &c.Outcome
		} else if register.ErrorCode(err) != register.ENOTFOUND {
			return err
		}
		sug := model.Suggest(*d, outcome, asm.Risk)
		asm.DescriptionID, asm.Revision, asm.ModelVersion, asm.Suggestion = id, d.Revision, model.Version, sug.Decision
		asm.By, asm.At = a.name(), tx.Now()
		if err := tx.SaveAssessment(ctx, asm); err != nil {
			return err
		}
		out = &AssessmentResult{Assessment: asm, Suggested: sug}
		detail := fmt.Sprintf("besluit %s (advies model %s: %s), gronden %s", asm.Decision, model.Version, sug.Decision, strings.Join(asm.Grounds, ", "))
		return s.audit(ctx, tx, a, "description.assessment", descObject(id), d.Revision, "ok", detail)
	})
	return out, err
}

// Assessment returns the recorded publication assessment with a fresh suggestion.
func (s *Service) Assessment(ctx context.Context, a Actor, id string) (*AssessmentResult, error) {
	var out *AssessmentResult
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		asm, err := tx.Assessment(ctx, id)
		if err != nil {
			if register.ErrorCode(err) == register.ENOTFOUND {
				return register.Errorf(register.ENOTFOUND, "Voor deze beschrijving is nog geen publicatiebesluit vastgelegd.")
			}
			return err
		}
		var outcome *register.Outcome
		if c, err := tx.Classification(ctx, id); err == nil {
			outcome = &c.Outcome
		}
		out = &AssessmentResult{Assessment: *asm, Suggested: s.RiskModel().Suggest(*d, outcome, asm.Risk)}
		return nil
	})
	return out, err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
