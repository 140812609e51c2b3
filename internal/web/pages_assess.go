package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/classify"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/risk"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
)

// questionView is one question of the classification questionnaire with its current answer.
type questionView struct {
	Q      classify.Question
	Value  string   // bool ("true"/"false") or choice
	Values []string // multi
	Errors []string
	// Hidden questions cannot change the outcome with the answers given; the page sends them
	// hidden and disabled (so they are not submitted and keep their defaults), and app.js
	// shows them as soon as an answer makes them relevant (Condition is their rule as JSON).
	Hidden    bool
	Condition string
}

type classifyData struct {
	D          *register.Description
	Questions  []questionView
	Result     *service.ClassificationResult
	CanEdit    bool
	Categories []string
	Override   service.Override
	Problems   []register.FieldProblem
}

// factsFromForm reads the answers of the questionnaire. Questions not shown (hidden and
// disabled, so the browser does not send them) keep their defaults (false, "none", an empty
// list), which is what the rule set expects of them.
func factsFromForm(r *http.Request) register.Facts {
	f := r.PostForm
	facts := register.Facts{
		IsAlgorithm: f.Get("is_algorithm") == "true", IsAISystem: f.Get("is_ai_system") == "true",
		IsGeneralPurposeAI: f.Get("is_general_purpose_ai") == "true", Exclusion: f.Get("exclusion"),
		UsedExclusivelyForExcludedUse: f.Get("used_exclusively_for_excluded_purpose") == "true",
		ProhibitedPractice:            f.Get("prohibited_practice"), AnnexIProduct: f.Get("annex_i_product"),
		AnnexIIIArea: f.Get("annex_iii_area"), ProfilesNaturalPersons: f.Get("profiles_natural_persons") == "true",
		Article63Condition: f.Get("article_6_3_condition"), Article50: f["article_50"],
		LegalEffects: f.Get("legal_effects") == "true", ClassifiesOrContactsPersons: f.Get("classifies_or_contacts_persons") == "true",
		JudgedImpactful: f.Get("judged_impactful") == "true", ImpactOnCitizens: f.Get("impact_on_citizens") == "true",
	}
	return classify.Normalize(facts)
}

// factValue returns a fact's value as the form shows it.
func factValue(f register.Facts, fact string) (string, []string) {
	switch fact {
	case "is_algorithm":
		return strconv.FormatBool(f.IsAlgorithm), nil
	case "is_ai_system":
		return strconv.FormatBool(f.IsAISystem), nil
	case "is_general_purpose_ai":
		return strconv.FormatBool(f.IsGeneralPurposeAI), nil
	case "exclusion":
		return f.Exclusion, nil
	case "used_exclusively_for_excluded_purpose":
		return strconv.FormatBool(f.UsedExclusivelyForExcludedUse), nil
	case "prohibited_practice":
		return f.ProhibitedPractice, nil
	case "annex_i_product":
		return f.AnnexIProduct, nil
	case "annex_iii_area":
		return f.AnnexIIIArea, nil
	case "profiles_natural_persons":
		return strconv.FormatBool(f.ProfilesNaturalPersons), nil
	case "article_6_3_condition":
		return f.Article63Condition, nil
	case "article_50":
		return "", f.Article50
	case "legal_effects":
		return strconv.FormatBool(f.LegalEffects), nil
	case "classifies_or_contacts_persons":
		return strconv.FormatBool(f.ClassifiesOrContactsPersons), nil
	case "judged_impactful":
		return strconv.FormatBool(f.JudgedImpactful), nil
	case "impact_on_citizens":
		return strconv.FormatBool(f.ImpactOnCitizens), nil
	}
	return "", nil
}

func questionsFor(f register.Facts, probs []register.FieldProblem) []questionView {
	var out []questionView
	for _, q := range classify.Questions() {
		qv := questionView{Q: q, Hidden: !classify.Relevant(q, f), Condition: q.Condition()}
		qv.Value, qv.Values = factValue(f, q.Fact)
		for _, p := range probs {
			if fieldKey(p.Name) == q.Fact {
				qv.Errors = append(qv.Errors, p.Reason)
			}
		}
		out = append(out, qv)
	}
	return out
}

var publicationCategories = []string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}

