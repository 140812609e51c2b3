package public_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/public"
)

// pagesOf lists every page of the fixture site in both languages.
func pagesOf(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pre := range []string{"", "/en"} {
		home := pre
		if home == "" {
			home = "/"
		}
		out = append(out, home, pre+"/algoritmes", pre+"/algoritmes?q=vertaling", pre+"/algoritmes?status=In+gebruik&category=Recht&sort=date",
			pre+"/over", pre+"/toegankelijkheid")
		for _, id := range []string{"DEF-3F9K2M7Q", "DEF-7HX2P9LA", "DEF-Q4M8T2ZC", "DEF-M2N7B4KD", "DEF-Z9Y8X7W6"} {
			out = append(out, pre+"/algoritme/"+id)
		}
	}
	return out
}

func TestPagesRender(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	for _, target := range pagesOf(t) {
		res, body := get(t, h, "GET", target, map[string]string{"Accept": "text/html"})
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d", target, res.StatusCode)
			continue
		}
		lang := "nl"
		if strings.HasPrefix(target, "/en") {
			lang = "en"
		}
		if !strings.Contains(body, `<html lang="`+lang+`">`) {
			t.Errorf("%s: not marked as %s", target, lang)
		}
		// No script at all, no inline style, no event handlers: the CSP allows none.
		for _, bad := range []string{"<script", "style=", "onclick", "onerror", `href="javascript`, "<img", "<b>", "evil.example"} {
			if strings.Contains(strings.ToLower(body), bad) {
				t.Errorf("%s: contains %q", target, bad)
			}
		}
		// A key of the catalogue that slipped through untranslated would show as itself.
		if m := regexp.MustCompile(`>(?:field|tab|results|detail|nav|home|error|enum)\.[a-zA-Z_.]+<`).FindString(body); m != "" {
			t.Errorf("%s: untranslated key %s", target, m)
		}
	}
}

