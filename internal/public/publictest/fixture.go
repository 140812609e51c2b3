// Package publictest builds signed fixture bundles for the public site's tests, the browser
// tests and the benchmarks, with publish.WriteBundle: the same writer the real publication
// run uses.
package publictest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/register"
)

// Key returns a fixed Ed25519 key pair, so fixture bundles are reproducible.
func Key() (ed25519.PublicKey, ed25519.PrivateKey) {
	priv := ed25519.NewKeyFromSeed([]byte("algoreg-public-fixture-key-seed!"))
	return priv.Public().(ed25519.PublicKey), priv
}

// Created is the fixed creation time of fixture bundles.
var Created = time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)

// maxXLSXItems is how many descriptions the national XLSX layout (one column per description)
// can hold: Excel has 16,384 columns and the first holds the field titles.
const maxXLSXItems = 16383

// Write writes a signed bundle of items into dir and returns its manifest.
func Write(dir string, items []register.Standard) (*publish.Manifest, error) {
	_, priv := Key()
	dt := map[string]string{}
	for i, it := range items {
		dt[it.SourceID] = Created.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339)
	}
	if len(items) > maxXLSXItems {
		return writeLarge(dir, items, dt, priv)
	}
	m, err := publish.WriteBundle(dir, items, dt, publish.Meta{
		RuleVersion: "1", ModelVersion: "1", Organization: "Ministerie van Defensie", CreatedAt: Created,
	}, priv)
	if err != nil {
		return nil, fmt.Errorf("fixturebundel schrijven: %w", err)
	}
	return m, nil
}

// writeLarge writes a bundle too large for the national XLSX layout, for benchmarks only:
// algorithms.json and algorithms.csv are complete, algorithms.xlsx holds the first 16,383
// descriptions. The manifest is signed exactly as publish.WriteBundle signs it.
func writeLarge(dir string, items []register.Standard, dt map[string]string, priv ed25519.PrivateKey) (*publish.Manifest, error) {
	sorted := append([]register.Standard(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	m := &publish.Manifest{Format: publish.BundleFormat, CreatedAt: Created.Format(time.RFC3339), Organization: defensie,
		Count: len(sorted), Files: map[string]publish.FileSum{}, RuleVersion: "1", ModelVersion: "1"}
	writers := map[string]func(io.Writer) error{
		publish.FileJSON: func(w io.Writer) error {
			pi := make([]publish.PublicItem, len(sorted))
			for i := range sorted {
				pi[i] = publish.PublicItem{Standard: sorted[i], PublicationDT: dt[sorted[i].SourceID]}
			}
			return json.NewEncoder(w).Encode(pi)
		},
		publish.FileCSV:  func(w io.Writer) error { return exchange.WriteNationalCSV(w, sorted) },
		publish.FileXLSX: func(w io.Writer) error { return exchange.WriteNationalXLSX(w, sorted[:maxXLSXItems]) },
	}
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sum := sha256.Sum256(buf.Bytes())
		m.Files[name] = publish.FileSum{SHA256: hex.EncodeToString(sum[:]), Bytes: int64(buf.Len())}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
	}
	pub := priv.Public().(ed25519.PublicKey)
	m.KeyID = publish.KeyID(pub)
	m.PublicKey = base64.StdEncoding.EncodeToString(pub)
	signed, err := m.SignedBytes()
	if err != nil {
		return nil, err
	}
	m.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, signed))
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return m, os.WriteFile(filepath.Join(dir, publish.FileManifest), mb, 0o644)
}

const defensie = "Ministerie van Defensie"