func (s *Server) classificationPage(w http.ResponseWriter, r *http.Request, v *view, status int, d *register.Description, facts register.Facts, res *service.ClassificationResult, ov service.Override, probs []register.FieldProblem) {
	v.Title, v.Nav = v.T("cls.title")+": "+d.Name, "list"
	v.Mark(d.Classification)
	if len(probs) > 0 {
		v.Error = v.T("form.invalid")
	}
	v.Data = classifyData{D: d, Questions: questionsFor(facts, probs), Result: res,
		CanEdit:    access.Can(v.User, access.Classify, d.Unit, d.Classification),
		Categories: publicationCategories, Override: ov, Problems: probs}
	s.render(w, r, status, "classification", v)
}

func (s *Server) classificationForm(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	facts := classify.Normalize(register.Facts{IsAlgorithm: true})
	res, err := s.svc.Classification(r.Context(), v.actor, id)
	if err == nil {
		facts = res.Facts
	} else if register.ErrorCode(err) != register.ENOTFOUND {
		s.renderError(w, r, v, err)
		return
	}
	var ov service.Override
	if res != nil && res.Override != nil {
		ov = *res.Override
	}
	v.Notice = noticeOf(v, r)
	s.classificationPage(w, r, v, http.StatusOK, d, facts, res, ov, nil)
}

// classificationSave either re-asks the questions (the answers so far decide which are
// relevant; no script needed) or records the facts and shows the derived outcome.
func (s *Server) classificationSave(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	facts := factsFromForm(r)
	ov := service.Override{Category: r.PostFormValue("override_category"), Motivation: r.PostFormValue("override_motivation")}
	if r.PostFormValue("update") != "" {
		s.classificationPage(w, r, v, http.StatusOK, d, facts, nil, ov, nil)
		return
	}
	var ovp *service.Override
	if ov.Category != "" {
		ovp = &ov
	}
	res, err := s.svc.Classify(r.Context(), v.actor, id, facts, ovp)
	switch register.ErrorCode(err) {
	case "":
		redirect(w, r, "/beschrijvingen/"+id+"/classificatie", "classified")
		_ = res
	case register.EINVALID:
		s.classificationPage(w, r, v, http.StatusBadRequest, d, facts, nil, ov, problemsOf(err))
	default:
		s.renderError(w, r, v, err)
	}
}

// riskView is one question of the publication risk model with its answer.
type riskView struct {
	Q      risk.Question
	Answer register.RiskAnswer
}

// fieldDecisionView is one withholdable field with its decision.
type fieldDecisionView struct {
	Name     string
	Title    string
	Allowed  []string
	Decision register.FieldDecision
	Errors   []string
}

type assessData struct {
	D          *register.Description
	Model      *risk.Model
	Risk       []riskView
	Fields     []fieldDecisionView
	A          register.Assessment
	Suggestion risk.Suggestion
	Grounds    []register.Ground
	Advice     []register.Advice
	CanEdit    bool
	Recorded   bool
	Errs       map[string][]string
	Problems   []register.FieldProblem
}

// assessmentFromForm reads the publication assessment form.
func assessmentFromForm(r *http.Request, m *risk.Model) (register.Assessment, int, string) {
	f := r.PostForm
	a := register.Assessment{Decision: f.Get("decision"), Motivation: strings.TrimSpace(f.Get("motivation")),
		ReviewOn: strings.TrimSpace(f.Get("review_on")), Fields: map[string]register.FieldDecision{}, Risk: map[string]register.RiskAnswer{}}
	for _, g := range f["grounds"] {
		if g != "" {
			a.Grounds = append(a.Grounds, g)
		}
	}
	for _, q := range m.Questions {
		if val := f.Get("risk." + q.ID); val != "" {
			a.Risk[q.ID] = register.RiskAnswer{Value: val, Note: strings.TrimSpace(f.Get("risk." + q.ID + ".note"))}
		}
	}
	for _, name := range standard.Names() {
		act := f.Get("field." + name + ".action")
		if act == "" || act == register.FieldPublish {
			continue
		}
		a.Fields[name] = register.FieldDecision{Action: act, Ground: f.Get("field." + name + ".ground"), Motivation: strings.TrimSpace(f.Get("field." + name + ".motivation"))}
	}
	n := rowCount(f.Get("advice.rows"))
	for i := range n {
		ad := register.Advice{
			From: strings.TrimSpace(f.Get(fmt.Sprintf("advice.%d.from", i))), Reference: strings.TrimSpace(f.Get(fmt.Sprintf("advice.%d.reference", i))),
			ReceivedOn: strings.TrimSpace(f.Get(fmt.Sprintf("advice.%d.received_on", i))), Summary: strings.TrimSpace(f.Get(fmt.Sprintf("advice.%d.summary", i))),
		}
		if ad != (register.Advice{}) {
			a.Advice = append(a.Advice, ad)
		}
	}
	return a, n, f.Get("more")
}

