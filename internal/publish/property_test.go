package publish

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// The property test generates many descriptions with random field decisions and planted
// secrets, builds their public views, scans them, and bundles those that pass. It checks that
// the scan blocks exactly the descriptions with a blocking plant, that descriptions whose only
// secrets are redacted (or anonymisable) still publish, that no planted string reaches ANY file
// of the bundle, and that every algorithms.json item is valid against the v1.0 schema.

var vocabulary = strings.Fields(`algoritme gegevens model voertuig onderhoud planning rooster
	personeel materieel voorraad levering transport haven kazerne oefening training opleiding
	analyse rapportage beoordeling signalering controle kwaliteit veiligheid capaciteit inzet
	proces beslissing advies medewerker afdeling systeem sensor meting voorspelling kans
	uitkomst toets wijziging beheer toezicht evaluatie periode jaar maand week dag gebruik
	betrouwbaarheid nauwkeurigheid uitleg verklaring bron invoer uitvoer resultaat norm regel
	wet besluit aanvraag melding verzoek bericht overzicht lijst tabel grafiek dashboard
	snel traag groot klein nieuw oud eerste laatste belangrijk extra nodig mogelijk tijdig
	wordt worden heeft hebben kan kunnen moet gaat komt geeft maakt helpt toont meet telt
	de het een en of voor met door bij van naar over onder tussen zonder tegen`)

var redactableFields = []string{"goal", "proportionality", "human_intervention", "risks", "lawful_basis",
	"impacttoetsen", "source_data", "methods_and_models", "provider", "tags"}

// textTargets are where plants go: every text field except provider, whose 200 characters
// would not hold them.
var textTargets = []string{"description_short", "goal", "proportionality", "human_intervention", "risks",
	"lawful_basis", "impacttoetsen", "source_data", "methods_and_models", "tags"}

type generated struct {
	item      Item
	secrets   []string // must not appear in any bundle file (compared on folded words)
	blocking  []string // why the scan must block it; empty: it must pass
	redacted  bool     // has a redacted secret that stayed redacted
	anonymise bool     // has a planted name or address that anonymisation replaces
}

type gen struct {
	r   *rand.Rand
	cfg Config
	n   int
}

func (g *gen) word() string { return vocabulary[g.r.IntN(len(vocabulary))] }

func (g *gen) marker() string {
	const letters = "bcdfghjklmnpqrstvwxz"
	b := []byte("xq")
	for i := 0; i < 8; i++ {
		b = append(b, letters[g.r.IntN(len(letters))])
	}
	return string(b)
}

