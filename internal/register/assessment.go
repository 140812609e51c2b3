package register

import "time"

// Facts are the classification facts an assessor records (interface.md).
type Facts struct {
	IsAlgorithm                   bool     `json:"is_algorithm"`
	IsAISystem                    bool     `json:"is_ai_system"`
	IsGeneralPurposeAI            bool     `json:"is_general_purpose_ai"`
	Exclusion                     string   `json:"exclusion"`
	UsedExclusivelyForExcludedUse bool     `json:"used_exclusively_for_excluded_purpose"`
	ProhibitedPractice            string   `json:"prohibited_practice"`
	AnnexIProduct                 string   `json:"annex_i_product"`
	AnnexIIIArea                  string   `json:"annex_iii_area"`
	ProfilesNaturalPersons        bool     `json:"profiles_natural_persons"`
	Article63Condition            string   `json:"article_6_3_condition"`
	Article50                     []string `json:"article_50"`
	LegalEffects                  bool     `json:"legal_effects"`
	ClassifiesOrContactsPersons   bool     `json:"classifies_or_contacts_persons"`
	JudgedImpactful               bool     `json:"judged_impactful"`
	ImpactOnCitizens              bool     `json:"impact_on_citizens"`
}

// AIAct is the derived AI Act outcome.
type AIAct struct {
	Applies                bool   `json:"applies"`
	RiskGroup              string `json:"risk_group"`
	TransparencyObligation bool   `json:"transparency_obligation"`
	EUDatabase             string `json:"eu_database"`
}

// Outcome is what the rules derive from the facts.
type Outcome struct {
	AIAct               AIAct    `json:"ai_act"`
	PublicationCategory string   `json:"publication_category"`
	RegisterRequired    bool     `json:"register_required"`
	RuleVersion         string   `json:"rule_version"`
	Reasons             []string `json:"reasons,omitempty"`
}

// Classification is the facts and the outcome recorded for a description.
type Classification struct {
	DescriptionID string    `json:"description_id"`
	Facts         Facts     `json:"facts"`
	Outcome       Outcome   `json:"outcome"`
	By            string    `json:"by"`
	At            time.Time `json:"at"`
}

// FieldDecision is what happens to one field on publication.
type FieldDecision struct {
	Action     string `json:"action"` // publish, redact, omit
	Ground     string `json:"ground,omitempty"`
	Motivation string `json:"motivation,omitempty"`
}

// Advice is outside advice (e.g. from the NBV) recorded against a decision.
type Advice struct {
	From       string `json:"from"`
	Reference  string `json:"reference"`
	ReceivedOn string `json:"received_on"`
	Summary    string `json:"summary"`
}

// RiskAnswer is one answer to a question of the publication risk model (domain.md §5).
type RiskAnswer struct {
	Value  string   `json:"value"`            // "nee", "beperkt" or "ja" (or a value of the model's scale)
	Fields []string `json:"fields,omitempty"` // optional: the v1.0 fields that would reveal it
	Note   string   `json:"note,omitempty"`
}

// Assessment is the publication decision for a description, field by field.
type Assessment struct {
	DescriptionID string                   `json:"description_id"`
	Revision      int                      `json:"revision"`
	Decision      string                   `json:"decision"` // publish_full, publish_partial, do_not_publish
	Grounds       []string                 `json:"grounds"`
	Motivation    string                   `json:"motivation"`
	ReviewOn      string                   `json:"review_on"`
	Fields        map[string]FieldDecision `json:"fields"`
	Advice        []Advice                 `json:"advice"`
	ModelVersion  string                   `json:"model_version"`
	// Risk holds the answers to the publication risk model's questions, keyed by question id,
	// so the suggestion can be re-derived from what was recorded.
	Risk       map[string]RiskAnswer `json:"risk,omitempty"`
	Suggestion string                `json:"suggestion"`
	By         string                `json:"by"`
	At         time.Time             `json:"at"`
}
