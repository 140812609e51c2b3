package publish

import (
	"reflect"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
)

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// TestFieldListsComplete fails when register.Standard or register.Description gains a field
// that the public view neither maps nor declares internal: nothing new leaks by default.
func TestFieldListsComplete(t *testing.T) {
	listed := map[string]bool{}
	for _, f := range standardFields {
		if listed[f.Name] {
			t.Errorf("standardFields lists %s twice", f.Name)
		}
		listed[f.Name] = true
	}
	st := reflect.TypeOf(register.Standard{})
	for i := 0; i < st.NumField(); i++ {
		name := jsonName(st.Field(i))
		if !listed[name] {
			t.Errorf("register.Standard.%s (%s) is not in standardFields: map it in the public view", st.Field(i).Name, name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("standardFields lists %s, which register.Standard does not have", name)
	}

	declared := map[string]string{}
	for _, n := range internalDescriptionFields {
		declared[n] = "internal"
	}
	for n := range mappedDescriptionFields {
		if declared[n] != "" {
			t.Errorf("%s is both internal and mapped", n)
		}
		declared[n] = "mapped"
	}
	dt := reflect.TypeOf(register.Description{})
	for i := 0; i < dt.NumField(); i++ {
		f := dt.Field(i)
		if f.Anonymous && f.Type == st {
			continue
		}
		name := jsonName(f)
		if declared[name] == "" {
			t.Errorf("register.Description.%s (%s) is neither mapped nor declared internal in package publish", f.Name, name)
		}
		delete(declared, name)
	}
	for name := range declared {
		t.Errorf("package publish declares %s, which register.Description does not have", name)
	}
}

// TestConvertCopiesEveryField fills every field of the standard with a distinct value and
// checks the conversion carries each one (source_id from PublicID).
func TestConvertCopiesEveryField(t *testing.T) {
	var d register.Description
	v := reflect.ValueOf(&d.Standard).Elem()
	for i := 0; i < v.NumField(); i++ {
		name := jsonName(v.Type().Field(i))
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("v-" + name)
		case reflect.Slice:
			s := reflect.MakeSlice(f.Type(), 1, 1)
			e := s.Index(0)
			if e.Kind() == reflect.String {
				e.SetString("v-" + name)
			} else {
				e.FieldByName("Title").SetString("t-" + name)
				e.FieldByName("Link").SetString("l-" + name)
			}
			f.Set(s)
		default:
			t.Fatalf("register.Standard.%s has kind %s that the test does not know", name, f.Kind())
		}
	}
	d.PublicID = "DEF-PUBLIC"
	want := d.Standard
	want.SourceID = "DEF-PUBLIC"
	got := convert(&d)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("convert (-want +got):\n%s", diff)
	}
	// The copy must not share lists with the description.
	got.Category[0] = "changed"
	if d.Category[0] == "changed" {
		t.Error("convert shares the category slice with the description")
	}
}

