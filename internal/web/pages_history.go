package web

import (
	"net/http"
	"strconv"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
)

type historyData struct {
	D         *register.Description
	Revisions []register.Revision
	A, B      int
	Changes   []fieldChange
	Compared  bool
}

// fieldChange is one field that differs between the two compared revisions.
type fieldChange struct {
	Name  string
	Title string
	Ops   []diffOp
}

func (s *Server) descriptionHistory(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	revs, err := s.svc.Revisions(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav = v.T("history.title")+": "+d.Name, "list"
	v.Mark(d.Classification)
	data := historyData{D: d, Revisions: revs}
	for _, rv := range revs {
		v.Mark(rv.Snapshot.Classification)
	}
	// Default: the newest revision against the one before it.
	data.B, data.A = d.Revision, d.Revision-1
	if q := r.URL.Query(); q.Get("a") != "" || q.Get("b") != "" {
		data.A, _ = strconv.Atoi(q.Get("a"))
		data.B, _ = strconv.Atoi(q.Get("b"))
	}
	var ra, rb *register.Revision
	for i := range revs {
		if revs[i].Revision == data.A {
			ra = &revs[i]
		}
		if revs[i].Revision == data.B {
			rb = &revs[i]
		}
	}
	if ra != nil && rb != nil {
		data.Compared = true
		fa, fb := flatten(service.InputOf(&ra.Snapshot)), flatten(service.InputOf(&rb.Snapshot))
		add := func(name, title string) {
			if fa[name] != fb[name] {
				data.Changes = append(data.Changes, fieldChange{Name: name, Title: title, Ops: diffWords(fa[name], fb[name])})
			}
		}
		for _, def := range standard.Fields() {
			add(def.Name, def.Title)
		}
		for _, k := range []string{"unit", "classification", "owners", "internal_notes"} {
			add(k, v.T("field."+k))
		}
	}
	v.Data = data
	s.render(w, r, http.StatusOK, "history", v)
}
