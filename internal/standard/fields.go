// Package standard is the national algorithm register's publication standard v1.0: the field
// definitions (taken from an embedded, trimmed copy of the national submission API schema),
// sanitising, validation identical to the national register's, completeness, and the
// normalisers that turn messy imported values into standard ones.
package standard

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// The tabs of the public page (as on algoritmes.overheid.nl).
const (
	TabGeneral     = "Algemene informatie"
	TabResponsible = "Verantwoord gebruik"
	TabOperation   = "Werking"
	TabMetadata    = "Metadata"
)

// Field kinds: how a field is edited and validated.
const (
	KindText       = "text"       // plain text, no markup
	KindLongText   = "longtext"   // text with the allowed HTML subset
	KindEnum       = "enum"       // one value of Enum
	KindCategories = "categories" // a list of values of Enum
	KindLinks      = "links"      // a list of {title, link}
	KindDate       = "date"       // yyyy-mm
	KindURL        = "url"        // http(s) URL
	KindContact    = "contact"    // e-mail address or URL
	KindLARS       = "lars"       // the national register's 8-digit id with a check digit
)

// FieldDef describes one field of the publication standard v1.0.
type FieldDef struct {
	Name         string // the national machine name, e.g. "description_short"
	Title        string // the Dutch label from the schema
	HelpText     string
	Instructions string
	Example      string
	MaxLen       int  // max_length_without_html; 0 means no limit
	HTML         bool // the field allows the HTML subset AllowedTags
	ShowAlways   bool
	Tab          string
	Kind         string
	Enum         []string // allowed values (enum, categories)
	Recommended  []string // recommended titles (impacttoetsen_grouping)
	Required     bool     // required from submit on
	// LinkTitleMaxLen and LinkMaxLen limit a links field's entries; LinkRequired says whether
	// every entry needs a link (lawful_basis_grouping, source_data_grouping) or not (impacttoetsen_grouping).
	LinkTitleMaxLen int
	LinkMaxLen      int
	LinkRequired    bool
}

// AllowedTags is the HTML subset allowed in long text fields; everything else is removed.
var AllowedTags = []string{"div", "br", "p", "ul", "ol", "li"}

//go:embed schema_v1_0.json
var schemaJSON []byte

// tabs assigns each field to a tab of the public page.
var tabs = map[string]string{
	"name": TabGeneral, "organization": TabGeneral, "description_short": TabGeneral, "category": TabGeneral,
	"status": TabGeneral, "begin_date": TabGeneral, "end_date": TabGeneral, "contact_email": TabGeneral,
	"website": TabGeneral, "publication_category": TabGeneral, "url": TabGeneral,
	"goal": TabResponsible, "proportionality": TabResponsible, "human_intervention": TabResponsible,
	"risks": TabResponsible, "lawful_basis": TabResponsible, "lawful_basis_grouping": TabResponsible,
	"process_index_url": TabResponsible, "impacttoetsen_grouping": TabResponsible, "impacttoetsen": TabResponsible,
	"source_data": TabOperation, "source_data_grouping": TabOperation, "methods_and_models": TabOperation,
	"provider": TabOperation, "publiccode": TabOperation,
	"lang": TabMetadata, "standard_version": TabMetadata, "source_id": TabMetadata, "tags": TabMetadata, "lars": TabMetadata,
}

// kinds names the kinds that cannot be read from the schema's types alone.
var kinds = map[string]string{
	"begin_date": KindDate, "end_date": KindDate, "contact_email": KindContact,
	"website": KindURL, "url": KindURL, "process_index_url": KindURL, "publiccode": KindURL,
	"lars": KindLARS, "category": KindCategories,
	"lawful_basis_grouping": KindLinks, "source_data_grouping": KindLinks, "impacttoetsen_grouping": KindLinks,
}

var (
	fields  []FieldDef
	byName  map[string]int
	ordered []string
)

func init() {
	fs, err := parseSchema(schemaJSON)
	if err != nil {
		panic(fmt.Sprintf("standard: embedded schema: %v", err))
	}
	fields = fs
	byName = make(map[string]int, len(fs))
	for i, f := range fs {
		byName[f.Name] = i
		ordered = append(ordered, f.Name)
	}
}

type schemaProp struct {
	Ref        string   `json:"$ref"`
	Type       string   `json:"type"`
	Title      string   `json:"title"`
	HelpText   string   `json:"help_text"`
	Instr      string   `json:"instructions"`
	Example    any      `json:"example"`
	MaxLen     int      `json:"max_length_without_html"`
	Allowed    []string `json:"allowed_html_tags"`
	ShowAlways bool     `json:"show_always"`
	AnyOf      []struct {
		Ref   string `json:"$ref"`
		Items struct {
			Ref string `json:"$ref"`
		} `json:"items"`
	} `json:"anyOf"`
	Recommended []string `json:"recommended_items"`
}

