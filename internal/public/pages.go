package public

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/webassets"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageTemplates are parsed once: base plus one content template per page.
var pageTemplates = func() map[string]*template.Template {
	base := template.Must(template.ParseFS(templateFS, "templates/base.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"home", "results", "detail", "text", "error"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}()

// routes is the whole URL space, one line per route. Dutch pages live at the root, the same
// pages in English under /en. Anything else is 404; a trailing slash is never redirected.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, lang := range []string{langNL, langEN} {
		p := prefix(lang)
		home := p
		if home == "" {
			home = "/{$}"
		}
		mux.HandleFunc(home, s.page(lang, s.home))
		mux.HandleFunc(p+"/algoritmes", s.page(lang, s.results))
		mux.HandleFunc(p+"/algoritme/{id}", s.detail(lang))
		mux.HandleFunc(p+"/over", s.page(lang, s.textPage("about")))
		mux.HandleFunc(p+"/toegankelijkheid", s.page(lang, s.textPage("a11y")))
	}
	mux.HandleFunc("/downloads/{file}", s.download)
	mux.HandleFunc("/sitemap.xml", s.sitemap)
	mux.HandleFunc("/robots.txt", s.robots)
	mux.Handle("/static/{file}", s.static())
	mux.HandleFunc("/api/v1/algorithms", s.apiList)
	mux.HandleFunc("/api/v1/algorithms/{id}", s.apiGet)
	mux.HandleFunc("/api/v1/openapi.json", s.apiOpenAPI)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, http.StatusNotFound, "") })
	return s.secure(mux)
}

func prefix(lang string) string {
	if lang == langEN {
		return "/en"
	}
	return ""
}

// page is what every template gets.
type page struct {
	Lang       string
	Title      string
	Nav        string
	Query      string
	Switch     string // the same page in the other language
	BundleDate string
	Home       struct {
		Total      int
		Categories []facetCount
	}
	Results resultsView
	Detail  detailView
	Body    template.HTML
}

// T translates a catalogue key into the page's language.
func (p *page) T(key string) string { return tr(p.Lang, key) }

// Link prefixes a site path with the page's language.
func (p *page) Link(path string) string {
	if p.Lang == langEN {
		if path == "/" {
			return "/en"
		}
		return "/en" + path
	}
	return path
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, p *page, snap *snapshot) (status int, tmpl string)

// page wraps a page handler: method check, the common page fields, ETag and rendering.
func (s *Server) page(lang string, h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.onlyGET(w, r) {
			return
		}
		snap := s.snap()
		p := newPage(lang, r.URL, snap)
		tag := etag(snap.hash, lang+"\x00"+r.URL.RequestURI())
		if r.URL.RawQuery == "" {
			tag = etag(snap.hash, lang+"\x00"+r.URL.Path)
		}
		if r.Header.Get("If-None-Match") != "" && notModified(w, r, tag, cachePage) {
			return
		}
		status, tmpl := h(w, r, p, snap)
		if tmpl == "" {
			return // the handler answered itself
		}
		var buf bytes.Buffer
		if err := pageTemplates[tmpl].ExecuteTemplate(&buf, "base", p); err != nil {
			s.log.Error("pagina niet te renderen", "pad", r.URL.Path, "fout", err)
			s.fail(w, r, http.StatusInternalServerError, "")
			return
		}
		if status == http.StatusOK {
			w.Header().Set("ETag", tag)
			w.Header().Set("Cache-Control", cachePage)
		} else {
			w.Header().Set("Cache-Control", cacheError)
		}
		writeHTML(w, status, buf.Bytes())
	}
}

// newPage holds the fields every page of u shares.
func newPage(lang string, u *url.URL, snap *snapshot) *page {
	return &page{Lang: lang, Switch: switchURL(lang, u), BundleDate: bundleDate(snap.manifest.CreatedAt)}
}

