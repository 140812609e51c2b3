package public

import "html/template"

// Languages the site speaks. Dutch is the default at "/"; English lives under "/en".
const (
	langNL = "nl"
	langEN = "en"
)

// catalogues hold every text of the site, per language. Both must have the same keys; a
// test checks that, and that every key the templates and code use exists.
var catalogues = map[string]map[string]string{
	langNL: nl,
	langEN: en,
}

// tr returns the text for key in lang, or the key itself so a gap is visible (tests catch it).
func tr(lang, key string) string {
	if s, ok := catalogues[lang][key]; ok {
		return s
	}
	return key
}

// trHTML returns a catalogue text that is our own trusted markup (about pages).
func trHTML(lang, key string) template.HTML {
	return template.HTML(tr(lang, key)) //nolint:gosec // catalogue texts are ours, not the bundle's
}

var nl = map[string]string{
	"lang.name":        "Nederlands",
	"lang.other":       "English",
	"lang.other.code":  "en",
	"site.title":       "Algoritmeregister Defensie",
	"site.org":         "Ministerie van Defensie",
	"site.skip":        "Direct naar de inhoud",
	"nav.label":        "Hoofdnavigatie",
	"nav.home":         "Home",
	"nav.algorithms":   "Algoritmes",
	"nav.about":        "Over dit register",
	"nav.a11y":         "Toegankelijkheid",
	"nav.language":     "Taal",
	"footer.text":      "Dit register toont de algoritmes die het Ministerie van Defensie openbaar maakt, volgens de publicatiestandaard van het landelijke Algoritmeregister.",
	"footer.downloads": "Download het register",
	"footer.bundle":    "Gegevens van",

	"home.title":      "Algoritmes van Defensie",
	"home.lead":       "Defensie gebruikt algoritmes, bijvoorbeeld om onderhoud te plannen of om informatie te ordenen. Hier leest u welke algoritmes dat zijn, waarvoor ze worden gebruikt en hoe daar toezicht op is.",
	"home.count":      "Aantal gepubliceerde algoritmes",
	"home.browse":     "Bekijk alle algoritmes",
	"home.byCategory": "Per publicatiecategorie",

	"search.label":       "Zoek in het algoritmeregister",
	"search.placeholder": "Bijvoorbeeld: onderhoud, personeel, vertaling",
	"search.button":      "Zoeken",

	"results.title":              "Algoritmes",
	"results.titleQuery":         "Zoekresultaten voor",
	"results.count":              "resultaten",
	"results.one":                "resultaat",
	"results.none":               "Er zijn geen algoritmes gevonden. Probeer een ander zoekwoord of minder filters.",
	"results.filters":            "Filters",
	"results.apply":              "Filters toepassen",
	"results.clear":              "Alle filters wissen",
	"results.sort":               "Sorteren op",
	"results.sort.relevance":     "Relevantie",
	"results.sort.name":          "Naam (A-Z)",
	"results.sort.date":          "Publicatiedatum (nieuwste eerst)",
	"results.page":               "Pagina",
	"results.of":                 "van",
	"results.prev":               "Vorige pagina",
	"results.next":               "Volgende pagina",
	"results.paging":             "Paginering",
	"facet.publication_category": "Publicatiecategorie",
	"facet.status":               "Status",
	"facet.category":             "Thema",

	"detail.tabs":     "Onderdelen van de beschrijving",
	"tab.algemeen":    "Algemene informatie",
	"tab.verantwoord": "Verantwoord gebruik",
	"tab.werking":     "Werking",
	"tab.metadata":    "Metadata",
	"detail.empty":    "Veld niet ingevuld",
	"detail.redacted": "Niet openbaar",
	"detail.back":     "Terug naar alle algoritmes",
	"detail.api":      "Deze beschrijving als JSON",
	"detail.toTop":    "Naar boven",

	"field.name":                   "Naam",
	"field.description_short":      "Korte omschrijving",
	"field.organization":           "Organisatienaam",
	"field.category":               "Thema",
	"field.status":                 "Status",
	"field.begin_date":             "Begindatum",
	"field.end_date":               "Einddatum",
	"field.contact_email":          "Contactgegevens",
	"field.website":                "Link naar publiekspagina",
	"field.publication_category":   "Publicatiecategorie",
	"field.url":                    "Link naar bronregistratie",
	"field.goal":                   "Doel en impact",
	"field.proportionality":        "Afwegingen",
	"field.human_intervention":     "Menselijke tussenkomst",
	"field.risks":                  "Risicobeheer",
	"field.lawful_basis":           "Wettelijke basis",
	"field.lawful_basis_grouping":  "Verwijzingen wettelijke basis",
	"field.process_index_url":      "Link naar verwerkingsregister",
	"field.impacttoetsen_grouping": "Impacttoetsen",
	"field.impacttoetsen":          "Toelichting op impacttoetsen",
	"field.source_data":            "Gegevens",
	"field.source_data_grouping":   "Verwijzingen gegevensbronnen",
	"field.methods_and_models":     "Technische werking",
	"field.provider":               "Leverancier",
	"field.publiccode":             "Link naar broncode",
	"field.lang":                   "Taal",
	"field.standard_version":       "Versie publicatiestandaard",
	"field.source_id":              "Bron-ID",
	"field.tags":                   "Zoektermen",
	"field.lars":                   "Algoritme-ID",
	"field.publication_dt":         "Publicatie datum",

	"enum.In ontwikkeling":                "In ontwikkeling",
	"enum.In gebruik":                     "In gebruik",
	"enum.Buiten gebruik":                 "Buiten gebruik",
	"enum.Hoog-risico AI-systeem":         "Hoog-risico AI-systeem",
	"enum.Impactvolle algoritmes":         "Impactvolle algoritmes",
	"enum.Overige algoritmes":             "Overige algoritmes",
	"enum.Organisatie en bedrijfsvoering": "Organisatie en bedrijfsvoering",
	"enum.Cultuur en recreatie":           "Cultuur en recreatie",
	"enum.Economie":                       "Economie",
	"enum.Overheidsfinanciën":             "Overheidsfinanciën",
	"enum.Wonen":                          "Wonen",
	"enum.Internationaal":                 "Internationaal",
	"enum.Migratie en integratie":         "Migratie en integratie",
	"enum.Natuur en milieu":               "Natuur en milieu",
	"enum.Onderwijs en wetenschap":        "Onderwijs en wetenschap",
	"enum.Openbare orde en veiligheid":    "Openbare orde en veiligheid",
	"enum.Recht":                          "Recht",
	"enum.Ruimte en infrastructuur":       "Ruimte en infrastructuur",
	"enum.Sociale zekerheid":              "Sociale zekerheid",
	"enum.Verkeer":                        "Verkeer",
	"enum.Werk":                           "Werk",
	"enum.Zorg en gezondheid":             "Zorg en gezondheid",

	"downloads.title": "Downloads",
	"downloads.lead":  "Het hele register als bestand, in de indeling van het landelijke Algoritmeregister.",
	"downloads.csv":   "CSV (kommagescheiden)",
	"downloads.xlsx":  "Excel (XLSX)",
	"downloads.json":  "JSON",

	"error.404.title": "Pagina niet gevonden",
	"error.404.text":  "Deze pagina bestaat niet (meer). Controleer het adres of zoek in het register.",
	"error.400.title": "Ongeldige zoekopdracht",
	"error.400.text":  "De zoekopdracht bevat een waarde die niet bestaat. Pas de filters aan en probeer het opnieuw.",
	"error.405.title": "Methode niet toegestaan",
	"error.429.title": "Te veel verzoeken",
	"error.429.text":  "U heeft in korte tijd te veel verzoeken gedaan. Wacht even en probeer het opnieuw.",
	"error.500.title": "Er ging iets mis",
	"error.500.text":  "Er ging iets mis aan onze kant. Probeer het later opnieuw.",

	"about.title": "Over dit register",
	"about.body": `<p>Defensie gebruikt algoritmes, net als andere overheidsorganisaties. Soms eenvoudig, zoals een rekenregel die onderhoud inplant; soms complex, zoals een model dat documenten vertaalt of beelden ordent. Wie met de overheid te maken heeft, moet kunnen nagaan welke algoritmes er worden gebruikt, waarvoor, en hoe daar menselijk toezicht op is. Daarom publiceert Defensie haar algoritmes in dit register, volgens dezelfde publicatiestandaard als het landelijke <a href="https://algoritmes.overheid.nl/">Algoritmeregister</a>.</p>
<h2>Wat Defensie publiceert</h2>
<p>Elk defensieonderdeel brengt jaarlijks in kaart welke algoritmes het gebruikt. Van elk algoritme wordt intern een beschrijving bijgehouden in dezelfde onderdelen als het landelijke register: algemene informatie, verantwoord gebruik, werking en metadata. Daarbij wordt vastgesteld of het algoritme impact heeft op burgers en of het een hoog-risico AI-systeem is in de zin van de Europese AI-verordening.</p>
<p>Hoog-risico AI-systemen en impactvolle algoritmes publiceert Defensie in beginsel altijd. Overige algoritmes publiceren we waar dat bijdraagt aan begrip van ons werk.</p>
<h2>Waarom niet alles openbaar is</h2>
<p>Openheid over algoritmes kan bij Defensie zelf een veiligheidsrisico vormen. Een beschrijving kan laten zien wat onze krijgsmacht wel en niet kan, waar eenheden zijn ingezet, welke bronnen en methoden inlichtingendiensten gebruiken, of waar systemen kwetsbaar zijn. Ook een combinatie van op zichzelf onschuldige gegevens kan gevoelig zijn.</p>
<p>Daarom weegt Defensie per algoritme af of publicatie veilig is: volledig publiceren, gedeeltelijk publiceren of niet publiceren. Die afweging volgt de Wet open overheid (Woo). Informatie blijft alleen achterwege als een uitzonderingsgrond van de Woo dat rechtvaardigt, bijvoorbeeld de veiligheid van de Staat (artikel 5.1, eerste lid, onder b), de betrekkingen met andere staten en internationale organisaties (artikel 5.1, tweede lid, onder a) of de beveiliging van personen en het voorkomen van sabotage (artikel 5.1, tweede lid, onder h). Bij de afweging vraagt Defensie ook advies aan het Nationaal Bureau voor Verbindingsbeveiliging (NBV) van de AIVD.</p>
<p>Is een onderdeel van een beschrijving niet openbaar, dan ziet u dat: in plaats van de tekst staat een melding die begint met ‘Deze informatie is niet openbaar op grond van’, met het artikel van de Woo. Een besluit om niet te publiceren wordt periodiek opnieuw bekeken.</p>
<h2>Persoonsgegevens</h2>
<p>Beschrijvingen noemen functies, geen personen. Contactgegevens zijn algemene adressen of contactformulieren, nooit het persoonlijke e-mailadres van een medewerker.</p>
<h2>Vragen</h2>
<p>Heeft u een vraag over een algoritme? Gebruik de contactgegevens bij dat algoritme. Voor vragen over dit register kunt u terecht bij het Ministerie van Defensie via <a href="https://www.defensie.nl/contact">defensie.nl/contact</a>.</p>`,

	"a11y.title": "Toegankelijkheidsverklaring",
	"a11y.body": `<p>Het Ministerie van Defensie wil dat iedereen dit algoritmeregister kan gebruiken. We streven ernaar te voldoen aan de Europese norm EN 301 549 en de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, zoals het Besluit digitale toegankelijkheid overheid voorschrijft.</p>
<h2>Wat we doen</h2>
<ul>
<li>De website werkt zonder JavaScript en is volledig met het toetsenbord te bedienen.</li>
<li>Elke pagina wordt bij iedere wijziging automatisch getest met axe-core in een browser, in het Nederlands en het Engels.</li>
<li>Teksten zijn zoveel mogelijk op B1-niveau geschreven; kleuren en contrasten volgen de Rijkshuisstijl.</li>
<li>Het hele register is ook te downloaden als CSV, Excel en JSON, en op te vragen via een open API.</li>
</ul>
<h2>Bekende beperkingen</h2>
<p>De beschrijvingen van algoritmes worden door defensieonderdelen geschreven. Niet elke tekst is al op B1-niveau. We verbeteren dit bij elke nieuwe versie van een beschrijving.</p>
<h2>Problemen melden</h2>
<p>Loopt u tegen een probleem aan, of is een onderdeel van deze website niet toegankelijk voor u? Laat het ons weten via <a href="https://www.defensie.nl/contact">defensie.nl/contact</a>. U ontvangt binnen vijf werkdagen een reactie.</p>`,
}

