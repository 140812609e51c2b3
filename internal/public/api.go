package public

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

//go:embed openapi.json
var openAPIDoc []byte

// Paging limits of the API and the result pages.
const (
	defaultPageSize = 20
	maxPageSize     = 100
	maxQueryLength  = 200
)

// parseQuery validates the query string of a list request. It returns every problem at
// once. html selects the website's keys (which add category and sort) over the API's.
func parseQuery(v url.Values, html bool) (query, []register.FieldProblem) {
	q := query{Page: 1, PageSize: defaultPageSize}
	var probs []register.FieldProblem
	bad := func(name, reason string) { probs = append(probs, register.FieldProblem{Name: name, Reason: reason}) }
	allowed := map[string]bool{"q": true, "publicationCategory": true, "status": true, "page": true, "pageSize": true}
	if html {
		allowed = map[string]bool{"q": true, "publicationCategory": true, "status": true, "category": true, "sort": true, "page": true}
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !allowed[k] {
			bad(k, "onbekende parameter")
		}
	}
	single := func(k string) (string, bool) {
		vs := v[k]
		if len(vs) > 1 {
			bad(k, "mag maar één keer voorkomen")
		}
		if len(vs) == 0 {
			return "", false
		}
		return vs[0], true
	}
	if s, ok := single("q"); ok {
		s = strings.TrimSpace(s)
		if len([]rune(s)) > maxQueryLength {
			bad("q", "is langer dan "+strconv.Itoa(maxQueryLength)+" tekens")
		}
		q.Q = s
	}
	enum := func(k string, values []string) []string {
		var out []string
		for _, s := range v[k] {
			if s == "" && html {
				continue
			}
			if !slices.Contains(values, s) {
				bad(k, "onbekende waarde "+strconv.Quote(s)+"; toegestaan: "+strings.Join(values, ", "))
				continue
			}
			out = append(out, s)
		}
		return out
	}
	q.PubCats = enum("publicationCategory", publicationCategories)
	q.Statuses = enum("status", statuses)
	if html {
		q.Themes = enum("category", themes)
	}
	if s, ok := single("page"); ok {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			bad("page", "is geen geheel getal")
		case n < 1:
			bad("page", "moet 1 of groter zijn")
		case n > 1_000_000:
			bad("page", "is te groot")
		default:
			q.Page = n
		}
	}
	if s, ok := single("pageSize"); ok {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil:
			bad("pageSize", "is geen geheel getal")
		case n < 1:
			bad("pageSize", "moet 1 of groter zijn")
		case n > maxPageSize:
			bad("pageSize", "mag niet groter zijn dan "+strconv.Itoa(maxPageSize))
		default:
			q.PageSize = n
		}
	}
	q.Sort = "name"
	if q.Q != "" {
		q.Sort = "relevance"
	}
	if html {
		if s, ok := single("sort"); ok && s != "" {
			if !slices.Contains([]string{"relevance", "name", "date"}, s) {
				bad("sort", "onbekende waarde "+strconv.Quote(s)+"; toegestaan: relevance, name, date")
			} else {
				q.Sort = s
			}
		}
	}
	return q, probs
}

// apiList answers GET /api/v1/algorithms.
func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	if !s.onlyGET(w, r) {
		return
	}
	q, probs := parseQuery(r.URL.Query(), false)
	if len(probs) > 0 {
		writeProblem(w, r, http.StatusBadRequest, "Een of meer queryparameters zijn ongeldig.", probs)
		return
	}
	snap := s.snap()
	if notModified(w, r, etag(snap.hash, r.URL.RequestURI()), cacheAPI) {
		return
	}
	res := snap.run(q)
	out := struct {
		Items []Item `json:"items"` // Item's own JSON: exactly the v1.0 fields, as algorithms.json has them
		Total int    `json:"total"`
	}{Items: make([]Item, 0, len(res.Items)), Total: res.Total}
	for _, it := range res.Items {
		out.Items = append(out.Items, *it)
	}
	writeJSON(w, out)
}

// apiGet answers GET /api/v1/algorithms/{id}.
func (s *Server) apiGet(w http.ResponseWriter, r *http.Request) {
	if !s.onlyGET(w, r) {
		return
	}
	snap := s.snap()
	i, ok := snap.byID[r.PathValue("id")]
	if !ok {
		writeProblem(w, r, http.StatusNotFound, "Er is geen gepubliceerd algoritme met dit id.", nil)
		return
	}
	if notModified(w, r, etag(snap.hash, r.URL.RequestURI()), cacheAPI) {
		return
	}
	writeJSON(w, snap.items[i])
}

// apiOpenAPI answers GET /api/v1/openapi.json, readable from any origin.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !s.onlyGET(w, r) {
		return
	}
	if notModified(w, r, etag(openAPIHash, r.URL.Path), cacheAPI) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPIDoc)
}

// openAPIHash keys the OpenAPI document's ETag: it changes with the binary, not the bundle.
var openAPIHash = hashBytes(openAPIDoc)

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeProblem(w, &http.Request{URL: &url.URL{}}, http.StatusInternalServerError, "", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
