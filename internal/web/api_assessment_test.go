package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

// submitted creates a complete KMAR description and submits it; it returns the id.
func submitted(t *testing.T, e *env, name string) string {
	t.Helper()
	r := e.do("editor", "POST", "/api/v1/algorithms", `{"name":"`+name+`","unit":"KMAR","classification":"dep-vertrouwelijk",
		"description_short":"Helpt grenswachters bij de grensbewaking.","organization":"Koninklijke Marechaussee","status":"In gebruik",
		"contact_email":"https://www.defensie.nl/contact","publication_category":"Overige algoritmes",
		"methods_and_models":"<p>Een gradient boosting-model.</p>"}`)
	wantStatus(t, r, 201)
	id := r.json(t)["id"].(string)
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"submit"}`), 200)
	return id
}

func testAssessment(t *testing.T, e *env) {
	id := submitted(t, e, "Risicoprofiel grenspassage")
	base := "/api/v1/algorithms/" + id

	// an unknown fact value and an unknown fact are named, all at once
	r := e.do("assessor", "PUT", base+"/classification", `{"is_algorithm":true,"annex_iii_area":"9.z","colour":"red","is_ai_system":"ja"}`)
	wantStatus(t, r, 400)
	got := invalidNames(t, r)
	for _, f := range []string{"annex_iii_area", "colour", "is_ai_system"} {
		if got[f] == "" {
			t.Errorf("classification problem %s not named: %v", f, got)
		}
	}
	// an editor may not classify
	wantStatus(t, e.do("editor", "PUT", base+"/classification", `{"is_algorithm":true}`), 403)
	// assess before anything is recorded names both missing parts
	r = e.do("assessor", "POST", base+"/transitions", `{"action":"assess"}`)
	wantStatus(t, r, 400)
	if got := invalidNames(t, r); got["classification"] == "" || got["publication_assessment"] == "" {
		t.Errorf("assess without classification and assessment: %v", got)
	}

	// dual use: KMAR border control claims the military exclusion but does not use it exclusively
	r = e.do("assessor", "PUT", base+"/classification", `{"is_algorithm":true,"is_ai_system":true,
		"exclusion":"military_defence_national_security","used_exclusively_for_excluded_purpose":false,
		"annex_iii_area":"7.b","impact_on_citizens":true}`)
	wantStatus(t, r, 200)
	out := r.json(t)
	act := out["ai_act"].(map[string]any)
	if act["risk_group"] != "high_risk" || act["applies"] != true || act["eu_database"] != "secure_non_public" {
		t.Errorf("dual-use border control: %v", act)
	}
	if out["publication_category"] != "Hoog-risico AI-systeem" || out["register_required"] != true || out["rule_version"] == "" {
		t.Errorf("outcome: %s", r.body)
	}
	d := e.do("editor", "GET", base, "").json(t)
	if d["publication_category"] != "Hoog-risico AI-systeem" || d["impact_on_citizens"] != true {
		t.Errorf("the derived category did not reach the description: %v %v", d["publication_category"], d["impact_on_citizens"])
	}
	// an override needs a motivation
	r = e.do("assessor", "PUT", base+"/classification", `{"is_algorithm":true,"override":{"category":"Overige algoritmes"}}`)
	wantStatus(t, r, 400)
	if invalidNames(t, r)["override.motivation"] == "" {
		t.Errorf("override without motivation: %s", r.body)
	}

	// a redaction without a ground is named
	r = e.do("assessor", "PUT", base+"/publication-assessment", `{"decision":"publish_partial","motivation":"deels",
		"review_on":"2099-06-30","fields":{"methods_and_models":{"action":"redact"}}}`)
	wantStatus(t, r, 400)
	got = invalidNames(t, r)
	found := false
	for k := range got {
		if strings.HasPrefix(k, "fields.methods_and_models") {
			found = true
		}
	}
	if !found {
		t.Errorf("redaction without ground not named: %v", got)
	}
	r = e.do("assessor", "PUT", base+"/publication-assessment", `{"decision":"publish_partial","grounds":["5.1.2.h"],
		"motivation":"De technische werking toont beperkingen van de grensbewaking.","review_on":"2099-06-30",
		"fields":{"methods_and_models":{"action":"redact","ground":"5.1.2.h","motivation":"Toont beperkingen."}},
		"advice":[{"from":"NBV (AIVD)","reference":"NBV-2026-041","received_on":"2026-03-15","summary":"Methode niet publiceren."}]}`)
	wantStatus(t, r, 200)
	asm := r.json(t)
	if asm["model_version"] == "" || asm["suggested"] == nil {
		t.Errorf("assessment lacks the model's suggestion: %s", r.body)
	}
	wantStatus(t, e.do("assessor", "POST", base+"/transitions", `{"action":"assess"}`), 200)

	// the approver sees internal and public text side by side, and the scan's findings
	pv := e.do("approver", "GET", base+"/publication-preview", "")
	wantStatus(t, pv, 200)
	var sawRedaction bool
	for _, f := range pv.json(t)["fields"].([]any) {
		m := f.(map[string]any)
		if m["field"] == "methods_and_models" && strings.Contains(m["internal"].(string), "gradient boosting") &&
			strings.HasPrefix(m["public"].(string), "Deze informatie is niet openbaar op grond van") {
			sawRedaction = true
		}
	}
	if !sawRedaction {
		t.Errorf("preview lacks the redaction side by side: %s", pv.body)
	}
	wantStatus(t, e.do("editor", "GET", base+"/publication-preview", ""), 403)

	// four eyes: the approver decides; someone who edited may not
	wantStatus(t, e.do("editor", "POST", base+"/transitions", `{"action":"approve"}`), 403)
	r = e.do("approver", "POST", base+"/transitions", `{"action":"approve","comment":"Akkoord met gedeeltelijke publicatie."}`)
	wantStatus(t, r, 200)
	if r.json(t)["state"] != "approved" {
		t.Errorf("after approve: %s", r.body)
	}
	g := e.do("approver", "GET", base+"/publication-assessment", "")
	wantStatus(t, g, 200)
	if !strings.Contains(string(g.body), "NBV-2026-041") {
		t.Errorf("advice record not kept: %s", g.body)
	}
	wantStatus(t, e.do("low", "GET", base+"/classification", ""), 404)
}

func TestAuditEntriesAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		e := newEnv(t, dbURL)
		id := submitted(t, e, "Audit proef")
		wantStatus(t, e.do("editor", "GET", "/api/v1/audit-entries", ""), 403)
		if _, err := e.svc.AddUser(context.Background(), service.System("test"), service.UserInput{Email: "audit@mindef.nl", Name: "Ad Auditor", Role: register.RoleAuditor, Clearance: register.StgGeheim}); err != nil {
			t.Fatal(err)
		}
		tok, _ := e.svc.CreateToken(context.Background(), service.System("test"), "audit@mindef.nl", time.Hour)
		e.tokens["audit"] = tok
		r := e.do("audit", "GET", "/api/v1/audit-entries?object="+id, "")
		wantStatus(t, r, 200)
		var actions []string
		for _, it := range r.json(t)["items"].([]any) {
			actions = append(actions, it.(map[string]any)["action"].(string))
		}
		if strings.Join(actions, ",") != "description.create,description.submit" {
			t.Errorf("audit of %s: %v", id, actions)
		}
		wantStatus(t, e.do("audit", "GET", "/api/v1/audit-entries?limit=0&colour=x", ""), 400)
	})
}

func TestProgressCountsOnlyWhatTheUserSees(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		e := newEnv(t, dbURL)
		submitted(t, e, "Zichtbaar voor KMAR")
		wantStatus(t, e.do("other", "POST", "/api/v1/algorithms", `{"name":"Onzichtbaar CLSK","unit":"CLSK","classification":"stg-geheim"}`), 201)
		r := e.do("coord", "GET", "/api/v1/progress", "")
		wantStatus(t, r, 200)
		total := r.json(t)["total"].(map[string]any)
		if total["inventoried"] != 1.0 {
			t.Errorf("the KMAR coordinator's total counts %v descriptions, want 1", total["inventoried"])
		}
		if strings.Contains(string(r.body), "Onzichtbaar") || r.header.Get("X-Classification") != "dep-vertrouwelijk" {
			t.Errorf("progress leaks or mismarks: %s %s", r.header.Get("X-Classification"), r.body)
		}
		wantStatus(t, e.do("editor", "GET", "/api/v1/progress", ""), 403)
		wantStatus(t, e.do("coord", "GET", "/api/v1/progress?year=twintig", ""), 400)
	})
}