type schemaObj struct {
	Properties map[string]schemaProp `json:"properties"`
	Required   []string              `json:"required"`
	Enum       []string              `json:"enum"`
}

// parseSchema reads the AlgorithmIn properties in their order (encoding/json maps lose order,
// so the order is taken from a token walk).
func parseSchema(b []byte) ([]FieldDef, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("schema lezen: %w", err)
	}
	comps := map[string]schemaObj{}
	for k, raw := range doc {
		if strings.HasPrefix(k, "v1_0__") || k == "AlgorithmIn" {
			var o schemaObj
			if err := json.Unmarshal(raw, &o); err != nil {
				return nil, fmt.Errorf("schema %s: %w", k, err)
			}
			comps[k] = o
		}
	}
	in := comps["AlgorithmIn"]
	order, err := propertyOrder(doc["AlgorithmIn"])
	if err != nil {
		return nil, err
	}
	required := map[string]bool{}
	for _, r := range in.Required {
		required[r] = true
	}
	ref := func(p schemaProp) string {
		if p.Ref != "" {
			return p.Ref
		}
		for _, a := range p.AnyOf {
			if a.Ref != "" {
				return a.Ref
			}
			if a.Items.Ref != "" {
				return a.Items.Ref
			}
		}
		return ""
	}
	var out []FieldDef
	for _, name := range order {
		if name == "publication_dt" { // assigned by the register, not part of a description's content
			continue
		}
		p := in.Properties[name]
		f := FieldDef{
			Name: name, Title: p.Title, HelpText: strings.TrimSpace(p.HelpText), Instructions: strings.TrimSpace(p.Instr),
			MaxLen: p.MaxLen, HTML: len(p.Allowed) > 0, ShowAlways: p.ShowAlways, Tab: tabs[name], Required: required[name],
		}
		switch ex := p.Example.(type) {
		case string:
			f.Example = ex
		case []any:
			var parts []string
			for _, e := range ex {
				parts = append(parts, fmt.Sprint(e))
			}
			f.Example = strings.Join(parts, ", ")
		}
		r := strings.TrimPrefix(ref(p), "#/components/schemas/")
		obj := comps[r]
		switch {
		case kinds[name] != "":
			f.Kind = kinds[name]
		case len(obj.Enum) > 0:
			f.Kind = KindEnum
		case f.HTML:
			f.Kind = KindLongText
		default:
			f.Kind = KindText
		}
		f.Enum = obj.Enum
		if f.Kind == KindLinks {
			t, l := obj.Properties["title"], obj.Properties["link"]
			f.LinkTitleMaxLen, f.LinkMaxLen = t.MaxLen, l.MaxLen
			f.Recommended = t.Recommended
			for _, rq := range obj.Required {
				if rq == "link" {
					f.LinkRequired = true
				}
			}
		}
		if f.Tab == "" {
			return nil, fmt.Errorf("veld %s heeft geen tabblad", name)
		}
		out = append(out, f)
	}
	return out, nil
}

func propertyOrder(raw json.RawMessage) ([]string, error) {
	var wrap struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &wrap); err != nil {
		return nil, fmt.Errorf("AlgorithmIn: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(wrap.Properties)))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("AlgorithmIn.properties: %w", err)
	}
	var names []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("AlgorithmIn.properties: %w", err)
		}
		names = append(names, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("AlgorithmIn.properties: %w", err)
		}
	}
	return names, nil
}

// Fields returns every v1.0 field in the schema's AlgorithmIn order. The slice is a copy.
func Fields() []FieldDef {
	out := make([]FieldDef, len(fields))
	copy(out, fields)
	return out
}

// Field returns the definition of the field with that machine name.
func Field(name string) (FieldDef, bool) {
	i, ok := byName[name]
	if !ok {
		return FieldDef{}, false
	}
	return fields[i], true
}

// Names returns the machine names of the v1.0 fields in order.
func Names() []string { return append([]string(nil), ordered...) }

// fieldIndex is the position of a field (or of the field a sub-name like "x[0].title" belongs
// to) in the standard's order; unknown names sort last.
func fieldIndex(name string) int {
	if i := strings.IndexAny(name, "[."); i >= 0 {
		name = name[:i]
	}
	if i, ok := byName[name]; ok {
		return i
	}
	return len(fields)
}