func (g *gen) sentence(minW, maxW int) string {
	n := minW + g.r.IntN(maxW-minW+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) text(maxSentences int) string {
	var ss []string
	for i := 0; i < 1+g.r.IntN(maxSentences); i++ {
		ss = append(ss, g.sentence(6, 14))
	}
	t := strings.Join(ss, " ")
	if g.r.IntN(3) == 0 {
		t = "<p>" + t + "</p>"
	}
	return t
}

func (g *gen) digits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func (g *gen) phone() string {
	switch g.r.IntN(5) {
	case 0:
		return "06-" + g.digits(8)
	case 1:
		d := g.digits(8)
		return "+31 6 " + d[:4] + " " + d[4:]
	case 2:
		return "00316" + g.digits(8)
	case 3:
		d := g.digits(7)
		return "(070) " + d[:3] + " " + d[3:5] + " " + d[5:]
	}
	return "070-" + g.digits(7)
}

func caseVariant(r *rand.Rand, s string) string {
	switch r.IntN(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	return s
}

var firstNames = []string{"Sanne", "Daan", "Fleur", "Bram", "Noor", "Thijs", "Lotte", "Joris", "Mirjam", "Ruud"}
var lastNames = []string{"Visser", "Smit", "de Boer", "Mulder", "Bos", "van Dijk", "Hendriks", "Dekker", "Brouwer", "van Leeuwen"}

func (g *gen) setText(s *register.Standard, field, text string) {
	*stringField(s, field) = text
}

func (g *gen) appendText(s *register.Standard, field, text string) {
	p := stringField(s, field)
	if strings.HasSuffix(*p, "</p>") {
		*p = strings.TrimSuffix(*p, "</p>") + " " + text + "</p>"
	} else {
		*p += " " + text
	}
}

// next generates one description with its plants.
func (g *gen) next() generated {
	g.n++
	r := g.r
	var out generated
	owner := register.Person{Name: firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))], Role: "algoritme-eigenaar"}
	owner.Email = strings.ToLower(strings.ReplaceAll(owner.Name, " ", ".")) + "@mindef.nl"
	d := register.Description{
		Standard: register.Standard{
			Name:                fmt.Sprintf("Algoritme %05d %s", g.n, g.word()),
			DescriptionShort:    g.sentence(6, 20),
			Organization:        "Ministerie van Defensie",
			Category:            []string{enumCategory[r.IntN(len(enumCategory))]},
			Status:              enumStatus[r.IntN(len(enumStatus))],
			BeginDate:           fmt.Sprintf("20%02d-%02d", 15+r.IntN(11), 1+r.IntN(12)),
			ContactEmail:        []string{"algoritmeregister@mindef.nl", "team-data@functioneel.mindef.nl", "https://www.defensie.nl/contact/algoritmes"}[r.IntN(3)],
			PublicationCategory: enumPublicationCategory[r.IntN(len(enumPublicationCategory))],
			LawfulBasisGrouping: []register.Link{{Title: "Wet " + g.word(), Link: "https://wetten.overheid.nl/BWBR" + g.digits(7)}},
			Lang:                "nld",
		},
		ID:       fmt.Sprintf("d-%05d", g.n),
		Revision: 1 + r.IntN(5),
		Owners:   []register.Person{owner},
		PublicID: fmt.Sprintf("DEF-%08d", g.n),
	}
	for _, f := range redactableFields {
		if r.IntN(4) > 0 {
			g.setText(&d.Standard, f, g.text(3))
		}
	}
	d.Provider = strings.TrimSuffix(g.sentence(2, 5), ".")
	a := register.Assessment{DescriptionID: d.ID, Revision: d.Revision, Decision: register.DecisionPublishFull, Fields: map[string]register.FieldDecision{}}
	grounds := []string{"5.1.1.b", "5.1.2.h", "5.1.2.e", "5.1.1.c"}
	for _, f := range redactableFields {
		if r.IntN(5) == 0 {
			action := register.FieldRedact
			if r.IntN(3) == 0 {
				action = register.FieldOmit
			}
			a.Fields[f] = register.FieldDecision{Action: action, Ground: grounds[r.IntN(len(grounds))], Motivation: "gegenereerd"}
		}
	}
	if r.IntN(20) == 0 {
		a.Fields["description_short"] = register.FieldDecision{Action: register.FieldOmit, Ground: "5.1.1.b", Motivation: "gegenereerd"}
		out.blocking = append(out.blocking, KindSchema)
	}
	published := func() string {
		for {
			f := textTargets[r.IntN(len(textTargets))]
			if _, dec := a.Fields[f]; !dec {
				return f
			}
		}
	}

	// A redacted secret: a distinctive sentence in a redacted field; sometimes leaked elsewhere.
	if r.IntN(2) == 0 {
		f := redactableFields[r.IntN(len(redactableFields))]
		if _, ok := a.Fields[f]; !ok {
			a.Fields[f] = register.FieldDecision{Action: register.FieldRedact, Ground: "5.1.1.b", Motivation: "gegenereerd"}
		}
		m := g.marker()
		ws := []string{"Operatie", m}
		for i := 0; i < 8+r.IntN(6); i++ {
			ws = append(ws, g.word())
		}
		secret := strings.Join(ws, " ") + "."
		g.setText(&d.Standard, f, g.text(2)+" "+secret+" "+g.text(2))
		out.secrets = append(out.secrets, secret, m)
		if r.IntN(3) == 0 {
			// Leak a run of at least ngramLen words, re-cased, re-spaced, maybe marked up.
			start := r.IntN(len(ws) - ngramLen + 1)
			leak := ws[start : start+ngramLen+r.IntN(len(ws)-start-ngramLen+1)]
			sep := []string{" ", "  ", "\n", " <br> "}[r.IntN(4)]
			g.appendText(&d.Standard, published(), caseVariant(r, strings.Join(leak, sep)))
			out.blocking = append(out.blocking, KindRedactedText)
		} else {
			out.redacted = true
		}
	}
	// Names and addresses of known persons: replaced by their role, so they do not block.
	if r.IntN(2) == 0 {
		u := g.cfg.Users[r.IntN(len(g.cfg.Users))]
		plant := []string{u.Name, caseVariant(r, u.Name), u.Email, owner.Name, owner.Email}[r.IntN(5)]
		if u.Name == "Ëlla Müller-de Vries" && r.IntN(2) == 0 {
			plant = "Ella Muller-de Vries"
		}
		g.appendText(&d.Standard, published(), "Contact via "+plant+" voor uitleg.")
		out.secrets = append(out.secrets, plant)
		out.anonymise = true
	}
	// Blocking plants.
	if r.IntN(8) == 0 {
		addr := g.marker() + "." + g.word() + "@gmail.com"
		g.appendText(&d.Standard, published(), "Mail "+addr+".")
		out.secrets = append(out.secrets, addr)
		out.blocking = append(out.blocking, KindPersonalEmail)
	}
	if r.IntN(8) == 0 {
		ph := g.phone()
		g.appendText(&d.Standard, published(), "Bel "+ph+" bij vragen.")
		out.secrets = append(out.secrets, ph)
		out.blocking = append(out.blocking, KindPhone)
	}
	if r.IntN(8) == 0 {
		term := g.cfg.Terms[r.IntN(len(g.cfg.Terms))]
		plant := caseVariant(r, term)
		if strings.Contains(term, " ") && r.IntN(2) == 0 {
			plant = strings.Replace(term, " ", " <br> ", 1)
		}
		if term == "Café Kruiswerk" && r.IntN(2) == 0 {
			plant = "cafe kruiswerk"
		}
		g.appendText(&d.Standard, published(), "Gebruikt bij "+plant+".")
		out.secrets = append(out.secrets, term)
		out.blocking = append(out.blocking, KindSensitiveTerm)
	}
	if r.IntN(8) == 0 {
		mk := []string{"STG. GEHEIM", "Stg. Confidentieel", "Staatsgeheim Confidentieel", "Dep. Vertrouwelijk",
			"DEPARTEMENTAAL VERTROUWELIJK", "NATO SECRET", "NATO RESTRICTED", "CONFIDENTIAL", "TOP SECRET"}[r.IntN(9)]
		g.appendText(&d.Standard, published(), "Rubricering: "+mk+".")
		out.secrets = append(out.secrets, mk)
		out.blocking = append(out.blocking, KindMarking)
	}
	if r.IntN(15) == 0 {
		d.ContactEmail = owner.Email
		out.secrets = append(out.secrets, owner.Email)
		out.blocking = append(out.blocking, KindContactNotAllowed)
	}
	if r.IntN(20) == 0 {
		a.Decision = register.DecisionDoNotPublish
		out.blocking = append(out.blocking, KindDecision)
	} else if len(a.Fields) > 0 {
		a.Decision = register.DecisionPublishPartial
	}
	out.item = Item{Desc: d, Assessment: a}
	return out
}

