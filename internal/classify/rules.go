// Package classify derives the AI Act outcome and the Dutch publication category of an
// algorithm from the classification facts an assessor records (domain.md §3).
//
// The rules are versioned data (rules/v1.json, embedded): ordered decision tables, one per
// output, whose rows are conditions in a small documented language (see expr.go) with the
// value they give and a Dutch reason naming the article. The first row whose condition holds
// decides; every table ends with a row for "true". Notes add explanations without changing the
// outcome. The same file holds the obligations with their dates and the guided questionnaire.
package classify

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

//go:embed rules/v1.json
var currentRules []byte

// current is the rule set in force, compiled once; a broken embedded file is a build defect
// that the tests catch.
var current = mustLoad(currentRules)

func mustLoad(b []byte) *RuleSet {
	rs, err := LoadRuleSet(bytes.NewReader(b))
	if err != nil {
		panic(fmt.Sprintf("classify: embedded rule set: %v", err))
	}
	return rs
}

// Current returns the rule set in force.
func Current() *RuleSet { return current }

// RuleSet is a compiled, versioned set of classification rules.
type RuleSet struct {
	// Version is recorded in every outcome (Outcome.RuleVersion).
	Version string
	// Title describes the rule set in Dutch.
	Title string
	// Sources are the public texts the rules and dates rest on.
	Sources []Source

	labels      map[string]map[string]string
	defs        map[string]*node
	decisions   []decision
	notes       []rule
	obligations []obligationRule
	questions   []Question
}

// Source is a public text the rule set rests on.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type rule struct {
	id     string
	when   cond
	then   any // bool or string
	reason tmpl
}

// tmpl is a text with {name} and {name:label} placeholders, split once at load time.
type tmpl []piece

type piece struct {
	lit   string
	name  string // a variable, when not empty
	label bool
}

func parseTmpl(s string) tmpl {
	var t tmpl
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			t = append(t, piece{lit: s[last:m[0]]})
		}
		t = append(t, piece{name: s[m[2]:m[3]], label: m[4] >= 0})
		last = m[1]
	}
	if last < len(s) {
		t = append(t, piece{lit: s[last:]})
	}
	return t
}

type decision struct {
	output string
	rules  []rule
}

type obligationRule struct {
	when  cond
	title tmpl
	ob    Obligation
}

// Obligation is an AI Act obligation that follows from an outcome, with the date from which it
// applies.
type Obligation struct {
	Article string `json:"article"`
	Title   string `json:"title"` // Dutch
	From    string `json:"from"`  // yyyy-mm-dd
}

// Option is one answer to a choice or multiple-choice question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"` // Dutch
}

// Question is one step of the guided classification questionnaire; it asks for one fact.
type Question struct {
	Fact    string   `json:"fact"`    // the JSON name of the fact
	Text    string   `json:"text"`    // Dutch
	Help    string   `json:"help"`    // Dutch
	Article string   `json:"article"` // the article the question rests on
	Kind    string   `json:"kind"`    // bool, choice or multi
	Options []Option `json:"options,omitempty"`
	// ShowIf is a condition over the facts (the rule set's condition language); the question
	// is relevant only when it holds. Empty means always.
	ShowIf string `json:"show_if,omitempty"`

	showIf *node
}

// Condition returns the question's condition as JSON, definitions written out in full, for
// the questionnaire page to show follow-up questions as soon as an answer changes (see
// node for the form); "" when the question is always asked or its condition does not compile.
func (q Question) Condition() string {
	c := q.compiled()
	if c == nil {
		return ""
	}
	b, err := json.Marshal(c)
	if err != nil {
		return ""
	}
	return string(b)
}

// compiled returns the question's parsed condition, nil for always (or for a condition that
// does not compile: a question is then asked rather than hidden).
func (q Question) compiled() *node {
	if q.showIf != nil || q.ShowIf == "" {
		return q.showIf
	}
	// A question built outside the rule set: compile its condition on the fly.
	c, err := compile(q.ShowIf, &scope{vars: factTypes, defs: current.defs, used: map[string]bool{}})
	if err != nil {
		return nil
	}
	return c
}

