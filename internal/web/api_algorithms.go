package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
)

// assigned are the fields the register sets itself; a client may send them back (from a GET)
// and they are ignored.
var assigned = []string{"id", "revision", "state", "created_at", "created_by", "updated_at", "updated_by",
	"publication_dt", "published_revision", "public_id", "impact_on_citizens", "publication_category_override"}

func etag(d *register.Description) string { return fmt.Sprintf(`"%s-%d"`, d.ID, d.Revision) }

// withMarking sets the header that tells the highest classification level in the response.
func withMarking(w http.ResponseWriter, l register.Level) {
	w.Header().Set("X-Classification", string(l))
}

func (s *Server) algorithmList(w http.ResponseWriter, r *http.Request, a service.Actor) {
	q, probs := parseListQuery(r.URL.Query())
	if len(probs) > 0 {
		writeError(w, r, s.log, register.Invalid(probs))
		return
	}
	items, total, err := s.svc.ListDescriptions(r.Context(), a, q)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if items == nil {
		items = []register.Description{}
	}
	withMarking(w, service.Marking(items))
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total, "page": q.Page, "pageSize": q.PageSize})
}

var listKeys = map[string]bool{"q": true, "unit": true, "status": true, "publicationCategory": true, "state": true,
	"classification": true, "sort": true, "page": true, "pageSize": true}

// parseListQuery reads and checks the list's query keys, reporting every problem.
func parseListQuery(v url.Values) (service.ListQuery, []register.FieldProblem) {
	q := service.ListQuery{Page: 1, PageSize: 20}
	var probs []register.FieldProblem
	for k := range v {
		if !listKeys[k] {
			name := k
			if name == "" { // "?=x": the problem must still name something
				name = "(lege parameternaam)"
			}
			probs = append(probs, register.FieldProblem{Name: name, Reason: "is geen bekende zoekparameter"})
		}
	}
	q.Q = strings.TrimSpace(v.Get("q"))
	if len([]rune(q.Q)) > 200 {
		probs = append(probs, register.FieldProblem{Name: "q", Reason: "is langer dan 200 tekens"})
	}
	q.Unit = strings.ToUpper(strings.TrimSpace(v.Get("unit")))
	if st := v.Get("status"); st != "" {
		if f, _ := standard.Field("status"); !contains(f.Enum, st) {
			probs = append(probs, register.FieldProblem{Name: "status", Reason: "kies uit " + strings.Join(f.Enum, ", ")})
		}
		q.Status = st
	}
	if pc := v.Get("publicationCategory"); pc != "" {
		if f, _ := standard.Field("publication_category"); !contains(f.Enum, pc) {
			probs = append(probs, register.FieldProblem{Name: "publicationCategory", Reason: "kies uit " + strings.Join(f.Enum, ", ")})
		}
		q.PublicationCategory = pc
	}
	if st := v.Get("state"); st != "" {
		q.State = register.State(st)
		if !q.State.Valid() {
			probs = append(probs, register.FieldProblem{Name: "state", Reason: "onbekende workflowstatus"})
		}
	}
	if l := v.Get("classification"); l != "" {
		q.Level = register.Level(l)
		if !q.Level.Valid() {
			probs = append(probs, register.FieldProblem{Name: "classification", Reason: "onbekend rubriceringsniveau"})
		}
	}
	switch srt := v.Get("sort"); srt {
	case "", "name", "unit", "updated", "-updated":
		q.Sort = srt
	default:
		probs = append(probs, register.FieldProblem{Name: "sort", Reason: "kies uit name, unit, updated, -updated"})
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100000 {
			probs = append(probs, register.FieldProblem{Name: "page", Reason: "moet een geheel getal vanaf 1 zijn"})
		}
		q.Page = n
	}
	if p := v.Get("pageSize"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100 {
			probs = append(probs, register.FieldProblem{Name: "pageSize", Reason: "moet een geheel getal van 1 tot en met 100 zijn"})
		}
		q.PageSize = n
	}
	return q, probs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) algorithmCreate(w http.ResponseWriter, r *http.Request, a service.Actor) {
	var in service.DescriptionInput
	if err := decodeJSON(w, r, &in, assigned...); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	d, err := s.svc.CreateDescription(r.Context(), a, in)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/algorithms/"+d.ID)
	w.Header().Set("ETag", etag(d))
	withMarking(w, d.Classification)
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) algorithmGet(w http.ResponseWriter, r *http.Request, a service.Actor) {
	d, err := s.svc.GetDescription(r.Context(), a, r.PathValue("id"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("ETag", etag(d))
	w.Header().Set("Cache-Control", "private, no-cache")
	withMarking(w, d.Classification)
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag(d) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// ifMatchRevision reads the revision from If-Match; 428 when missing, 412 when it names
// another description or cannot be read.
func ifMatchRevision(r *http.Request, id string) (int, error) {
	m := strings.TrimSpace(r.Header.Get("If-Match"))
	if m == "" {
		return 0, register.Errorf(register.EPRECONDITION, "Stuur de ETag van de versie die u bewerkte mee in If-Match, zodat geen wijziging van een ander verloren gaat.")
	}
	m = strings.TrimPrefix(m, "W/")
	m = strings.Trim(m, `"`)
	gotID, rev, ok := strings.Cut(m, "-")
	n, err := strconv.Atoi(rev)
	if !ok || err != nil || gotID != id {
		return 0, register.Errorf(register.ESTALE, "If-Match komt niet overeen met de huidige versie van deze beschrijving.")
	}
	return n, nil
}

func (s *Server) algorithmReplace(w http.ResponseWriter, r *http.Request, a service.Actor) {
	id := r.PathValue("id")
	// Visibility first: a hidden id answers 404 whatever the headers or body.
	if err := s.svc.CheckVisible(r.Context(), a, id); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	rev, err := ifMatchRevision(r, id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	var in service.DescriptionInput
	if err := decodeJSON(w, r, &in, assigned...); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	d, err := s.svc.UpdateDescription(r.Context(), a, id, rev, in)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("ETag", etag(d))
	withMarking(w, d.Classification)
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) algorithmRevisions(w http.ResponseWriter, r *http.Request, a service.Actor) {
	revs, err := s.svc.Revisions(r.Context(), a, r.PathValue("id"))
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	level := register.Ongerubriceerd
	for _, rv := range revs {
		level = register.Highest(level, rv.Snapshot.Classification)
	}
	withMarking(w, level)
	w.Header().Set("Cache-Control", "private, no-cache")
	writeJSON(w, http.StatusOK, map[string]any{"items": revs, "total": len(revs)})
}

type transitionIn struct {
	Action  register.Action `json:"action"`
	Comment string          `json:"comment"`
}

func (s *Server) algorithmTransition(w http.ResponseWriter, r *http.Request, a service.Actor) {
	id := r.PathValue("id")
	if err := s.svc.CheckVisible(r.Context(), a, id); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	var in transitionIn
	if err := decodeJSON(w, r, &in); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if in.Action == "" {
		writeError(w, r, s.log, register.Invalid([]register.FieldProblem{{Name: "action", Reason: "is verplicht"}}))
		return
	}
	d, err := s.svc.Transition(r.Context(), a, id, in.Action, in.Comment)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("ETag", etag(d))
	withMarking(w, d.Classification)
	writeJSON(w, http.StatusOK, d)
}
