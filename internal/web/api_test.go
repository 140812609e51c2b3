package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
	"github.com/defensie/algoreg/internal/web"
)

// env is a running internal API on a fresh database, with a token per named user.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	svc    *service.Service
	tokens map[string]string
}

func newEnv(t *testing.T, dbURL string) *env {
	t.Helper()
	st := testdb.Open(t, dbURL)
	svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
	srv := httptest.NewServer(web.New(svc, nil).Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, svc: svc, tokens: map[string]string{}}
	ctx := context.Background()
	for _, u := range []service.UserInput{
		{Email: "editor@mindef.nl", Name: "Eva Editor", Role: register.RoleEditor, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel},
		{Email: "other@mindef.nl", Name: "Otto Ander", Role: register.RoleEditor, Units: []string{"CLSK"}, Clearance: register.StgGeheim},
		{Email: "low@mindef.nl", Name: "Lotte Laag", Role: register.RoleViewer, Units: []string{"KMAR"}, Clearance: register.Ongerubriceerd},
		{Email: "coord@mindef.nl", Name: "Coen Coördinator", Role: register.RoleCoordinator, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel},
		{Email: "assessor@mindef.nl", Name: "Anna Beoordelaar", Role: register.RoleAssessor, AllUnits: true, Clearance: register.StgConfidentieel},
		{Email: "approver@mindef.nl", Name: "Bram Besluit", Role: register.RoleApprover, AllUnits: true, Clearance: register.StgConfidentieel},
	} {
		if _, err := svc.AddUser(ctx, service.System("test"), u); err != nil {
			t.Fatal(err)
		}
		tok, err := svc.CreateToken(ctx, service.System("test"), u.Email, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[strings.Split(u.Email, "@")[0]] = tok
	}
	return e
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

func (e *env) do(who, method, path, body string, hdr ...string) resp {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.Header.Get("API-Version") == "" {
		e.t.Errorf("%s %s: no API-Version header", method, path)
	}
	if res.StatusCode >= 400 {
		if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
			e.t.Errorf("%s %s: status %d with Content-Type %q, want application/problem+json", method, path, res.StatusCode, ct)
		}
		var p map[string]any
		if json.Unmarshal(b, &p) != nil || p["status"] == nil || p["title"] == nil || p["detail"] == nil {
			e.t.Errorf("%s %s: problem lacks status/title/detail: %s", method, path, b)
		}
	}
	return resp{res.StatusCode, res.Header, b}
}

func wantStatus(t *testing.T, r resp, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r.body)
	}
}

// invalidNames returns the names in a problem's invalidParams.
func invalidNames(t *testing.T, r resp) map[string]string {
	t.Helper()
	out := map[string]string{}
	params, _ := r.json(t)["invalidParams"].([]any)
	for _, p := range params {
		m := p.(map[string]any)
		out[m["name"].(string)] = m["reason"].(string)
	}
	return out
}

func TestAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		e := newEnv(t, dbURL)
		t.Run("openapi", func(t *testing.T) { testOpenAPI(t, e) })
		t.Run("conventions", func(t *testing.T) { testConventions(t, e) })
		t.Run("lifecycle", func(t *testing.T) { testLifecycle(t, e) })
		t.Run("validation", func(t *testing.T) { testValidation(t, e) })
		t.Run("need-to-know", func(t *testing.T) { testNeedToKnow(t, e) })
		t.Run("assessment", func(t *testing.T) { testAssessment(t, e) })
	})
}

func testOpenAPI(t *testing.T, e *env) {
	r := e.do("", "GET", "/api/v1/openapi.json", "")
	wantStatus(t, r, 200)
	if r.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("openapi.json lacks CORS *")
	}
	doc := r.json(t)
	paths := doc["paths"].(map[string]any)
	for _, p := range []string{"/algorithms", "/algorithms/{id}", "/algorithms/{id}/revisions", "/algorithms/{id}/transitions"} {
		if paths[p] == nil {
			t.Errorf("openapi.json does not describe %s", p)
		}
	}
}

func testConventions(t *testing.T, e *env) {
	wantStatus(t, e.do("", "GET", "/api/v1/algorithms", ""), 401)
	r := e.do("", "GET", "/api/v1/algorithms", "", "Authorization", "Bearer ar_forged-token-that-does-not-exist-at-all")
	wantStatus(t, r, 401)
	wantStatus(t, e.do("editor", "GET", "/api/v1/algorithms/", ""), 404) // trailing slash: 404, no redirect
	wantStatus(t, e.do("editor", "GET", "/api/v1/nothing-here", ""), 404)
	wantStatus(t, e.do("editor", "DELETE", "/api/v1/algorithms", ""), 405)
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms", `{"name": "x",`), 400)
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms", `{"name":"x"}`, "Content-Type", "text/plain"), 415)
	big := `{"name": "` + strings.Repeat("a", 2<<20) + `"}`
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms", big), 413)
	r = e.do("editor", "GET", "/api/v1/algorithms?pageSize=500&page=0&status=Kapot&colour=red", "")
	wantStatus(t, r, 400)
	names := invalidNames(t, r)
	for _, n := range []string{"pageSize", "page", "status", "colour"} {
		if names[n] == "" {
			t.Errorf("list query problem %s not reported; got %v", n, names)
		}
	}
}

