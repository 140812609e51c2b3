package public_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/defensie/algoreg/internal/public/publictest"
	"github.com/defensie/algoreg/internal/register"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

// rewriteWithout writes a new fixture bundle into dir without the item with that id.
func rewriteWithout(dir, id string) error {
	var items []register.Standard
	for _, it := range publictest.Items() {
		if it.SourceID != id {
			items = append(items, it)
		}
	}
	_, err := publictest.Write(dir, items)
	return err
}

// schemaFields returns the v1.0 AlgorithmIn field names from the national schema.
func schemaFields() (map[string]map[string]any, error) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "standards", "algoritmeregister-aanleverapi-v1.0.openapi.json"))
	if err != nil {
		return nil, err
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return doc.Components.Schemas["AlgorithmIn"].Properties, nil
}
