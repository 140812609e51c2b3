package public_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/public"
)

type listBody struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
}

type problemBody struct {
	Status        int    `json:"status"`
	Title         string `json:"title"`
	Detail        string `json:"detail"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalidParams"`
}

func TestAPIList(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	tests := []struct {
		target    string
		wantTotal int
		wantNames []string
	}{
		{"/api/v1/algorithms", 5, []string{"DefGPT", "Octobox Anonimiseren", "Onderhoudsvoorspelling voertuigen", "Stuurinformatie dashboard operationele gereedheid", "Vertaalhulp <b>Oefening</b>"}},
		{"/api/v1/algorithms?pageSize=2", 5, []string{"DefGPT", "Octobox Anonimiseren"}},
		{"/api/v1/algorithms?pageSize=2&page=3", 5, []string{"Vertaalhulp <b>Oefening</b>"}},
		{"/api/v1/algorithms?page=9", 5, nil},
		{"/api/v1/algorithms?status=In+gebruik", 3, []string{"DefGPT", "Stuurinformatie dashboard operationele gereedheid", "Vertaalhulp <b>Oefening</b>"}},
		{"/api/v1/algorithms?status=In+gebruik&status=Buiten+gebruik", 4, []string{"DefGPT", "Onderhoudsvoorspelling voertuigen", "Stuurinformatie dashboard operationele gereedheid", "Vertaalhulp <b>Oefening</b>"}},
		{"/api/v1/algorithms?publicationCategory=Hoog-risico+AI-systeem", 1, []string{"Octobox Anonimiseren"}},
		{"/api/v1/algorithms?publicationCategory=Overige+algoritmes&status=In+gebruik", 2, []string{"DefGPT", "Vertaalhulp <b>Oefening</b>"}},
		{"/api/v1/algorithms?q=anonimiseren", 1, []string{"Octobox Anonimiseren"}},
		{"/api/v1/algorithms?q=taalmodel", 1, []string{"DefGPT"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res, body := get(t, h, "GET", tt.target, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			var out listBody
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatal(err)
			}
			if out.Total != tt.wantTotal {
				t.Errorf("total = %d, want %d", out.Total, tt.wantTotal)
			}
			var names []string
			for _, it := range out.Items {
				names = append(names, it["name"].(string))
			}
			if diff := cmp.Diff(tt.wantNames, names); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAPIInvalidParamsListsAll(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	res, body := get(t, s.Handler(), "GET", "/api/v1/algorithms?status=Actief&publicationCategory=A&page=0&pageSize=101&foo=1", nil)
	if res.StatusCode != 400 || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("status %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var p problemBody
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ip := range p.InvalidParams {
		names = append(names, ip.Name)
		if ip.Reason == "" {
			t.Errorf("%s has no reason", ip.Name)
		}
	}
	sort.Strings(names)
	if diff := cmp.Diff([]string{"foo", "page", "pageSize", "publicationCategory", "status"}, names); diff != "" {
		t.Errorf("invalidParams (-want +got):\n%s", diff)
	}
	if p.Status != 400 || p.Title == "" || p.Detail == "" {
		t.Errorf("problem lacks status/title/detail: %+v", p)
	}
}

func TestAPIErrorsAreProblems(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	tests := []struct {
		method, target string
		want           int
	}{
		{"GET", "/api/v1/algorithms/DEF-ONBEKEND", 404},
		{"GET", "/api/v1/algorithms/", 404},
		{"GET", "/api/v1/algorithms/DEF-3F9K2M7Q/", 404},
		{"GET", "/api/v1/nope", 404},
		{"GET", "/api/v1", 404},
		{"GET", "/nope", 404},
		{"GET", "/algoritmes/", 404},
		{"POST", "/api/v1/algorithms", 405},
		{"DELETE", "/api/v1/algorithms/DEF-3F9K2M7Q", 405},
		{"PUT", "/api/v1/openapi.json", 405},
		{"GET", "/api/v1/algorithms?page=x", 400},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			res, body := get(t, h, tt.method, tt.target, nil)
			if res.StatusCode != tt.want {
				t.Fatalf("status = %d, want %d (%s)", res.StatusCode, tt.want, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var p problemBody
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatal(err)
			}
			if p.Status != tt.want || p.Title == "" || p.Detail == "" {
				t.Errorf("problem = %+v", p)
			}
			if res.Header.Get("Location") != "" {
				t.Errorf("redirected to %s", res.Header.Get("Location"))
			}
			if tt.want == 405 && res.Header.Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

func TestEveryResponseHasHeaders(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	for _, target := range []string{"/", "/en", "/algoritmes?q=defgpt", "/algoritme/DEF-3F9K2M7Q", "/en/algoritme/DEF-3F9K2M7Q",
		"/over", "/en/toegankelijkheid", "/sitemap.xml", "/robots.txt", "/static/site.css", "/downloads/algorithms.csv",
		"/api/v1/algorithms", "/api/v1/algorithms/DEF-3F9K2M7Q", "/api/v1/openapi.json", "/nope", "/api/v1/x"} {
		res, _ := get(t, h, "GET", target, map[string]string{"Accept": "text/html"})
		want := map[string]string{
			"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
			"X-Content-Type-Options":  "nosniff",
			"API-Version":             public.APIVersion,
		}
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", target, k, got, v)
			}
		}
		for _, k := range []string{"Referrer-Policy", "Cache-Control"} {
			if res.Header.Get(k) == "" {
				t.Errorf("%s: no %s", target, k)
			}
		}
		if res.StatusCode == 200 && res.Header.Get("ETag") == "" {
			t.Errorf("%s: no ETag", target)
		}
	}
}

func TestETagAndNotModified(t *testing.T) {
	s, dir := newServer(t, public.Config{})
	h := s.Handler()
	for _, target := range []string{"/api/v1/algorithms?pageSize=2", "/api/v1/algorithms/DEF-3F9K2M7Q", "/algoritme/DEF-3F9K2M7Q", "/", "/downloads/algorithms.json", "/api/v1/openapi.json", "/static/site.css"} {
		res, _ := get(t, h, "GET", target, nil)
		tag := res.Header.Get("ETag")
		if !strings.HasPrefix(tag, `"`) {
			t.Fatalf("%s: ETag %q is not strong", target, tag)
		}
		res2, body := get(t, h, "GET", target, map[string]string{"If-None-Match": tag})
		if res2.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("%s: If-None-Match gave %d (%d bytes)", target, res2.StatusCode, len(body))
		}
		res3, _ := get(t, h, "GET", target, map[string]string{"If-None-Match": `"other"`})
		if res3.StatusCode != 200 {
			t.Errorf("%s: stale If-None-Match gave %d", target, res3.StatusCode)
		}
	}
	// A new bundle changes the ETag of bundle-derived answers.
	res, _ := get(t, h, "GET", "/api/v1/algorithms/DEF-3F9K2M7Q", nil)
	before := res.Header.Get("ETag")
	if err := rewriteWithout(dir, "DEF-Z9Y8X7W6"); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	res, _ = get(t, h, "GET", "/api/v1/algorithms/DEF-3F9K2M7Q", nil)
	if res.Header.Get("ETag") == before {
		t.Error("ETag unchanged after a new bundle")
	}
}

func TestOpenAPIHasCORS(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	res, body := get(t, s.Handler(), "GET", "/api/v1/openapi.json", nil)
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("status %d, CORS %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
}

// TestOpenAPILint runs the NL API Design Rules linter for real when npx is available.
func TestOpenAPILint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the linter downloads from npm")
	}
	npx, err := exec.LookPath("npx")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("npx not found")
		}
		t.Skip("npx not found")
	}
	cmd := exec.Command(npx, "-y", "@stoplight/spectral-cli@6.16.3", "lint", "-r", "../../../shared/standards/adr-spectral-ruleset.yaml", "openapi.json")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("spectral: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "No results with a severity of 'error'") {
		t.Errorf("spectral output:\n%s", out)
	}
}

func TestRateLimit(t *testing.T) {
	s, _ := newServer(t, public.Config{RateLimit: 1, Burst: 3})
	h := s.Handler()
	var codes []int
	for i := 0; i < 5; i++ {
		res, _ := get(t, h, "GET", "/api/v1/algorithms", nil)
		codes = append(codes, res.StatusCode)
		if res.StatusCode == 429 {
			ra, err := strconv.Atoi(res.Header.Get("Retry-After"))
			if err != nil || ra < 1 {
				t.Errorf("Retry-After = %q", res.Header.Get("Retry-After"))
			}
			if res.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("429 Content-Type = %q", res.Header.Get("Content-Type"))
			}
		}
	}
	if diff := cmp.Diff([]int{200, 200, 200, 429, 429}, codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	// Another client has its own bucket.
	req, _ := http.NewRequest("GET", "/api/v1/algorithms", nil)
	req.RemoteAddr = "192.0.2.77:1234"
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("other client got %d", rec.Code)
	}
}
