package risk

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

func problemNames(ps []register.FieldProblem) []string {
	var ns []string
	for _, p := range ps {
		ns = append(ns, p.Name)
	}
	return ns
}

func TestValidateAssessment(t *testing.T) {
	today := time.Date(2026, 8, 8, 15, 0, 0, 0, time.UTC)
	d := register.Description{Standard: register.Standard{Name: "Sensorfusie", MethodsAndModels: "Kalman-filters", SourceData: "radar",
		SourceDataGrouping: []register.Link{{Title: "radar"}}}}
	redact := func(ground string) register.FieldDecision {
		return register.FieldDecision{Action: "redact", Ground: ground, Motivation: "onthult werkwijze"}
	}
	advice := []register.Advice{{From: "NBV", Reference: "NBV-2026-12", ReceivedOn: "2026-07-01", Summary: "Werkwijze niet publiceren."}}
	cases := []struct {
		name string
		a    register.Assessment
		want []string
	}{
		{"volledig", register.Assessment{Decision: "publish_full"}, nil},
		{"volledig met velden op publish", register.Assessment{Decision: "publish_full", Fields: map[string]register.FieldDecision{"goal": {Action: "publish"}}}, nil},
		{"gedeeltelijk", register.Assessment{Decision: "publish_partial", ReviewOn: "2027-08-08", Advice: advice,
			Fields: map[string]register.FieldDecision{"methods_and_models": redact("5.1.1.b"),
				"source_data_grouping": {Action: "omit", Ground: "5.1.2.a", Motivation: "partner"}}}, nil},
		{"niet publiceren", register.Assessment{Decision: "do_not_publish", Grounds: []string{"5.1.1.b", "5.1.2.a"}, Motivation: "bronnen", ReviewOn: "2026-08-09"}, nil},
		{"5.1.5 alleen", register.Assessment{Decision: "do_not_publish", Grounds: []string{"5.1.5"}, Motivation: "nadeel", ReviewOn: "2027-01-01"}, nil},

		{"geen besluit", register.Assessment{}, []string{"decision"}},
		{"onbekend besluit", register.Assessment{Decision: "publish"}, []string{"decision"}},
		{"niet publiceren zonder grond, motivering en datum", register.Assessment{Decision: "do_not_publish"}, []string{"grounds", "motivation", "review_on"}},
		{"onbekende en dubbele gronden", register.Assessment{Decision: "do_not_publish", Grounds: []string{"5.1.1.b", "5.1.9", "5.1.1.b"}, Motivation: "m", ReviewOn: "2027-01-01"},
			[]string{"grounds[1]", "grounds[2]"}},
		{"5.1.5 met andere grond", register.Assessment{Decision: "do_not_publish", Grounds: []string{"5.1.1.b", "5.1.5"}, Motivation: "m", ReviewOn: "2027-01-01"}, []string{"grounds[1]"}},
		{"gedeeltelijk zonder velden en datum", register.Assessment{Decision: "publish_partial"}, []string{"fields", "review_on"}},
		{"volledig met gelakt veld", register.Assessment{Decision: "publish_full", Fields: map[string]register.FieldDecision{"methods_and_models": redact("5.1.1.b")}}, []string{"fields"}},
		{"datum vandaag of kapot", register.Assessment{Decision: "publish_partial", ReviewOn: "2026-08-08", Fields: map[string]register.FieldDecision{"source_data": redact("5.1.1.b")}}, []string{"review_on"}},
		{"datum verkeerd formaat", register.Assessment{Decision: "publish_full", ReviewOn: "08-08-2027"}, []string{"review_on"}},
		{"veldproblemen", register.Assessment{Decision: "publish_partial", ReviewOn: "2027-08-08", Fields: map[string]register.FieldDecision{
			"naam":                 redact("5.1.1.b"),                              // not a v1.0 field
			"name":                 redact("5.1.1.b"),                              // always published
			"source_data_grouping": redact("5.1.1.b"),                              // only omit
			"methods_and_models":   {Action: "redact"},                             // no ground, no motivation
			"source_data":          {Action: "hide", Ground: "5.1.1.b"},            // unknown action
			"goal":                 {Action: "omit", Ground: "x", Motivation: "m"}, // bad ground, empty field
		}}, []string{"fields.goal.ground", "fields.goal", "fields.methods_and_models.ground", "fields.methods_and_models.motivation",
			"fields.naam", "fields.name.action", "fields.source_data.action", "fields.source_data_grouping.action"}},
		{"advies onvolledig", register.Assessment{Decision: "publish_full", Advice: []register.Advice{{From: " "}, {From: "NBV", ReceivedOn: "2026-13-01", Summary: "s"},
			{From: "NBV", ReceivedOn: "2026-09-01", Summary: "s"}}},
			[]string{"advice[0].from", "advice[0].summary", "advice[0].received_on", "advice[1].received_on", "advice[2].received_on"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps := ValidateAssessmentAt(c.a, d, today)
			if diff := cmp.Diff(c.want, problemNames(ps)); diff != "" {
				t.Errorf("problemen (-want +got):\n%s\n%v", diff, ps)
			}
			for _, p := range ps {
				if p.Reason == "" {
					t.Errorf("%s zonder reden", p.Name)
				}
			}
		})
	}
}