func TestPropertyNothingPlantedGoesOut(t *testing.T) {
	cfg := testConfig()
	g := &gen{r: rand.New(rand.NewPCG(20260808, 5)), cfg: cfg}
	const n = 600
	var public []register.Standard
	var all []generated
	stats := map[string]int{}
	for i := 0; i < n; i++ {
		gd := g.next()
		all = append(all, gd)
		pub := PublicView(gd.item, cfg)
		fs := Scan(gd.item, pub, cfg)
		got := map[string]bool{}
		for _, f := range fs {
			got[f.Kind] = true
		}
		for _, k := range gd.blocking {
			if !got[k] {
				t.Errorf("%s: planted %s not found; findings %+v\npublic: %+v", gd.item.Desc.ID, k, fs, pub)
			}
		}
		if len(gd.blocking) == 0 && len(fs) > 0 {
			t.Errorf("%s: blocked without a blocking plant: %+v", gd.item.Desc.ID, fs)
		}
		if len(fs) == 0 {
			public = append(public, pub)
			stats["published"]++
			if gd.redacted {
				stats["published with a redacted secret"]++
			}
			if gd.anonymise {
				stats["published after anonymisation"]++
			}
		} else {
			stats["blocked"]++
		}
	}
	t.Logf("%d descriptions: %v", n, stats)
	if stats["published with a redacted secret"] < 50 || stats["published after anonymisation"] < 50 || stats["blocked"] < 100 {
		t.Fatalf("the generator does not exercise the cases: %v", stats)
	}

	dir := filepath.Join(t.TempDir(), "bundel")
	if _, err := WriteBundle(dir, public, nil, testMeta, testKey(1)); err != nil {
		t.Fatal(err)
	}
	texts := bundleTexts(t, dir)
	for _, gd := range all {
		for _, s := range gd.secrets {
			needle := " " + strings.Join(words(s), " ") + " "
			for name, text := range texts {
				if strings.Contains(text, needle) {
					t.Errorf("%s: planted %q appears in %s", gd.item.Desc.ID, s, name)
				}
			}
		}
	}

	// Every algorithms.json item is valid against the national register's AlgorithmIn.
	v := loadSchemaValidator(t)
	b, _ := os.ReadFile(filepath.Join(dir, FileJSON))
	var items []any
	if err := json.Unmarshal(b, &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != len(public) {
		t.Fatalf("%d items in the bundle, %d published", len(items), len(public))
	}
	for i, it := range items {
		if p := v.validateItem(it); len(p) > 0 {
			t.Errorf("item %d invalid: %v", i, p)
		}
	}
}

// bundleTexts returns the folded words of every bundle file ("algorithms.xlsx/xl/…" for the
// XML inside the workbook), each padded with spaces for whole-word search.
func bundleTexts(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(name string, b []byte) {
		out[name] = " " + strings.Join(words(string(b)), " ") + " "
	}
	for _, name := range []string{FileJSON, FileCSV, FileManifest} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		add(name, b)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, FileXLSX))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		add(FileXLSX+"/"+f.Name, b)
	}
	if len(out) < 5 {
		t.Fatalf("bundle texts: only %d parts", len(out))
	}
	return out
}
