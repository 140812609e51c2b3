package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// benchUser is one of the mixed load's users: an editor of one unit.
type benchUser struct {
	email, unit string
	api         api
	ids         []string     // descriptions of the unit, for reads
	filters     []listFilter // the unit's filtered lists
	pool        []string     // descriptions the user edits (shared by the user's clients)
}

// mixedResult is the outcome of the mixed load.
type mixedResult struct {
	users   []benchUser
	load    *loadResult
	workers int
}

// mixedUnits are the units of the four users of the mixed load.
var mixedUnits = []string{"KMAR", "CLAS", "CZSK", "DMO"}

// searchTerms are what people type: subjects, stems, compounds, a typo, organisation names.
var searchTerms = []string{"onderhoudsplanning", "voorraad", "beeldherkenning", "personeel", "grensbewaking",
	"roosterplanning", "vliegtuigen", "taalmodel", "onderhoud schepen", "marechaussee", "brandstof",
	"anonimisering", "vertaling", "reserveonderdelen", "weersvoorspeling", "toegangscontrole"}

// editPool is how many descriptions each user edits during the mixed load: few enough that the
// user's own clients sometimes collide (412) and must re-read, as people do.
const editPool = 12

// runMixed runs the mixed load against the running server: four editors in different units,
// 80% reads (get, filtered list, search) and 20% writes (create, and PUT with If-Match).
func runMixed(ctx context.Context, o coreOptions, srv *server, db string, admin api) (*mixedResult, error) {
	res := &mixedResult{workers: o.workers}
	for i, unit := range mixedUnits {
		email := fmt.Sprintf("bench-editor-%d-%s@bench.mindef.nl", i+1, o.runID)
		tok, err := addUser(ctx, o.bin, db, email, fmt.Sprintf("Redacteur %s", unit), "editor", "stg-confidentieel", []string{unit})
		if err != nil {
			return nil, err
		}
		u := benchUser{email: email, unit: unit, api: api{base: admin.base, token: tok}}
		if u.ids, err = sampleIDs(ctx, u.api, "&unit="+unit, 10); err != nil {
			return nil, err
		}
		if u.filters, err = listFilters(ctx, u.api, unit); err != nil {
			return nil, err
		}
		for range editPool {
			id, err := createForSetup(ctx, u.api, unit)
			if err != nil {
				return nil, err
			}
			u.pool = append(u.pool, id)
		}
		res.users = append(res.users, u)
	}
	userOf := func(w *worker) *benchUser { return w.state.(*benchUser) }
	ops := []op{
		{name: "get", weight: 30, do: func(ctx context.Context, w *worker) error {
			u := userOf(w)
			return getOp(u.api, u.ids).do(ctx, w)
		}},
		{name: "list", weight: 20, do: func(ctx context.Context, w *worker) error {
			u := userOf(w)
			return listOp(u.api, u.filters).do(ctx, w)
		}},
		{name: "search", weight: 30, do: func(ctx context.Context, w *worker) error {
			u := userOf(w)
			q := url.Values{"q": {searchTerms[w.rnd.IntN(len(searchTerms))]}}
			_, err := u.api.get(ctx, w, "search", "/api/v1/algorithms?"+q.Encode())
			return err
		}},
		{name: "create", weight: 10, do: func(ctx context.Context, w *worker) error {
			u := userOf(w)
			return createOp(u.api, []string{u.unit}).do(ctx, w)
		}},
		{name: "update", weight: 10, do: func(ctx context.Context, w *worker) error {
			u := userOf(w)
			return update(ctx, w, u.api, u.pool[w.rnd.IntN(len(u.pool))])
		}},
	}
	users := res.users
	cfg := loadConfig{workers: o.workers, duration: o.mixed, seed: uint64(o.seed) + 7,
		setup: func(w *worker) { w.state = &users[w.id%len(users)] }}
	var err error
	res.load, err = loadOn(ctx, srv, cfg, ops)
	return res, err
}

// maxAttempts bounds the re-read-and-retry loop of one update.
const maxAttempts = 5

// update reads a description and replaces it with If-Match, as an editor's save does. A 412
// means another client saved first: it is counted as an expected conflict, and the update is
// retried after reading the description again.
func update(ctx context.Context, w *worker, a api, id string) error {
	for range maxAttempts {
		r, err := a.get(ctx, w, "update-get", "/api/v1/algorithms/"+id)
		if err != nil {
			return err
		}
		var d map[string]any
		if err := json.Unmarshal(r.body, &d); err != nil {
			return fmt.Errorf("beschrijving lezen: %w", err)
		}
		d["description_short"] = fmt.Sprintf("Het algoritme ondersteunt de eenheid bij de planning. Bijgewerkt door client %d om %s.",
			w.id, time.Now().Format("15:04:05.000"))
		r, err = a.call(ctx, w, "update", http.MethodPut, "/api/v1/algorithms/"+id, map[string]string{"If-Match": r.header.Get("ETag")}, d)
		if err != nil {
			return err
		}
		if r.status == http.StatusPreconditionFailed {
			w.notes["update"]++
			continue
		}
		return expect(r, http.StatusOK)
	}
	return fmt.Errorf("bijwerken van %s gaf %d keer 412", id, maxAttempts)
}

// createForSetup creates a description outside the measurement and returns its id.
func createForSetup(ctx context.Context, a api, unit string) (string, error) {
	body, err := json.Marshal(map[string]any{
		"name": "Planning onderhoud " + unit + " " + time.Now().Format("150405.000000"), "unit": unit,
		"classification": "ongerubriceerd", "description_short": "Het algoritme ondersteunt de eenheid bij de planning.",
		"status": "In ontwikkeling", "organization": "Ministerie van Defensie", "lang": "nld",
	})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+"/api/v1/algorithms", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := setupClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("voorbereiding: aanmaken: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("voorbereiding: aanmaken: status %d: %.300s", resp.StatusCode, b)
	}
	var d struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &d); err != nil || d.ID == "" {
		return "", fmt.Errorf("voorbereiding: aanmaken gaf geen id: %.300s", b)
	}
	return d.ID, nil
}