// The JSON form of the rule set file.
type ruleSetFile struct {
	Version     string                       `json:"version"`
	Title       string                       `json:"title"`
	Notes       string                       `json:"notes"`
	Sources     []Source                     `json:"sources"`
	Labels      map[string]map[string]string `json:"labels"`
	Definitions []struct {
		Name string `json:"name"`
		When string `json:"when"`
		Note string `json:"note"`
	} `json:"definitions"`
	Decisions []struct {
		Output string     `json:"output"`
		Rules  []ruleFile `json:"rules"`
	} `json:"decisions"`
	NoteRules   []ruleFile `json:"notes_rules"`
	Obligations []struct {
		When    string `json:"when"`
		Article string `json:"article"`
		Title   string `json:"title"`
		From    string `json:"from"`
		Source  string `json:"source"`
	} `json:"obligations"`
	Questions []struct {
		Fact    string `json:"fact"`
		Text    string `json:"text"`
		Help    string `json:"help"`
		Article string `json:"article"`
		ShowIf  string `json:"show_if"`
	} `json:"questions"`
}

type ruleFile struct {
	ID     string          `json:"id"`
	When   string          `json:"when"`
	Then   json.RawMessage `json:"then"`
	Reason string          `json:"reason"`
}

var placeholder = regexp.MustCompile(`\{([a-z_0-9]+)(:label)?\}`)

