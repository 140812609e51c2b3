// Package register holds the domain of algoreg: the algorithm description, units, users,
// roles, classification levels, workflow states, errors and the storage interfaces.
// It imports nothing of the project; every other package points inwards to it.
package register

import "time"

// Link is one entry of a grouped list field of the publication standard
// (lawful_basis_grouping, source_data_grouping, impacttoetsen_grouping).
type Link struct {
	Title string `json:"title"`
	Link  string `json:"link,omitempty"`
}

// Person is someone named in an internal field (an owner, a contact). Persons never reach
// the public bundle; the pre-publication scan looks for their names and addresses.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	Role  string `json:"role"` // the function, e.g. "algoritme-eigenaar"; published text names roles, not people
}

// Standard holds the fields of the national register's publication standard v1.0, under their
// national machine names. Empty strings and nil slices mean "not filled in".
type Standard struct {
	Name                  string   `json:"name"`
	DescriptionShort      string   `json:"description_short"`
	Organization          string   `json:"organization"`
	Category              []string `json:"category"`
	Status                string   `json:"status"`
	BeginDate             string   `json:"begin_date"`
	EndDate               string   `json:"end_date"`
	ContactEmail          string   `json:"contact_email"`
	Website               string   `json:"website"`
	PublicationCategory   string   `json:"publication_category"`
	URL                   string   `json:"url"`
	Goal                  string   `json:"goal"`
	Proportionality       string   `json:"proportionality"`
	HumanIntervention     string   `json:"human_intervention"`
	Risks                 string   `json:"risks"`
	LawfulBasis           string   `json:"lawful_basis"`
	LawfulBasisGrouping   []Link   `json:"lawful_basis_grouping"`
	ProcessIndexURL       string   `json:"process_index_url"`
	ImpacttoetsenGrouping []Link   `json:"impacttoetsen_grouping"`
	Impacttoetsen         string   `json:"impacttoetsen"`
	SourceData            string   `json:"source_data"`
	SourceDataGrouping    []Link   `json:"source_data_grouping"`
	MethodsAndModels      string   `json:"methods_and_models"`
	Provider              string   `json:"provider"`
	Publiccode            string   `json:"publiccode"`
	Lang                  string   `json:"lang"`
	StandardVersion       string   `json:"standard_version"`
	SourceID              string   `json:"source_id"`
	Tags                  string   `json:"tags"`
	Lars                  string   `json:"lars"`
}

// Description is one algorithm in the internal register: the publication-standard fields plus
// the internal ones. It is a snapshot of one revision.
type Description struct {
	Standard

	ID             string   `json:"id"`
	Unit           string   `json:"unit"`
	Classification Level    `json:"classification"`
	Revision       int      `json:"revision"`
	State          State    `json:"state"`
	Owners         []Person `json:"owners"`
	InternalNotes  string   `json:"internal_notes"`
	// ImpactOnCitizens flags impact on citizens (fed by classification; used by the report).
	ImpactOnCitizens bool `json:"impact_on_citizens"`
	// PublicationCategoryOverride is the motivation when an assessor overrode the derived category.
	PublicationCategoryOverride string `json:"publication_category_override"`
	// PublicationDT is when the description was last published (RFC 3339), empty if never.
	PublicationDT string `json:"publication_dt"`
	// PublishedRevision is the revision that is currently public, 0 if none.
	PublishedRevision int `json:"published_revision"`
	// PublicID is the stable, opaque id under which the description is published (it goes out
	// as source_id); assigned at first publication, never derived from ID.
	PublicID string `json:"public_id"`

	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Revision is one saved version of a description, with who saved it and when.
type Revision struct {
	DescriptionID string      `json:"description_id"`
	Revision      int         `json:"revision"`
	SavedAt       time.Time   `json:"saved_at"`
	SavedBy       string      `json:"saved_by"`
	Snapshot      Description `json:"snapshot"`
}

// Transition is one workflow step taken on a description.
type Transition struct {
	DescriptionID string    `json:"description_id"`
	Revision      int       `json:"revision"`
	Action        Action    `json:"action"`
	From          State     `json:"from"`
	To            State     `json:"to"`
	Comment       string    `json:"comment"`
	By            string    `json:"by"`
	At            time.Time `json:"at"`
}
