package standard

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
)

func TestFieldsFromSchema(t *testing.T) {
	fs := Fields()
	if len(fs) != 30 {
		t.Fatalf("got %d fields, want the 30 of AlgorithmIn without publication_dt", len(fs))
	}
	var names []string
	for _, f := range fs {
		names = append(names, f.Name)
	}
	if names[0] != "name" || names[3] != "category" || names[len(names)-1] != "lars" {
		t.Errorf("order = %v", names)
	}
	tests := []struct {
		name     string
		title    string
		kind     string
		tab      string
		maxLen   int
		html     bool
		required bool
	}{
		{"name", "Naam", KindText, TabGeneral, 100, false, true},
		{"description_short", "Korte omschrijving", KindText, TabGeneral, 400, false, true},
		{"category", "Thema", KindCategories, TabGeneral, 0, false, false},
		{"status", "Status", KindEnum, TabGeneral, 0, false, true},
		{"begin_date", "Begindatum", KindDate, TabGeneral, 7, false, false},
		{"contact_email", "Contactgegevens", KindContact, TabGeneral, 500, false, true},
		{"goal", "Doel en impact", KindLongText, TabResponsible, 2500, true, false},
		{"lawful_basis_grouping", "Verwijzingen wettelijke basis", KindLinks, TabResponsible, 0, false, false},
		{"methods_and_models", "Technische werking", KindLongText, TabOperation, 5000, true, false},
		{"provider", "Leverancier", KindText, TabOperation, 200, false, false},
		{"publiccode", "Link naar broncode", KindURL, TabOperation, 500, false, false},
		{"lang", "Taal", KindEnum, TabMetadata, 0, false, true},
		{"lars", "Algoritme-ID", KindLARS, TabMetadata, 0, false, false},
	}
	for _, tt := range tests {
		f, ok := Field(tt.name)
		if !ok {
			t.Errorf("Field(%q) not found", tt.name)
			continue
		}
		got := []any{f.Title, f.Kind, f.Tab, f.MaxLen, f.HTML, f.Required}
		want := []any{tt.title, tt.kind, tt.tab, tt.maxLen, tt.html, tt.required}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("Field(%q) (-want +got):\n%s", tt.name, d)
		}
	}
	if f, _ := Field("category"); len(f.Enum) != 16 || f.Enum[7] != "Natuur en milieu" {
		t.Errorf("category enum = %v", f.Enum)
	}
	if f, _ := Field("impacttoetsen_grouping"); f.LinkRequired || len(f.Recommended) == 0 {
		t.Errorf("impacttoetsen_grouping: link required %v, recommended %v", f.LinkRequired, f.Recommended)
	}
	if f, _ := Field("lawful_basis_grouping"); !f.LinkRequired || f.LinkTitleMaxLen != 100 {
		t.Errorf("lawful_basis_grouping: %+v", f)
	}
	if f, _ := Field("name"); !strings.HasPrefix(f.HelpText, "De naam die gebruikt wordt") {
		t.Errorf("help text = %q", f.HelpText)
	}
	if _, ok := Field("publication_dt"); ok {
		t.Error("publication_dt is assigned by the register and is not a content field")
	}
}