// Items is a small, varied register: real Defence entries of the national register, a partly
// redacted one, a minimal one with empty always-shown fields, and one whose long text carries
// markup that must never be rendered.
func Items() []register.Standard {
	return []register.Standard{
		{
			Name: "DefGPT", SourceID: "DEF-3F9K2M7Q", Organization: defensie,
			DescriptionShort:    "DefGPT is een taalmodel waarmee medewerkers van Defensie teksten kunnen samenvatten, vertalen en opstellen in een beveiligde omgeving.",
			Category:            []string{"Organisatie en bedrijfsvoering"},
			Status:              "In gebruik",
			BeginDate:           "2024-06",
			ContactEmail:        "algoritmeregister@mindef.nl",
			Website:             "https://www.defensie.nl/onderwerpen/digitalisering",
			PublicationCategory: "Overige algoritmes",
			Goal:                "<p>Medewerkers ondersteunen bij het schrijven, samenvatten en vertalen van teksten.</p><ul><li>Samenvatten</li><li>Vertalen</li></ul>",
			Proportionality:     "<p>Het model draait binnen de eigen omgeving van Defensie; er gaan geen gegevens naar externe partijen.</p>",
			HumanIntervention:   "<p>De gebruiker beoordeelt elke uitkomst voordat die wordt gebruikt.</p>",
			Risks:               "<p>Onjuiste of verzonnen antwoorden. Gebruikers krijgen een training en het model toont een waarschuwing.</p>",
			LawfulBasis:         "<p>Algemene bevoegdheid van de minister tot het inrichten van de bedrijfsvoering.</p>",
			LawfulBasisGrouping: []register.Link{{Title: "Grondwet artikel 97", Link: "https://wetten.overheid.nl/BWBR0001840"}},
			SourceData:          "<p>Teksten die de gebruiker zelf invoert.</p>",
			MethodsAndModels:    "<p>Een groot taalmodel met open gewichten, aangevuld met zoeken in eigen documenten.</p>",
			Provider:            "Defensie (eigen ontwikkeling)",
			Lang:                "nld", StandardVersion: "1.0", Lars: "12345674",
			Tags: "taalmodel, generatieve AI, chatbot",
		},
		{
			Name: "Stuurinformatie dashboard operationele gereedheid", SourceID: "DEF-7HX2P9LA", Organization: defensie,
			DescriptionShort:      "Een dashboard dat de gereedheid van eenheden samenvat voor de bedrijfsvoering.",
			Category:              []string{"Organisatie en bedrijfsvoering", "Openbare orde en veiligheid"},
			Status:                "In gebruik",
			BeginDate:             "2022-01",
			ContactEmail:          "https://www.defensie.nl/contact",
			PublicationCategory:   "Impactvolle algoritmes",
			Goal:                  "<p>Inzicht geven in de gereedheid van eenheden.</p>",
			Proportionality:       "<p>Alleen samengevatte cijfers; geen gegevens over personen.</p>",
			HumanIntervention:     "<p>Commandanten beoordelen de cijfers en nemen zelf besluiten.</p>",
			Risks:                 register.RedactionNotice("5.1.1.b"),
			SourceData:            "<p>Personeels- en materieelgegevens, samengevoegd per eenheid.</p>",
			MethodsAndModels:      register.RedactionNotice("5.1.2.h"),
			ImpacttoetsenGrouping: []register.Link{{Title: "DPIA"}, {Title: "IAMA", Link: "https://www.rijksoverheid.nl/documenten/rapporten/2021/02/25/impact-assessment-mensenrechten-en-algoritmes"}},
			Lang:                  "nld", StandardVersion: "1.0",
		},
		{
			Name: "Octobox Anonimiseren", SourceID: "DEF-Q4M8T2ZC", Organization: defensie,
			DescriptionShort:    "Octobox haalt persoonsgegevens uit documenten voordat die openbaar worden gemaakt.",
			Category:            []string{"Recht"},
			Status:              "In ontwikkeling",
			BeginDate:           "2025-03",
			ContactEmail:        "woo@mindef.nl",
			PublicationCategory: "Hoog-risico AI-systeem",
			Goal:                "<p>Sneller en zorgvuldiger documenten openbaar maken onder de Woo.</p>",
			Proportionality:     "<p>Minder handwerk; een medewerker controleert elke lakking.</p>",
			HumanIntervention:   "<p>Elke voorgestelde lakking wordt door een medewerker bevestigd.</p>",
			Risks:               "<p>Gemiste persoonsgegevens. Steekproeven en een tweede controle verkleinen dit risico.</p>",
			SourceData:          "<p>Documenten die openbaar worden gemaakt.</p>",
			SourceDataGrouping:  []register.Link{{Title: "Woo-verzoeken", Link: "https://open.overheid.nl"}},
			Publiccode:          "https://github.com/example/octobox",
			Lang:                "nld", StandardVersion: "1.0",
		},
		{
			Name: "Onderhoudsvoorspelling voertuigen", SourceID: "DEF-M2N7B4KD", Organization: defensie,
			DescriptionShort:    "Voorspelt wanneer onderdelen van voertuigen onderhoud nodig hebben.",
			Status:              "Buiten gebruik",
			ContactEmail:        "algoritmeregister@mindef.nl",
			PublicationCategory: "Overige algoritmes",
			EndDate:             "2025-12",
			Lang:                "nld", StandardVersion: "1.0",
		},
		{
			Name: "Vertaalhulp <b>Oefening</b>", SourceID: "DEF-Z9Y8X7W6", Organization: defensie,
			DescriptionShort:    "Vertaalt oefenmateriaal voor internationale oefeningen <script>alert(1)</script>.",
			Category:            []string{"Internationaal", "Onderwijs en wetenschap"},
			Status:              "In gebruik",
			ContactEmail:        "javascript:alert(1)",
			Website:             "javascript:alert(2)",
			PublicationCategory: "Overige algoritmes",
			Goal:                `<p onclick="alert(3)">Oefenmateriaal vertalen.</p><script>alert(4)</script><img src=x onerror=alert(5)><a href="https://evil.example">klik</a><style>body{display:none}</style>`,
			Proportionality:     "<div>Alleen oefenmateriaal<br>geen operationele gegevens.</div>",
			HumanIntervention:   "<ol><li>Vertalen</li><li>Controleren door een tolk</li></ol>",
			Risks:               "<p>Fouten in vertalingen.",
			SourceData:          "<p>Oefenteksten.</p>",
			Lang:                "nld", StandardVersion: "1.0",
		},
	}
}

