package publish

import (
	"github.com/defensie/algoreg/internal/register"
)

// testConfig is the configuration most tests use.
func testConfig() Config {
	return Config{
		Users: []register.User{
			{ID: "u1", Email: "p.jansen@mindef.nl", Name: "Pieter Jansen", Role: register.RoleEditor},
			{ID: "u2", Email: "a.bakker@mindef.nl", Name: "Anouk Bakker", Role: register.RoleApprover},
			{ID: "u3", Email: "e.mullerdevries@mindef.nl", Name: "Ëlla Müller-de Vries", Role: register.RoleAssessor},
		},
		Terms:            []string{"Zeearend", "Den Helder", "Project Nachtuil", "Café Kruiswerk"},
		ContactAllowlist: []string{"algoritmeregister@mindef.nl", "@functioneel.mindef.nl", "https://www.defensie.nl/contact"},
		Organization:     "Ministerie van Defensie",
	}
}

// cleanItem is a complete, valid description that may be published as it is.
func cleanItem() Item {
	d := register.Description{
		Standard: register.Standard{
			Name:                "Voorspellen van onderhoud aan voertuigen",
			DescriptionShort:    "Het algoritme voorspelt wanneer een voertuig onderhoud nodig heeft.",
			Organization:        "Ministerie van Defensie",
			Category:            []string{"Organisatie en bedrijfsvoering"},
			Status:              "In gebruik",
			BeginDate:           "2023-04",
			ContactEmail:        "algoritmeregister@mindef.nl",
			Website:             "https://www.defensie.nl/onderwerpen/algoritmes",
			PublicationCategory: "Overige algoritmes",
			Goal:                "<p>Het doel is minder uitval van voertuigen door tijdig onderhoud.</p>",
			Proportionality:     "De voordelen wegen op tegen de beperkte gevolgen.",
			HumanIntervention:   "Een monteur beoordeelt elk advies voordat er iets gebeurt.",
			Risks:               "Het model wordt elk kwartaal gecontroleerd op afwijkingen.",
			LawfulBasis:         "Wet op de Defensiematerieelvoorziening",
			LawfulBasisGrouping: []register.Link{{Title: "Voorbeeldwet", Link: "https://wetten.overheid.nl/BWBR0000001"}},
			ImpacttoetsenGrouping: []register.Link{
				{Title: "Data Protection Impact Assessment (DPIA)"},
			},
			SourceData:       "Sensorgegevens van voertuigen en onderhoudshistorie.",
			MethodsAndModels: "<ul><li>Gradient boosting op tijdreeksen van sensorwaarden.</li></ul>",
			Provider:         "Eigen ontwikkeling",
			Tags:             "onderhoud, voertuigen",
		},
		ID:             "d-1",
		Unit:           "DMO",
		Classification: register.Ongerubriceerd,
		Revision:       3,
		State:          register.StateApproved,
		Owners:         []register.Person{{Name: "Karel Vermeulen", Email: "k.vermeulen@mindef.nl", Role: "algoritme-eigenaar"}},
		InternalNotes:  "Intern: Karel Vermeulen is bereikbaar op 06-98765432.",
		PublicID:       "DEF-3F9K2M7Q",
	}
	return Item{Desc: d, Assessment: register.Assessment{DescriptionID: "d-1", Revision: 3, Decision: register.DecisionPublishFull}}
}

// withField returns a copy of it with a field decision added.
func withField(it Item, field, action, ground string) Item {
	f := map[string]register.FieldDecision{}
	for k, v := range it.Assessment.Fields {
		f[k] = v
	}
	f[field] = register.FieldDecision{Action: action, Ground: ground, Motivation: "test"}
	it.Assessment.Fields = f
	if it.Assessment.Decision == register.DecisionPublishFull {
		it.Assessment.Decision = register.DecisionPublishPartial
	}
	return it
}
