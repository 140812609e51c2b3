package web

import (
	"net/http"

	"github.com/defensie/algoreg/internal/service"
)

func (s *Server) previewGet(w http.ResponseWriter, r *http.Request, a service.Actor) {
	res, err := s.svc.PublicationPreview(r.Context(), a, r.PathValue("id"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	writeJSON(w, http.StatusOK, res)
}
