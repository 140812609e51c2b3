package web

import (
	"net/http"
	"strings"
)

// The languages of the pages: Dutch by default, English on request (a cookie set by /taal).
const (
	langNL     = "nl"
	langEN     = "en"
	langCookie = "algoreg_lang"
)

// catalogues hold every text of the pages per language. Both have the same keys; a test checks
// that, and that every key the templates use exists. The field labels, help texts and writing
// instructions of the publication standard come from the national schema and stay Dutch.
var catalogues = map[string]map[string]string{langNL: catalogNL, langEN: catalogEN}

// tr returns the text for key in lang, or the key itself so that a gap is visible (and tested).
func tr(lang, key string) string {
	if s, ok := catalogues[lang][key]; ok {
		return s
	}
	if s, ok := catalogNL[key]; ok {
		return s
	}
	return key
}

func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == langEN {
		return langEN
	}
	return langNL
}

func otherLang(lang string) string {
	if lang == langEN {
		return langNL
	}
	return langEN
}

// trf replaces {0}, {1}, … in a catalogue text.
func trf(lang, key string, args ...string) string {
	s := tr(lang, key)
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+string(rune('0'+i))+"}", a)
	}
	return s
}
