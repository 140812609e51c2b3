package public

import (
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestCataloguesComplete: both languages have exactly the same keys, none empty.
func TestCataloguesComplete(t *testing.T) {
	for lang, cat := range catalogues {
		for other, ocat := range catalogues {
			for k := range cat {
				if _, ok := ocat[k]; !ok {
					t.Errorf("key %q is in %s but not in %s", k, lang, other)
				}
			}
		}
		for k, v := range cat {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is empty", lang, k)
			}
		}
	}
}

// TestUsedKeysExist: every key the templates and the code ask for is in the catalogues.
func TestUsedKeysExist(t *testing.T) {
	used := map[string]bool{}
	tmplKey := regexp.MustCompile(`\.T "([^"]+)"`)
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, p)
		if err != nil {
			return err
		}
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	codeKey := regexp.MustCompile(`(?:p\.T|tr|trHTML)\((?:[a-zA-Z.]+, )?"([a-z0-9]+\.[a-zA-Z0-9.]+)"\)`)
	files, _ := os.ReadDir(".")
	for _, f := range files {
		if !strings.HasSuffix(f.Name(), ".go") || strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		b, err := os.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range codeKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	// keys built at run time
	for _, f := range fields {
		used["field."+f.Name] = true
	}
	for _, tab := range tabs {
		used["tab."+tab] = true
	}
	for _, vs := range [][]string{statuses, publicationCategories, themes} {
		for _, v := range vs {
			used["enum."+v] = true
		}
	}
	for _, k := range []string{"about", "a11y"} {
		used[k+".title"], used[k+".body"] = true, true
	}
	for _, k := range []string{"relevance", "name", "date"} {
		used["results.sort."+k] = true
	}
	for _, k := range []string{"publication_category", "status", "category"} {
		used["facet."+k] = true
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys; the scan is broken", len(used))
	}
	var missing []string
	for k := range used {
		for lang, cat := range catalogues {
			if _, ok := cat[k]; !ok {
				missing = append(missing, lang+":"+k)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("missing catalogue key %s", m)
	}
}

// TestFieldSetIsV10: the page shows every v1.0 field and publication_dt, each once.
func TestFieldSetIsV10(t *testing.T) {
	want := strings.Fields(`name description_short organization category status begin_date end_date contact_email
		website publication_category url goal proportionality human_intervention risks lawful_basis
		lawful_basis_grouping process_index_url impacttoetsen_grouping impacttoetsen source_data
		source_data_grouping methods_and_models provider publiccode lang standard_version source_id tags lars publication_dt`)
	got := map[string]int{}
	for _, f := range fields {
		got[f.Name]++
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("field %s appears %d times", w, got[w])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d fields, want %d", len(got), len(want))
	}
}
