package risk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// ValidateAssessment checks a publication decision for description d against today's date.
func ValidateAssessment(a register.Assessment, d register.Description) []register.FieldProblem {
	return ValidateAssessmentAt(a, d, time.Now())
}

// ValidateAssessmentAt checks a publication decision, with today given:
//   - decision is publish_full, publish_partial or do_not_publish;
//   - grounds are Woo codes, without duplicates, and 5.1.5 only on its own;
//   - do_not_publish needs a ground and a motivation;
//   - publish_partial needs at least one field that is not published; publish_full none;
//   - every field is a v1.0 field, its action allowed for it (AllowedActions), and every
//     redact or omit has a ground and a motivation; there must be text to withhold;
//   - review_on (yyyy-mm-dd, after today) is required for do_not_publish and publish_partial;
//   - advice needs from, received_on (yyyy-mm-dd, not after today) and summary.
func ValidateAssessmentAt(a register.Assessment, d register.Description, today time.Time) []register.FieldProblem {
	var ps []register.FieldProblem
	add := func(name, format string, args ...any) {
		ps = append(ps, register.FieldProblem{Name: name, Reason: fmt.Sprintf(format, args...)})
	}
	decisions := []string{register.DecisionPublishFull, register.DecisionPublishPartial, register.DecisionDoNotPublish}
	switch {
	case a.Decision == "":
		add("decision", "is verplicht; kies uit: %s", strings.Join(decisions, ", "))
	case !slices.Contains(decisions, a.Decision):
		add("decision", "onbekend besluit %q; kies uit: %s", a.Decision, strings.Join(decisions, ", "))
	}

	for i, g := range a.Grounds {
		name := fmt.Sprintf("grounds[%d]", i)
		switch {
		case !isGround(g):
			add(name, "%q is geen grond uit de Woo", g)
		case slices.Index(a.Grounds, g) < i:
			add(name, "grond %s komt meer dan eens voor", g)
		case g == "5.1.5" && len(a.Grounds) > 1:
			add(name, "grond 5.1.5 (onevenredige benadeling) mag alleen worden gebruikt als geen andere grond van toepassing is")
		}
	}
	motivation := strings.TrimSpace(a.Motivation)
	if a.Decision == register.DecisionDoNotPublish {
		if len(a.Grounds) == 0 {
			add("grounds", "een besluit om niet te publiceren noemt minstens één grond uit de Woo")
		}
		if motivation == "" {
			add("motivation", "een besluit om niet te publiceren moet worden gemotiveerd")
		}
	}

	withheld := 0
	for _, f := range sortedKeys(a.Fields) {
		fd := a.Fields[f]
		name := "fields." + f
		action := fd.Action
		if action == "" {
			action = register.FieldPublish
		}
		if !IsStandardField(f) {
			add(name, "%q is geen veld van de publicatiestandaard v1.0", f)
			continue
		}
		if !slices.Contains([]string{register.FieldPublish, register.FieldRedact, register.FieldOmit}, action) {
			add(name+".action", "onbekende actie %q; kies uit: publish, redact, omit", fd.Action)
			continue
		}
		if action == register.FieldPublish {
			continue
		}
		withheld++
		if allowed := AllowedActions(f); !slices.Contains(allowed, action) {
			if len(allowed) == 0 {
				add(name+".action", "veld %s wordt altijd gepubliceerd en kan niet worden gelakt of weggelaten", f)
			} else {
				add(name+".action", "actie %q is niet toegestaan voor veld %s; toegestaan: %s", action, f, strings.Join(allowed, ", "))
			}
		}
		switch {
		case fd.Ground == "":
			add(name+".ground", "lakken of weglaten vraagt een grond uit de Woo")
		case !isGround(fd.Ground):
			add(name+".ground", "%q is geen grond uit de Woo", fd.Ground)
		}
		if strings.TrimSpace(fd.Motivation) == "" {
			add(name+".motivation", "lakken of weglaten moet worden gemotiveerd")
		}
		if fieldValue(d, f) == "" {
			add(name, "veld %s is leeg in de beschrijving; er valt niets te lakken of weg te laten", f)
		}
	}
	switch a.Decision {
	case register.DecisionPublishPartial:
		if withheld == 0 {
			add("fields", "bij gedeeltelijke publicatie wordt minstens één veld gelakt of weggelaten")
		}
	case register.DecisionPublishFull:
		if withheld > 0 {
			add("fields", "bij volledige publicatie wordt geen veld gelakt of weggelaten; kies publish_partial")
		}
	}

	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if a.Decision == register.DecisionDoNotPublish || a.Decision == register.DecisionPublishPartial {
		if a.ReviewOn == "" {
			add("review_on", "een besluit om niet of gedeeltelijk te publiceren heeft een herbeoordelingsdatum nodig (jjjj-mm-dd)")
		}
	}
	if a.ReviewOn != "" {
		t, err := time.Parse(time.DateOnly, a.ReviewOn)
		switch {
		case err != nil:
			add("review_on", "%q is geen datum in de vorm jjjj-mm-dd", a.ReviewOn)
		case !t.After(day):
			add("review_on", "de herbeoordelingsdatum %s moet in de toekomst liggen", a.ReviewOn)
		}
	}

	for i, ad := range a.Advice {
		name := fmt.Sprintf("advice[%d]", i)
		if strings.TrimSpace(ad.From) == "" {
			add(name+".from", "van wie het advies komt is verplicht (bijvoorbeeld NBV)")
		}
		if strings.TrimSpace(ad.Summary) == "" {
			add(name+".summary", "een samenvatting van het advies is verplicht")
		}
		t, err := time.Parse(time.DateOnly, ad.ReceivedOn)
		switch {
		case ad.ReceivedOn == "":
			add(name+".received_on", "de datum van ontvangst is verplicht (jjjj-mm-dd)")
		case err != nil:
			add(name+".received_on", "%q is geen datum in de vorm jjjj-mm-dd", ad.ReceivedOn)
		case t.After(day):
			add(name+".received_on", "de datum van ontvangst %s ligt in de toekomst", ad.ReceivedOn)
		}
	}
	return ps
}