var (
	words = strings.Fields(`planning onderhoud personeel logistiek vertaling beeldherkenning documenten roosters
		voorraad brandstof transport gezondheid opleiding training werving selectie cyberbeveiliging netwerk
		detectie meldingen archief zoeken samenvatten voorspellen inzet materieel munitie voertuigen schepen
		vliegtuigen helikopters kazerne oefening simulatie geneeskunde vaccinatie inkoop facturen betalingen
		klachten correspondentie rapportage dashboard gereedheid capaciteit weersverwachting navigatie radar`)
	orgs = []string{defensie, "Commando Landstrijdkrachten", "Commando Zeestrijdkrachten", "Commando Luchtstrijdkrachten",
		"Koninklijke Marechaussee", "Defensie Materieel Organisatie", "Defensie Ondersteuningscommando"}
	themes   = []string{"Organisatie en bedrijfsvoering", "Openbare orde en veiligheid", "Internationaal", "Werk", "Zorg en gezondheid", "Verkeer", "Onderwijs en wetenschap", "Recht"}
	statuses = []string{"In gebruik", "In gebruik", "In ontwikkeling", "Buiten gebruik"}
	cats     = []string{"Overige algoritmes", "Overige algoritmes", "Impactvolle algoritmes", "Hoog-risico AI-systeem"}
)

func sentence(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func para(r *rand.Rand, sentences int) string {
	var b strings.Builder
	b.WriteString("<p>")
	for i := 0; i < sentences; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sentence(r, 8+r.IntN(10)))
	}
	b.WriteString("</p>")
	return b.String()
}

// Generate returns n synthetic descriptions of realistic size (a few kB each), for the
// benchmarks: varied names, organisations, statuses, categories and long texts.
func Generate(n int) []register.Standard {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]register.Standard, n)
	for i := range out {
		s := register.Standard{
			Name:                fmt.Sprintf("%s %s %d", strings.TrimSuffix(sentence(r, 2), "."), words[r.IntN(len(words))], i),
			SourceID:            fmt.Sprintf("DEF-%08d", i),
			Organization:        orgs[r.IntN(len(orgs))],
			DescriptionShort:    sentence(r, 20),
			Category:            []string{themes[r.IntN(len(themes))]},
			Status:              statuses[r.IntN(len(statuses))],
			BeginDate:           fmt.Sprintf("20%02d-%02d", 15+r.IntN(11), 1+r.IntN(12)),
			ContactEmail:        "algoritmeregister@mindef.nl",
			PublicationCategory: cats[r.IntN(len(cats))],
			Goal:                para(r, 4),
			Proportionality:     para(r, 3),
			HumanIntervention:   para(r, 2),
			Risks:               para(r, 3),
			SourceData:          para(r, 2),
			MethodsAndModels:    para(r, 5),
			Lang:                "nld",
			StandardVersion:     "1.0",
			Tags:                strings.Join([]string{words[r.IntN(len(words))], words[r.IntN(len(words))]}, ", "),
		}
		if r.IntN(10) == 0 {
			s.MethodsAndModels = register.RedactionNotice("5.1.1.b")
		}
		out[i] = s
	}
	return out
}
