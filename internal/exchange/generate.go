package exchange

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// Building blocks for generated descriptions: plausible Defence work, in Dutch.
var (
	genSubjects = []string{
		"onderhoudsplanning", "voorraadbeheer", "personeelsplanning", "roosterplanning", "brandstofverbruik",
		"reserveonderdelen", "opleidingsplanning", "verlofregistratie", "documentclassificatie", "tekstsamenvatting",
		"vertaling", "beeldherkenning", "grensbewaking", "zoekfunctie", "meldingenanalyse", "gereedheidsrapportage",
		"risicoscan", "anonimisering", "vacaturematching", "medische keuring", "vlootonderhoud", "luchtruimbeheer",
		"weersvoorspelling", "transportplanning", "energieverbruik", "inkoopanalyse", "fraudesignalering", "toegangscontrole",
	}
	genVerbs   = []string{"Voorspellen van", "Plannen van", "Analyseren van", "Ondersteunen bij", "Signaleren bij", "Automatiseren van", "Controleren van"}
	genObjects = []string{
		"voertuigen", "schepen", "vliegtuigen", "helikopters", "kazernes", "magazijnen", "militairen", "burgerpersoneel",
		"reizigers", "documenten", "systemen", "oefeningen", "uitzendingen", "leveranciers",
	}
	genMethods = []string{
		"een regelgebaseerd beslismodel", "een gradient-boosting-model", "een neuraal netwerk voor beeldherkenning",
		"een taalmodel dat binnen de eigen omgeving draait", "lineaire regressie op historische gegevens",
		"een optimalisatiemodel (lineair programmeren)", "clustering van meldingen", "een beslisboom",
	}
	genRisks = []string{
		"onjuiste uitkomsten door verouderde gegevens", "vooringenomenheid in trainingsgegevens",
		"te veel vertrouwen van gebruikers in de uitkomst", "uitval van het onderliggende systeem",
		"onbedoelde verwerking van persoonsgegevens",
	}
	genStatuses = []string{"In gebruik", "In gebruik", "In gebruik", "In ontwikkeling", "Buiten gebruik"}
	genPubCats  = []string{"Overige algoritmes", "Overige algoritmes", "Impactvolle algoritmes", "Hoog-risico AI-systeem"}
	genCats     = []string{"Organisatie en bedrijfsvoering", "Openbare orde en veiligheid", "Internationaal", "Werk", "Zorg en gezondheid", "Verkeer", "Recht", "Migratie en integratie"}
	genLaws     = []register.Link{
		{Title: "Wet op de Koninklijke Marechaussee", Link: "https://wetten.overheid.nl/BWBR0045400"},
		{Title: "Algemene verordening gegevensbescherming", Link: "https://eur-lex.europa.eu/eli/reg/2016/679/oj"},
		{Title: "Wet ambtenaren defensie", Link: "https://wetten.overheid.nl/BWBR0002131"},
		{Title: "Wet op de inlichtingen- en veiligheidsdiensten 2017", Link: "https://wetten.overheid.nl/BWBR0039896"},
		{Title: "Vreemdelingenwet 2000", Link: "https://wetten.overheid.nl/BWBR0011823"},
	}
	genFirst = []string{"Anouk", "Bram", "Fatima", "Jeroen", "Lieke", "Mehmet", "Sanne", "Thijs", "Yara", "Daan"}
	genLast  = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "El Amrani", "van Dijk"}
)

