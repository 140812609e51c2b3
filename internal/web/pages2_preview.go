package web

import (
	"net/http"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

type previewData struct {
	D        *register.Description
	Fields   []publish.FieldPreview
	Findings []publish.Finding
	// Changed counts the fields whose public text differs from the internal one.
	Changed int
}

// previewPage shows an assessor or approver, before deciding, what the next publication run
// would publish: the scan's findings first (each one blocks publication), then every field's
// internal and public text side by side with what happens to it.
func (s *Server) previewPage(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	p, err := s.svc.PublicationPreview(r.Context(), v.actor, id)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := previewData{D: d, Fields: p.Fields, Findings: p.Findings}
	for _, f := range p.Fields {
		if f.Action != "" && f.Action != string(register.FieldPublish) && f.Action != publish.PreviewSystem {
			data.Changed++
		}
	}
	v.Title, v.Nav = trf(v.Lang, "preview.title", d.Name), "list"
	v.Mark(d.Classification)
	v.Data = data
	s.render(w, r, http.StatusOK, "preview", v)
}

func init() {
	funcs["canPreview"] = canPreview
	funcs["actionStrings"] = func(as []register.Action) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = string(a)
		}
		return out
	}
}

// canPreview reports whether the description page offers the publication preview: to whoever
// may assess or decide on the description (the same rule as service.PublicationPreview), once
// an assessment exists.
func canPreview(u *register.User, d *register.Description, asm *service.AssessmentResult) bool {
	if u == nil || d == nil || asm == nil {
		return false
	}
	return access.Can(u, access.Approve, d.Unit, d.Classification) || access.Can(u, access.Assess, d.Unit, d.Classification) ||
		access.CanGlobal(u, access.Publish)
}
