// Package risk is the publication risk model ("risicobeoordelingsmodel", domain.md §5): versioned
// data that asks what a description would reveal and suggests whether to publish it in full,
// in part (which fields to redact, on which Woo ground) or not at all. The suggestion is advice;
// an approver decides. The package also validates the publication decision itself.
package risk

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

//go:embed models/default.json
var defaultModel []byte

var def = func() *Model {
	m, err := Load(bytes.NewReader(defaultModel))
	if err != nil {
		panic(fmt.Sprintf("risk: embedded default model: %v", err))
	}
	return m
}()

// Default returns the model shipped with the program. An organisation can replace it with its
// own file (Load) without a new release.
func Default() *Model { return def }

// Model is a loaded, validated publication risk model.
type Model struct {
	Version      string      `json:"version"`
	Title        string      `json:"title"`
	Description  string      `json:"description"`
	Scale        []Level     `json:"scale"`
	Thresholds   Thresholds  `json:"thresholds"`
	Presumption  Presumption `json:"presumption"`
	ReviewMonths int         `json:"review_months"`
	Questions    []Question  `json:"questions"`
}

// Level is one answer on the model's scale, e.g. "nee" (factor 0), "beperkt" (1), "ja" (2).
type Level struct {
	Value  string `json:"value"`
	Label  string `json:"label"`
	Factor int    `json:"factor"`
}

// Thresholds are the scores from which the model suggests partial publication and no publication.
type Thresholds struct {
	PublishPartial int `json:"publish_partial"`
	DoNotPublish   int `json:"do_not_publish"`
}

// Presumption is the strong presumption of publication for some publication categories
// (A and B): the threshold for not publishing is raised, and decisive questions do not by
// themselves block publication.
type Presumption struct {
	Categories        []string `json:"categories"`
	DoNotPublishRaise int      `json:"do_not_publish_raise"`
}

// Question asks what the description would reveal.
type Question struct {
	ID     string `json:"id"`
	Topic  string `json:"topic"`
	Text   string `json:"text"` // Dutch
	Help   string `json:"help"` // Dutch
	Weight int    `json:"weight"`
	// Decisive: a top answer suggests not publishing at all, unless a presumption of
	// publication applies.
	Decisive bool `json:"decisive"`
	// Fields are the v1.0 fields that typically reveal it; an answer may name others.
	Fields []string `json:"fields"`
	// Ground is the Woo ground to cite, Motivation the standard Dutch motivation.
	Ground     string `json:"ground"`
	Motivation string `json:"motivation"`
}

// Answer is the answer to one question (stored in register.Assessment.Risk).
type Answer = register.RiskAnswer

// Answers are the answers to a model's questions, keyed by question id.
type Answers map[string]Answer

// LineProblem is one problem in a model file, on a line.
type LineProblem struct {
	Line    int
	Problem string
}

// LoadError lists every problem found in a model file, each with its line.
type LoadError struct {
	Problems []LineProblem
}

func (e *LoadError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = fmt.Sprintf("regel %d: %s", p.Line, p.Problem)
	}
	return "het risicomodel is ongeldig: " + strings.Join(parts, "; ")
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// maxModel bounds a model file.
const maxModel = 1 << 20

// Load reads and validates a model file (JSON). Every problem is reported with its line.
func Load(r io.Reader) (*Model, error) {
	src, err := io.ReadAll(io.LimitReader(r, maxModel+1))
	if err != nil {
		return nil, fmt.Errorf("risicomodel lezen: %w", err)
	}
	if len(src) > maxModel {
		return nil, &LoadError{[]LineProblem{{1, "het bestand is groter dan 1 MiB"}}}
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, &LoadError{[]LineProblem{decodeProblem(src, err)}}
	}
	if dec.More() {
		return nil, &LoadError{[]LineProblem{{lineAt(src, int(dec.InputOffset())), "na het model staat nog meer tekst"}}}
	}
	pos := positions(src)
	var ps []LineProblem
	add := func(path, format string, args ...any) {
		off, ok := pos[path]
		for !ok && path != "" {
			i := strings.LastIndex(path, ".")
			if i < 0 {
				path = ""
			} else {
				path = path[:i]
			}
			off, ok = pos[path]
		}
		ps = append(ps, LineProblem{lineAt(src, off), fmt.Sprintf(format, args...)})
	}
	m.validate(add)
	if len(ps) > 0 {
		return nil, &LoadError{ps}
	}
	return &m, nil
}

