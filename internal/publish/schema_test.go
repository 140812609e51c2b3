package publish

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// This file holds a small validator for the constructs the national register's v1.0
// AlgorithmIn schema uses: $ref, anyOf (which then governs over a sibling "type"), type
// (string, array, object, null; "enum" is a label next to a $ref), enum, items, properties,
// required, max_length_without_html (counted after stripping HTML), allowed_html_tags, and no
// unknown keys. It is test code only: the program itself never reads the schema.

const schemaPath = "../../../shared/standards/algoritmeregister-aanleverapi-v1.0.openapi.json"

type schemaValidator struct {
	schemas map[string]map[string]any
}

func loadSchemaValidator(t testing.TB) *schemaValidator {
	t.Helper()
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("schema: %v", err)
	}
	if doc.Components.Schemas["AlgorithmIn"] == nil {
		t.Fatal("schema: no AlgorithmIn")
	}
	return &schemaValidator{schemas: doc.Components.Schemas}
}

// validateItem validates one decoded JSON value against AlgorithmIn and returns every problem.
func (v *schemaValidator) validateItem(item any) []string {
	var probs []string
	v.validate(item, v.schemas["AlgorithmIn"], "", &probs)
	return probs
}

var schemaTagRE = regexp.MustCompile(`</?([A-Za-z][A-Za-z0-9]*)[^<>]*>`)

func (v *schemaValidator) validate(val any, s map[string]any, path string, probs *[]string) {
	fail := func(format string, args ...any) {
		*probs = append(*probs, path+": "+fmt.Sprintf(format, args...))
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		target := v.schemas[name]
		if target == nil {
			fail("unresolved $ref %s", ref)
			return
		}
		v.validate(val, target, path, probs)
		// Keywords beside the $ref (max_length_without_html, …) still apply to strings;
		// "type": "enum" is a label. Objects and arrays are judged by the target alone.
		if _, ok := val.(string); !ok {
			return
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		for _, alt := range anyOf {
			var sub []string
			v.validate(val, alt.(map[string]any), path, &sub)
			if len(sub) == 0 {
				goto checked
			}
		}
		var sub []string
		for _, alt := range anyOf {
			v.validate(val, alt.(map[string]any), path, &sub)
		}
		fail("matches none of anyOf (value %v): %s", short(val), strings.Join(sub, "; "))
		return
	}
	if typ, ok := s["type"].(string); ok && typ != "enum" {
		if !hasType(val, typ) {
			fail("type %s expected, got %s", typ, short(val))
			return
		}
	}
checked:
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if e == val {
				found = true
			}
		}
		if !found {
			fail("%v not in enum", short(val))
		}
	}
	switch x := val.(type) {
	case string:
		if n, ok := s["max_length_without_html"].(float64); ok {
			plain := schemaTagRE.ReplaceAllString(x, "")
			if utf8.RuneCountInString(plain) > int(n) {
				fail("%d characters without HTML, max %d", utf8.RuneCountInString(plain), int(n))
			}
		}
		// A text property (one that declares a length) allows only its allowed_html_tags, none
		// if it declares none; the bare {"type": "string"} alternatives of an anyOf do not judge.
		_, isText := s["max_length_without_html"]
		allowed := map[string]bool{}
		if tags, ok := s["allowed_html_tags"].([]any); ok {
			isText = true
			for _, t := range tags {
				allowed[t.(string)] = true
			}
		}
		for _, m := range schemaTagRE.FindAllStringSubmatch(x, -1) {
			if !isText {
				break
			}
			if !allowed[strings.ToLower(m[1])] {
				fail("tag <%s> not allowed", m[1])
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				v.validate(e, items, fmt.Sprintf("%s[%d]", path, i), probs)
			}
		}
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		if req, ok := s["required"].([]any); ok {
			for _, r := range req {
				if _, ok := x[r.(string)]; !ok {
					fail("required %s missing", r)
				}
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				fail("unknown key %s", k)
				continue
			}
			v.validate(x[k], ps, strings.TrimPrefix(path+"."+k, "."), probs)
		}
	}
}

func hasType(val any, typ string) bool {
	switch typ {
	case "string":
		_, ok := val.(string)
		return ok
	case "array":
		_, ok := val.([]any)
		return ok
	case "object":
		_, ok := val.(map[string]any)
		return ok
	case "null":
		return val == nil
	case "integer", "number":
		_, ok := val.(float64)
		return ok
	case "boolean":
		_, ok := val.(bool)
		return ok
	}
	return false
}

func short(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// TestSchemaValidatorCatches shows the validator fails what it must: a validator that passes
// everything would make the bundle test meaningless.
func TestSchemaValidatorCatches(t *testing.T) {
	v := loadSchemaValidator(t)
	good := func() map[string]any {
		b, err := PublicItem{Standard: PublicView(cleanItem(), testConfig()), PublicationDT: "2026-08-08T10:00:00Z"}.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	if p := v.validateItem(good()); len(p) != 0 {
		t.Fatalf("clean item invalid: %v", p)
	}
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		want   string
	}{
		{"unknown key", func(m map[string]any) { m["unit"] = "DMO" }, "unknown key unit"},
		{"required null", func(m map[string]any) { m["name"] = nil }, "name: type string"},
		{"required missing", func(m map[string]any) { delete(m, "lang") }, "required lang missing"},
		{"bad enum", func(m map[string]any) { m["status"] = "In use" }, "status: In use not in enum"},
		{"bad category", func(m map[string]any) { m["category"] = []any{"Defensie"} }, "category: matches none"},
		{"too long", func(m map[string]any) { m["name"] = strings.Repeat("x", 101) }, "name: 101 characters"},
		{"html counts not", func(m map[string]any) { m["name"] = "<p>" + strings.Repeat("x", 100) + "</p>" }, "name: tag <p> not allowed"},
		{"tag not allowed", func(m map[string]any) { m["goal"] = "<b>vet</b>" }, "goal: tag <b> not allowed"},
		{"link null where required", func(m map[string]any) {
			m["lawful_basis_grouping"] = []any{map[string]any{"title": "x", "link": nil}}
		}, "lawful_basis_grouping: matches none"},
	}
	for _, tc := range tests {
		m := good()
		tc.mutate(m)
		p := v.validateItem(m)
		if !strings.Contains(strings.Join(p, "\n"), tc.want) {
			t.Errorf("%s: problems %q do not contain %q", tc.name, p, tc.want)
		}
	}
}