func TestTextLength(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"Ministerie van Defensie", 23},
		{"Coördinatie één café", 20},
		{"<p>Coördinatie</p>", 11},
		{"R&amp;D", 3},
		{"&lt;p&gt;", 3},
		{"&eacute;&#233;&#xE9;", 3},
		{"a & b", 5},
		{"<ul><li>een</li><li>twee</li></ul>", 7},
		{"<p class=\"x\" onclick='a>b'>tekst</p>", 5},
		{"<script>alert(1)</script>ok", 2},
		{"a < b", 5},
		{"<!-- commentaar -->x", 1},
	}
	for _, tt := range tests {
		if got := TextLength(tt.in); got != tt.want {
			t.Errorf("TextLength(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestStripHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"gewoon", "gewoon"},
		{"<p>Eén</p><p>Twee</p>", "Eén\nTwee"},
		{"<ul><li>een</li><li>twee</li></ul>", "- een\n- twee"},
		{"regel<br>regel", "regel\nregel"},
		{"R&amp;D <b>vet</b>", "R&D vet"},
		{"<script>alert(1)</script>tekst", "tekst"},
	}
	for _, tt := range tests {
		if got := StripHTML(tt.in); got != tt.want {
			t.Errorf("StripHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	in := register.Standard{
		Name:              "  <b>Risico</b>scan \r\n",
		Goal:              "<p style=\"color:red\" onclick=\"x()\">Doel</p><script>alert('x')</script><img src=x onerror=alert(1)><a href=\"javascript:x\">link</a>",
		Risks:             "<UL><LI>Één</LI></UL>\r\nA < B & C",
		HumanIntervention: "<p>tekst<br/>meer</p><iframe src=\"https://evil\">x</iframe><!-- c --><div id=\"a\">d</div>",
		Tags:              "<h1>kop</h1>",
		Category:          []string{" Recht ", "", "  "},
		LawfulBasisGrouping: []register.Link{
			{Title: " <i>AVG</i> ", Link: " https://wetten.overheid.nl/x "}, {Title: " ", Link: ""},
		},
		DescriptionShort: "a\x00b\x07c",
	}
	s := in
	Sanitize(&s)
	want := register.Standard{
		Name:                "Risicoscan",
		Goal:                "<p>Doel</p>link",
		Risks:               "<ul><li>Één</li></ul>\nA &lt; B &amp; C",
		HumanIntervention:   "<p>tekst<br>meer</p><div>d</div>",
		Tags:                "kop",
		Category:            []string{"Recht"},
		LawfulBasisGrouping: []register.Link{{Title: "AVG", Link: "https://wetten.overheid.nl/x"}},
		DescriptionShort:    "abc",
	}
	if d := cmp.Diff(want, s); d != "" {
		t.Errorf("Sanitize (-want +got):\n%s", d)
	}
	again := s
	Sanitize(&again)
	if d := cmp.Diff(s, again); d != "" {
		t.Errorf("Sanitize is not idempotent (-first +second):\n%s", d)
	}
}

func TestSanitizePlainNested(t *testing.T) {
	s := register.Standard{Name: "<<b>script>alert(1)<</b>/script>x"}
	Sanitize(&s)
	if strings.Contains(s.Name, "<script") {
		t.Errorf("Name = %q still holds a tag", s.Name)
	}
}

func valid() register.Standard {
	return register.Standard{
		Name: "Inzetplanning onderhoud", DescriptionShort: "Plant onderhoud aan voertuigen.",
		Organization: "Ministerie van Defensie", Category: []string{"Organisatie en bedrijfsvoering"},
		Status: "In gebruik", BeginDate: "2023-01", ContactEmail: "algoritmes@mindef.nl",
		Website: "https://www.defensie.nl", PublicationCategory: "Overige algoritmes",
		Goal: "<p>Doel</p>", LawfulBasisGrouping: []register.Link{{Title: "Wet", Link: "https://wetten.overheid.nl/BWBR0001"}},
		ImpacttoetsenGrouping: []register.Link{{Title: "Data Protection Impact Assessment (DPIA)"}},
		Lang:                  "nld", StandardVersion: "1.0", Lars: "11136893",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*register.Standard)
		want   []register.FieldProblem
	}{
		{"valid", func(*register.Standard) {}, nil},
		{"empty is not a problem here", func(s *register.Standard) { *s = register.Standard{} }, nil},
		{"name too long", func(s *register.Standard) { s.Name = strings.Repeat("a", 120) },
			[]register.FieldProblem{{Name: "name", Reason: "is 120 tekens lang; het maximum is 100 tekens (zonder HTML)"}}},
		{"name 100 runes with diacritics is fine", func(s *register.Standard) { s.Name = strings.Repeat("ë", 100) }, nil},
		{"name 101 runes with diacritics", func(s *register.Standard) { s.Name = strings.Repeat("ë", 101) },
			[]register.FieldProblem{{Name: "name", Reason: "is 101 tekens lang; het maximum is 100 tekens (zonder HTML)"}}},
		{"html does not count", func(s *register.Standard) { s.Goal = "<p>" + strings.Repeat("x", 2500) + "</p>" }, nil},
		{"entities count as one", func(s *register.Standard) { s.Goal = strings.Repeat("&amp;", 2500) }, nil},
		{"goal too long", func(s *register.Standard) { s.Goal = strings.Repeat("&amp;", 2501) },
			[]register.FieldProblem{{Name: "goal", Reason: "is 2501 tekens lang; het maximum is 2500 tekens (zonder HTML)"}}},
		{"status enum", func(s *register.Standard) { s.Status = "In use" },
			[]register.FieldProblem{{Name: "status", Reason: "‘In use’ is geen toegestane waarde; kies ‘In ontwikkeling’, ‘In gebruik’ of ‘Buiten gebruik’"}}},
		{"lang", func(s *register.Standard) { s.Lang = "NLD" },
			[]register.FieldProblem{{Name: "lang", Reason: "‘NLD’ is geen toegestane waarde; kies ‘nld’"}}},
		{"date", func(s *register.Standard) { s.BeginDate = "2023-13"; s.EndDate = "01-2023" }, []register.FieldProblem{
			{Name: "begin_date", Reason: "‘2023-13’ is geen geldige maand; schrijf jjjj-mm, bijvoorbeeld 2023-01"},
			{Name: "end_date", Reason: "‘01-2023’ is geen geldige maand; schrijf jjjj-mm, bijvoorbeeld 2023-01"}}},
		{"contact url ok", func(s *register.Standard) { s.ContactEmail = "https://www.defensie.nl/contact" }, nil},
		{"contact text", func(s *register.Standard) { s.ContactEmail = "bel de servicedesk" },
			[]register.FieldProblem{{Name: "contact_email", Reason: "‘bel de servicedesk’ is geen geldig e-mailadres en geen geldige URL (begin een website met https://)"}}},
		{"contact without scheme", func(s *register.Standard) { s.ContactEmail = "www.defensie.nl" },
			[]register.FieldProblem{{Name: "contact_email", Reason: "‘www.defensie.nl’ is geen geldig e-mailadres en geen geldige URL (begin een website met https://)"}}},
		{"url scheme", func(s *register.Standard) { s.Website = "javascript:alert(1)"; s.Publiccode = "ftp://x.nl" }, []register.FieldProblem{
			{Name: "website", Reason: "‘javascript:alert(1)’ is geen toegestane link; gebruik een adres dat begint met https://"},
			{Name: "publiccode", Reason: "‘ftp://x.nl’ is geen toegestane link; gebruik een adres dat begint met https://"}}},
		{"url scheme hidden by whitespace or case", func(s *register.Standard) {
			s.Website = "JavaScript:alert(1) klik hier"
			s.URL = "java\tscript:alert(1)"
			s.ProcessIndexURL = "data:text/html;base64,PHNjcmlwdD4="
			s.Publiccode = "file:///H:/Mijn%20Documenten/code.zip"
		}, []register.FieldProblem{
			{Name: "website", Reason: "‘JavaScript:alert(1) klik hier’ is geen toegestane link; gebruik een adres dat begint met https://"},
			{Name: "url", Reason: "‘java\tscript:alert(1)’ is geen toegestane link; gebruik een adres dat begint met https://"},
			{Name: "process_index_url", Reason: "‘data:text/html;base64,PHNjcmlwdD4=’ is geen toegestane link; gebruik een adres dat begint met https://"},
			{Name: "publiccode", Reason: "‘file:///H:/Mijn%20Documenten/code.zip’ is geen toegestane link; gebruik een adres dat begint met https://"}}},
		{"broken single link", func(s *register.Standard) { s.Website = "https//www.defensie.nl"; s.URL = "https:/x" }, []register.FieldProblem{
			{Name: "website", Reason: "‘https//www.defensie.nl’ is geen toegestane link; gebruik een adres dat begint met https://"},
			{Name: "url", Reason: "‘https:/x’ is geen toegestane link; gebruik een adres dat begint met https://"}}},
		// The national schema has these as text of at most 500 characters; real registrations
		// hold page titles, several links or a sentence there, and the national register took them.
		{"link fields as the national register takes them", func(s *register.Standard) {
			s.Website = "Belastingen | Gemeente Doesburg"
			s.URL = "https://www.incidentmanagement.nl en https://www.rijkswaterstaat.nl"
			s.ProcessIndexURL = "N.v.t.: alleen intern"
			s.Publiccode = "Broncode AERIUS: https://www.rivm.nl/aerius"
		}, nil},
		{"link field length", func(s *register.Standard) { s.Website = "https://www.defensie.nl/" + strings.Repeat("a", 480) },
			[]register.FieldProblem{{Name: "website", Reason: "is 504 tekens lang; het maximum is 500 tekens (zonder HTML)"}}},
		{"category", func(s *register.Standard) { s.Category = []string{"Recht", "Defensie", "Recht"} }, []register.FieldProblem{
			{Name: "category", Reason: "‘Defensie’ is geen thema uit de lijst van de standaard"},
			{Name: "category", Reason: "‘Recht’ staat er meer dan één keer in"}}},
		{"lawful basis link required", func(s *register.Standard) {
			s.LawfulBasisGrouping = []register.Link{{Title: "Wet"}, {Link: "https://x.nl"}, {Title: "W", Link: "wetten.nl"}}
		}, []register.FieldProblem{
			{Name: "lawful_basis_grouping", Reason: "verwijzing 1: de link ontbreekt"},
			{Name: "lawful_basis_grouping", Reason: "verwijzing 2: de titel ontbreekt"},
			{Name: "lawful_basis_grouping", Reason: "verwijzing 3: ‘wetten.nl’ is geen geldige URL; begin met https://"}}},
		{"lawful basis title length", func(s *register.Standard) {
			s.LawfulBasisGrouping = []register.Link{{Title: strings.Repeat("w", 101), Link: "https://x.nl"}}
		}, []register.FieldProblem{{Name: "lawful_basis_grouping", Reason: "verwijzing 1: de titel is 101 tekens lang; het maximum is 100 tekens (zonder HTML)"}}},
		{"impacttoets link optional but must be url", func(s *register.Standard) {
			s.ImpacttoetsenGrouping = []register.Link{{Title: "IAMA"}, {Title: "DPIA", Link: "intern"}}
		}, []register.FieldProblem{{Name: "impacttoetsen_grouping", Reason: "verwijzing 2: ‘intern’ is geen geldige URL; begin met https://"}}},
		{"source data link required", func(s *register.Standard) { s.SourceDataGrouping = []register.Link{{Title: "BRP"}} },
			[]register.FieldProblem{{Name: "source_data_grouping", Reason: "verwijzing 1: de link ontbreekt"}}},
		{"lars", func(s *register.Standard) { s.Lars = "11136894" },
			[]register.FieldProblem{{Name: "lars", Reason: "‘11136894’ is geen geldig algoritme-ID; dat zijn 8 cijfers met een controlecijfer"}}},
		{"markup in plain field", func(s *register.Standard) { s.Provider = "<b>Leverancier</b>" },
			[]register.FieldProblem{{Name: "provider", Reason: "bevat HTML-opmaak; dit veld mag alleen platte tekst bevatten"}}},
		{"sorted by field order", func(s *register.Standard) { s.Lang = "en"; s.Name = strings.Repeat("x", 101); s.Status = "x" }, []register.FieldProblem{
			{Name: "name", Reason: "is 101 tekens lang; het maximum is 100 tekens (zonder HTML)"},
			{Name: "status", Reason: "‘x’ is geen toegestane waarde; kies ‘In ontwikkeling’, ‘In gebruik’ of ‘Buiten gebruik’"},
			{Name: "lang", Reason: "‘en’ is geen toegestane waarde; kies ‘nld’"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(&s)
			if d := cmp.Diff(tt.want, Validate(&s)); d != "" {
				t.Errorf("Validate (-want +got):\n%s", d)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	s := valid()
	if m := Missing(&s); len(m) != 0 {
		t.Errorf("Missing(valid) = %v", m)
	}
	got := Missing(&register.Standard{Name: "x", Lang: "nld"})
	var names []string
	for _, p := range got {
		names = append(names, p.Name)
		if p.Reason != "is verplicht bij indienen" {
			t.Errorf("reason = %q", p.Reason)
		}
	}
	want := []string{"description_short", "organization", "status", "contact_email", "publication_category"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("Missing (-want +got):\n%s", d)
	}
}

func TestValidLARS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11136893", true}, // a real id from the national register
		{"11136894", false},
		{"1113689", false},
		{"111368930", false},
		{"01136893", false}, // digits 1–7 are 1–9
		{"1113689a", false},
		{"", false},
		{"99999995", true}, // 3·36 + 27 = 135
	}
	for _, tt := range tests {
		if got := ValidLARS(tt.in); got != tt.want {
			t.Errorf("ValidLARS(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestValidLARSRealIDs(t *testing.T) {
	// Every id in the national register's overview is a LARS id.
	for _, id := range []string{"11136893"} {
		if !ValidLARS(id) {
			t.Errorf("%s rejected", id)
		}
	}
}

func TestCompleteness(t *testing.T) {
	if got := Completeness(&register.Standard{}); got != 0 {
		t.Errorf("empty = %d", got)
	}
	full := valid()
	for _, f := range Fields() {
		if p := StringField(&full, f.Name); p != nil && *p == "" {
			*p = "x"
		}
	}
	full.SourceDataGrouping = full.LawfulBasisGrouping
	if got := Completeness(&full); got != 100 {
		t.Errorf("full = %d", got)
	}
	req := register.Standard{Name: "a", DescriptionShort: "b", Organization: "c", Status: "In gebruik", ContactEmail: "d", PublicationCategory: "e", Lang: "nld"}
	other := register.Standard{Website: "a", URL: "b", Provider: "c", Publiccode: "d", Tags: "e", ProcessIndexURL: "f", Impacttoetsen: "g"}
	if a, b := Completeness(&req), Completeness(&other); a <= b {
		t.Errorf("7 key fields (%d) should weigh more than 7 other fields (%d)", a, b)
	}
}

func TestNormalizers(t *testing.T) {
	type fn func(string) (string, bool)
	tests := []struct {
		name string
		f    fn
		in   string
		want string
		ok   bool
	}{
		{"lang", NormalizeLang, "NLD", "nld", true},
		{"lang", NormalizeLang, "Dutch", "nld", true},
		{"lang", NormalizeLang, "Ned", "nld", true},
		{"lang", NormalizeLang, "EN", "", false},
		{"status", NormalizeStatus, "In use", "In gebruik", true},
		{"status", NormalizeStatus, "in_gebruik", "In gebruik", true},
		{"status", NormalizeStatus, "In development", "In ontwikkeling", true},
		{"status", NormalizeStatus, "Out of use", "Buiten gebruik", true},
		{"status", NormalizeStatus, "In operation since 18-12-2020", "In gebruik", true},
		{"status", NormalizeStatus, "Two nature reserves are in use (pilot).", "", false},
		{"pubcat", NormalizePublicationCategory, "High-Risk AI-system", "Hoog-risico AI-systeem", true},
		{"pubcat", NormalizePublicationCategory, "Impactful algorithms", "Impactvolle algoritmes", true},
		{"pubcat", NormalizePublicationCategory, "overige algoritmes", "Overige algoritmes", true},
		{"pubcat", NormalizePublicationCategory, "Hoog", "", false},
		{"category", NormalizeCategory, "Nature and Environment", "Natuur en milieu", true},
		{"category", NormalizeCategory, "Public finance", "Overheidsfinanciën", true},
		{"category", NormalizeCategory, "openbare orde en veiligheid", "Openbare orde en veiligheid", true},
		{"category", NormalizeCategory, "Deep learning", "", false},
		{"category", NormalizeCategory, "Board", "", false},
		{"legacy", LegacyCategory, "Board", "Bestuur", true},
		{"legacy", LegacyCategory, "Agriculture", "Landbouw", true},
		{"month", NormalizeMonth, "2023-05", "2023-05", true},
		{"month", NormalizeMonth, "2023-5", "2023-05", true},
		{"month", NormalizeMonth, "05-2023", "2023-05", true},
		{"month", NormalizeMonth, "3-2022", "2022-03", true},
		{"month", NormalizeMonth, "05 2023", "2023-05", true},
		{"month", NormalizeMonth, "mei 2023", "2023-05", true},
		{"month", NormalizeMonth, "May 2023", "2023-05", true},
		{"month", NormalizeMonth, "2023-05-17", "2023-05", true},
		{"month", NormalizeMonth, "17-05-2023", "2023-05", true},
		{"month", NormalizeMonth, "2023", "", false},
		{"month", NormalizeMonth, "010723", "", false},
		{"month", NormalizeMonth, "20-7-23", "", false},
		{"month", NormalizeMonth, "2023-13", "", false},
		{"month", NormalizeMonth, "maan 2023", "", false},
		{"version", NormalizeStandardVersion, "1.0.0", "1.0", true},
		{"version", NormalizeStandardVersion, "0.4.0", "", false},
	}
	for _, tt := range tests {
		got, ok := tt.f(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s(%q) = %q, %v; want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, s := range []string{"n.v.t.", "N.v.t.", "--", "N/A", "", " geen "} {
		if !NotApplicable(s) {
			t.Errorf("NotApplicable(%q) = false", s)
		}
	}
	if NotApplicable("2023-01") {
		t.Error("NotApplicable(2023-01) = true")
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "<p>a</p>", "<<b>b>", "a < b & c", "<script>x</script>", "<p onclick='a>b'>x", "&amp;&lt;", "<!-- x",
		"<a href=\"x\">y</a>", "\r\n\x00", "<ul><li>Één</li></ul>", "<br/>", "&#0;", "<!doctype html>", "</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := register.Standard{Name: in, Goal: in, Category: []string{in}, LawfulBasisGrouping: []register.Link{{Title: in, Link: in}}}
		Sanitize(&s)
		once := s
		once.Category = append([]string(nil), s.Category...)
		once.LawfulBasisGrouping = append([]register.Link(nil), s.LawfulBasisGrouping...)
		Sanitize(&s)
		if d := cmp.Diff(once, s); d != "" {
			t.Fatalf("not idempotent for %q:\n%s", in, d)
		}
		for _, tok := range tokenize(s.Goal) {
			if tok.comment || (tok.tag != "" && !allowedTag(tok.tag)) {
				t.Fatalf("goal %q keeps markup %q", s.Goal, tok.text)
			}
			if tok.tag != "" && strings.ContainsAny(strings.Trim(tok.text, "</>"), " =\"'") {
				t.Fatalf("goal %q keeps attributes in %q", s.Goal, tok.text)
			}
		}
		if stripTags(s.Name) != s.Name {
			t.Fatalf("name %q keeps markup", s.Name)
		}
		if TextLength(s.Goal) < 0 {
			t.Fatal("negative length")
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add("Naam", "2023-01", "https://x.nl", "a@b.nl", "11136893", "Recht")
	f.Add("", "", "", "", "", "")
	f.Add("<b>x</b>", "2023-13", "javascript:x", "bel", "0", "Defensie")
	f.Fuzz(func(t *testing.T, name, date, u, contact, lars, cat string) {
		s := register.Standard{Name: name, BeginDate: date, Website: u, ContactEmail: contact, Lars: lars, Category: []string{cat},
			SourceDataGrouping: []register.Link{{Title: name, Link: u}}}
		Sanitize(&s)
		ps := Validate(&s)
		for i, p := range ps {
			if _, ok := Field(p.Name); !ok || p.Reason == "" {
				t.Fatalf("problem %+v", p)
			}
			if i > 0 && fieldIndex(ps[i-1].Name) > fieldIndex(p.Name) {
				t.Fatalf("not sorted: %v", ps)
			}
		}
		if s.Website != "" && TextLength(s.Website) <= 500 && ValidURL(s.Website) != !hasProblem(ps, "website") {
			t.Fatalf("website %q: ValidURL %v, problems %v", s.Website, ValidURL(s.Website), ps)
		}
	})
}

func hasProblem(ps []register.FieldProblem, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}