// LoadRuleSet reads and compiles a rule set file, checking every name, value, output and
// placeholder against the facts' and outcome's enumerations.
func LoadRuleSet(r io.Reader) (*RuleSet, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f ruleSetFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("regelset is geen geldige JSON: %w", err)
	}
	if f.Version == "" {
		return nil, fmt.Errorf("regelset: version ontbreekt")
	}
	rs := &RuleSet{Version: f.Version, Title: f.Title, Sources: f.Sources, labels: f.Labels, defs: map[string]*node{}}

	// Labels are needed for every value of every choice fact: the questionnaire offers them.
	for _, name := range factOrder {
		vt := factTypes[name]
		if vt.kind == kindBool {
			continue
		}
		for _, v := range vt.enum {
			if rs.labels[name][v] == "" {
				return nil, fmt.Errorf("regelset: label ontbreekt voor %s %q", name, v)
			}
		}
	}

	// Every variable, with the outputs marked so that dependencies can be checked.
	vars := map[string]varType{}
	for k, v := range factTypes {
		vars[k] = v
	}
	for k, v := range outputTypes {
		vars[k] = v
	}
	defs := rs.defs
	defDeps := map[string]map[string]bool{} // definition -> outputs it reads
	newScope := func() *scope { return &scope{vars: vars, defs: defs, used: map[string]bool{}} }
	outputsRead := func(sc *scope) map[string]bool {
		out := map[string]bool{}
		for n := range sc.used {
			if _, ok := outputTypes[n]; ok {
				out[n] = true
			}
			for d := range defDeps[n] {
				out[d] = true
			}
		}
		return out
	}
	for _, d := range f.Definitions {
		if _, clash := vars[d.Name]; clash || d.Name == "" || defs[d.Name] != nil {
			return nil, fmt.Errorf("regelset: definitie %q: naam is leeg, dubbel of al een feit of uitkomst", d.Name)
		}
		sc := newScope()
		c, err := compile(d.When, sc)
		if err != nil {
			return nil, fmt.Errorf("regelset: definitie %q: %w", d.Name, err)
		}
		defs[d.Name] = c
		defDeps[d.Name] = outputsRead(sc)
	}

	checkTemplate := func(where, s string) error {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			vt, ok := vars[m[1]]
			if !ok {
				return fmt.Errorf("%s: onbekende naam {%s} in tekst", where, m[1])
			}
			if m[2] != "" && (vt.kind == kindBool || rs.labels[m[1]] == nil) {
				return fmt.Errorf("%s: {%s:label} heeft geen labels", where, m[1])
			}
		}
		return nil
	}

	available := map[string]bool{}
	compileRule := func(where string, rf ruleFile, output string) (rule, error) {
		sc := newScope()
		c, err := compile(rf.When, sc)
		if err != nil {
			return rule{}, fmt.Errorf("%s: %w", where, err)
		}
		for o := range outputsRead(sc) {
			if !available[o] {
				return rule{}, fmt.Errorf("%s: leest uitkomst %s voordat die is afgeleid", where, o)
			}
		}
		if err := checkTemplate(where, rf.Reason); err != nil {
			return rule{}, err
		}
		r := rule{id: rf.ID, when: c.eval, reason: parseTmpl(rf.Reason)}
		if output == "" {
			return r, nil
		}
		switch vt := outputTypes[output]; vt.kind {
		case kindBool:
			var b bool
			if err := json.Unmarshal(rf.Then, &b); err != nil {
				return rule{}, fmt.Errorf("%s: then moet true of false zijn", where)
			}
			r.then = b
		default:
			var s string
			if err := json.Unmarshal(rf.Then, &s); err != nil || !slices.Contains(vt.enum, s) {
				return rule{}, fmt.Errorf("%s: then %s is geen waarde van %s (kies uit %s)", where, rf.Then, output, strings.Join(vt.enum, ", "))
			}
			r.then = s
		}
		return r, nil
	}

	for i, d := range f.Decisions {
		if _, ok := outputTypes[d.Output]; !ok || available[d.Output] {
			return nil, fmt.Errorf("regelset: beslistabel %d: onbekende of dubbele uitkomst %q", i+1, d.Output)
		}
		if len(d.Rules) == 0 || strings.TrimSpace(d.Rules[len(d.Rules)-1].When) != "true" {
			return nil, fmt.Errorf("regelset: beslistabel %s: de laatste regel moet \"true\" zijn, zodat altijd een waarde volgt", d.Output)
		}
		dc := decision{output: d.Output}
		for j, rf := range d.Rules {
			r, err := compileRule(fmt.Sprintf("regelset: %s regel %d (%s)", d.Output, j+1, rf.ID), rf, d.Output)
			if err != nil {
				return nil, err
			}
			dc.rules = append(dc.rules, r)
		}
		rs.decisions = append(rs.decisions, dc)
		available[d.Output] = true
	}
	for o := range outputTypes {
		if !available[o] {
			return nil, fmt.Errorf("regelset: geen beslistabel voor %s", o)
		}
	}
	for j, rf := range f.NoteRules {
		r, err := compileRule(fmt.Sprintf("regelset: toelichting %d (%s)", j+1, rf.ID), rf, "")
		if err != nil {
			return nil, err
		}
		if len(r.reason) == 0 {
			return nil, fmt.Errorf("regelset: toelichting %d (%s): reason ontbreekt", j+1, rf.ID)
		}
		rs.notes = append(rs.notes, r)
	}
	for j, o := range f.Obligations {
		where := fmt.Sprintf("regelset: verplichting %d (%s)", j+1, o.Article)
		c, err := compile(o.When, newScope())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if _, err := time.Parse(time.DateOnly, o.From); err != nil {
			return nil, fmt.Errorf("%s: from %q is geen datum (jjjj-mm-dd)", where, o.From)
		}
		if o.Article == "" || o.Title == "" || o.Source == "" {
			return nil, fmt.Errorf("%s: article, title en source zijn verplicht", where)
		}
		if err := checkTemplate(where, o.Title); err != nil {
			return nil, err
		}
		rs.obligations = append(rs.obligations, obligationRule{when: c.eval, title: parseTmpl(o.Title), ob: Obligation{Article: o.Article, From: o.From}})
	}
	asked := map[string]bool{}
	for j, q := range f.Questions {
		where := fmt.Sprintf("regelset: vraag %d (%s)", j+1, q.Fact)
		vt, ok := factTypes[q.Fact]
		if !ok || q.Fact == "annex_iii_point" || asked[q.Fact] {
			return nil, fmt.Errorf("%s: onbekend of dubbel feit", where)
		}
		asked[q.Fact] = true
		if q.Text == "" {
			return nil, fmt.Errorf("%s: text ontbreekt", where)
		}
		qu := Question{Fact: q.Fact, Text: q.Text, Help: q.Help, Article: q.Article, ShowIf: q.ShowIf}
		switch vt.kind {
		case kindBool:
			qu.Kind = "bool"
		case kindEnum:
			qu.Kind = "choice"
		case kindList:
			qu.Kind = "multi"
		}
		for _, v := range vt.enum {
			qu.Options = append(qu.Options, Option{Value: v, Label: rs.labels[q.Fact][v]})
		}
		if q.ShowIf != "" {
			sc := newScope()
			c, err := compile(q.ShowIf, sc)
			if err != nil {
				return nil, fmt.Errorf("%s: show_if: %w", where, err)
			}
			if len(outputsRead(sc)) > 0 {
				return nil, fmt.Errorf("%s: show_if mag alleen feiten lezen", where)
			}
			qu.showIf = c
		}
		rs.questions = append(rs.questions, qu)
	}
	for _, fact := range factOrder {
		if !asked[fact] {
			return nil, fmt.Errorf("regelset: geen vraag voor feit %s", fact)
		}
	}
	return rs, nil
}

