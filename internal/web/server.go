// Package web is the internal application: the JSON API under /api/v1 and the HTML pages.
package web

import (
	"context"
	_ "embed"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

// APIVersion is the version of the internal API, sent in the API-Version header.
const APIVersion = "1.0.0"

//go:embed openapi.json
var openapiJSON []byte

// Server serves the internal application.
type Server struct {
	svc  *service.Service
	log  *slog.Logger
	mux  *http.ServeMux
	opts Options
	ui   *ui
}

// New returns the internal application on svc; opts (at most one) configures the pages' login.
func New(svc *service.Service, log *slog.Logger, opts ...Options) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{svc: svc, log: log, mux: http.NewServeMux(), ui: loadUI()}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	if s.opts.Limiter == nil {
		s.opts.Limiter = auth.DefaultLimiter()
	}
	s.routes()
	return s
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.headers(s.mux))
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/openapi.json", s.openapi)
	m.HandleFunc("OPTIONS /api/v1/openapi.json", s.openapi)
	m.HandleFunc("GET /api/v1/algorithms", s.api(s.algorithmList))
	m.HandleFunc("POST /api/v1/algorithms", s.api(s.algorithmCreate))
	m.HandleFunc("GET /api/v1/algorithms/{id}", s.api(s.algorithmGet))
	m.HandleFunc("PUT /api/v1/algorithms/{id}", s.api(s.algorithmReplace))
	m.HandleFunc("GET /api/v1/algorithms/{id}/revisions", s.api(s.algorithmRevisions))
	m.HandleFunc("POST /api/v1/algorithms/{id}/transitions", s.api(s.algorithmTransition))
	m.HandleFunc("GET /api/v1/algorithms/{id}/classification", s.api(s.classificationGet))
	m.HandleFunc("PUT /api/v1/algorithms/{id}/classification", s.api(s.classificationPut))
	m.HandleFunc("GET /api/v1/algorithms/{id}/publication-assessment", s.api(s.assessmentGet))
	m.HandleFunc("PUT /api/v1/algorithms/{id}/publication-assessment", s.api(s.assessmentPut))
	m.HandleFunc("GET /api/v1/algorithms/{id}/publication-preview", s.api(s.previewGet))
	m.HandleFunc("GET /api/v1/audit-entries", s.api(s.auditList))
	m.HandleFunc("GET /api/v1/progress", s.api(s.progressGet))
	// Method-less patterns catch every other method on a known path: 405, as problem+json.
	for _, p := range []string{"/api/v1/openapi.json", "/api/v1/algorithms", "/api/v1/algorithms/{id}",
		"/api/v1/algorithms/{id}/revisions", "/api/v1/algorithms/{id}/transitions",
		"/api/v1/algorithms/{id}/classification", "/api/v1/algorithms/{id}/publication-assessment", "/api/v1/algorithms/{id}/publication-preview", "/api/v1/audit-entries", "/api/v1/progress"} {
		m.HandleFunc(p, s.methodNotAllowed)
	}
	m.HandleFunc("/api/", s.notFound)
	s.pageRoutes(m)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, http.StatusMethodNotAllowed, "De methode "+r.Method+" is niet toegestaan op "+r.URL.Path+".", nil)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, r, http.StatusNotFound, "Deze pagina of dit adres bestaat niet.", nil)
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Methods", "GET, OPTIONS")
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiJSON)
}

// headers sets what every response carries.
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("API-Version", APIVersion)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a plain 500 problem: no stack trace ever reaches a user.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", v)
				writeProblem(w, r, http.StatusInternalServerError, register.ErrorMessage(nil), nil)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type ctxKey int

const actorKey ctxKey = 1

// api wraps an API handler: it authenticates the caller and hands over the actor.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request, a service.Actor)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, err := s.authenticate(r)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), actorKey, a)), a)
	}
}

func (s *Server) authenticate(r *http.Request) (service.Actor, error) {
	origin := clientAddr(r)
	authz := r.Header.Get("Authorization")
	if scheme, tok, ok := strings.Cut(authz, " "); ok && strings.EqualFold(scheme, "Bearer") {
		u, err := s.svc.Authenticate(r.Context(), strings.TrimSpace(tok), origin)
		if err != nil {
			return service.Actor{}, err
		}
		return service.Actor{User: u, Origin: origin}, nil
	}
	if a, ok, err := s.sessionActor(r); ok || err != nil {
		return a, err
	}
	return service.Actor{}, register.Errorf(register.EUNAUTHORIZED, "Niet aangemeld: stuur Authorization: Bearer TOKEN (maak een token met algoreg token create).")
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