func isGround(code string) bool {
	_, ok := register.GroundByCode(code)
	return ok
}

// maxAssessmentBody bounds what DecodeAssessment reads.
const maxAssessmentBody = 1 << 20

// readOnlyKeys are assigned by the register; a client may send them back unchanged (they are
// ignored) so that what it read can be written again.
var readOnlyKeys = []string{"description_id", "revision", "model_version", "suggestion", "by", "at"}

// DecodeAssessment reads a publication decision as JSON. It names every unknown field and every
// value of the wrong type, nested ones as "fields.goal.ground" or "advice[0].from". It does not
// apply the rules of ValidateAssessment.
func DecodeAssessment(r io.Reader) (register.Assessment, []register.FieldProblem) {
	var a register.Assessment
	body, err := io.ReadAll(io.LimitReader(r, maxAssessmentBody+1))
	if err != nil {
		return a, []register.FieldProblem{{Name: "body", Reason: "de invoer kon niet worden gelezen"}}
	}
	if len(body) > maxAssessmentBody {
		return a, []register.FieldProblem{{Name: "body", Reason: "de invoer is te groot"}}
	}
	d := &strictDecoder{}
	top, ok := d.object(body, "")
	if !ok {
		return a, []register.FieldProblem{{Name: "body", Reason: "de invoer is geen geldig JSON-object"}}
	}
	for _, k := range sortedKeys(top) {
		raw := top[k]
		switch k {
		case "decision":
			d.value(raw, k, &a.Decision, "een tekst")
		case "motivation":
			d.value(raw, k, &a.Motivation, "een tekst")
		case "review_on":
			d.value(raw, k, &a.ReviewOn, "een datum als tekst (jjjj-mm-dd)")
		case "grounds":
			d.value(raw, k, &a.Grounds, "een lijst van Woo-gronden")
		case "fields":
			fields, ok := d.object(raw, k)
			if !ok {
				continue
			}
			a.Fields = map[string]register.FieldDecision{}
			for _, f := range sortedKeys(fields) {
				var fd register.FieldDecision
				name := k + "." + f
				inner, ok := d.object(fields[f], name)
				if !ok {
					continue
				}
				for _, ik := range sortedKeys(inner) {
					switch ik {
					case "action":
						d.value(inner[ik], name+"."+ik, &fd.Action, "een tekst")
					case "ground":
						d.value(inner[ik], name+"."+ik, &fd.Ground, "een tekst")
					case "motivation":
						d.value(inner[ik], name+"."+ik, &fd.Motivation, "een tekst")
					default:
						d.unknown(name + "." + ik)
					}
				}
				a.Fields[f] = fd
			}
		case "advice":
			items, ok := d.array(raw, k)
			for i, item := range items {
				if !ok {
					break
				}
				var ad register.Advice
				name := fmt.Sprintf("%s[%d]", k, i)
				inner, ok := d.object(item, name)
				if !ok {
					continue
				}
				for _, ik := range sortedKeys(inner) {
					switch ik {
					case "from":
						d.value(inner[ik], name+"."+ik, &ad.From, "een tekst")
					case "reference":
						d.value(inner[ik], name+"."+ik, &ad.Reference, "een tekst")
					case "received_on":
						d.value(inner[ik], name+"."+ik, &ad.ReceivedOn, "een datum als tekst (jjjj-mm-dd)")
					case "summary":
						d.value(inner[ik], name+"."+ik, &ad.Summary, "een tekst")
					default:
						d.unknown(name + "." + ik)
					}
				}
				a.Advice = append(a.Advice, ad)
			}
		case "risk":
			answers, ok := d.object(raw, k)
			if !ok {
				continue
			}
			a.Risk = map[string]register.RiskAnswer{}
			for _, id := range sortedKeys(answers) {
				var ra register.RiskAnswer
				name := k + "." + id
				inner, ok := d.object(answers[id], name)
				if !ok {
					continue
				}
				for _, ik := range sortedKeys(inner) {
					switch ik {
					case "value":
						d.value(inner[ik], name+"."+ik, &ra.Value, "een tekst")
					case "fields":
						d.value(inner[ik], name+"."+ik, &ra.Fields, "een lijst van veldnamen")
					case "note":
						d.value(inner[ik], name+"."+ik, &ra.Note, "een tekst")
					default:
						d.unknown(name + "." + ik)
					}
				}
				a.Risk[id] = ra
			}
		default:
			if !slices.Contains(readOnlyKeys, k) {
				d.unknown(k)
			}
		}
	}
	return a, d.problems
}

// strictDecoder collects every problem while reading nested JSON by hand.
type strictDecoder struct {
	problems []register.FieldProblem
}

func (d *strictDecoder) add(name, reason string) {
	if name == "" {
		name = "body"
	}
	d.problems = append(d.problems, register.FieldProblem{Name: name, Reason: reason})
}

func (d *strictDecoder) unknown(name string) { d.add(name, "onbekend veld") }

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// object reads raw as a JSON object; null is an empty object.
func (d *strictDecoder) object(raw json.RawMessage, name string) (map[string]json.RawMessage, bool) {
	if isNull(raw) && name != "" {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		d.add(name, "moet een object zijn")
		return nil, false
	}
	return m, true
}

func (d *strictDecoder) array(raw json.RawMessage, name string) ([]json.RawMessage, bool) {
	if isNull(raw) {
		return nil, false
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		d.add(name, "moet een lijst zijn")
		return nil, false
	}
	return items, true
}

func (d *strictDecoder) value(raw json.RawMessage, name string, target any, want string) {
	if isNull(raw) {
		return
	}
	if err := json.Unmarshal(raw, target); err != nil {
		d.add(name, "moet "+want+" zijn")
	}
}
