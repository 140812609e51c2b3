package web

import (
	"net/http"
	"strconv"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

func (s *Server) progressGet(w http.ResponseWriter, r *http.Request, a service.Actor) {
	v := r.URL.Query()
	year := 0
	var probs []register.FieldProblem
	for k := range v {
		if k != "year" {
			probs = append(probs, register.FieldProblem{Name: k, Reason: "is geen bekende zoekparameter"})
		}
	}
	if y := v.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 9999 {
			probs = append(probs, register.FieldProblem{Name: "year", Reason: "moet een jaartal zijn, bijv. 2026"})
		}
		year = n
	}
	if len(probs) > 0 {
		writeError(w, r, s.log, register.Invalid(probs))
		return
	}
	f, err := s.svc.Progress(r.Context(), a, year)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	withMarking(w, f.Marking)
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, f)
}
