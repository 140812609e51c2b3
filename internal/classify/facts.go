package classify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// None is the enumeration value for "not applicable" in the choice facts. An empty string is
// read as None.
const None = "none"

// The values of the choice facts (interface.md, "Classification facts"), in display order.
var (
	Exclusions = []string{None, "military_defence_national_security", "scientific_research",
		"pre_market_research", "third_country_cooperation"}
	ProhibitedPractices = []string{None, "5.1.a", "5.1.b", "5.1.c", "5.1.d", "5.1.e", "5.1.f", "5.1.g", "5.1.h"}
	AnnexIProducts      = []string{None, "section_a", "section_b"}
	AnnexIIIAreas       = []string{None, "1.a", "1.b", "1.c", "2", "3.a", "3.b", "3.c", "3.d", "4.a", "4.b",
		"5.a", "5.b", "5.c", "5.d", "6.a", "6.b", "6.c", "6.d", "6.e", "7.a", "7.b", "7.c", "7.d", "8.a", "8.b"}
	Article63Conditions = []string{None, "a", "b", "c", "d"}
	Article50Situations = []string{"interacts_with_persons", "generates_synthetic_content",
		"emotion_recognition_or_biometric_categorisation", "deep_fake"}
)

// The values of the outcome.
var (
	RiskGroups  = []string{"prohibited", "high_risk", "not_high_risk", "excluded", "not_applicable"}
	EUDatabases = []string{None, "public", "secure_non_public", "national"}
	// PublicationCategories are the national register's categories A, B and C.
	PublicationCategories = []string{CategoryA, CategoryB, CategoryC}
)

// The publication categories of the national register's standard.
const (
	CategoryA = "Hoog-risico AI-systeem"
	CategoryB = "Impactvolle algoritmes"
	CategoryC = "Overige algoritmes"
)

// annexIIIPoints are the values of the derived variable annex_iii_point (the number before the dot).
var annexIIIPoints = []string{None, "1", "2", "3", "4", "5", "6", "7", "8"}

// factTypes are the facts as variables of the condition language, under their JSON names.
var factTypes = map[string]varType{
	"is_algorithm":                          {kind: kindBool},
	"is_ai_system":                          {kind: kindBool},
	"is_general_purpose_ai":                 {kind: kindBool},
	"exclusion":                             {kind: kindEnum, enum: Exclusions},
	"used_exclusively_for_excluded_purpose": {kind: kindBool},
	"prohibited_practice":                   {kind: kindEnum, enum: ProhibitedPractices},
	"annex_i_product":                       {kind: kindEnum, enum: AnnexIProducts},
	"annex_iii_area":                        {kind: kindEnum, enum: AnnexIIIAreas},
	"annex_iii_point":                       {kind: kindEnum, enum: annexIIIPoints},
	"profiles_natural_persons":              {kind: kindBool},
	"article_6_3_condition":                 {kind: kindEnum, enum: Article63Conditions},
	"article_50":                            {kind: kindList, enum: Article50Situations},
	"legal_effects":                         {kind: kindBool},
	"classifies_or_contacts_persons":        {kind: kindBool},
	"judged_impactful":                      {kind: kindBool},
	"impact_on_citizens":                    {kind: kindBool},
}

// factOrder is the order of the facts in interface.md; the questionnaire follows it.
var factOrder = []string{"is_algorithm", "is_ai_system", "is_general_purpose_ai", "exclusion",
	"used_exclusively_for_excluded_purpose", "prohibited_practice", "annex_i_product", "annex_iii_area",
	"profiles_natural_persons", "article_6_3_condition", "article_50", "legal_effects",
	"classifies_or_contacts_persons", "judged_impactful", "impact_on_citizens"}

// outputTypes are the outcome fields as variables of the condition language.
var outputTypes = map[string]varType{
	"risk_group":              {kind: kindEnum, enum: RiskGroups},
	"applies":                 {kind: kindBool},
	"transparency_obligation": {kind: kindBool},
	"eu_database":             {kind: kindEnum, enum: EUDatabases},
	"publication_category":    {kind: kindEnum, enum: PublicationCategories},
	"register_required":       {kind: kindBool},
}

