package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress draws a bar on a terminal and stays silent otherwise (pipes and logs get no noise).
type progress struct {
	w   io.Writer
	tty bool
	on  bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(label string) func(done, total int) {
	return func(done, total int) {
		if !p.tty || total < 1000 {
			return
		}
		p.on = true
		const width = 30
		n := done * width / total
		fmt.Fprintf(p.w, "\r%s [%s%s] %d/%d", label, strings.Repeat("█", n), strings.Repeat("·", width-n), done, total)
	}
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
		p.on = false
	}
}
