package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

const (
	nationalCSV  = "../../../shared/data/algoritmeregister-export-2024-05-eng.csv"
	overviewJSON = "../../../shared/data/algoritmeregister-overzicht-2026-08-08.json"
)

func parseFile(t testing.TB, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := Parse(path, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestParseNationalCSV(t *testing.T) {
	recs := parseFile(t, nationalCSV)
	if len(recs) != 366 {
		t.Fatalf("got %d records, want 366", len(recs))
	}
	importable, concept := 0, 0
	reasons := map[string]int{}
	for _, r := range recs {
		if r.Importable() {
			importable++
			if r.Desc.State == register.StateConcept {
				concept++
			}
			// What is importable is valid v1.0 and sanitised.
			s := r.Desc.Standard
			if ps := standard.Validate(&s); len(ps) > 0 {
				t.Errorf("record %d importable but invalid: %v", r.Index, ps)
			}
			again := s
			standard.Sanitize(&again)
			if d := cmp.Diff(s, again); d != "" {
				t.Errorf("record %d not sanitised: %s", r.Index, d)
			}
			continue
		}
		seen := map[string]bool{}
		for _, p := range r.Problems {
			if !seen[p.Name] {
				reasons[p.Name]++
				seen[p.Name] = true
			}
		}
	}
	// See docs/import.md for these figures and the reasons.
	if importable < 315 {
		t.Errorf("importable = %d, want at least 315", importable)
	}
	var ks []string
	for k := range reasons {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		t.Logf("rejected records with a problem in %s: %d", k, reasons[k])
	}
	t.Logf("records %d, importable %d (as concept %d), rejected %d", len(recs), importable, concept, len(recs)-importable)

	first := recs[0]
	if first.Index != 2 {
		t.Errorf("first record index = %d, want line 2", first.Index)
	}
	want := register.Standard{
		Name: "Nitrogen model", Organization: "National Institute of Public Health and the Environment",
		Category: []string{"Natuur en milieu", "Onderwijs en wetenschap", "Verkeer", "Werk", "Ruimte en infrastructuur", "Wonen"},
		Status:   "In gebruik", StandardVersion: "1.0",
	}
	got := register.Standard{Name: first.Desc.Name, Organization: first.Desc.Organization, Category: first.Desc.Category,
		Status: first.Desc.Status, StandardVersion: first.Desc.StandardVersion}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("first record (-want +got):\n%s", d)
	}
	if !strings.Contains(first.Desc.Tags, "Landbouw") {
		t.Errorf("legacy theme Agriculture not kept as a search term: tags %q", first.Desc.Tags)
	}
	if len(first.Desc.LawfulBasisGrouping) != 1 || first.Desc.LawfulBasisGrouping[0].Link != "https://zoek.officielebekendmakingen.nl/stb-2021-140.html" ||
		first.Desc.LawfulBasisGrouping[0].Title != "Wet stikstofreductie en natuurverbetering" {
		t.Errorf("lawful_basis_link not mapped: %+v", first.Desc.LawfulBasisGrouping)
	}
}

func TestParseOverviewJSON(t *testing.T) {
	recs := parseFile(t, overviewJSON)
	if len(recs) != 1530 {
		t.Fatalf("got %d, want 1530", len(recs))
	}
	var defGPT *Record
	bad := 0
	for i := range recs {
		if recs[i].Desc.Name == "DefGPT" {
			defGPT = &recs[i]
		}
		if !standard.ValidLARS(recs[i].Desc.Lars) {
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d national ids fail the LARS check digit", bad)
	}
	if defGPT == nil {
		t.Fatal("DefGPT not found")
	}
	if defGPT.Desc.Organization != "Ministerie van Defensie" || defGPT.Desc.Status != "In gebruik" || defGPT.Desc.Lars != "45462867" ||
		defGPT.Desc.URL != "https://algoritmes.overheid.nl/nl/algoritme/45462867" || defGPT.Desc.State != register.StateConcept {
		t.Errorf("DefGPT = %+v", defGPT.Desc.Standard)
	}
	if !defGPT.Importable() {
		t.Errorf("DefGPT problems: %v", defGPT.Problems)
	}
}

func TestParseUnusable(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"whitespace", " \n "},
		{"binary", "\x00\x01\x02\xff\xfe"},
		{"text without columns", "hallo wereld\nnog een regel\n"},
		{"csv of something else", "a,b,c\n1,2,3\n"},
		{"broken json", "[{\"name\": "},
		{"json object of something else", `{"foo": 1}`},
		{"broken zip", "PK\x03\x04rest"},
		{"pdf", "%PDF-1.7\n..."},
	}
	for _, tt := range tests {
		_, err := Parse(tt.name, strings.NewReader(tt.in), nil)
		if !errors.Is(err, ErrUnusable) {
			t.Errorf("%s: err = %v, want ErrUnusable", tt.name, err)
		}
	}
}

