package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
)

type termsData struct {
	Terms []string
	Input string
	Errs  []string
}

// termsPage lists the sensitive terms the pre-publication scan blocks, for administrators.
func (s *Server) termsPage(w http.ResponseWriter, r *http.Request, v *view) {
	s.termsRender(w, r, v, http.StatusOK, "", nil)
}

func (s *Server) termsRender(w http.ResponseWriter, r *http.Request, v *view, status int, input string, probs []register.FieldProblem) {
	if err := access.CheckGlobal(v.User, access.TermsManage); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	terms, err := s.svc.Terms(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := termsData{Terms: terms, Input: input}
	for _, p := range probs {
		data.Errs = append(data.Errs, p.Reason)
	}
	v.Title, v.Nav = v.T("terms.title"), "terms"
	if v.Notice == "" {
		v.Notice = noticeOf(v, r)
	}
	if len(probs) > 0 {
		v.Error = v.T("form.invalid")
	}
	v.Data = data
	s.render(w, r, status, "terms", v)
}

// termsChange adds the terms of the form (one a line) or removes one. The terms never appear in
// the log or the audit trail; the service records only how many changed.
func (s *Server) termsChange(w http.ResponseWriter, r *http.Request, v *view) {
	add := r.PostFormValue("op") != "remove"
	var terms []string
	input := ""
	if add {
		input = r.PostFormValue("terms")
		for _, line := range strings.Split(input, "\n") {
			if t := strings.TrimSpace(line); t != "" {
				terms = append(terms, t)
			}
		}
		if len(terms) == 0 {
			s.termsRender(w, r, v, http.StatusBadRequest, input, []register.FieldProblem{{Name: "terms", Reason: "Gevoelige termen: vul minstens één term in"}})
			return
		}
	} else {
		terms = []string{r.PostFormValue("term")}
	}
	_, err := s.svc.ChangeTerms(r.Context(), v.actor, add, terms)
	switch register.ErrorCode(err) {
	case "":
		notice := "termsAdded"
		if !add {
			notice = "termsRemoved"
		}
		redirect(w, r, "/gevoelige-termen", notice)
	case register.EINVALID:
		probs := problemsOf(err)
		for i := range probs {
			var n int
			if _, e := fmt.Sscanf(probs[i].Name, "term[%d]", &n); e == nil && n >= 0 && n < len(terms) {
				probs[i].Reason = fmt.Sprintf("%s „%s”: %s", v.T("terms.term"), terms[n], probs[i].Reason)
			}
		}
		s.termsRender(w, r, v, http.StatusBadRequest, input, probs)
	default:
		s.renderError(w, r, v, err)
	}
}