func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request, v *view, status int, d *register.Description, a register.Assessment, recorded bool, adviceRows int, probs []register.FieldProblem) {
	m := s.svc.RiskModel()
	var outcome *register.Outcome
	if c, err := s.svc.Classification(r.Context(), v.actor, d.ID); err == nil {
		outcome = &c.Outcome
	}
	data := assessData{D: d, Model: m, A: a, Suggestion: m.Suggest(*d, outcome, a.Risk), Grounds: register.Grounds,
		CanEdit: access.Can(v.User, access.Assess, d.Unit, d.Classification), Recorded: recorded,
		Errs: map[string][]string{}, Problems: probs}
	for _, p := range probs {
		data.Errs[p.Name] = append(data.Errs[p.Name], p.Reason)
		data.Errs[fieldKey(p.Name)] = append(data.Errs[fieldKey(p.Name)], p.Reason)
	}
	for _, q := range m.Questions {
		data.Risk = append(data.Risk, riskView{Q: q, Answer: a.Risk[q.ID]})
	}
	for _, def := range standard.Fields() {
		allowed := risk.AllowedActions(def.Name)
		if len(allowed) == 0 {
			continue
		}
		fd := fieldDecisionView{Name: def.Name, Title: def.Title, Allowed: allowed, Decision: a.Fields[def.Name]}
		for _, p := range probs {
			if strings.HasPrefix(p.Name, "fields."+def.Name) || strings.HasPrefix(p.Name, "fields["+def.Name) {
				fd.Errors = append(fd.Errors, p.Reason)
			}
		}
		data.Fields = append(data.Fields, fd)
	}
	data.Advice = append([]register.Advice(nil), a.Advice...)
	for len(data.Advice) < max(adviceRows, len(a.Advice)+1) {
		data.Advice = append(data.Advice, register.Advice{})
	}
	v.Title, v.Nav = v.T("asm.title")+": "+d.Name, "list"
	v.Mark(d.Classification)
	if len(probs) > 0 {
		v.Error = v.T("form.invalid")
	}
	v.Data = data
	s.render(w, r, status, "assessment", v)
}

func (s *Server) assessmentForm(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	a := register.Assessment{Risk: map[string]register.RiskAnswer{}, Fields: map[string]register.FieldDecision{}}
	recorded := false
	if res, err := s.svc.Assessment(r.Context(), v.actor, id); err == nil {
		a, recorded = res.Assessment, true
	} else if register.ErrorCode(err) != register.ENOTFOUND {
		s.renderError(w, r, v, err)
		return
	}
	v.Notice = noticeOf(v, r)
	s.assessmentPage(w, r, v, http.StatusOK, d, a, recorded, 1, nil)
}

func (s *Server) assessmentSave(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	m := s.svc.RiskModel()
	a, rows, more := assessmentFromForm(r, m)
	if more != "" || r.PostFormValue("update") != "" {
		if more != "" {
			rows = max(rows, len(a.Advice)) + moreRows
		}
		s.assessmentPage(w, r, v, http.StatusOK, d, a, false, rows, nil)
		return
	}
	_, err = s.svc.Assess(r.Context(), v.actor, id, a)
	switch register.ErrorCode(err) {
	case "":
		redirect(w, r, "/beschrijvingen/"+id+"/beoordeling", "assessed")
	case register.EINVALID:
		s.assessmentPage(w, r, v, http.StatusBadRequest, d, a, false, rows, problemsOf(err))
	default:
		s.renderError(w, r, v, err)
	}
}

func init() {
	funcs["groundLabel"] = func(code string) string {
		if g, ok := register.GroundByCode(code); ok {
			return code + " – " + g.Label
		}
		return code
	}
	funcs["hasString"] = slices.Contains[[]string, string]
	funcs["list"] = func(xs ...string) []string { return xs }
}
