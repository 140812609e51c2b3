package public

import (
	"strings"
	"testing"
)

func TestSanitizeHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"platte tekst", "platte tekst"},
		{"a < b & c > d", "a &lt; b &amp; c &gt; d"},
		{"a > b & c", "a > b & c"}, // no '<': cannot form markup, left as it is
		{"<p>al <br>schoon</p>", "<p>al <br>schoon</p>"},
		{"<p><p>x</p></p>", "<p><p>x</p></p>"},
		{"<p>x</div>", "<p>x</p>"},
		{"<p>Een</p><p>Twee</p>", "<p>Een</p><p>Twee</p>"},
		{"<ul><li>a</li><li>b</li></ul>", "<ul><li>a</li><li>b</li></ul>"},
		{"<ol><li>a<br>b</li></ol>", "<ol><li>a<br>b</li></ol>"},
		{"regel<br/>regel", "regel<br>regel"},
		{`<p class="x" onclick="alert(1)">tekst</p>`, "<p>tekst</p>"},
		{"<script>alert(1)</script>na", "na"},
		{"<style>p{}</style><p>x</p>", "<p>x</p>"},
		{`<a href="javascript:alert(1)">link</a>`, "link"},
		{`<img src=x onerror=alert(1)>`, ""},
		{"<p>open", "<p>open</p>"},
		{"<ul><li>a</ul>", "<ul><li>a</li></ul>"},
		{"</p>los", "los"},
		{"<b>vet</b> en <i>schuin</i>", "vet en schuin"},
		{"<!-- commentaar -->tekst", "tekst"},
		{"<div><p>x</div>", "<div><p>x</p></div>"},
		{`<iframe src="https://x"></iframe>tekst`, "tekst"},
		{"&lt;script&gt;", "&lt;script&gt;"},
		{"<p >x</p>", "<p>x</p>"},
		{"<p\nonclick=x>x</p>", "<p>x</p>"},
		{"<P>hoofdletters</P>", "<p>hoofdletters</p>"},
		{"<svg><script>alert(1)</script></svg>", ""},
		{"Deze informatie is niet openbaar op grond van artikel 5.1, eerste lid, onder b, Woo.", "Deze informatie is niet openbaar op grond van artikel 5.1, eerste lid, onder b, Woo."},
	}
	for _, tt := range tests {
		if got := SanitizeHTML(tt.in); got != tt.want {
			t.Errorf("SanitizeHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsRedaction(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Deze informatie is niet openbaar op grond van artikel 5.1, eerste lid, onder b, Woo.", true},
		{"<p>Deze informatie is niet openbaar op grond van artikel 5.2 Woo.</p>", true},
		{"Deze informatie is niet openbaar.", true},
		{"<p>Informatie die openbaar is.</p>", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isRedaction(tt.in); got != tt.want {
			t.Errorf("isRedaction(%q) = %v", tt.in, got)
		}
	}
}

// FuzzSanitizeHTML: whatever goes in, only the allowed tags, without attributes, come out,
// and sanitising is idempotent.
func FuzzSanitizeHTML(f *testing.F) {
	for _, s := range []string{"<p>x</p>", "<script>x</script>", `<p onclick="x">y`, "<ul><li>a<li>b</ul>", "a<b>c", "<<p>>", "<br/><br>", "<plaintext><p>", "<title><p>x</title>", "&amp;<", "<noscript><p>x</p></noscript>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := SanitizeHTML(in)
		if again := SanitizeHTML(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		rest := out
		for _, tag := range []string{"<p>", "</p>", "<div>", "</div>", "<br>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>"} {
			rest = strings.ReplaceAll(rest, tag, "")
		}
		if strings.Contains(rest, "<") {
			t.Fatalf("markup left: %q -> %q", in, out)
		}
	})
}
