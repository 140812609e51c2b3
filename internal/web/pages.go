package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/webassets"
	"github.com/defensie/algoreg/internal/workflow"
)

// Options configure the pages of the internal application.
type Options struct {
	// SecureCookies marks the session cookie Secure with the __Host- prefix. Set it whenever the
	// application is reached over HTTPS (also behind a TLS-terminating proxy); it is implied for
	// requests that arrive over TLS directly.
	SecureCookies bool
	// OIDC, when set, adds a "log in with your organisation account" button.
	OIDC *auth.OIDC
	// Limiter throttles password guessing; nil means auth.DefaultLimiter().
	Limiter *auth.Limiter
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// ui holds the parsed page templates, one set per page (each with the shared layout).
type ui struct {
	pages map[string]*template.Template
}

func loadUI() *ui {
	u := &ui{pages: map[string]*template.Template{}}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t := template.Must(template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
		u.pages[base] = t
	}
	return u
}

// maxFormBody bounds ordinary form posts; the import page has its own, larger bound.
const maxFormBody = 1 << 20

// pageRoutes registers the HTML pages of the internal application.
func (s *Server) pageRoutes(m *http.ServeMux) {
	static, _ := fs.Sub(staticFS, "static")
	m.Handle("GET /static/app/", http.StripPrefix("/static/app/", cacheStatic(http.FileServerFS(static))))
	m.Handle("GET /static/rh/", http.StripPrefix("/static/rh/", cacheStatic(http.FileServerFS(webassets.FS()))))

	m.HandleFunc("GET /inloggen", s.loginForm)
	m.HandleFunc("POST /inloggen", s.loginSubmit)
	m.HandleFunc("GET /inloggen/oidc", s.oidcBegin)
	m.HandleFunc("GET /inloggen/oidc/callback", s.oidcCallback)
	m.HandleFunc("GET /login/oidc/callback", s.oidcCallback)
	m.HandleFunc("POST /uitloggen", s.page(s.logout))
	m.HandleFunc("GET /taal", s.language)

	m.HandleFunc("GET /{$}", s.page(s.dashboard))
	m.HandleFunc("GET /beschrijvingen", s.page(s.descriptionList))
	m.HandleFunc("GET /beschrijvingen/nieuw", s.page(s.descriptionNew))
	m.HandleFunc("POST /beschrijvingen/nieuw", s.page(s.descriptionCreate))
	m.HandleFunc("GET /beschrijvingen/{id}", s.page(s.descriptionView))
	m.HandleFunc("GET /beschrijvingen/{id}/bewerken", s.page(s.descriptionEdit))
	m.HandleFunc("POST /beschrijvingen/{id}/bewerken", s.page(s.descriptionSave))
	m.HandleFunc("GET /beschrijvingen/{id}/geschiedenis", s.page(s.descriptionHistory))
	m.HandleFunc("POST /beschrijvingen/{id}/stap", s.page(s.descriptionStep))
	m.HandleFunc("GET /beschrijvingen/{id}/classificatie", s.page(s.classificationForm))
	m.HandleFunc("POST /beschrijvingen/{id}/classificatie", s.page(s.classificationSave))
	m.HandleFunc("GET /beschrijvingen/{id}/beoordeling", s.page(s.assessmentForm))
	m.HandleFunc("POST /beschrijvingen/{id}/beoordeling", s.page(s.assessmentSave))
	m.HandleFunc("GET /inventarisatie", s.page(s.roundList))
	m.HandleFunc("POST /inventarisatie", s.page(s.roundOpen))
	m.HandleFunc("GET /inventarisatie/{year}", s.page(s.roundView))
	m.HandleFunc("POST /inventarisatie/{year}", s.page(s.roundConfirm))
	m.HandleFunc("GET /importeren", s.page(s.importForm))
	m.HandleFunc("POST /importeren", s.pageLimit(s.importRun, maxImportBody))
	m.HandleFunc("GET /gebruikers", s.page(s.userList))
	m.HandleFunc("POST /gebruikers", s.page(s.userAdd))
	m.HandleFunc("POST /gebruikers/status", s.page(s.userDisable))
	m.HandleFunc("GET /gebruikers/wijzigen", s.page(s.userEdit))
	m.HandleFunc("POST /gebruikers/wijzigen", s.page(s.userUpdate))
	m.HandleFunc("GET /beschrijvingen/{id}/voorvertoning", s.page(s.previewPage))
	m.HandleFunc("GET /voortgang", s.page(s.progressPage))
	m.HandleFunc("GET /voortgang/lijst", s.page(s.progressList))
	m.HandleFunc("GET /herbeoordelingen", s.page(s.reviewsPage))
	m.HandleFunc("GET /audittrail", s.page(s.auditPage))
	m.HandleFunc("GET /audittrail/export", s.page(s.auditExport))
	m.HandleFunc("GET /gevoelige-termen", s.page(s.termsPage))
	m.HandleFunc("POST /gevoelige-termen", s.page(s.termsChange))
	m.HandleFunc("/", s.pageNotFound)
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// secure reports whether the session cookie must be the __Host- one for this request.
func (s *Server) secure(r *http.Request) bool { return s.opts.SecureCookies || r.TLS != nil }

// sessionActor returns the actor of a browser session cookie: ok is false when the request
// carries no session at all, err is set when it carries a bad one. A state-changing API call
// made with a session needs the CSRF token in the X-CSRF-Token header.
func (s *Server) sessionActor(r *http.Request) (service.Actor, bool, error) {
	sess, u, ok, err := s.svc.Session(r.Context(), r, s.secure(r))
	if !ok || err != nil {
		return service.Actor{}, ok, err
	}
	a := service.Actor{User: u, Origin: clientAddr(r)}
	if err := auth.CheckCSRF(r, sess); err != nil {
		s.svc.AuditCSRF(r.Context(), a, r.URL.Path)
		return service.Actor{}, true, err
	}
	return a, true, nil
}

// view is what every page template gets: the language, the user, the CSRF token, the
// classification marking and the page's own data.
type view struct {
	Lang    string
	Title   string
	Nav     string
	Path    string
	User    *register.User
	CSRF    string
	Marking register.Level
	Notice  string
	Error   string
	Data    any
	OIDC    bool
	actor   service.Actor
}

// T returns the text for key in the page's language.
func (v *view) T(key string) string { return tr(v.Lang, key) }

// Can reports whether the user may take a global action (for the navigation).
func (v *view) Can(action string) bool { return canGlobal(v.User, action) }

// LangSwitch is the link that switches to the other language and comes back here.
func (v *view) LangSwitch() string {
	return "/taal?lang=" + otherLang(v.Lang) + "&next=" + url.QueryEscape(v.Path)
}

// Mark raises the page's marking to at least l.
func (v *view) Mark(l register.Level) { v.Marking = register.Highest(v.Marking, l) }

type pageHandler func(w http.ResponseWriter, r *http.Request, v *view)

// page wraps a page handler: it requires a valid session (else it sends the browser to the
// login page), bounds the body and checks the CSRF token of every state-changing request.
func (s *Server) page(h pageHandler) http.HandlerFunc { return s.pageLimit(h, maxFormBody) }

func (s *Server) pageLimit(h pageHandler, limit int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		sess, u, _, err := s.svc.Session(r.Context(), r, s.secure(r))
		if err != nil && register.ErrorCode(err) != register.EUNAUTHORIZED {
			s.renderError(w, r, s.anonView(r), err)
			return
		}
		if u == nil {
			auth.ClearSessionCookie(w, s.secure(r))
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
			}
			http.Redirect(w, r, "/inloggen?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		v := s.anonView(r)
		v.User, v.CSRF = u, sess.CSRF
		v.actor = service.Actor{User: u, Origin: clientAddr(r)}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			if err := auth.CheckCSRF(r, sess); err != nil {
				s.svc.AuditCSRF(r.Context(), v.actor, r.URL.Path)
				s.renderError(w, r, v, err)
				return
			}
		}
		h(w, r, v)
	}
}

// anonView is the view of a page before login.
func (s *Server) anonView(r *http.Request) *view {
	return &view{Lang: langOf(r), Path: r.URL.RequestURI(), Marking: register.Ongerubriceerd, OIDC: s.opts.OIDC != nil}
}

// render writes a page. Templates render into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	t, ok := s.ui.pages[name]
	if !ok {
		s.log.Error("no such page template", "name", name)
		http.Error(w, "Interne fout", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render page", "name", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(register.ErrorMessage(err)))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", v.Lang)
	h.Set("X-Classification", string(v.Marking))
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderError shows an error page with the status of the error's code. Hidden records are 404,
// exactly like records that do not exist; internal error text is logged, never shown.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, v *view, err error) {
	code := register.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	var e *register.Error
	if !errors.As(err, &e) {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	v.Title = v.T("error.title")
	v.Marking = register.Ongerubriceerd
	v.Data = errorData{Status: status, Message: register.ErrorMessage(err), Problems: problemsOf(err)}
	if status == http.StatusNotFound {
		v.Data = errorData{Status: status, Message: v.T("error.notfound")}
	}
	s.render(w, r, status, "error", v)
}

type errorData struct {
	Status   int
	Message  string
	Problems []register.FieldProblem
}

func problemsOf(err error) []register.FieldProblem {
	var e *register.Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, s.anonView(r), register.NotFound())
}

// language sets the language cookie and goes back to where the user was.
func (s *Server) language(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("lang")
	if lang != langEN {
		lang = langNL
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// localPath keeps only a path on this site, so a "next" parameter cannot send users elsewhere.
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}

// redirect sends the browser on after a successful POST, with a notice key to show.
func redirect(w http.ResponseWriter, r *http.Request, path, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "ok=" + url.QueryEscape(notice)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// noticeOf returns the catalogue text of the ?ok= notice of a page, if it is a known one.
func noticeOf(v *view, r *http.Request) string {
	k := r.URL.Query().Get("ok")
	if k == "" {
		return ""
	}
	if t := tr(v.Lang, "notice."+k); t != "notice."+k {
		return t
	}
	return ""
}

var funcs = template.FuncMap{
	"levelShort": levelShort,
	"levelClass": func(l register.Level) string { return "marking-" + string(l) },
	"stateLabel": func(lang string, st register.State) string { return tr(lang, "state."+string(st)) },
	"actionLabel": func(lang string, a register.Action) string {
		return tr(lang, "action."+string(a))
	},
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("02-01-2006 15:04")
	},
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"add": func(a, b int) int { return a + b },
	"contains": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"wfStateLabel": workflow.StateLabel,
}

// levelShort is the marking as it is printed on top and bottom of a page.
func levelShort(l register.Level) string {
	switch l {
	case register.DepVertrouwelijk:
		return "DEP. VERTROUWELIJK"
	case register.StgConfidentieel:
		return "STG. CONFIDENTIEEL"
	case register.StgGeheim:
		return "STG. GEHEIM"
	case register.StgZeerGeheim:
		return "STG. ZEER GEHEIM"
	}
	return "ONGERUBRICEERD"
}
