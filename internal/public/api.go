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

// apiItem is a description as the public API returns it: exactly the v1.0 fields and
// publication_dt, in the bundle's order, with null for empty values.
type apiItem struct {
	Name                  *string         `json:"name"`
	DescriptionShort      *string         `json:"description_short"`
	Organization          *string         `json:"organization"`
	Category              []string        `json:"category"`
	Status                *string         `json:"status"`
	BeginDate             *string         `json:"begin_date"`
	EndDate               *string         `json:"end_date"`
	ContactEmail          *string         `json:"contact_email"`
	Website               *string         `json:"website"`
	PublicationCategory   *string         `json:"publication_category"`
	URL                   *string         `json:"url"`
	Goal                  *string         `json:"goal"`
	Proportionality       *string         `json:"proportionality"`
	HumanIntervention     *string         `json:"human_intervention"`
	Risks                 *string         `json:"risks"`
	LawfulBasis           *string         `json:"lawful_basis"`
	LawfulBasisGrouping   []register.Link `json:"lawful_basis_grouping"`
	ProcessIndexURL       *string         `json:"process_index_url"`
	ImpacttoetsenGrouping []register.Link `json:"impacttoetsen_grouping"`
	Impacttoetsen         *string         `json:"impacttoetsen"`
	SourceData            *string         `json:"source_data"`
	SourceDataGrouping    []register.Link `json:"source_data_grouping"`
	MethodsAndModels      *string         `json:"methods_and_models"`
	Provider              *string         `json:"provider"`
	Publiccode            *string         `json:"publiccode"`
	Lang                  *string         `json:"lang"`
	StandardVersion       *string         `json:"standard_version"`
	SourceID              *string         `json:"source_id"`
	Tags                  *string         `json:"tags"`
	Lars                  *string         `json:"lars"`
	PublicationDT         *string         `json:"publication_dt"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nilIfEmpty[T any](v []T) []T {
	if len(v) == 0 {
		return nil
	}
	return v
}

func toAPI(it *Item) apiItem {
	return apiItem{
		Name: strOrNil(it.Name), DescriptionShort: strOrNil(it.DescriptionShort), Organization: strOrNil(it.Organization),
		Category: nilIfEmpty(it.Category), Status: strOrNil(it.Status), BeginDate: strOrNil(it.BeginDate),
		EndDate: strOrNil(it.EndDate), ContactEmail: strOrNil(it.ContactEmail), Website: strOrNil(it.Website),
		PublicationCategory: strOrNil(it.PublicationCategory), URL: strOrNil(it.URL), Goal: strOrNil(it.Goal),
		Proportionality: strOrNil(it.Proportionality), HumanIntervention: strOrNil(it.HumanIntervention),
		Risks: strOrNil(it.Risks), LawfulBasis: strOrNil(it.LawfulBasis), LawfulBasisGrouping: nilIfEmpty(it.LawfulBasisGrouping),
		ProcessIndexURL: strOrNil(it.ProcessIndexURL), ImpacttoetsenGrouping: nilIfEmpty(it.ImpacttoetsenGrouping),
		Impacttoetsen: strOrNil(it.Impacttoetsen), SourceData: strOrNil(it.SourceData), SourceDataGrouping: nilIfEmpty(it.SourceDataGrouping),
		MethodsAndModels: strOrNil(it.MethodsAndModels), Provider: strOrNil(it.Provider), Publiccode: strOrNil(it.Publiccode),
		Lang: strOrNil(it.Lang), StandardVersion: strOrNil(it.StandardVersion), SourceID: strOrNil(it.SourceID),
		Tags: strOrNil(it.Tags), Lars: strOrNil(it.Lars), PublicationDT: strOrNil(it.PublicationDT),
	}
}

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
		Items []apiItem `json:"items"`
		Total int       `json:"total"`
	}{Items: make([]apiItem, 0, len(res.Items)), Total: res.Total}
	for _, it := range res.Items {
		out.Items = append(out.Items, toAPI(it))
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
	writeJSON(w, toAPI(&snap.items[i]))
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