// decodeProblem turns a decoding error into a problem on its line.
func decodeProblem(src []byte, err error) LineProblem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return LineProblem{lineAt(src, int(syn.Offset)), "geen geldige JSON: " + syn.Error()}
	case errors.As(err, &typ):
		return LineProblem{lineAt(src, int(typ.Offset)), fmt.Sprintf("%s heeft het verkeerde type: %s verwacht", typ.Field, dutchType(typ.Type.Kind().String()))}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return LineProblem{lineAt(src, len(src)), "het bestand houdt te vroeg op"}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		// The first occurrence of the key names the line.
		if i := bytes.Index(src, []byte(`"`+name+`"`)); i >= 0 {
			return LineProblem{lineAt(src, i), fmt.Sprintf("onbekend veld %q", name)}
		}
		return LineProblem{1, fmt.Sprintf("onbekend veld %q", name)}
	}
	return LineProblem{1, err.Error()}
}

func dutchType(k string) string {
	switch k {
	case "string":
		return "tekst"
	case "int", "int64":
		return "geheel getal"
	case "bool":
		return "true of false"
	case "slice":
		return "lijst"
	case "struct", "map":
		return "object"
	}
	return k
}

// validate reports every semantic problem through add(path, …).
func (m *Model) validate(add func(path, format string, args ...any)) {
	if strings.TrimSpace(m.Version) == "" {
		add("version", "version ontbreekt: elk advies legt de modelversie vast")
	}
	if strings.TrimSpace(m.Title) == "" {
		add("title", "title ontbreekt")
	}
	if len(m.Scale) < 2 {
		add("scale", "de schaal heeft minstens twee antwoorden nodig")
	}
	hasZero := false
	for i, l := range m.Scale {
		p := fmt.Sprintf("scale.%d", i)
		if l.Value == "" || l.Label == "" {
			add(p, "antwoord %d: value en label zijn verplicht", i+1)
		}
		if slices.IndexFunc(m.Scale, func(x Level) bool { return x.Value == l.Value }) < i {
			add(p+".value", "antwoord %q komt dubbel voor", l.Value)
		}
		if l.Factor < 0 || l.Factor > 10 {
			add(p+".factor", "factor %d ligt niet tussen 0 en 10", l.Factor)
		}
		hasZero = hasZero || l.Factor == 0
	}
	if len(m.Scale) > 0 && !hasZero {
		add("scale", "de schaal heeft een antwoord met factor 0 nodig (niets te onthullen)")
	}
	if m.Thresholds.PublishPartial < 1 {
		add("thresholds.publish_partial", "publish_partial moet minstens 1 zijn")
	}
	if m.Thresholds.DoNotPublish < m.Thresholds.PublishPartial {
		add("thresholds.do_not_publish", "do_not_publish (%d) mag niet lager zijn dan publish_partial (%d)", m.Thresholds.DoNotPublish, m.Thresholds.PublishPartial)
	}
	for i, c := range m.Presumption.Categories {
		if !slices.Contains([]string{"Hoog-risico AI-systeem", "Impactvolle algoritmes", "Overige algoritmes"}, c) {
			add(fmt.Sprintf("presumption.categories.%d", i), "%q is geen publicatiecategorie", c)
		}
	}
	if m.Presumption.DoNotPublishRaise < 0 {
		add("presumption.do_not_publish_raise", "de verhoging mag niet negatief zijn")
	}
	if m.ReviewMonths < 1 || m.ReviewMonths > 60 {
		add("review_months", "review_months moet tussen 1 en 60 liggen")
	}
	if len(m.Questions) == 0 {
		add("questions", "het model heeft geen vragen")
	}
	for i, q := range m.Questions {
		p := fmt.Sprintf("questions.%d", i)
		if !idPattern.MatchString(q.ID) {
			add(p+".id", "vraag %d: id %q moet met een kleine letter beginnen en alleen kleine letters, cijfers en _ bevatten", i+1, q.ID)
		} else if slices.IndexFunc(m.Questions, func(x Question) bool { return x.ID == q.ID }) < i {
			add(p+".id", "vraag-id %q komt dubbel voor", q.ID)
		}
		if strings.TrimSpace(q.Text) == "" {
			add(p+".text", "vraag %q: text ontbreekt", q.ID)
		}
		if q.Weight < 1 || q.Weight > 10 {
			add(p+".weight", "vraag %q: gewicht %d ligt niet tussen 1 en 10", q.ID, q.Weight)
		}
		if len(q.Fields) == 0 {
			add(p+".fields", "vraag %q: noem de velden die dit onthullen", q.ID)
		}
		for j, f := range q.Fields {
			switch {
			case !IsStandardField(f):
				add(fmt.Sprintf("%s.fields.%d", p, j), "vraag %q: %q is geen veld van de publicatiestandaard v1.0", q.ID, f)
			case len(AllowedActions(f)) == 0:
				add(fmt.Sprintf("%s.fields.%d", p, j), "vraag %q: veld %q wordt altijd gepubliceerd en kan niet worden gelakt", q.ID, f)
			}
		}
		if _, ok := register.GroundByCode(q.Ground); !ok {
			add(p+".ground", "vraag %q: %q is geen Woo-grond", q.ID, q.Ground)
		}
		if strings.TrimSpace(q.Motivation) == "" {
			add(p+".motivation", "vraag %q: motivation ontbreekt", q.ID)
		}
	}
}

