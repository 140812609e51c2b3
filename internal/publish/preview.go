package publish

import "github.com/defensie/algoreg/internal/register"

// FieldPreview is one row of the side-by-side preview approvers see: the internal text and
// what the public will see, with what happened to it.
type FieldPreview struct {
	Field    string `json:"field"`    // v1.0 machine name
	Title    string `json:"title"`    // Dutch title
	Internal string `json:"internal"` // the internal value (lists joined with "; ")
	Public   string `json:"public"`   // the public value
	// Action is the field decision (publish, redact, omit), "anonymise" when a published
	// field was changed by anonymisation or markup cleaning, or "system" for the fields the
	// register sets itself (lang, standard_version, source_id).
	Action string `json:"action"`
}

// Action values of FieldPreview beyond the field decisions.
const (
	PreviewAnonymise = "anonymise"
	PreviewSystem    = "system"
)

// Preview returns, for every v1.0 field in schema order, the internal and public value side by side.
func Preview(it Item, cfg Config) []FieldPreview {
	pub := PublicView(it, cfg)
	internal := convert(&it.Desc)
	internal.Lang, internal.StandardVersion = it.Desc.Lang, it.Desc.StandardVersion
	out := make([]FieldPreview, 0, len(standardFields))
	for _, f := range standardFields {
		p := FieldPreview{Field: f.Name, Title: f.Title, Internal: getField(&internal, f.Name), Public: getField(&pub, f.Name)}
		if f.Name == "source_id" {
			p.Internal = it.Desc.PublicID
		}
		switch d := it.Assessment.Fields[f.Name]; {
		case f.Kind == kindSystem:
			p.Action = PreviewSystem
		case d.Action == register.FieldRedact || d.Action == register.FieldOmit:
			p.Action = d.Action
		case p.Internal != p.Public:
			p.Action = PreviewAnonymise
		default:
			p.Action = register.FieldPublish
		}
		out = append(out, p)
	}
	return out
}
