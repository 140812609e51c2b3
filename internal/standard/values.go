package standard

import "github.com/defensie/algoreg/internal/register"

// StringField returns a pointer to the string field with that machine name, or nil for a list
// field or an unknown name. Importers, exporters and forms use it to treat fields uniformly.
func StringField(s *register.Standard, name string) *string {
	switch name {
	case "name":
		return &s.Name
	case "description_short":
		return &s.DescriptionShort
	case "organization":
		return &s.Organization
	case "status":
		return &s.Status
	case "begin_date":
		return &s.BeginDate
	case "end_date":
		return &s.EndDate
	case "contact_email":
		return &s.ContactEmail
	case "website":
		return &s.Website
	case "publication_category":
		return &s.PublicationCategory
	case "url":
		return &s.URL
	case "goal":
		return &s.Goal
	case "proportionality":
		return &s.Proportionality
	case "human_intervention":
		return &s.HumanIntervention
	case "risks":
		return &s.Risks
	case "lawful_basis":
		return &s.LawfulBasis
	case "process_index_url":
		return &s.ProcessIndexURL
	case "impacttoetsen":
		return &s.Impacttoetsen
	case "source_data":
		return &s.SourceData
	case "methods_and_models":
		return &s.MethodsAndModels
	case "provider":
		return &s.Provider
	case "publiccode":
		return &s.Publiccode
	case "lang":
		return &s.Lang
	case "standard_version":
		return &s.StandardVersion
	case "source_id":
		return &s.SourceID
	case "tags":
		return &s.Tags
	case "lars":
		return &s.Lars
	}
	return nil
}

// LinksField returns a pointer to the grouping field with that machine name, or nil.
func LinksField(s *register.Standard, name string) *[]register.Link {
	switch name {
	case "lawful_basis_grouping":
		return &s.LawfulBasisGrouping
	case "source_data_grouping":
		return &s.SourceDataGrouping
	case "impacttoetsen_grouping":
		return &s.ImpacttoetsenGrouping
	}
	return nil
}

// IsEmpty reports whether the field with that name is not filled in.
func IsEmpty(s *register.Standard, name string) bool {
	if p := StringField(s, name); p != nil {
		return *p == ""
	}
	if p := LinksField(s, name); p != nil {
		return len(*p) == 0
	}
	if name == "category" {
		return len(s.Category) == 0
	}
	return true
}
