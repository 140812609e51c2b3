package public

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
)

// detailView is the description page's data: the four tabs of the national standard.
type detailView struct {
	ID    string
	Name  string
	Short string
	Tabs  []tabView
}

type tabView struct {
	ID     string
	Title  string
	Fields []fieldView
}

type fieldView struct {
	Title    string
	Empty    bool
	Redacted bool
	Value    template.HTML
}

// detail answers /algoritme/{id}. Pages are rendered once per bundle and language and then
// served from the snapshot's cache: the hot path is a map lookup and a write.
func (s *Server) detail(lang string) http.HandlerFunc {
	render := s.page(lang, s.renderDetail)
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.onlyGET(w, r) {
			return
		}
		snap := s.snap()
		id := r.PathValue("id")
		if c, ok := snap.cachedPage(lang + "\x00" + id); ok && r.URL.RawQuery == "" {
			if r.Header.Get("If-None-Match") != "" && notModified(w, r, c.etag, cachePage) {
				return
			}
			h := w.Header()
			for k, v := range c.headers {
				h[k] = v
			}
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(c.body)
			return
		}
		render(w, r)
	}
}

// renderDetail builds the page of one description and caches it.
func (s *Server) renderDetail(w http.ResponseWriter, r *http.Request, p *page, snap *snapshot) (int, string) {
	id := r.PathValue("id")
	i, ok := snap.byID[id]
	if !ok || r.URL.RawQuery != "" {
		p.Title, p.Body = p.T("error.404.title"), template.HTML(template.HTMLEscapeString(p.T("error.404.text")))
		return http.StatusNotFound, "error"
	}
	c, err := s.renderDetailPage(p, snap, i, r.URL.Path)
	if err != nil {
		s.log.Error("pagina niet te renderen", "pad", r.URL.Path, "fout", err)
		s.fail(w, r, http.StatusInternalServerError, "")
		return 0, ""
	}
	w.Header().Set("ETag", c.etag)
	w.Header().Set("Cache-Control", cachePage)
	writeHTML(w, http.StatusOK, c.body)
	return 0, ""
}

// renderDetailPage renders the page of item i in p's language and caches it; path is the
// request path, which the ETag covers. The fast path (front.go) renders through it too.
func (s *Server) renderDetailPage(p *page, snap *snapshot, i int, path string) (*cachedPage, error) {
	it := &snap.items[i]
	p.Title, p.Nav = it.Name, "algorithms"
	p.Detail = buildDetail(p.Lang, it)
	var buf bytes.Buffer
	if err := pageTemplates["detail"].ExecuteTemplate(&buf, "base", p); err != nil {
		return nil, fmt.Errorf("detailpagina %s: %w", it.SourceID, err)
	}
	c := newCachedPage(buf.Bytes(), etag(snap.hash, p.Lang+"\x00"+path))
	snap.storePage(p.Lang+"\x00"+it.SourceID, c)
	return c, nil
}

func buildDetail(lang string, it *Item) detailView {
	d := detailView{ID: it.SourceID, Name: it.Name, Short: it.DescriptionShort}
	for _, tab := range tabs {
		tv := tabView{ID: "tab-" + tab, Title: tr(lang, "tab."+tab)}
		for _, f := range fields {
			if f.Tab != tab {
				continue
			}
			v, empty := renderValue(lang, f, it)
			if empty && !f.ShowAlways {
				continue
			}
			fv := fieldView{Title: tr(lang, "field."+f.Name), Empty: empty, Value: v}
			if !empty && f.get != nil && isRedaction(f.get(it)) {
				fv.Redacted = true
				fv.Value = template.HTML(template.HTMLEscapeString(StripHTML(f.get(it))))
			}
			tv.Fields = append(tv.Fields, fv)
		}
		d.Tabs = append(d.Tabs, tv)
	}
	return d
}

// renderValue turns one field into safe HTML. HTML fields were sanitised on load; all other
// text is escaped here, and links are only made for http(s) and mailto.
func renderValue(lang string, f field, it *Item) (template.HTML, bool) {
	esc := template.HTMLEscapeString
	switch f.Kind {
	case kindHTML:
		s := strings.TrimSpace(f.get(it))
		if StripHTML(s) == "" {
			return "", true
		}
		return template.HTML(s), false //nolint:gosec // sanitised on load to p, div, br, ul, ol, li
	case kindList:
		vs := f.list(it)
		if len(vs) == 0 {
			return "", true
		}
		var b strings.Builder
		b.WriteString(`<ul class="value-list">`)
		for _, v := range vs {
			b.WriteString("<li>" + esc(enumLabel(lang, v)) + "</li>")
		}
		b.WriteString("</ul>")
		return template.HTML(b.String()), false
	case kindLinks:
		ls := f.links(it)
		if len(ls) == 0 {
			return "", true
		}
		var b strings.Builder
		b.WriteString(`<ul class="value-list">`)
		for _, l := range ls {
			b.WriteString("<li>" + link(l.Link, l.Title) + "</li>")
		}
		b.WriteString("</ul>")
		return template.HTML(b.String()), false
	}
	s := strings.TrimSpace(f.get(it))
	if s == "" {
		return "", true
	}
	switch f.Kind {
	case kindEnum:
		return template.HTML(esc(enumLabel(lang, s))), false
	case kindURL:
		return template.HTML(link(s, s)), false
	case kindMail:
		if !strings.Contains(s, "://") && strings.Contains(s, "@") && !strings.ContainsAny(s, " <>\"'") {
			return template.HTML(`<a href="mailto:` + esc(s) + `">` + esc(s) + `</a>`), false
		}
		return template.HTML(link(s, s)), false
	}
	return template.HTML(esc(s)), false
}

// link is an anchor for http(s) URLs and plain text for anything else.
func link(href, text string) string {
	esc := template.HTMLEscapeString
	if text == "" {
		text = href
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if href == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return esc(text)
	}
	return `<a href="` + esc(u.String()) + `" rel="noopener">` + esc(text) + `</a>`
}

func enumLabel(lang, v string) string {
	if s, ok := catalogues[lang]["enum."+v]; ok {
		return s
	}
	return v
}

// sitemap lists every page in both languages.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	if !s.onlyGET(w, r) {
		return
	}
	snap := s.snap()
	if notModified(w, r, etag(snap.hash, r.Host+r.URL.RequestURI()), cachePage) {
		return
	}
	base := baseURL(r)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(p string) {
		b.WriteString("<url><loc>")
		template.HTMLEscape(&b, []byte(base+p))
		b.WriteString("</loc></url>\n")
	}
	for _, pre := range []string{"", "/en"} {
		home := pre
		if home == "" {
			home = "/"
		}
		loc(home)
		loc(pre + "/algoritmes")
		loc(pre + "/over")
		loc(pre + "/toegankelijkheid")
		for i := range snap.items {
			loc(pre + "/algoritme/" + url.PathEscape(snap.items[i].SourceID))
		}
	}
	b.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	if !s.onlyGET(w, r) {
		return
	}
	if notModified(w, r, etag("robots", r.Host), cacheStatic) {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\nSitemap: " + baseURL(r) + "/sitemap.xml\n"))
}

// baseURL is the site's origin as the client addressed it.
func baseURL(r *http.Request) string {
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func openFile(p string) (*os.File, error) { return os.Open(p) }

func readAsset(fsys fs.FS, name string) ([]byte, error) {
	if name == "" || strings.Contains(name, "/") || strings.HasPrefix(name, ".") {
		return nil, fs.ErrNotExist
	}
	return fs.ReadFile(fsys, name)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".woff2":
		return "font/woff2"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	}
	return "application/octet-stream"
}
