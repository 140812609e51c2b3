package web

import (
	"net/http"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
)

// loginCrossOrigin refuses a login form posted from another site (login CSRF): there is no
// session yet to hold a token, so the browser's Sec-Fetch-Site and Origin headers decide.
var loginCrossOrigin = http.NewCrossOriginProtection()

type loginData struct {
	Email string
	Next  string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	v := s.anonView(r)
	v.Title = v.T("login.title")
	if _, u, _, _ := s.svc.Session(r.Context(), r, s.secure(r)); u != nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	if r.URL.Query().Get("ok") == "logout" {
		v.Notice = v.T("notice.logout")
	}
	v.Data = loginData{Next: localPath(r.URL.Query().Get("next"))}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "login", v)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	v := s.anonView(r)
	v.Title = v.T("login.title")
	w.Header().Set("Cache-Control", "no-store")
	origin := clientAddr(r)
	if err := loginCrossOrigin.Check(r); err != nil {
		s.svc.AuditLoginRefusal(r.Context(), auth.AuditCSRF, origin, "inlogformulier van een andere website")
		s.renderError(w, r, v, register.Errorf(register.EFORBIDDEN, auth.CSRFMessage))
		return
	}
	email, password, err := auth.ReadLogin(w, r)
	next := localPath(r.PostFormValue("next"))
	data := loginData{Email: r.PostFormValue("email"), Next: next}
	if err != nil {
		s.svc.AuditLoginRefusal(r.Context(), auth.AuditLoginRequest, origin, err.Error())
		v.Data = data
		v.Error = register.ErrorMessage(err)
		if p := problemsOf(err); len(p) > 0 {
			v.Error = v.T("login.incomplete")
		}
		s.render(w, r, statusOf[register.ErrorCode(err)], "login", v)
		return
	}
	res, err := s.svc.Login(r.Context(), s.opts.Limiter, email, password, origin)
	if err != nil {
		v.Data = data
		v.Error = v.T("login.failed")
		status := statusOf[register.ErrorCode(err)]
		if status == 0 {
			status = http.StatusInternalServerError
			v.Error = register.ErrorMessage(err)
			s.log.Error("login failed", "err", err)
		}
		s.render(w, r, status, "login", v)
		return
	}
	auth.SetSessionCookie(w, res.Cookie, s.secure(r))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) oidcBegin(w http.ResponseWriter, r *http.Request) {
	if s.opts.OIDC == nil {
		s.pageNotFound(w, r)
		return
	}
	s.opts.OIDC.Begin(w, r)
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.opts.OIDC == nil {
		s.pageNotFound(w, r)
		return
	}
	v := s.anonView(r)
	v.Title = v.T("login.title")
	w.Header().Set("Cache-Control", "no-store")
	id, err := s.opts.OIDC.Finish(r.Context(), w, r)
	if err != nil {
		s.svc.AuditLoginRefusal(r.Context(), auth.AuditLoginOIDC, clientAddr(r), err.Error())
		v.Data = loginData{Next: "/"}
		v.Error = v.T("login.failed")
		s.render(w, r, http.StatusUnauthorized, "login", v)
		return
	}
	res, err := s.svc.LoginOIDC(r.Context(), id, clientAddr(r))
	if err != nil {
		v.Data = loginData{Next: "/"}
		v.Error = v.T("login.failed")
		s.render(w, r, http.StatusUnauthorized, "login", v)
		return
	}
	auth.SetSessionCookie(w, res.Cookie, s.secure(r))
	http.Redirect(w, r, localPath(id.ReturnTo), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, v *view) {
	if err := s.svc.Logout(r.Context(), w, r, v.actor, s.secure(r)); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	http.Redirect(w, r, "/inloggen?ok=logout", http.StatusSeeOther)
}

func canGlobal(u *register.User, action string) bool {
	return access.CanGlobal(u, access.Action(action))
}
