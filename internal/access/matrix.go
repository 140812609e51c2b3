package access

import (
	"strings"

	"github.com/defensie/algoreg/internal/register"
)

// MatrixMarkdown renders the role table as a Markdown matrix (actions down, roles across), the
// form docs/access.md shows; a test keeps the document equal to it.
func MatrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| action | scope |")
	for _, r := range register.Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|---|")
	for range register.Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, a := range Actions {
		scope := "description"
		if a.Global() {
			scope = "global"
		}
		if a == RoundConfirm {
			scope = "unit"
		}
		b.WriteString("| `" + string(a) + "` | " + scope + " |")
		for _, r := range register.Roles {
			if allows(r, a) {
				b.WriteString(" ✔ |")
			} else {
				b.WriteString(" – |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
