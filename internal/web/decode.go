package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// maxBody is the largest request body the API reads: far above any valid description
// (the longest field holds 5,000 characters), far below what would hurt the server.
const maxBody = 1 << 20

// decodeJSON reads one JSON object from the body into v and returns every problem at once:
// malformed JSON, unknown fields, wrong types. Fields listed in ignore (assigned by the
// register, such as id and revision) are accepted and skipped, so a GET body can be PUT back.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, ignore ...string) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return &register.Error{Code: "unsupported_media_type", Message: "Stuur JSON met Content-Type: application/json."}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return register.Errorf(register.ETOOLARGE, "Het verzoek is groter dan %d bytes.", maxBody)
		}
		return register.Errorf(register.EINVALID, "Het verzoek kon niet worden gelezen.")
	}
	return decodeObject(body, v, ignore...)
}

// decodeObject is decodeJSON on bytes.
func decodeObject(body []byte, v any, ignore ...string) error {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil {
		msg := "is geen geldig JSON-object"
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg = fmt.Sprintf("is geen geldige JSON (fout bij teken %d)", se.Offset)
		}
		return register.Invalid([]register.FieldProblem{{Name: "body", Reason: msg}})
	}
	if dec.More() {
		return register.Invalid([]register.FieldProblem{{Name: "body", Reason: "bevat meer dan één JSON-waarde"}})
	}
	known := jsonFields(reflect.TypeOf(v).Elem())
	skip := map[string]bool{}
	for _, k := range ignore {
		skip[k] = true
	}
	var probs []register.FieldProblem
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	clean := map[string]json.RawMessage{}
	for _, k := range keys {
		switch {
		case skip[k]:
		case !known[k]:
			probs = append(probs, register.FieldProblem{Name: k, Reason: "is een onbekend veld"})
		default:
			// decode each field alone, so every wrong type is reported, not just the first
			one, _ := json.Marshal(map[string]json.RawMessage{k: raw[k]})
			probe := reflect.New(reflect.TypeOf(v).Elem()).Interface()
			if err := json.Unmarshal(one, probe); err != nil {
				probs = append(probs, register.FieldProblem{Name: k, Reason: typeReason(err)})
				continue
			}
			clean[k] = raw[k]
		}
	}
	if len(probs) > 0 {
		return register.Invalid(probs)
	}
	all, _ := json.Marshal(clean)
	if err := json.Unmarshal(all, v); err != nil {
		return register.Invalid([]register.FieldProblem{{Name: "body", Reason: typeReason(err)}})
	}
	return nil
}

func typeReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("heeft het verkeerde type: %s gegeven, %s verwacht", jsonKind(te.Value), goKind(te.Type))
	}
	return "heeft een ongeldige waarde"
}

func jsonKind(v string) string {
	switch v {
	case "string":
		return "tekst"
	case "number":
		return "getal"
	case "bool":
		return "true/false"
	case "array":
		return "lijst"
	case "object":
		return "object"
	}
	return v
}

func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "tekst"
	case reflect.Bool:
		return "true/false"
	case reflect.Int, reflect.Int64:
		return "geheel getal"
	case reflect.Slice:
		return "lijst"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return t.String()
}

// jsonFields returns the JSON names of t's fields, following embedded structs.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			for k := range jsonFields(f.Type) {
				out[k] = true
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
	}
	return out
}