func TestDecodeAssessment(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		want  []string
		check func(t *testing.T, a register.Assessment)
	}{
		{"voorbeeld uit interface.md", `{
  "decision": "publish_partial",
  "grounds": ["5.1.1.b"],
  "motivation": "…",
  "review_on": "2027-06-30",
  "fields": {"methods_and_models": {"action": "redact", "ground": "5.1.2.h", "motivation": "…"}},
  "advice": [{"from": "NBV", "reference": "…", "received_on": "2024-03-15", "summary": "…"}],
  "risk": {"kwetsbaarheden": {"value": "ja", "fields": ["methods_and_models"], "note": "…"}}
}`, nil, func(t *testing.T, a register.Assessment) {
			if a.Decision != "publish_partial" || a.Fields["methods_and_models"].Ground != "5.1.2.h" || a.Advice[0].From != "NBV" ||
				a.Risk["kwetsbaarheden"].Value != "ja" || a.ReviewOn != "2027-06-30" {
				t.Errorf("verkeerd gelezen: %+v", a)
			}
		}},
		{"alleen-lezen velden worden genegeerd", `{"decision": "publish_full", "description_id": "x", "revision": 3, "model_version": "m", "suggestion": "s", "by": "u", "at": "2026-01-01T00:00:00Z"}`,
			nil, func(t *testing.T, a register.Assessment) {
				if a.DescriptionID != "" || a.ModelVersion != "" {
					t.Errorf("alleen-lezen velden overgenomen: %+v", a)
				}
			}},
		{"onbekende velden op elk niveau", `{"besluit": 1, "fields": {"goal": {"action": "omit", "reden": "x"}}, "advice": [{"van": "NBV"}], "risk": {"q": {"waarde": "ja"}}}`,
			[]string{"advice[0].van", "besluit", "fields.goal.reden", "risk.q.waarde"}, nil},
		{"verkeerde typen", `{"decision": 1, "grounds": "5.1.1.b", "fields": [], "advice": {}, "review_on": 20270101, "risk": {"q": {"fields": "goal"}}}`,
			[]string{"advice", "decision", "fields", "grounds", "review_on", "risk.q.fields"}, nil},
		{"geneste typen", `{"fields": {"goal": "redact"}, "advice": [1], "risk": {"q": []}}`,
			[]string{"advice[0]", "fields.goal", "risk.q"}, nil},
		{"null is leeg", `{"decision": null, "fields": null, "advice": null, "risk": null}`, nil, nil},
		{"geen object", `"publish_full"`, []string{"body"}, nil},
		{"null", `null`, []string{"body"}, nil},
		{"kapot", `{"decision": `, []string{"body"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ps := DecodeAssessment(strings.NewReader(c.body))
			if diff := cmp.Diff(c.want, problemNames(ps)); diff != "" {
				t.Errorf("problemen (-want +got):\n%s\n%v", diff, ps)
			}
			if c.check != nil {
				c.check(t, a)
			}
		})
	}
}

func FuzzDecodeAssessment(f *testing.F) {
	f.Add(`{"decision": "do_not_publish", "grounds": ["5.1.1.b"], "motivation": "m", "review_on": "2027-01-01"}`)
	f.Add(`{"fields": {"goal": {"action": "redact"}}, "advice": [{"from": 1}]}`)
	f.Add(`{"risk": {"a": {"value": "ja", "fields": ["goal"]}}}`)
	f.Fuzz(func(t *testing.T, body string) {
		a, ps := DecodeAssessment(strings.NewReader(body))
		for _, p := range ps {
			if p.Name == "" || p.Reason == "" {
				t.Fatalf("probleem zonder naam of reden: %+v", p)
			}
		}
		for _, p := range ValidateAssessmentAt(a, register.Description{}, time.Date(2026, 8, 8, 0, 0, 0, 0, time.UTC)) {
			if p.Name == "" || p.Reason == "" {
				t.Fatalf("probleem zonder naam of reden: %+v", p)
			}
		}
		_ = Default().ValidateAnswers(a.Risk)
	})
}