// Normalize returns f with empty choices read as "none" and a nil Article 50 list made empty,
// so that rules and stored facts see one spelling.
func Normalize(f register.Facts) register.Facts {
	for _, p := range []*string{&f.Exclusion, &f.ProhibitedPractice, &f.AnnexIProduct, &f.AnnexIIIArea, &f.Article63Condition} {
		if *p == "" {
			*p = None
		}
	}
	if f.Article50 == nil {
		f.Article50 = []string{}
	}
	return f
}

// ValidateFacts names every fact whose value is not one of its enumeration, and every
// duplicate in the Article 50 list. An empty choice counts as "none".
func ValidateFacts(f register.Facts) []register.FieldProblem {
	f = Normalize(f)
	var ps []register.FieldProblem
	check := func(name, v string, enum []string) {
		if !slices.Contains(enum, v) {
			ps = append(ps, register.FieldProblem{Name: name,
				Reason: fmt.Sprintf("onbekende waarde %q; kies uit: %s", v, strings.Join(enum, ", "))})
		}
	}
	check("exclusion", f.Exclusion, Exclusions)
	check("prohibited_practice", f.ProhibitedPractice, ProhibitedPractices)
	check("annex_i_product", f.AnnexIProduct, AnnexIProducts)
	check("annex_iii_area", f.AnnexIIIArea, AnnexIIIAreas)
	check("article_6_3_condition", f.Article63Condition, Article63Conditions)
	for i, s := range f.Article50 {
		name := fmt.Sprintf("article_50[%d]", i)
		switch {
		case !slices.Contains(Article50Situations, s):
			ps = append(ps, register.FieldProblem{Name: name,
				Reason: fmt.Sprintf("onbekende situatie van artikel 50 %q; kies uit: %s", s, strings.Join(Article50Situations, ", "))})
		case slices.Index(f.Article50, s) < i:
			ps = append(ps, register.FieldProblem{Name: name, Reason: fmt.Sprintf("%q komt meer dan eens voor", s)})
		}
	}
	return ps
}

// maxFactsBody bounds what DecodeFacts reads; a facts object is a few hundred bytes.
const maxFactsBody = 64 << 10

// DecodeFacts reads a facts object as JSON. It names every unknown field, every value of the
// wrong type and every value outside its enumeration, so that an API can answer with all
// problems at once. Absent fields are false, "none" or an empty list.
func DecodeFacts(r io.Reader) (register.Facts, []register.FieldProblem) {
	var f register.Facts
	body, err := io.ReadAll(io.LimitReader(r, maxFactsBody+1))
	if err != nil {
		return f, []register.FieldProblem{{Name: "body", Reason: "de invoer kon niet worden gelezen"}}
	}
	if len(body) > maxFactsBody {
		return f, []register.FieldProblem{{Name: "body", Reason: "de invoer is te groot"}}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		return f, []register.FieldProblem{{Name: "body", Reason: "de invoer is geen geldig JSON-object"}}
	}
	targets := map[string]any{
		"is_algorithm": &f.IsAlgorithm, "is_ai_system": &f.IsAISystem, "is_general_purpose_ai": &f.IsGeneralPurposeAI,
		"exclusion": &f.Exclusion, "used_exclusively_for_excluded_purpose": &f.UsedExclusivelyForExcludedUse,
		"prohibited_practice": &f.ProhibitedPractice, "annex_i_product": &f.AnnexIProduct,
		"annex_iii_area": &f.AnnexIIIArea, "profiles_natural_persons": &f.ProfilesNaturalPersons,
		"article_6_3_condition": &f.Article63Condition, "article_50": &f.Article50,
		"legal_effects": &f.LegalEffects, "classifies_or_contacts_persons": &f.ClassifiesOrContactsPersons,
		"judged_impactful": &f.JudgedImpactful, "impact_on_citizens": &f.ImpactOnCitizens,
	}
	var ps []register.FieldProblem
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t, ok := targets[k]
		if !ok {
			name := k
			if name == "" {
				name = `""`
			}
			ps = append(ps, register.FieldProblem{Name: name, Reason: "onbekend veld"})
			continue
		}
		if bytes.Equal(bytes.TrimSpace(raw[k]), []byte("null")) {
			continue // null is the default
		}
		if err := json.Unmarshal(raw[k], t); err != nil {
			ps = append(ps, register.FieldProblem{Name: k, Reason: typeReason(factTypes[k].kind)})
		}
	}
	out := Normalize(f)
	// Report enumeration problems only for the fields that decoded.
	for _, p := range ValidateFacts(out) {
		if !slices.ContainsFunc(ps, func(q register.FieldProblem) bool { return q.Name == p.Name }) {
			ps = append(ps, p)
		}
	}
	return out, ps
}

