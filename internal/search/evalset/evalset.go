// Package evalset holds what the recall evaluation of the search engine shares between the
// evaluation program (internal/search/eval) and the tests: the real entries of the national
// register's overview, the query set with its judging rules, and the golden files.
package evalset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/defensie/algoreg/internal/search"
)

// Entry is one algorithm in the national register's overview JSON.
type Entry struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	Doel            string `json:"doel"`
	Organisatie     string `json:"organisatie"`
	JuridischeBasis string `json:"juridische_basis"`
}

// Text is what PostgreSQL is given, and what the judge reads: title, goal and organisation.
func (e Entry) Text() string { return e.Title + " " + e.Doel + " " + e.Organisatie }

// Doc maps the entry onto the v1.0 field names the search engine indexes.
func (e Entry) Doc() search.Doc {
	return search.Doc{ID: e.ID, Fields: map[string]string{
		"name":         e.Title,
		"goal":         e.Doel,
		"organization": e.Organisatie,
		"lawful_basis": e.JuridischeBasis,
	}}
}

// LoadOverview reads the overview JSON ({"algoritmes": [...]}).
func LoadOverview(path string) ([]Entry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("overzicht lezen: %w", err)
	}
	var o struct {
		Algoritmes []Entry `json:"algoritmes"`
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("overzicht %s ontleden: %w", path, err)
	}
	return o.Algoritmes, nil
}

// Query is one query of the set with its judging rule: an entry is relevant when its text
// (folded: lowercase, no diacritics) matches every one of the All patterns.
type Query struct {
	Text string
	Kind string // plural, compound, typo, organisation, multi-word, …
	All  []*regexp.Regexp
}

// Relevant applies the judging rule to an entry.
func (q Query) Relevant(e Entry) bool {
	t := search.Fold(e.Text())
	for _, re := range q.All {
		if !re.MatchString(t) {
			return false
		}
	}
	return true
}

// LoadQueries reads the query set: one query per line as `kind | query | pattern && pattern`,
// where each pattern is a Go regular expression over the folded text; # starts a comment.
func LoadQueries(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("queryset lezen: %w", err)
	}
	defer f.Close()
	var qs []Query
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		parts := strings.SplitN(s, "|", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s:%d: verwacht 'soort | zoekvraag | patronen'", path, line)
		}
		q := Query{Kind: strings.TrimSpace(parts[0]), Text: strings.TrimSpace(parts[1])}
		for _, p := range strings.Split(parts[2], "&&") {
			re, err := regexp.Compile(strings.TrimSpace(p))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: patroon %q: %w", path, line, p, err)
			}
			q.All = append(q.All, re)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("queryset lezen: %w", err)
	}
	return qs, nil
}

// Golden maps a query's text to a sorted list of entry IDs.
type Golden map[string][]string

// LoadGolden reads a golden file (JSON object of query → IDs).
func LoadGolden(path string) (Golden, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("golden-bestand lezen: %w", err)
	}
	g := Golden{}
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("golden-bestand %s ontleden: %w", path, err)
	}
	return g, nil
}

// Save writes the golden file with sorted IDs, one query per line.
func (g Golden) Save(path string) error {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("{\n")
	for i, k := range keys {
		ids := append([]string{}, g[k]...)
		sort.Strings(ids)
		kj, _ := json.Marshal(k)
		ij, _ := json.Marshal(ids)
		if ids == nil {
			ij = []byte("[]")
		}
		fmt.Fprintf(&b, "  %s: %s", kj, ij)
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("golden-bestand schrijven: %w", err)
	}
	return nil
}