// Derive derives the outcome from the facts with the rule set in force.
func Derive(f register.Facts) register.Outcome { return DeriveWith(current, f) }

// DeriveWith derives the outcome from the facts with rule set rs. The facts are normalised
// first; facts outside their enumerations should be refused with ValidateFacts beforehand,
// but never make Derive fail: an unknown value matches no rule that names a value.
func DeriveWith(rs *RuleSet, f register.Facts) register.Outcome {
	o, _ := rs.derive(f)
	return o
}

// derive also returns the ids of the rows that fired ("output/id"), for coverage tests.
func (rs *RuleSet) derive(f register.Facts) (register.Outcome, []string) {
	e := &factEnv{f: Normalize(f)}
	var reasons, fired []string
	for _, d := range rs.decisions {
		for _, r := range d.rules {
			if r.when(e) {
				fired = append(fired, d.output+"/"+r.id)
				e.setOutput(d.output, r.then)
				if len(r.reason) > 0 {
					reasons = append(reasons, rs.render(r.reason, e))
				}
				break
			}
		}
	}
	for _, r := range rs.notes {
		if r.when(e) {
			fired = append(fired, "notes/"+r.id)
			reasons = append(reasons, rs.render(r.reason, e))
		}
	}
	e.out.RuleVersion = rs.Version
	e.out.Reasons = reasons
	return e.out, fired
}

// ruleIDs lists every row of the rule set as "output/id".
func (rs *RuleSet) ruleIDs() []string {
	var ids []string
	for _, d := range rs.decisions {
		for _, r := range d.rules {
			ids = append(ids, d.output+"/"+r.id)
		}
	}
	for _, r := range rs.notes {
		ids = append(ids, "notes/"+r.id)
	}
	return ids
}

// render fills a template's placeholders from e.
func (rs *RuleSet) render(t tmpl, e *factEnv) string {
	var b strings.Builder
	for _, p := range t {
		if p.name == "" {
			b.WriteString(p.lit)
			continue
		}
		for i, v := range e.value(p.name) {
			if i > 0 {
				b.WriteString(", ")
			}
			if l := rs.labels[p.name][v]; p.label && l != "" {
				v = l
			}
			b.WriteString(v)
		}
	}
	return b.String()
}

// Label returns the Dutch label of a fact's value, or the value itself when there is none.
func (rs *RuleSet) Label(fact, value string) string {
	if l := rs.labels[fact][value]; l != "" {
		return l
	}
	return value
}

// Obligations lists the AI Act obligations that follow from an outcome (derived from f with
// the rule set in force), with the dates from which they apply.
func Obligations(o register.Outcome, f register.Facts) []Obligation {
	return current.Obligations(o, f)
}

// Obligations lists the obligations of rule set rs that follow from the outcome and facts.
func (rs *RuleSet) Obligations(o register.Outcome, f register.Facts) []Obligation {
	e := &factEnv{f: Normalize(f), out: o}
	var obs []Obligation
	for _, r := range rs.obligations {
		if r.when(e) {
			ob := r.ob
			ob.Title = rs.render(r.title, e)
			obs = append(obs, ob)
		}
	}
	return obs
}

// Questions returns the guided questionnaire of the rule set in force, in order.
func Questions() []Question { return current.Questions() }

// Questions returns the rule set's questionnaire, in order.
func (rs *RuleSet) Questions() []Question { return slices.Clone(rs.questions) }

// Relevant reports whether question q still needs an answer given the facts recorded so far:
// questions that can no longer change the outcome are not asked.
func Relevant(q Question, f register.Facts) bool {
	c := q.compiled()
	if c == nil {
		return true
	}
	return c.eval(&factEnv{f: Normalize(f)})
}