func TestParseCSVVariants(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     register.Standard
		problems []string
		warnings []string
	}{
		{
			name: "v1.0 without BOM, messy values",
			in: "name,description_short,organization,status,lang,contact_email,publication_category,begin_date,end_date,category\n" +
				"Routeplanner,Plant routes.,Ministerie van Defensie,In use,Dutch,www.defensie.nl/contact,Other algorithms,05-2023,n.v.t.,\"Traffic, Law\"\n",
			want: register.Standard{Name: "Routeplanner", DescriptionShort: "Plant routes.", Organization: "Ministerie van Defensie",
				Status: "In gebruik", Lang: "nld", ContactEmail: "https://www.defensie.nl/contact", PublicationCategory: "Overige algoritmes",
				BeginDate: "2023-05", Category: []string{"Verkeer", "Recht"}, StandardVersion: "1.0"},
			warnings: []string{"contact_email"},
		},
		{
			name: "v0.1 legacy fields",
			in: "\uFEFFname,standard_version,goal,impact,lawful_basis_link,iama,dpia,dpia_description,type,department\n" +
				"Camera,0.1.0,Tellen.,Burgers merken niets.,Wet X: https://wetten.overheid.nl/X,Yes,No,Geen persoonsgegevens,Rule-based,Stadsbeheer\n",
			want: register.Standard{Name: "Camera", Goal: "Tellen.\n\nBurgers merken niets.", StandardVersion: "1.0",
				LawfulBasisGrouping:   []register.Link{{Title: "Wet X", Link: "https://wetten.overheid.nl/X"}},
				ImpacttoetsenGrouping: []register.Link{{Title: "Impact Assessment Mensenrechten en Algoritmes (IAMA)"}},
				Impacttoetsen:         "DPIA: Geen persoonsgegevens"},
			warnings: []string{"description_short", "organization", "status", "contact_email", "publication_category", "lang", "type", "department"},
		},
		{
			name: "v0.4 impacttoetsen list and source_data_link",
			in: "name,standard_version,impacttoetsen,iama_description,source_data_link\n" +
				"Scan,0.4.0,\"DPIA, IAMA\",Uitgevoerd in 2022.,https://data.overheid.nl/x\n",
			want: register.Standard{Name: "Scan", StandardVersion: "1.0",
				ImpacttoetsenGrouping: []register.Link{{Title: "Data Protection Impact Assessment (DPIA)"}, {Title: "Impact Assessment Mensenrechten en Algoritmes (IAMA)"}},
				Impacttoetsen:         "IAMA: Uitgevoerd in 2022.",
				SourceDataGrouping:    []register.Link{{Title: "Link naar gegevensbron", Link: "https://data.overheid.nl/x"}}},
			warnings: []string{"description_short", "organization", "status", "contact_email", "publication_category", "lang"},
		},
		{
			name:     "invalid values are problems, nothing truncated",
			in:       "name,status,begin_date,category,lang\n" + strings.Repeat("n", 101) + ",Soms,2014,Deep learning,EN\n",
			want:     register.Standard{Name: strings.Repeat("n", 101), Status: "Soms", BeginDate: "2014", Lang: "EN", StandardVersion: "1.0"},
			problems: []string{"name", "category", "status", "begin_date", "lang"},
			warnings: []string{"description_short", "organization", "contact_email", "publication_category"},
		},
		{
			name: "contact address beside a web page, link fields as text",
			in: "name,contact_email,website,publiccode\n" +
				"Meldingen,\"Vragen: digitaal@pzh.nl. Bezwaar: https://www.zuid-holland.nl/contact/\",Belastingen | Gemeente Doesburg,javascript:alert(1)\n",
			want: register.Standard{Name: "Meldingen", ContactEmail: "digitaal@pzh.nl", Website: "Belastingen | Gemeente Doesburg",
				Publiccode: "javascript:alert(1)", StandardVersion: "1.0"},
			problems: []string{"publiccode"},
			warnings: []string{"description_short", "organization", "status", "contact_email", "publication_category", "lang"},
		},
		{
			name:     "html removed, unknown column warned",
			in:       "name,goal,kleur\n<b>Naam</b>,<p onclick=x>Doel</p><script>x()</script>,rood\n",
			want:     register.Standard{Name: "Naam", Goal: "<p>Doel</p>", StandardVersion: "1.0"},
			warnings: []string{"description_short", "organization", "status", "contact_email", "publication_category", "lang", "kleur"},
		},
		{
			name:     "semicolon separated",
			in:       "name;organization;status\nA;Defensie;In gebruik\n",
			want:     register.Standard{Name: "A", Organization: "Defensie", Status: "In gebruik", StandardVersion: "1.0"},
			warnings: []string{"description_short", "contact_email", "publication_category", "lang"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := Parse("x.csv", strings.NewReader(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 {
				t.Fatalf("got %d records", len(recs))
			}
			r := recs[0]
			if d := cmp.Diff(tt.want, r.Desc.Standard); d != "" {
				t.Errorf("standard (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.problems, names(r.Problems)); d != "" {
				t.Errorf("problems (-want +got):\n%s\n%v", d, r.Problems)
			}
			if d := cmp.Diff(tt.warnings, names(r.Warnings)); d != "" {
				t.Errorf("warnings (-want +got):\n%s\n%v", d, r.Warnings)
			}
		})
	}
}

func names(ps []register.FieldProblem) []string {
	var out []string
	for _, p := range ps {
		if len(out) == 0 || out[len(out)-1] != p.Name {
			out = append(out, p.Name)
		}
	}
	return out
}

func TestSplitLinks(t *testing.T) {
	tests := []struct {
		in       string
		optional bool
		want     []register.Link
	}{
		{"", false, nil},
		{"1: AVG, https://wetten.overheid.nl/BWBR0011468/2018-05-01. 2: UAVG, https://wetten.overheid.nl/BWBR0040940/2021-07-01", false,
			[]register.Link{{Title: "AVG", Link: "https://wetten.overheid.nl/BWBR0011468/2018-05-01"}, {Title: "UAVG", Link: "https://wetten.overheid.nl/BWBR0040940/2021-07-01"}}},
		{"1: Wet, met komma, https://x.nl/a", false, []register.Link{{Title: "Wet, met komma", Link: "https://x.nl/a"}}},
		{"1: Nee,   ", true, []register.Link{{Title: "Nee"}}},
		{"1: DPIA intern, niet gepubliceerd", true, []register.Link{{Title: "DPIA intern, niet gepubliceerd"}}},
		{"1: https://wetten.overheid.nl/BWBR0005251/, Wet op de accijns", false, []register.Link{{Title: "Wet op de accijns", Link: "https://wetten.overheid.nl/BWBR0005251/"}}},
		{"1: Titel over 2: dingen, https://x.nl", false, []register.Link{{Title: "Titel over 2: dingen", Link: "https://x.nl"}}},
		{`[{"title":"A","link":"https://a.nl"}]`, false, []register.Link{{Title: "A", Link: "https://a.nl"}}},
	}
	for _, tt := range tests {
		got, err := SplitLinks(tt.in, tt.optional)
		if err != nil {
			t.Errorf("SplitLinks(%q): %v", tt.in, err)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("SplitLinks(%q) (-want +got):\n%s", tt.in, d)
		}
	}
}

func TestRoundTripFullExports(t *testing.T) {
	ds := Generate(42, 60)
	ds[0].Name = "=HYPERLINK(\"x\")" // a formula-looking value survives the CSV-injection guard
	ds[1].Goal = "<p>R&amp;D – één &lt;tag&gt;</p><ul><li>punt</li></ul>"
	ds[2].Owners = nil
	ds[3].LawfulBasisGrouping = append(ds[3].LawfulBasisGrouping, register.Link{Title: "Wet, met komma. 2: en meer", Link: "https://x.nl/a,b"})
	writers := map[string]func(*bytes.Buffer) error{
		"json": func(b *bytes.Buffer) error { return WriteJSON(b, ds) },
		"csv":  func(b *bytes.Buffer) error { return WriteCSV(b, ds) },
		"xlsx": func(b *bytes.Buffer) error { return WriteXLSX(b, ds) },
	}
	for name, write := range writers {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			recs, err := Parse("export."+name, &b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(ds) {
				t.Fatalf("got %d records, want %d", len(recs), len(ds))
			}
			for i, r := range recs {
				if len(r.Problems) > 0 || len(r.Warnings) > 0 {
					t.Errorf("record %d: problems %v warnings %v", i, r.Problems, r.Warnings)
				}
				if d := cmp.Diff(ds[i], r.Desc); d != "" {
					t.Errorf("record %d (-written +read):\n%s", i, d)
				}
			}
		})
	}
}

func TestRoundTripNational(t *testing.T) {
	ds := Generate(7, 25)
	items := make([]register.Standard, len(ds))
	for i := range ds {
		items[i] = ds[i].Standard
	}
	items[0].Name = "-Min of plus+"
	// The national layouts hold plain text: what comes back is the text of the HTML fields.
	want := make([]register.Standard, len(items))
	for i, s := range items {
		for _, f := range standard.Fields() {
			if f.HTML {
				p := standard.StringField(&s, f.Name)
				*p = standard.StripHTML(*p)
			}
		}
		standard.Sanitize(&s)
		want[i] = s
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			if format == "csv" {
				err = WriteNationalCSV(&b, items)
			} else {
				err = WriteNationalXLSX(&b, items)
			}
			if err != nil {
				t.Fatal(err)
			}
			recs, err := Parse("national", &b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != len(items) {
				t.Fatalf("got %d, want %d", len(recs), len(items))
			}
			for i, r := range recs {
				if !r.Importable() {
					t.Errorf("record %d: %v", i, r.Problems)
				}
				if d := cmp.Diff(want[i], r.Desc.Standard); d != "" {
					t.Errorf("record %d (-want +got):\n%s", i, d)
				}
			}
		})
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(1, 200), Generate(1, 200)
	if d := cmp.Diff(a, b); d != "" {
		t.Fatalf("same seed differs:\n%s", d)
	}
	units, levels := map[string]bool{}, map[register.Level]bool{}
	for _, d := range a {
		units[d.Unit] = true
		levels[d.Classification] = true
		s := d.Standard
		if ps := standard.Validate(&s); len(ps) > 0 {
			t.Fatalf("%s invalid: %v", d.ID, ps)
		}
		if m := standard.Missing(&s); len(m) > 0 {
			t.Fatalf("%s incomplete: %v", d.ID, m)
		}
	}
	if len(units) != len(register.DemoUnits) || len(levels) != len(register.Levels) {
		t.Errorf("spread: %d units, %d levels", len(units), len(levels))
	}
	if c := Generate(2, 1); c[0].Name == a[0].Name && c[0].Unit == a[0].Unit && c[0].Classification == a[0].Classification {
		t.Log("seeds 1 and 2 start alike (possible, but unlikely)")
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, Generate(3, 1200)); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	if _, err := Parse("p.json", &b, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{500, 1200}, {1000, 1200}, {1200, 1200}}
	if d := cmp.Diff(want, calls); d != "" {
		t.Errorf("progress (-want +got):\n%s", d)
	}
}

func seedBytes(f *testing.F, path string, n int) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	if len(b) > n {
		b = b[:n]
	}
	return b
}