var en = map[string]string{
	"lang.name":        "English",
	"lang.other":       "Nederlands",
	"lang.other.code":  "nl",
	"site.title":       "Algorithm Register of Defence",
	"site.org":         "Ministry of Defence",
	"site.skip":        "Skip to content",
	"nav.label":        "Main navigation",
	"nav.home":         "Home",
	"nav.algorithms":   "Algorithms",
	"nav.about":        "About this register",
	"nav.a11y":         "Accessibility",
	"nav.language":     "Language",
	"footer.text":      "This register lists the algorithms that the Netherlands Ministry of Defence makes public, following the publication standard of the national Algorithm Register.",
	"footer.downloads": "Download the register",
	"footer.bundle":    "Data as of",

	"home.title":      "Algorithms used by Defence",
	"home.lead":       "Defence uses algorithms, for example to plan maintenance or to organise information. Here you can read which algorithms these are, what they are used for and how they are overseen. Descriptions are written in Dutch.",
	"home.count":      "Number of published algorithms",
	"home.browse":     "View all algorithms",
	"home.byCategory": "By publication category",

	"search.label":       "Search the algorithm register",
	"search.placeholder": "For example: onderhoud, personeel, vertaling",
	"search.button":      "Search",

	"results.title":              "Algorithms",
	"results.titleQuery":         "Search results for",
	"results.count":              "results",
	"results.one":                "result",
	"results.none":               "No algorithms found. Try another search term or fewer filters.",
	"results.filters":            "Filters",
	"results.apply":              "Apply filters",
	"results.clear":              "Clear all filters",
	"results.sort":               "Sort by",
	"results.sort.relevance":     "Relevance",
	"results.sort.name":          "Name (A-Z)",
	"results.sort.date":          "Publication date (newest first)",
	"results.page":               "Page",
	"results.of":                 "of",
	"results.prev":               "Previous page",
	"results.next":               "Next page",
	"results.paging":             "Pagination",
	"facet.publication_category": "Publication category",
	"facet.status":               "Status",
	"facet.category":             "Theme",

	"detail.tabs":     "Parts of the description",
	"tab.algemeen":    "General information",
	"tab.verantwoord": "Responsible use",
	"tab.werking":     "Operation",
	"tab.metadata":    "Metadata",
	"detail.empty":    "Field not filled in",
	"detail.redacted": "Not public",
	"detail.back":     "Back to all algorithms",
	"detail.api":      "This description as JSON",
	"detail.toTop":    "Back to top",

	"field.name":                   "Name",
	"field.description_short":      "Short description",
	"field.organization":           "Organisation",
	"field.category":               "Theme",
	"field.status":                 "Status",
	"field.begin_date":             "Start date",
	"field.end_date":               "End date",
	"field.contact_email":          "Contact details",
	"field.website":                "Link to public page",
	"field.publication_category":   "Publication category",
	"field.url":                    "Link to source registration",
	"field.goal":                   "Goal and impact",
	"field.proportionality":        "Considerations",
	"field.human_intervention":     "Human intervention",
	"field.risks":                  "Risk management",
	"field.lawful_basis":           "Legal basis",
	"field.lawful_basis_grouping":  "References to legal basis",
	"field.process_index_url":      "Link to record of processing",
	"field.impacttoetsen_grouping": "Impact assessments",
	"field.impacttoetsen":          "Notes on impact assessments",
	"field.source_data":            "Data",
	"field.source_data_grouping":   "References to data sources",
	"field.methods_and_models":     "Technical operation",
	"field.provider":               "Supplier",
	"field.publiccode":             "Link to source code",
	"field.lang":                   "Language",
	"field.standard_version":       "Version of the publication standard",
	"field.source_id":              "Source ID",
	"field.tags":                   "Search terms",
	"field.lars":                   "Algorithm ID",
	"field.publication_dt":         "Publication date",

	"enum.In ontwikkeling":                "In development",
	"enum.In gebruik":                     "In use",
	"enum.Buiten gebruik":                 "Out of use",
	"enum.Hoog-risico AI-systeem":         "High-risk AI system",
	"enum.Impactvolle algoritmes":         "Impactful algorithms",
	"enum.Overige algoritmes":             "Other algorithms",
	"enum.Organisatie en bedrijfsvoering": "Organisation and operations",
	"enum.Cultuur en recreatie":           "Culture and recreation",
	"enum.Economie":                       "Economy",
	"enum.Overheidsfinanciën":             "Public finance",
	"enum.Wonen":                          "Housing",
	"enum.Internationaal":                 "International",
	"enum.Migratie en integratie":         "Migration and integration",
	"enum.Natuur en milieu":               "Nature and environment",
	"enum.Onderwijs en wetenschap":        "Education and science",
	"enum.Openbare orde en veiligheid":    "Public order and safety",
	"enum.Recht":                          "Law",
	"enum.Ruimte en infrastructuur":       "Spatial planning and infrastructure",
	"enum.Sociale zekerheid":              "Social security",
	"enum.Verkeer":                        "Traffic",
	"enum.Werk":                           "Work",
	"enum.Zorg en gezondheid":             "Care and health",

	"downloads.title": "Downloads",
	"downloads.lead":  "The whole register as a file, in the layout of the national Algorithm Register.",
	"downloads.csv":   "CSV (comma-separated)",
	"downloads.xlsx":  "Excel (XLSX)",
	"downloads.json":  "JSON",

	"error.404.title": "Page not found",
	"error.404.text":  "This page does not exist (any more). Check the address or search the register.",
	"error.400.title": "Invalid search",
	"error.400.text":  "The search contains a value that does not exist. Change the filters and try again.",
	"error.405.title": "Method not allowed",
	"error.429.title": "Too many requests",
	"error.429.text":  "You have made too many requests in a short time. Please wait a moment and try again.",
	"error.500.title": "Something went wrong",
	"error.500.text":  "Something went wrong on our side. Please try again later.",

	"about.title": "About this register",
	"about.body": `<p>Like other government organisations, Defence uses algorithms. Some are simple, such as a calculation rule that schedules maintenance; some are complex, such as a model that translates documents or sorts images. Anyone dealing with the government should be able to find out which algorithms are used, for what purpose, and how people oversee them. That is why Defence publishes its algorithms in this register, following the same publication standard as the national <a href="https://algoritmes.overheid.nl/en">Algorithm Register</a>.</p>
<h2>What Defence publishes</h2>
<p>Every part of the armed forces takes stock of the algorithms it uses, every year. Each algorithm is described internally in the same parts as the national register: general information, responsible use, operation and metadata. We also establish whether the algorithm has an impact on citizens and whether it is a high-risk AI system under the European AI Act.</p>
<p>Defence in principle always publishes high-risk AI systems and impactful algorithms. Other algorithms are published where this helps people understand our work.</p>
<h2>Why not everything is public</h2>
<p>At Defence, openness about algorithms can itself create a security risk. A description could reveal what our armed forces can and cannot do, where units are deployed, which sources and methods intelligence services use, or where systems are vulnerable. Even a combination of details that are harmless on their own can be sensitive.</p>
<p>So for each algorithm Defence weighs whether publication is safe: publish in full, publish in part, or not publish. This follows the Dutch Open Government Act (Wet open overheid, Woo). Information is withheld only when a ground for exception in the Woo justifies it, for example the security of the State (article 5.1(1)(b)), relations with other states and international organisations (article 5.1(2)(a)) or the security of persons and the prevention of sabotage (article 5.1(2)(h)). Defence also asks the National Communications Security Agency (NBV) of the AIVD for advice.</p>
<p>When part of a description is not public, you can see that: instead of the text there is a notice, in Dutch, starting with ‘Deze informatie is niet openbaar op grond van’ (this information is not public on the grounds of), followed by the article of the Woo. Decisions not to publish are reviewed periodically.</p>
<h2>Personal data</h2>
<p>Descriptions name roles, not people. Contact details are general addresses or contact forms, never the personal e-mail address of an employee.</p>
<h2>Questions</h2>
<p>Do you have a question about an algorithm? Use the contact details given with that algorithm. For questions about this register, contact the Ministry of Defence via <a href="https://english.defensie.nl/contact">english.defensie.nl/contact</a>.</p>`,

	"a11y.title": "Accessibility statement",
	"a11y.body": `<p>The Ministry of Defence wants everyone to be able to use this algorithm register. We aim to meet the European standard EN 301 549 and the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA, as required by the Dutch Temporary Decree on Digital Accessibility for Government.</p>
<h2>What we do</h2>
<ul>
<li>The website works without JavaScript and can be used entirely with the keyboard.</li>
<li>Every page is tested automatically with axe-core in a browser at every change, in Dutch and in English.</li>
<li>Texts are written in plain language where possible; colours and contrast follow the central government visual identity.</li>
<li>The whole register can also be downloaded as CSV, Excel and JSON, and retrieved through an open API.</li>
</ul>
<h2>Known limitations</h2>
<p>Descriptions of algorithms are written in Dutch by the parts of the armed forces. Not every text is in plain language yet. We improve this with every new version of a description.</p>
<h2>Reporting problems</h2>
<p>Do you run into a problem, or is part of this website not accessible to you? Let us know via <a href="https://english.defensie.nl/contact">english.defensie.nl/contact</a>. You will receive a reply within five working days.</p>`,
}
