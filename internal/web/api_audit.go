package web

import (
	"net/http"
	"strconv"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

var auditKeys = map[string]bool{"actor": true, "action": true, "object": true, "result": true, "after": true, "limit": true}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request, a service.Actor) {
	v := r.URL.Query()
	var probs []register.FieldProblem
	for k := range v {
		if !auditKeys[k] {
			probs = append(probs, register.FieldProblem{Name: k, Reason: "is geen bekende zoekparameter"})
		}
	}
	q := service.AuditQuery{Actor: v.Get("actor"), Action: v.Get("action"), Object: v.Get("object"), Result: v.Get("result")}
	if x := v.Get("after"); x != "" {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n < 0 {
			probs = append(probs, register.FieldProblem{Name: "after", Reason: "moet een volgnummer vanaf 0 zijn"})
		}
		q.After = n
	}
	if x := v.Get("limit"); x != "" {
		n, err := strconv.Atoi(x)
		if err != nil || n < 1 || n > 1000 {
			probs = append(probs, register.FieldProblem{Name: "limit", Reason: "moet een geheel getal van 1 tot en met 1000 zijn"})
		}
		q.Limit = n
	}
	if len(probs) > 0 {
		writeError(w, r, s.log, register.Invalid(probs))
		return
	}
	items, err := s.svc.AuditEntries(r.Context(), a, q)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
}
