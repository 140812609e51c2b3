package public

// FieldTitle and ShowAlways expose the field table to the external tests.
func FieldTitle(lang, name string) string { return tr(lang, "field."+name) }

// ShowAlways reports whether the page shows the field even when it is empty.
func ShowAlways(name string) bool {
	for _, f := range fields {
		if f.Name == name {
			return f.ShowAlways
		}
	}
	return false
}