func testLifecycle(t *testing.T, e *env) {
	r := e.do("editor", "POST", "/api/v1/algorithms", `{"name":"Risicoprofiel grenspassage","unit":"KMAR","classification":"dep-vertrouwelijk","goal":"<p onclick=\"x()\">Doel <script>alert(1)</script><b>vet</b></p>"}`)
	wantStatus(t, r, 201)
	d := r.json(t)
	id := d["id"].(string)
	if r.header.Get("Location") != "/api/v1/algorithms/"+id || r.header.Get("ETag") == "" {
		t.Fatalf("Location %q, ETag %q", r.header.Get("Location"), r.header.Get("ETag"))
	}
	if d["state"] != "concept" || d["revision"] != 1.0 {
		t.Errorf("new description: state %v revision %v", d["state"], d["revision"])
	}
	if g := d["goal"].(string); strings.Contains(g, "script") || strings.Contains(g, "onclick") || strings.Contains(g, "<b>") {
		t.Errorf("markup outside the allowed subset was stored: %q", g)
	}
	if r.header.Get("X-Classification") != "dep-vertrouwelijk" {
		t.Errorf("X-Classification = %q", r.header.Get("X-Classification"))
	}

	get := e.do("editor", "GET", "/api/v1/algorithms/"+id, "")
	wantStatus(t, get, 200)
	tag := get.header.Get("ETag")
	wantStatus(t, e.do("editor", "GET", "/api/v1/algorithms/"+id, "", "If-None-Match", tag), 304)

	body := string(get.body)
	wantStatus(t, e.do("editor", "PUT", "/api/v1/algorithms/"+id, body), 428)
	wantStatus(t, e.do("editor", "PUT", "/api/v1/algorithms/"+id, body, "If-Match", `"`+id+`-7"`), 412)
	upd := strings.Replace(body, `"description_short":""`, `"description_short":"Selecteert reizigers voor nadere controle."`, 1)
	r = e.do("editor", "PUT", "/api/v1/algorithms/"+id, upd, "If-Match", tag)
	wantStatus(t, r, 200)
	if r.json(t)["revision"] != 2.0 || r.header.Get("ETag") == tag {
		t.Fatalf("update did not make revision 2: %s", r.body)
	}
	// the same stale ETag again: someone else's edit must not be overwritten
	wantStatus(t, e.do("editor", "PUT", "/api/v1/algorithms/"+id, body, "If-Match", tag), 412)

	revs := e.do("editor", "GET", "/api/v1/algorithms/"+id+"/revisions", "")
	wantStatus(t, revs, 200)
	items := revs.json(t)["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["revision"] != 2.0 || items[0].(map[string]any)["saved_by"] != "editor@mindef.nl" {
		t.Fatalf("revisions: %s", revs.body)
	}

	// submit is refused while required fields are missing, naming each
	r = e.do("editor", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"submit"}`)
	wantStatus(t, r, 400)
	missing := invalidNames(t, r)
	for _, f := range []string{"organization", "status", "contact_email", "publication_category"} {
		if missing[f] == "" {
			t.Errorf("submit does not name missing %s: %v", f, missing)
		}
	}
	if missing["name"] != "" || missing["description_short"] != "" {
		t.Errorf("submit names filled fields as missing: %v", missing)
	}
	cur := e.do("editor", "GET", "/api/v1/algorithms/"+id, "")
	full := strings.NewReplacer(`"organization":""`, `"organization":"Koninklijke Marechaussee"`,
		`"status":""`, `"status":"In gebruik"`, `"contact_email":""`, `"contact_email":"https://www.defensie.nl/contact"`,
		`"publication_category":""`, `"publication_category":"Hoog-risico AI-systeem"`).Replace(string(cur.body))
	r = e.do("editor", "PUT", "/api/v1/algorithms/"+id, full, "If-Match", cur.header.Get("ETag"))
	wantStatus(t, r, 200)
	r = e.do("editor", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"submit","comment":"klaar"}`)
	wantStatus(t, r, 200)
	if r.json(t)["state"] != "submitted" {
		t.Fatalf("after submit: %s", r.body)
	}
	// an editor may not return; a coordinator must give a reason
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"return","comment":"x"}`), 403)
	r = e.do("coord", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"return"}`)
	wantStatus(t, r, 400)
	if invalidNames(t, r)["comment"] == "" {
		t.Error("return without comment does not name comment")
	}
	r = e.do("coord", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"return","comment":"Vul de risico's aan."}`)
	wantStatus(t, r, 200)
	if r.json(t)["state"] != "concept" {
		t.Fatalf("after return: %s", r.body)
	}
	wantStatus(t, e.do("coord", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"approve"}`), 403)
	wantStatus(t, e.do("coord", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"publish"}`), 400)
	wantStatus(t, e.do("coord", "POST", "/api/v1/algorithms/"+id+"/transitions", `{"action":"fly"}`), 400)
}

func testValidation(t *testing.T, e *env) {
	r := e.do("editor", "POST", "/api/v1/algorithms", `{
		"name": "`+strings.Repeat("Lang ", 30)+`",
		"unit": "KMAR", "classification": "topgeheim",
		"status": "Misschien", "begin_date": "05-2023x", "contact_email": "geen adres",
		"publication_category": "Hoog risico", "category": ["Defensie"], "lars": "12345678",
		"website": "ftp://x", "goal": 12, "colour": "rood"}`)
	wantStatus(t, r, 400)
	got := invalidNames(t, r)
	for _, f := range []string{"goal", "colour"} { // type and unknown-field problems come first, all of them
		if got[f] == "" {
			t.Errorf("no problem for %s: %v", f, got)
		}
	}
	r = e.do("editor", "POST", "/api/v1/algorithms", `{
		"name": "`+strings.Repeat("Lang ", 30)+`",
		"unit": "KMAR", "classification": "topgeheim",
		"status": "Misschien", "begin_date": "05-2023x", "contact_email": "geen adres",
		"publication_category": "Hoog risico", "category": ["Defensie"], "lars": "12345678", "website": "ftp://x"}`)
	wantStatus(t, r, 400)
	got = invalidNames(t, r)
	for _, f := range []string{"name", "classification", "status", "begin_date", "contact_email", "publication_category", "category", "lars", "website"} {
		if got[f] == "" {
			t.Errorf("no problem for %s: %v", f, got)
		}
	}
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms", `{"name":"x","unit":"CLSK","classification":"ongerubriceerd"}`), 400)
	wantStatus(t, e.do("editor", "POST", "/api/v1/algorithms", `{"name":"x","unit":"KMAR","classification":"stg-geheim"}`), 400) // above the editor's clearance
	r = e.do("editor", "POST", "/api/v1/algorithms", `{"name":"x"}`)
	wantStatus(t, r, 400)
	if got := invalidNames(t, r); got["unit"] == "" || got["classification"] == "" {
		t.Errorf("create without unit and classification: %v", got)
	}
}

func testNeedToKnow(t *testing.T, e *env) {
	// one record in CLSK (other unit) and one at stg-confidentieel in KMAR (above "low")
	r := e.do("other", "POST", "/api/v1/algorithms", `{"name":"Geheim project Noordster","unit":"CLSK","classification":"stg-geheim"}`)
	wantStatus(t, r, 201)
	hidden := r.json(t)["id"].(string)
	r = e.do("editor", "POST", "/api/v1/algorithms", `{"name":"Vertrouwelijk Noordster","unit":"KMAR","classification":"stg-confidentieel"}`)
	wantStatus(t, r, 201)
	high := r.json(t)["id"].(string)

	for _, c := range []struct{ who, id string }{{"editor", hidden}, {"low", high}, {"low", hidden}} {
		for _, m := range []struct{ method, path, body string }{
			{"GET", "/api/v1/algorithms/" + c.id, ""},
			{"PUT", "/api/v1/algorithms/" + c.id, `{"name":"x"}`},
			{"GET", "/api/v1/algorithms/" + c.id + "/revisions", ""},
			{"POST", "/api/v1/algorithms/" + c.id + "/transitions", `{"action":"archive"}`},
		} {
			r := e.do(c.who, m.method, m.path, m.body)
			wantStatus(t, r, 404)
			if strings.Contains(string(r.body), "Noordster") {
				t.Errorf("%s %s leaks the name: %s", m.method, m.path, r.body)
			}
		}
	}
	// an unknown id answers exactly like a hidden one
	a := e.do("editor", "GET", "/api/v1/algorithms/"+hidden, "")
	b := e.do("editor", "GET", "/api/v1/algorithms/aaaaaaaaaaaaaaaa", "")
	if a.json(t)["detail"] != b.json(t)["detail"] {
		t.Errorf("hidden and unknown differ: %s vs %s", a.body, b.body)
	}
	for _, q := range []string{"", "?q=Noordster", "?q=noordstr"} {
		r := e.do("low", "GET", "/api/v1/algorithms"+q, "")
		wantStatus(t, r, 200)
		if strings.Contains(string(r.body), "Noordster") {
			t.Errorf("list %q shows a hidden record to low: %s", q, r.body)
		}
	}
	r = e.do("low", "GET", "/api/v1/algorithms?q=Noordster", "")
	if r.json(t)["total"] != 0.0 {
		t.Errorf("search total counts hidden records: %s", r.body)
	}
	r = e.do("other", "GET", "/api/v1/algorithms?q=noordstr", "") // a typo still finds it
	if r.json(t)["total"] != 1.0 {
		t.Errorf("other sees %s", r.body)
	}
}