func writeHTML(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// switchURL is the current URL in the other language.
func switchURL(lang string, u *url.URL) string {
	path := u.Path
	if lang == langEN {
		path = strings.TrimPrefix(path, "/en")
		if path == "" {
			path = "/"
		}
	} else {
		if path == "/" {
			path = "/en"
		} else {
			path = "/en" + path
		}
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return path
}

func bundleDate(createdAt string) string {
	t, err := time.Parse(time.RFC3339, createdAt)
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, p *page, snap *snapshot) (int, string) {
	if len(r.URL.Query()) > 0 && r.URL.Query().Has("q") {
		// a search from the home page lands on the result page
		http.Redirect(w, r, p.Link("/algoritmes")+"?"+r.URL.RawQuery, http.StatusSeeOther)
		return 0, ""
	}
	p.Title, p.Nav = p.T("home.title"), "home"
	res := snap.run(query{Page: 1, PageSize: 1, Sort: "name"})
	p.Home.Total = res.Total
	p.Home.Categories = res.Facets["publication_category"]
	return http.StatusOK, "home"
}

// resultsView is the result page's data.
type resultsView struct {
	Items  []*Item
	Total  int
	Page   int
	Pages  int
	Prev   string
	Next   string
	Facets []facetView
	Sorts  []sortOption
}

type facetView struct {
	Name   string // facet key, for the legend
	Param  string // query parameter
	Values []facetCount
}

type sortOption struct {
	Value    string
	Selected bool
}

func (s *Server) results(w http.ResponseWriter, r *http.Request, p *page, snap *snapshot) (int, string) {
	p.Nav = "algorithms"
	q, probs := parseQuery(r.URL.Query(), true)
	if len(probs) > 0 {
		p.Title = p.T("error.400.title")
		p.Body = template.HTML(template.HTMLEscapeString(p.T("error.400.text")))
		return http.StatusBadRequest, "error"
	}
	p.Query = q.Q
	p.Title = p.T("results.title")
	if q.Q != "" {
		p.Title = p.T("results.titleQuery") + " " + q.Q
	}
	res := snap.run(q)
	v := resultsView{Items: res.Items, Total: res.Total, Page: q.Page, Pages: res.Pages}
	if q.Page > 1 && q.Page <= res.Pages+1 {
		v.Prev = pageURL(p, r.URL.Query(), q.Page-1)
	}
	if q.Page < res.Pages {
		v.Next = pageURL(p, r.URL.Query(), q.Page+1)
	}
	v.Facets = []facetView{
		{Name: "publication_category", Param: "publicationCategory", Values: res.Facets["publication_category"]},
		{Name: "status", Param: "status", Values: res.Facets["status"]},
		{Name: "category", Param: "category", Values: res.Facets["category"]},
	}
	for _, o := range []string{"relevance", "name", "date"} {
		if o == "relevance" && q.Q == "" {
			continue
		}
		v.Sorts = append(v.Sorts, sortOption{Value: o, Selected: o == q.Sort})
	}
	p.Results = v
	return http.StatusOK, "results"
}

func pageURL(p *page, v url.Values, n int) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	c.Set("page", strconv.Itoa(n))
	return p.Link("/algoritmes") + "?" + c.Encode()
}

func (s *Server) textPage(which string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page, snap *snapshot) (int, string) {
		if len(r.URL.RawQuery) > 0 {
			p.Title, p.Body = p.T("error.404.title"), template.HTML(template.HTMLEscapeString(p.T("error.404.text")))
			return http.StatusNotFound, "error"
		}
		p.Title, p.Nav, p.Body = p.T(which+".title"), which, trHTML(p.Lang, which+".body")
		return http.StatusOK, "text"
	}
}

// errorPage renders an error for people.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	lang := langNL
	if r.URL.Path == "/en" || strings.HasPrefix(r.URL.Path, "/en/") {
		lang = langEN
	}
	p := &page{Lang: lang, Switch: switchURL(lang, &url.URL{Path: "/"})}
	key := "error." + strconv.Itoa(status)
	if _, ok := catalogues[lang][key+".title"]; !ok {
		key = "error.500"
	}
	p.Title = p.T(key + ".title")
	text := p.T(key + ".text")
	if _, ok := catalogues[lang][key+".text"]; !ok {
		text = problemDetail(status)
	}
	p.Body = template.HTML(template.HTMLEscapeString(text))
	var buf bytes.Buffer
	if err := pageTemplates["error"].ExecuteTemplate(&buf, "base", p); err != nil {
		writeProblem(w, r, status, "", nil)
		return
	}
	w.Header().Set("Cache-Control", cacheError)
	writeHTML(w, status, buf.Bytes())
}

// download serves one of the bundle's data files from the verified private copy.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	if !s.onlyGET(w, r) {
		return
	}
	snap := s.snap()
	name := r.PathValue("file")
	path, ok := snap.files[name]
	if !ok {
		s.fail(w, r, http.StatusNotFound, "")
		return
	}
	types := map[string]string{
		publish.FileJSON: "application/json",
		publish.FileCSV:  "text/csv; charset=utf-8",
		publish.FileXLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	}
	if notModified(w, r, etag(snap.hash, r.URL.Path), cachePage) {
		return
	}
	f, err := openFile(path)
	if err != nil {
		s.log.Error("download niet te openen", "bestand", name, "fout", err)
		s.fail(w, r, http.StatusInternalServerError, "")
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", types[name])
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "algoritmeregister-defensie-"+name))
	http.ServeContent(w, r, "", time.Time{}, f)
}

// static serves the embedded Rijkshuisstijl assets.
func (s *Server) static() http.Handler {
	fsys := webassets.FS()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.onlyGET(w, r) {
			return
		}
		name := r.PathValue("file")
		b, err := readAsset(fsys, name)
		if err != nil {
			s.fail(w, r, http.StatusNotFound, "")
			return
		}
		if notModified(w, r, etag(webassets.Version, name), cacheStatic) {
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		_, _ = w.Write(b)
	})
}
