package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// api talks to one running server.
type api struct {
	base  string // http://127.0.0.1:PORT
	token string // bearer token; empty for the public site
}

// response is what a request returned: status, headers and body.
type response struct {
	status int
	header http.Header
	body   []byte
}

// call sends one request with w's client, records its latency under name and returns the
// response. The body is read completely, so the connection is reused.
func (a api) call(ctx context.Context, w *worker, name, method, path string, header map[string]string, body any) (*response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("verzoek coderen: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, rd)
	if err != nil {
		return nil, fmt.Errorf("verzoek maken: %w", err)
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("%s %s: antwoord lezen: %w", method, path, err)
	}
	if ctx.Err() == nil {
		w.rec(name, d)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// expect returns an error when r's status is not one of want.
func expect(r *response, want ...int) error {
	for _, s := range want {
		if r.status == s {
			return nil
		}
	}
	snippet := r.body
	if len(snippet) > 300 {
		snippet = snippet[:300]
	}
	return fmt.Errorf("status %d, verwacht %v: %s", r.status, want, snippet)
}

// get is call for a GET that must answer 200.
func (a api) get(ctx context.Context, w *worker, name, path string) (*response, error) {
	r, err := a.call(ctx, w, name, http.MethodGet, path, nil, nil)
	if err != nil {
		return nil, err
	}
	return r, expect(r, http.StatusOK)
}

// setupClient is a plain client for the preparation steps (not measured).
var setupClient = &http.Client{Timeout: 3 * time.Minute} // the first search builds the index

// fetchJSON GETs path outside the measurement and decodes the JSON answer into v.
func (a api) fetchJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.base+path, nil)
	if err != nil {
		return err
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := setupClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %.300s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// listPage is the shape of a list answer, ids only.
type listPage struct {
	Items []struct {
		ID string `json:"id"`
	} `json:"items"`
	Total int `json:"total"`
}