func TestDetailPage(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	tests := []struct {
		target string
		want   []string
		not    []string
	}{
		{"/algoritme/DEF-3F9K2M7Q", []string{
			`<a href="#tab-algemeen">Algemene informatie</a>`, `<a href="#tab-verantwoord">Verantwoord gebruik</a>`,
			`<a href="#tab-werking">Werking</a>`, `<a href="#tab-metadata">Metadata</a>`,
			`<dt>Doel en impact</dt>`, "<ul><li>Samenvatten</li><li>Vertalen</li></ul>",
			`<a href="mailto:algoritmeregister@mindef.nl">`, `href="https://wetten.overheid.nl/BWBR0001840"`,
			"12345674",
		}, []string{"Veld niet ingevuld"}},
		{"/algoritme/DEF-7HX2P9LA", []string{
			`<dd class="redaction" lang="nl"><span class="redaction-label">Niet openbaar:</span> Deze informatie is niet openbaar op grond van artikel 5.1, eerste lid, onder b, Woo.</dd>`,
			"Deze informatie is niet openbaar op grond van artikel 5.1, tweede lid, onder h, Woo.",
		}, nil},
		{"/algoritme/DEF-M2N7B4KD", []string{
			`<dt>Thema</dt>`, `<dd class="empty">Veld niet ingevuld</dd>`, `<dt>Einddatum</dt>`,
		}, []string{`<dt>Link naar publiekspagina</dt>`}}, // not show_always and empty: left out
		{"/en/algoritme/DEF-M2N7B4KD", []string{`<dd class="empty">Field not filled in</dd>`, "Out of use", "General information"}, nil},
		{"/algoritme/DEF-Z9Y8X7W6", []string{
			"<p>Oefenmateriaal vertalen.</p>", "<div>Alleen oefenmateriaal<br>geen operationele gegevens.</div>",
			"<ol><li>Vertalen</li><li>Controleren door een tolk</li></ol>", "<p>Fouten in vertalingen.</p>",
			"Vertaalhulp &lt;b&gt;Oefening&lt;/b&gt;", "javascript&#34;", // never a link
		}, []string{"klik</a>", "body{display:none}"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			res, body := get(t, h, "GET", tt.target, nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			for _, w := range tt.want {
				if w == `javascript&#34;` {
					if strings.Contains(body, `href="javascript`) {
						t.Error("javascript: URL became a link")
					}
					continue
				}
				if !strings.Contains(body, w) {
					t.Errorf("missing %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("unexpected %q", n)
				}
			}
		})
	}
}

func TestResultsPageFacets(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	_, body := get(t, h, "GET", "/algoritmes?status=In+gebruik", nil)
	for _, w := range []string{
		"3 resultaten",
		// disjunctive counts: the status facet counts as if no status were chosen
		`value="In gebruik" checked>`, `In gebruik <span class="count">(3)</span>`, `In ontwikkeling <span class="count">(1)</span>`, `Buiten gebruik <span class="count">(1)</span>`,
		// other facets count within the chosen status
		`Overige algoritmes <span class="count">(2)</span>`, `Impactvolle algoritmes <span class="count">(1)</span>`, `Hoog-risico AI-systeem <span class="count">(0)</span>`,
	} {
		if !strings.Contains(body, w) {
			t.Errorf("missing %q", w)
		}
	}
	res, _ := get(t, h, "GET", "/algoritmes?status=Actief", map[string]string{"Accept": "text/html"})
	if res.StatusCode != 400 {
		t.Errorf("unknown status value: %d", res.StatusCode)
	}
	_, body = get(t, h, "GET", "/algoritmes?sort=name&page=1", nil)
	if strings.Index(body, "DefGPT") > strings.Index(body, "Octobox") {
		t.Error("not sorted by name")
	}
}

func TestPaging(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	// Use the API's page size to check the site's paging links through the page size of 20:
	// five items fit one page, so no paging nav.
	_, body := get(t, s.Handler(), "GET", "/algoritmes", nil)
	if strings.Contains(body, `rel="next"`) {
		t.Error("paging on a single page")
	}
}

func TestHomeSearchRedirects(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	res, _ := get(t, s.Handler(), "GET", "/?q=defgpt", nil)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/algoritmes?q=defgpt" {
		t.Errorf("status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestNoInternalFieldsInAPI renders every API answer of the fixture and checks that no key
// outside the v1.0 list (plus publication_dt) appears.
func TestNoInternalFieldsInAPI(t *testing.T) {
	props, err := schemaFields()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, public.Config{})
	h := s.Handler()
	var docs []map[string]any
	_, body := get(t, h, "GET", "/api/v1/algorithms?pageSize=100", nil)
	var list listBody
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	docs = append(docs, list.Items...)
	for _, it := range list.Items {
		_, b := get(t, h, "GET", "/api/v1/algorithms/"+it["source_id"].(string), nil)
		var one map[string]any
		if err := json.Unmarshal([]byte(b), &one); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, one)
	}
	if len(docs) != 10 {
		t.Fatalf("%d documents", len(docs))
	}
	for _, d := range docs {
		var keys []string
		for k := range d {
			if _, ok := props[k]; !ok {
				t.Errorf("%v: key %q is not a v1.0 field", d["source_id"], k)
			}
			keys = append(keys, k)
		}
		if len(keys) != len(props) {
			sort.Strings(keys)
			t.Errorf("%v: %d keys, schema has %d: %v", d["source_id"], len(keys), len(props), keys)
		}
		for _, k := range []string{"id", "unit", "classification", "owners", "internal_notes", "created_by", "updated_by", "public_id", "revision", "state"} {
			if _, ok := d[k]; ok {
				t.Errorf("internal field %q in the API", k)
			}
		}
	}
}

// TestFieldTitlesFromStandard checks the Dutch field titles against the schema.
func TestFieldTitlesFromStandard(t *testing.T) {
	props, err := schemaFields()
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range props {
		title, _ := p["title"].(string)
		if got := public.FieldTitle("nl", name); got != title {
			t.Errorf("%s: title %q, standard says %q", name, got, title)
		}
		if got := public.FieldTitle("en", name); got == "" || got == "field."+name {
			t.Errorf("%s: no English title", name)
		}
		if sa, ok := p["show_always"].(bool); ok && sa != public.ShowAlways(name) {
			t.Errorf("%s: show_always %v, standard says %v", name, public.ShowAlways(name), sa)
		}
	}
}

func TestSitemap(t *testing.T) {
	s, _ := newServer(t, public.Config{})
	res, body := get(t, s.Handler(), "GET", "http://register.example/sitemap.xml", nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("status %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, w := range []string{"<loc>http://register.example/</loc>", "<loc>http://register.example/en/algoritme/DEF-Q4M8T2ZC</loc>", "<loc>http://register.example/toegankelijkheid</loc>"} {
		if !strings.Contains(body, w) {
			t.Errorf("missing %s", w)
		}
	}
	if n := strings.Count(body, "<loc>"); n != 2*(4+5) {
		t.Errorf("%d URLs, want 18", n)
	}
}

func TestDownloads(t *testing.T) {
	s, dir := newServer(t, public.Config{})
	for _, name := range []string{"algorithms.csv", "algorithms.xlsx", "algorithms.json"} {
		res, body := get(t, s.Handler(), "GET", "/downloads/"+name, nil)
		want, err := os.ReadFile(dir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 200 || body != string(want) {
			t.Errorf("%s: status %d, %d bytes, want %d", name, res.StatusCode, len(body), len(want))
		}
		if !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: Content-Disposition %q", name, res.Header.Get("Content-Disposition"))
		}
	}
	if res, _ := get(t, s.Handler(), "GET", "/downloads/manifest.json", nil); res.StatusCode != 404 {
		t.Errorf("manifest download: %d", res.StatusCode)
	}
}

// TestImportGraph proves the public site cannot reach the internal database.
func TestImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "./cmd/publicdemo").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"/internal/store", "/internal/service", "/internal/web", "/internal/auth", "modernc.org/sqlite", "github.com/jackc/pgx"} {
			if strings.HasSuffix(dep, banned) || strings.Contains(dep, banned+"/") || strings.HasPrefix(dep, banned) {
				t.Errorf("public depends on %s", dep)
			}
		}
	}
}