func typeReason(k kind) string {
	switch k {
	case kindBool:
		return "moet waar of onwaar zijn (true of false)"
	case kindList:
		return "moet een lijst van teksten zijn"
	}
	return "moet een tekst zijn"
}

// factEnv is the environment a condition reads: the facts, the derived annex_iii_point, and
// the outputs derived so far.
type factEnv struct {
	f   register.Facts
	out register.Outcome
}

func (e *factEnv) boolVar(name string) bool {
	switch name {
	case "is_algorithm":
		return e.f.IsAlgorithm
	case "is_ai_system":
		return e.f.IsAISystem
	case "is_general_purpose_ai":
		return e.f.IsGeneralPurposeAI
	case "used_exclusively_for_excluded_purpose":
		return e.f.UsedExclusivelyForExcludedUse
	case "profiles_natural_persons":
		return e.f.ProfilesNaturalPersons
	case "legal_effects":
		return e.f.LegalEffects
	case "classifies_or_contacts_persons":
		return e.f.ClassifiesOrContactsPersons
	case "judged_impactful":
		return e.f.JudgedImpactful
	case "impact_on_citizens":
		return e.f.ImpactOnCitizens
	case "applies":
		return e.out.AIAct.Applies
	case "transparency_obligation":
		return e.out.AIAct.TransparencyObligation
	case "register_required":
		return e.out.RegisterRequired
	}
	return false
}

func (e *factEnv) strVar(name string) string {
	switch name {
	case "exclusion":
		return e.f.Exclusion
	case "prohibited_practice":
		return e.f.ProhibitedPractice
	case "annex_i_product":
		return e.f.AnnexIProduct
	case "annex_iii_area":
		return e.f.AnnexIIIArea
	case "annex_iii_point":
		point, _, _ := strings.Cut(e.f.AnnexIIIArea, ".")
		return point
	case "article_6_3_condition":
		return e.f.Article63Condition
	case "risk_group":
		return e.out.AIAct.RiskGroup
	case "eu_database":
		return e.out.AIAct.EUDatabase
	case "publication_category":
		return e.out.PublicationCategory
	}
	return ""
}

func (e *factEnv) listVar(name string) []string {
	if name == "article_50" {
		return e.f.Article50
	}
	return nil
}

// setOutput stores a derived value in the outcome.
func (e *factEnv) setOutput(name string, v any) {
	switch name {
	case "risk_group":
		e.out.AIAct.RiskGroup = v.(string)
	case "applies":
		e.out.AIAct.Applies = v.(bool)
	case "transparency_obligation":
		e.out.AIAct.TransparencyObligation = v.(bool)
	case "eu_database":
		e.out.AIAct.EUDatabase = v.(string)
	case "publication_category":
		e.out.PublicationCategory = v.(string)
	case "register_required":
		e.out.RegisterRequired = v.(bool)
	}
}

// value returns a variable's value for a reason text: a choice as is, a yes/no as "ja"/"nee",
// a list as its items.
func (e *factEnv) value(name string) []string {
	switch vt := allTypes(name); vt.kind {
	case kindBool:
		if e.boolVar(name) {
			return []string{"ja"}
		}
		return []string{"nee"}
	case kindList:
		return e.listVar(name)
	}
	return []string{e.strVar(name)}
}

func allTypes(name string) varType {
	if t, ok := factTypes[name]; ok {
		return t
	}
	return outputTypes[name]
}
