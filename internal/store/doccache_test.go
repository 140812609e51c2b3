package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
)

// fill sets every field of v (a struct) to a non-zero value, slices to one element, so a
// field added later is covered too.
func fill(t *testing.T, v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type().String() == "time.Time" {
			v.Set(reflect.ValueOf(register.Description{}.CreatedAt.AddDate(2025, 0, 0)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fill(t, v.Field(i))
		}
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(t, s.Index(0))
		v.Set(s)
	default:
		t.Fatalf("fill: a field of kind %s: teach fill and cloneDescription about it", v.Kind())
	}
}

// shared reports the first slice of a that shares its backing array with the same slice of b.
func shared(a, b reflect.Value, path string) string {
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if p := shared(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			return path
		}
		for i := 0; i < a.Len(); i++ {
			if p := shared(a.Index(i), b.Index(i), path); p != "" {
				return p
			}
		}
	}
	return ""
}

func TestCloneDescriptionDeep(t *testing.T) {
	var d register.Description
	fill(t, reflect.ValueOf(&d).Elem())
	c := cloneDescription(&d)
	if diff := cmp.Diff(&d, c); diff != "" {
		t.Errorf("clone differs (-want +got):\n%s", diff)
	}
	if p := shared(reflect.ValueOf(d), reflect.ValueOf(*c), "Description"); p != "" {
		t.Errorf("%s shares memory with the original", p)
	}
}

func TestDocCache(t *testing.T) {
	c := newDocCache()
	var d register.Description
	fill(t, reflect.ValueOf(&d).Elem())
	doc, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	first, err := c.decode(append([]byte(nil), doc...))
	if err != nil {
		t.Fatal(err)
	}
	first.Owners[0].Name = "veranderd door de aanroeper"
	first.Category[0] = "veranderd"
	second, err := c.decode(append([]byte(nil), doc...))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&d, second); diff != "" {
		t.Errorf("second decode differs from the document (-want +got):\n%s", diff)
	}
	// Another document (same id, another revision) decodes to itself, not the cached one.
	d.Revision, d.Name = 8, "nieuwe naam"
	doc2, _ := json.Marshal(&d)
	third, err := c.decode(doc2)
	if err != nil {
		t.Fatal(err)
	}
	if third.Revision != 8 || third.Name != "nieuwe naam" {
		t.Errorf("changed document decoded as revision %d %q", third.Revision, third.Name)
	}
	if _, err := c.decode([]byte("{")); err == nil {
		t.Error("broken document decoded")
	}
	for i := range docCacheSize + 10 {
		d.Revision = 100 + i
		b, _ := json.Marshal(&d)
		if _, err := c.decode(b); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.m); n > docCacheSize {
		t.Errorf("cache holds %d documents, bound %d", n, docCacheSize)
	}
}