// level returns the scale level with that value.
func (m *Model) level(v string) (Level, bool) {
	i := slices.IndexFunc(m.Scale, func(l Level) bool { return l.Value == v })
	if i < 0 {
		return Level{}, false
	}
	return m.Scale[i], true
}

// question returns the question with that id.
func (m *Model) question(id string) (Question, bool) {
	i := slices.IndexFunc(m.Questions, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return Question{}, false
	}
	return m.Questions[i], true
}

// ValidateAnswers names every answer to an unknown question, every value not on the scale and
// every field that is not a v1.0 field that can be withheld. Problems are named "risk.ID".
func (m *Model) ValidateAnswers(ans Answers) []register.FieldProblem {
	var ps []register.FieldProblem
	ids := make([]string, 0, len(ans))
	for id := range ans {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var values []string
	for _, l := range m.Scale {
		values = append(values, l.Value)
	}
	for _, id := range ids {
		a := ans[id]
		name := "risk." + id
		if _, ok := m.question(id); !ok {
			ps = append(ps, register.FieldProblem{Name: name, Reason: fmt.Sprintf("onbekende vraag in risicomodel %s", m.Version)})
			continue
		}
		if _, ok := m.level(a.Value); !ok {
			ps = append(ps, register.FieldProblem{Name: name + ".value", Reason: fmt.Sprintf("onbekend antwoord %q; kies uit: %s", a.Value, strings.Join(values, ", "))})
		}
		for i, f := range a.Fields {
			if !IsStandardField(f) || len(AllowedActions(f)) == 0 {
				ps = append(ps, register.FieldProblem{Name: fmt.Sprintf("%s.fields[%d]", name, i),
					Reason: fmt.Sprintf("%q is geen veld van de publicatiestandaard dat kan worden gelakt of weggelaten", f)})
			}
		}
	}
	return ps
}
