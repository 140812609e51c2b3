package web

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

func init() {
	funcs["fieldKey"] = fieldKey
	funcs["fieldTitle"] = fieldTitle
	funcs["fieldCtx"] = func(v *view, f formField) fieldCtx { return fieldCtx{V: v, F: f} }
	funcs["describedBy"] = describedBy
	funcs["inputType"] = inputType
	funcs["completeness"] = func(d register.Description) int { return standard.Completeness(&d.Standard) }
}

// fieldCtx hands one form field and the page's view to the "field" template.
type fieldCtx struct {
	V *view
	F formField
}

// fieldTitle is the Dutch label of a field (standard or internal) named in a problem.
func fieldTitle(name string) string {
	k := fieldKey(name)
	if f, ok := standard.Field(k); ok {
		return f.Title
	}
	if t := tr(langNL, "field."+k); t != "field."+k {
		return t
	}
	return name
}

func describedBy(f formField) string {
	id := "f-" + f.Def.Name
	var parts []string
	if f.Def.HelpText != "" {
		parts = append(parts, id+"-help")
	}
	if len(f.Errors) > 0 {
		parts = append(parts, id+"-error")
	}
	if f.Def.MaxLen > 0 && f.Def.Kind != standard.KindDate {
		parts = append(parts, id+"-count")
	}
	return strings.Join(parts, " ")
}

func inputType(kind string) string {
	switch kind {
	case standard.KindURL:
		return "url"
	}
	return "text"
}
