package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/defensie/algoreg/internal/classify"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/risk"
	"github.com/defensie/algoreg/internal/service"
)

// bodyBytes returns the request body, bounded, after the media-type check.
func bodyBytes(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !bytes.HasPrefix(bytes.ToLower([]byte(ct)), []byte("application/json")) {
		return nil, &register.Error{Code: "unsupported_media_type", Message: "Stuur JSON met Content-Type: application/json."}
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, register.Errorf(register.ETOOLARGE, "Het verzoek is groter dan %d bytes.", maxBody)
		}
		return nil, register.Errorf(register.EINVALID, "Het verzoek kon niet worden gelezen.")
	}
	return b, nil
}

// visibleBody answers 404 for a description the caller may not see (before looking at the
// body), then reads the bounded JSON body; ok is false when an answer was written.
func (s *Server) visibleBody(w http.ResponseWriter, r *http.Request, a service.Actor, id string) ([]byte, bool) {
	if err := s.svc.CheckVisible(r.Context(), a, id); err != nil {
		writeError(w, r, s.log, err)
		return nil, false
	}
	body, err := bodyBytes(w, r)
	if err != nil {
		writeError(w, r, s.log, err)
		return nil, false
	}
	return body, true
}

func (s *Server) classificationPut(w http.ResponseWriter, r *http.Request, a service.Actor) {
	id := r.PathValue("id")
	body, ok := s.visibleBody(w, r, a, id)
	if !ok {
		return
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		writeError(w, r, s.log, register.Invalid([]register.FieldProblem{{Name: "body", Reason: "is geen geldig JSON-object"}}))
		return
	}
	var ov *service.Override
	var probs []register.FieldProblem
	if o, ok := raw["override"]; ok {
		delete(raw, "override")
		if string(o) != "null" {
			ov = &service.Override{}
			if err := decodeObject(o, ov); err != nil {
				probs = append(probs, prefixed("override.", err)...)
			}
		}
	}
	rest, _ := json.Marshal(raw)
	facts, fprobs := classify.DecodeFacts(bytes.NewReader(rest))
	probs = append(fprobs, probs...)
	if len(probs) > 0 {
		writeError(w, r, s.log, register.Invalid(probs))
		return
	}
	res, err := s.svc.Classify(r.Context(), a, id, facts, ov)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func prefixed(prefix string, err error) []register.FieldProblem {
	var e *register.Error
	if !errors.As(err, &e) {
		return []register.FieldProblem{{Name: prefix, Reason: "is ongeldig"}}
	}
	out := make([]register.FieldProblem, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = register.FieldProblem{Name: prefix + p.Name, Reason: p.Reason}
	}
	return out
}

func (s *Server) classificationGet(w http.ResponseWriter, r *http.Request, a service.Actor) {
	res, err := s.svc.Classification(r.Context(), a, r.PathValue("id"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) assessmentPut(w http.ResponseWriter, r *http.Request, a service.Actor) {
	id := r.PathValue("id")
	body, ok := s.visibleBody(w, r, a, id)
	if !ok {
		return
	}
	asm, probs := risk.DecodeAssessment(bytes.NewReader(body))
	if len(probs) > 0 {
		writeError(w, r, s.log, register.Invalid(probs))
		return
	}
	res, err := s.svc.Assess(r.Context(), a, id, asm)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) assessmentGet(w http.ResponseWriter, r *http.Request, a service.Actor) {
	res, err := s.svc.Assessment(r.Context(), a, r.PathValue("id"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, res)
}