// Generate returns n realistic Dutch Defence descriptions, the same for the same seed: spread
// over register.DemoUnits, every classification level (mostly low), statuses, publication
// categories and workflow states; the publication-standard fields are valid. For tests and
// benchmarks.
func Generate(seed int64, n int) []register.Description {
	r := rand.New(rand.NewPCG(uint64(seed), 0x616c676f726567))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	base := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	levels := []register.Level{register.Ongerubriceerd, register.Ongerubriceerd, register.Ongerubriceerd,
		register.DepVertrouwelijk, register.DepVertrouwelijk, register.StgConfidentieel, register.StgGeheim, register.StgZeerGeheim}
	out := make([]register.Description, n)
	for i := range out {
		unit := register.DemoUnits[r.IntN(len(register.DemoUnits))]
		subject, object := pick(genSubjects), pick(genObjects)
		name := fmt.Sprintf("%s %s (%s)", pick(genVerbs), subject, unit.Code)
		status := pick(genStatuses)
		begin := fmt.Sprintf("%d-%02d", 2018+r.IntN(8), 1+r.IntN(12))
		d := register.Description{
			Standard: register.Standard{
				Name:                name,
				DescriptionShort:    fmt.Sprintf("Het algoritme helpt %s bij %s van %s. Medewerkers beoordelen de uitkomst altijd zelf.", unit.Name, subject, object),
				Organization:        "Ministerie van Defensie",
				Category:            []string{pick(genCats)},
				Status:              status,
				BeginDate:           begin,
				ContactEmail:        "algoritmeregister@mindef.nl",
				Website:             "https://www.defensie.nl/onderwerpen/" + strings.ReplaceAll(subject, " ", "-"),
				PublicationCategory: pick(genPubCats),
				Goal: fmt.Sprintf("<p>Het doel is %s van %s efficiënter en betrouwbaarder te maken.</p><p>Dit draagt bij aan de inzetbaarheid van de krijgsmacht.</p>",
					subject, object),
				Proportionality:   "<p>De inzet is afgewogen tegen minder ingrijpende alternatieven; handmatig werk kost meer tijd en geeft meer fouten.</p>",
				HumanIntervention: "<p>Een medewerker controleert elke uitkomst voordat er een besluit volgt.</p>",
				Risks:             fmt.Sprintf("<ul><li>Risico: %s.</li><li>Beheersing: periodieke controle door een onafhankelijke medewerker.</li></ul>", pick(genRisks)),
				LawfulBasis:       "<p>De taken volgen uit de wet die hieronder staat.</p>",
				LawfulBasisGrouping: []register.Link{
					genLaws[r.IntN(len(genLaws))],
				},
				ImpacttoetsenGrouping: []register.Link{{Title: "Data Protection Impact Assessment (DPIA)"}},
				SourceData:            fmt.Sprintf("<p>Historische gegevens over %s uit de eigen systemen van %s.</p>", object, unit.Code),
				MethodsAndModels:      fmt.Sprintf("<p>Het algoritme gebruikt %s.</p>", pick(genMethods)),
				Provider:              "Ministerie van Defensie",
				Lang:                  "nld",
				StandardVersion:       "1.0",
				Tags:                  fmt.Sprintf("Defensie, %s, %s", unit.Code, subject),
			},
			ID:             fmt.Sprintf("gen-%06d", i+1),
			Unit:           unit.Code,
			Classification: levels[r.IntN(len(levels))],
			Revision:       1 + r.IntN(4),
			State:          register.States[r.IntN(len(register.States))],
			Owners: []register.Person{{
				Name:  pick(genFirst) + " " + pick(genLast),
				Email: fmt.Sprintf("eigenaar%d@mindef.nl", r.IntN(1000)),
				Role:  "algoritme-eigenaar",
			}},
			InternalNotes:    "Gegenereerd voor tests.",
			ImpactOnCitizens: r.IntN(3) == 0,
			CreatedAt:        base.Add(time.Duration(r.IntN(500*24)) * time.Hour),
			CreatedBy:        "generator@mindef.nl",
		}
		if status == "Buiten gebruik" {
			d.EndDate = "2026-01"
		}
		d.UpdatedAt, d.UpdatedBy = d.CreatedAt.Add(time.Duration(r.IntN(1000))*time.Hour), d.CreatedBy
		out[i] = d
	}
	return out
}
