package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
)

// FuzzParseListQuery: any query string gives a list query or field problems, never a panic,
// and a query without problems stays within the limits the store relies on.
func FuzzParseListQuery(f *testing.F) {
	for _, s := range []string{"", "q=grenscontrole&page=2&pageSize=50", "status=In%20gebruik&publicationCategory=Impactvolle%20algoritmes",
		"sort=-updated&state=concept&classification=stg-geheim", "page=0&pageSize=101&x=1", "q=%ff%fe&unit=kmar", "page=99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, probs := parseListQuery(v)
		if len(probs) > 0 {
			for _, p := range probs {
				if p.Name == "" || p.Reason == "" {
					t.Fatalf("problem without name or reason: %+v", p)
				}
			}
			return
		}
		if q.Page < 1 || q.Page > 100000 || q.PageSize < 1 || q.PageSize > 100 || len([]rune(q.Q)) > 200 {
			t.Fatalf("accepted out-of-range query %+v from %q", q, raw)
		}
	})
}

// FuzzDecodeObject: any body decodes to a description input or to field problems, never a panic.
func FuzzDecodeObject(f *testing.F) {
	f.Add([]byte(`{"name": "A", "unit": "KMAR", "classification": "ongerubriceerd", "category": ["Recht"]}`))
	f.Add([]byte(`{"name": 5, "unknown": true, "lawful_basis_grouping": [{"title": "x", "link": 3}]}`))
	f.Add([]byte(`[1, 2]`))
	f.Add([]byte(`{"a": 1} {"b": 2}`))
	f.Add([]byte(`{"name": "\u0000\ud800", "id": "x", "revision": 3}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var in service.DescriptionInput
		err := decodeObject(b, &in, assigned...)
		if err != nil && register.ErrorCode(err) != register.EINVALID {
			t.Fatalf("decode error %v has code %q, want %q", err, register.ErrorCode(err), register.EINVALID)
		}
	})
}

// FuzzAPI sends arbitrary requests to the whole internal application on a real SQLite register:
// no input may produce a 500, a stack trace or driver text, and every API error is problem+json.
func FuzzAPI(f *testing.F) {
	path := f.TempDir() + "/fuzz.db"
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	if err := store.Migrate(ctx, st); err != nil {
		f.Fatal(err)
	}
	svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
	if _, err := svc.AddUser(ctx, service.System("fuzz"), service.UserInput{Email: "editor@mindef.nl", Name: "Eva Editor",
		Role: register.RoleEditor, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel}); err != nil {
		f.Fatal(err)
	}
	tok, err := svc.CreateToken(ctx, service.System("fuzz"), "editor@mindef.nl", time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	d, err := svc.CreateDescription(ctx, service.System("fuzz"), service.DescriptionInput{Standard: register.Standard{Name: "Bestaand"}, Unit: "KMAR", Classification: register.Ongerubriceerd})
	if err != nil {
		f.Fatal(err)
	}
	h := New(svc, nil).Handler()
	id := d.ID
	seeds := []struct {
		method byte
		target string
		body   string
	}{
		{0, "/api/v1/algorithms?q=grens&page=1", ""},
		{1, "/api/v1/algorithms", `{"name": "Nieuw", "unit": "KMAR", "classification": "ongerubriceerd"}`},
		{1, "/api/v1/algorithms", `{"name": "<script>x</script>", "unit": "KMAR", "classification": "ongerubriceerd", "begin_date": "2024-13", "lars": "12345678", "contact_email": "x"}`},
		{2, "/api/v1/algorithms/" + id, `{"name": "Bestaand 2", "unit": "KMAR", "classification": "ongerubriceerd"}`},
		{1, "/api/v1/algorithms/" + id + "/transitions", `{"action": "submit", "comment": ""}`},
		{2, "/api/v1/algorithms/" + id + "/classification", `{"is_algorithm": true, "annex_iii_area": "7.b", "article_50": ["deep_fake"]}`},
		{2, "/api/v1/algorithms/" + id + "/publication-assessment", `{"decision": "publish_partial", "fields": {"goal": {"action": "redact"}}}`},
		{0, "/api/v1/algorithms/" + id + "/revisions", ""},
		{0, "/beschrijvingen?q=%ff", ""},
		{3, "/api/v1/algorithms/", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.target, []byte(s.body), true)
	}
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}
	f.Fuzz(func(t *testing.T, m byte, target string, body []byte, withToken bool) {
		if !strings.HasPrefix(target, "/") {
			return
		}
		if _, err := url.ParseRequestURI(target); err != nil || strings.ContainsAny(target, " \t\r\n") {
			return // not a request target a client can send
		}
		req, err := http.NewRequest(methods[int(m)%len(methods)], "http://register.test"+target, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.RemoteAddr = "192.0.2.1:1234"
		if withToken {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		out := w.Body.String()
		if w.Code >= 500 {
			t.Fatalf("%s %s: status %d: %s", req.Method, target, w.Code, out)
		}
		for _, leak := range []string{"goroutine ", "runtime.", ".go:", "sqlite", "SQL logic"} {
			if strings.Contains(out, leak) {
				t.Fatalf("%s %s: the answer shows %q: %s", req.Method, target, leak, out)
			}
		}
		if strings.HasPrefix(req.URL.Path, "/api/") && w.Code >= 400 && w.Header().Get("Content-Type") != "application/problem+json" {
			t.Fatalf("%s %s: %d with Content-Type %q", req.Method, target, w.Code, w.Header().Get("Content-Type"))
		}
	})
}