func TestPublicViewDecisions(t *testing.T) {
	notice := register.RedactionNotice("5.1.2.h")
	tests := []struct {
		name  string
		item  Item
		check func(t *testing.T, s register.Standard)
	}{
		{"clean item publishes as is, system fields set", cleanItem(), func(t *testing.T, s register.Standard) {
			want := cleanItem().Desc.Standard
			want.Lang, want.StandardVersion, want.SourceID = "nld", "1.0", "DEF-3F9K2M7Q"
			if diff := cmp.Diff(want, s); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		}},
		{"redact long text gives the Woo notice", withField(cleanItem(), "methods_and_models", "redact", "5.1.2.h"), func(t *testing.T, s register.Standard) {
			if s.MethodsAndModels != notice {
				t.Errorf("methods_and_models = %q, want %q", s.MethodsAndModels, notice)
			}
			if !strings.Contains(notice, "artikel 5.1, tweede lid, onder h, Woo") {
				t.Errorf("notice %q does not name the ground", notice)
			}
		}},
		{"omit leaves the field empty", withField(cleanItem(), "risks", "omit", "5.1.1.b"), func(t *testing.T, s register.Standard) {
			if s.Risks != "" {
				t.Errorf("risks = %q, want empty", s.Risks)
			}
		}},
		{"redact a list empties it", withField(cleanItem(), "lawful_basis_grouping", "redact", "5.1.1.b"), func(t *testing.T, s register.Standard) {
			if s.LawfulBasisGrouping != nil {
				t.Errorf("lawful_basis_grouping = %v, want nil", s.LawfulBasisGrouping)
			}
		}},
		{"redact a URL empties it rather than putting a notice in it", withField(cleanItem(), "website", "redact", "5.1.1.b"), func(t *testing.T, s register.Standard) {
			if s.Website != "" {
				t.Errorf("website = %q", s.Website)
			}
		}},
		{"decision on a system field is ignored", withField(cleanItem(), "source_id", "omit", "5.1.1.b"), func(t *testing.T, s register.Standard) {
			if s.SourceID != "DEF-3F9K2M7Q" {
				t.Errorf("source_id = %q", s.SourceID)
			}
		}},
		{"contact not on the allowlist is left empty", func() Item {
			it := cleanItem()
			it.Desc.ContactEmail = "k.vermeulen@mindef.nl"
			return it
		}(), func(t *testing.T, s register.Standard) {
			if s.ContactEmail != "" {
				t.Errorf("contact_email = %q", s.ContactEmail)
			}
		}},
		{"known persons become their role", func() Item {
			it := cleanItem()
			it.Desc.HumanIntervention = "<p>Karel   VERMEULEN (k.vermeulen@mindef.nl) en Pieter Jansen beoordelen; ook ella muller-de vries.</p>"
			it.Desc.Provider = "Anouk Bakker"
			return it
		}(), func(t *testing.T, s register.Standard) {
			want := "<p>algoritme-eigenaar (algoritme-eigenaar) en redacteur algoritmeregister beoordelen; ook beoordelaar.</p>"
			if s.HumanIntervention != want {
				t.Errorf("human_intervention = %q, want %q", s.HumanIntervention, want)
			}
			if s.Provider != "besluitvormer publicatie" {
				t.Errorf("provider = %q", s.Provider)
			}
		}},
		{"a name inside a longer word is not replaced", func() Item {
			it := cleanItem()
			it.Desc.Risks = "Pieter Jansens fiets; Pieter Jansen."
			return it
		}(), func(t *testing.T, s register.Standard) {
			if s.Risks != "Pieter Jansens fiets; redacteur algoritmeregister." {
				t.Errorf("risks = %q", s.Risks)
			}
		}},
		{"markup outside the allowed subset is removed", func() Item {
			it := cleanItem()
			it.Desc.Goal = `<p class="x">Doel <b>vet</b> <a href="https://x">link</a><script>alert(1)</script><br/></p>`
			it.Desc.Name = "Naam <i>cursief</i>"
			return it
		}(), func(t *testing.T, s register.Standard) {
			if s.Goal != "<p>Doel vet link<br></p>" {
				t.Errorf("goal = %q", s.Goal)
			}
			if s.Name != "Naam cursief" {
				t.Errorf("name = %q", s.Name)
			}
		}},
		{"organisation falls back to the configured one", func() Item {
			it := cleanItem()
			it.Desc.Organization = ""
			return it
		}(), func(t *testing.T, s register.Standard) {
			if s.Organization != "Ministerie van Defensie" {
				t.Errorf("organization = %q", s.Organization)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.item.Desc.Category[0]
			tc.check(t, PublicView(tc.item, testConfig()))
			if tc.item.Desc.Category[0] != before {
				t.Error("PublicView changed the description")
			}
		})
	}
}

func TestOnAllowlist(t *testing.T) {
	list := []string{"algoritmeregister@mindef.nl", "@functioneel.mindef.nl", "https://www.defensie.nl/contact"}
	tests := []struct {
		c    string
		want bool
	}{
		{"algoritmeregister@mindef.nl", true},
		{"Algoritmeregister@MINDEF.nl", true},
		{"mailto:algoritmeregister@mindef.nl", true},
		{"p.jansen@mindef.nl", false},
		{"servicedesk@functioneel.mindef.nl", true},
		{"x@evilfunctioneel.mindef.nl", false},
		{"@functioneel.mindef.nl", false},
		{"https://www.defensie.nl/contact", true},
		{"https://www.defensie.nl/contact/algoritmes", true},
		{"https://www.defensie.nl/contact?onderwerp=algoritmes", true},
		{"https://www.defensie.nl/contactpersoon-jan", false},
		{"https://www.defensie.nl.evil.example/contact", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := onAllowlist(tc.c, list); got != tc.want {
			t.Errorf("onAllowlist(%q) = %v, want %v", tc.c, got, tc.want)
		}
	}
	if onAllowlist("algoritmeregister@mindef.nl", nil) {
		t.Error("an empty allowlist allows a contact")
	}
}

func TestPreview(t *testing.T) {
	it := withField(cleanItem(), "methods_and_models", "redact", "5.1.2.h")
	it = withField(it, "risks", "omit", "5.1.1.b")
	it.Desc.Provider = "Pieter Jansen"
	rows := Preview(it, testConfig())
	if len(rows) != len(standardFields) {
		t.Fatalf("%d rows, want one per field (%d)", len(rows), len(standardFields))
	}
	got := map[string]FieldPreview{}
	for _, r := range rows {
		got[r.Field] = r
	}
	want := map[string]FieldPreview{
		"methods_and_models": {"methods_and_models", "Technische werking", it.Desc.MethodsAndModels, register.RedactionNotice("5.1.2.h"), "redact"},
		"risks":              {"risks", "Risicobeheer", it.Desc.Risks, "", "omit"},
		"provider":           {"provider", "Leverancier", "Pieter Jansen", "redacteur algoritmeregister", "anonymise"},
		"name":               {"name", "Naam", it.Desc.Name, it.Desc.Name, "publish"},
		"source_id":          {"source_id", "Bron-ID", "DEF-3F9K2M7Q", "DEF-3F9K2M7Q", "system"},
		"category":           {"category", "Thema", "Organisatie en bedrijfsvoering", "Organisatie en bedrijfsvoering", "publish"},
	}
	for f, w := range want {
		if diff := cmp.Diff(w, got[f]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f, diff)
		}
	}
}