func checkRecords(t *testing.T, recs []Record) {
	for _, r := range recs {
		s := r.Desc.Standard
		again := s
		standard.Sanitize(&again)
		if d := cmp.Diff(s, again); d != "" {
			t.Fatalf("record %d not sanitised:\n%s", r.Index, d)
		}
		if r.Importable() {
			if ps := standard.Validate(&s); len(ps) > 0 {
				t.Fatalf("record %d importable but invalid: %v", r.Index, ps)
			}
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	f.Add(seedBytes(f, nationalCSV, 6000))
	f.Add([]byte("name,status,category\nA,In use,\"Traffic, Law\"\n"))
	f.Add([]byte("name,lawful_basis_grouping\nA,\"1: X, https://x.nl. 2: Y, https://y.nl\"\n"))
	f.Add([]byte("name;goal\n\"<p>a\";b\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := Parse("fuzz.csv", bytes.NewReader(b), nil)
		if err != nil {
			if !errors.Is(err, ErrUnusable) {
				t.Fatalf("error does not wrap ErrUnusable: %v", err)
			}
			return
		}
		checkRecords(t, recs)
	})
}

func FuzzParseJSON(f *testing.F) {
	var ov struct {
		Algoritmes []json.RawMessage `json:"algoritmes"`
	}
	if err := json.Unmarshal(seedBytes(f, overviewJSON, 1<<30), &ov); err != nil || len(ov.Algoritmes) < 3 {
		f.Fatalf("overview: %v", err)
	}
	seed, _ := json.Marshal(map[string]any{"algoritmes": ov.Algoritmes[:3]})
	f.Add(seed)
	var b bytes.Buffer
	WriteJSON(&b, Generate(5, 2))
	f.Add(b.Bytes())
	f.Add([]byte(`[{"name": "A", "category": ["Recht", 5], "lawful_basis_grouping": [{"title": "x"}, 3], "owners": "x"}]`))
	f.Add([]byte(`{"algoritme_versions": [{"name": "A", "lars": "11136893"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := Parse("fuzz.json", bytes.NewReader(b), nil)
		if err != nil {
			if !errors.Is(err, ErrUnusable) {
				t.Fatalf("error does not wrap ErrUnusable: %v", err)
			}
			return
		}
		checkRecords(t, recs)
	})
}

func BenchmarkParseNationalCSV(b *testing.B) {
	data, err := os.ReadFile(nationalCSV)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("x.csv", bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkParseGenerated(b *testing.B, format string, n int) {
	ds := Generate(1, n)
	var buf bytes.Buffer
	var err error
	switch format {
	case "json":
		err = WriteJSON(&buf, ds)
	case "csv":
		err = WriteCSV(&buf, ds)
	}
	if err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse("x."+format, bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseGenerated100kJSON(b *testing.B) { benchmarkParseGenerated(b, "json", 100_000) }
func BenchmarkParseGenerated100kCSV(b *testing.B)  { benchmarkParseGenerated(b, "csv", 100_000) }

func BenchmarkWriteNationalCSV100k(b *testing.B) {
	ds := Generate(1, 100_000)
	items := make([]register.Standard, len(ds))
	for i := range ds {
		items[i] = ds[i].Standard
	}
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteNationalCSV(&buf, items); err != nil {
			b.Fatal(err)
		}
	}
}
