package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
)

// A form that is not sent through JavaScript gets this many empty rows for a list field, and
// the "more rows" button adds moreRows at a time.
const (
	emptyRows = 2
	moreRows  = 3
	maxRows   = 50
)

type formData struct {
	New            bool
	ID             string
	Revision       int
	Action         string
	Tabs           []formTab
	Unit           string
	Classification register.Level
	InternalNotes  string
	Owners         []register.Person
	Units          []register.Unit
	Levels         []register.Level
	Problems       []register.FieldProblem
	Errs           map[string][]string
	Conflict       []conflictRow
	ConflictBy     string
}

type formTab struct {
	ID     string
	Title  string
	Fields []formField
}

type formField struct {
	Def      standard.FieldDef
	Value    string
	Selected []string
	Links    []register.Link
	Errors   []string
	Len      int
}

// conflictRow is a field that differs between the user's version and the one saved meanwhile.
type conflictRow struct {
	Name    string
	Title   string
	Mine    string
	Current string
}

// fieldKey reduces a problem name such as "owners[1].email" to the form field it belongs to.
func fieldKey(name string) string {
	if i := strings.IndexAny(name, "[."); i > 0 {
		return name[:i]
	}
	return name
}

// buildForm lays out the form for input in, with rows for list fields (at least what is filled
// in plus emptyRows, or what extra asks for).
func (s *Server) buildForm(r *http.Request, v *view, in service.DescriptionInput, extra map[string]int, probs []register.FieldProblem) (*formData, error) {
	units, err := s.svc.Units(r.Context())
	if err != nil {
		return nil, err
	}
	fd := &formData{Unit: in.Unit, Classification: in.Classification, InternalNotes: in.InternalNotes,
		Units: visibleUnits(v.User, units), Problems: probs, Errs: map[string][]string{}}
	for _, l := range register.Levels {
		if l.AtMost(v.User.Clearance) && l.AtMost(s.svc.Config().Ceiling) {
			fd.Levels = append(fd.Levels, l)
		}
	}
	for _, p := range probs {
		k := fieldKey(p.Name)
		fd.Errs[k] = append(fd.Errs[k], p.Reason)
	}
	for _, t := range tabIDs {
		ft := formTab{ID: t.id, Title: t.title}
		for _, def := range standard.Fields() {
			if def.Tab != t.title {
				continue
			}
			ff := formField{Def: def, Errors: fd.Errs[def.Name]}
			if p := standard.StringField(&in.Standard, def.Name); p != nil {
				ff.Value = *p
				ff.Len = standard.TextLength(*p)
			} else if p := standard.LinksField(&in.Standard, def.Name); p != nil {
				ff.Links = padLinks(*p, extra[def.Name])
			} else if def.Name == "category" {
				ff.Selected = in.Category
			}
			ft.Fields = append(ft.Fields, ff)
		}
		fd.Tabs = append(fd.Tabs, ft)
	}
	fd.Owners = append([]register.Person(nil), in.Owners...)
	n := len(fd.Owners) + emptyRows
	if extra["owners"] > 0 {
		n = min(len(fd.Owners)+extra["owners"], maxRows)
	}
	for len(fd.Owners) < n {
		fd.Owners = append(fd.Owners, register.Person{})
	}
	return fd, nil
}

func padLinks(ls []register.Link, extra int) []register.Link {
	out := append([]register.Link(nil), ls...)
	n := len(out) + emptyRows
	if extra > 0 {
		n = min(len(out)+extra, maxRows)
	}
	for len(out) < n {
		out = append(out, register.Link{})
	}
	return out
}

// parseDescriptionForm reads the description form. more names the list field whose "more rows"
// button was pressed (then nothing is saved), rows how many rows each list field had.
func parseDescriptionForm(r *http.Request) (in service.DescriptionInput, rows map[string]int, more string) {
	f := r.PostForm
	rows = map[string]int{}
	for _, def := range standard.Fields() {
		if p := standard.StringField(&in.Standard, def.Name); p != nil {
			*p = f.Get(def.Name)
			continue
		}
		if p := standard.LinksField(&in.Standard, def.Name); p != nil {
			n := rowCount(f.Get(def.Name + ".rows"))
			rows[def.Name] = n
			for i := range n {
				l := register.Link{
					Title: strings.TrimSpace(f.Get(fmt.Sprintf("%s.%d.title", def.Name, i))),
					Link:  strings.TrimSpace(f.Get(fmt.Sprintf("%s.%d.link", def.Name, i))),
				}
				if l.Title != "" || l.Link != "" {
					*p = append(*p, l)
				}
			}
			continue
		}
		if def.Name == "category" {
			for _, c := range f["category"] {
				if c = strings.TrimSpace(c); c != "" {
					in.Category = append(in.Category, c)
				}
			}
		}
	}
	in.Unit = f.Get("unit")
	in.Classification = register.Level(f.Get("classification"))
	in.InternalNotes = f.Get("internal_notes")
	n := rowCount(f.Get("owners.rows"))
	rows["owners"] = n
	for i := range n {
		p := register.Person{
			Name:  strings.TrimSpace(f.Get(fmt.Sprintf("owners.%d.name", i))),
			Email: strings.TrimSpace(f.Get(fmt.Sprintf("owners.%d.email", i))),
			Role:  strings.TrimSpace(f.Get(fmt.Sprintf("owners.%d.role", i))),
		}
		if p != (register.Person{}) {
			in.Owners = append(in.Owners, p)
		}
	}
	return in, rows, f.Get("more")
}

func rowCount(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return min(n, maxRows)
}

// extraRows is what the form needs after "more rows" was pressed for field more.
func extraRows(in service.DescriptionInput, rows map[string]int, more string) map[string]int {
	extra := map[string]int{}
	if more == "" {
		return extra
	}
	filled := len(in.Owners)
	if p := standard.LinksField(&in.Standard, more); p != nil {
		filled = len(*p)
	}
	// Keep every row the user had, plus moreRows.
	extra[more] = max(rows[more], filled) + moreRows - filled
	return extra
}

func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, v *view, status int, fd *formData) {
	if fd.New {
		v.Title, v.Nav = v.T("form.newTitle"), "new"
		fd.Action = "/beschrijvingen/nieuw"
	} else {
		v.Title, v.Nav = v.T("form.editTitle"), "list"
		fd.Action = "/beschrijvingen/" + fd.ID + "/bewerken"
	}
	if len(fd.Problems) > 0 && fd.Conflict == nil {
		v.Error = v.T("form.invalid")
	}
	v.Mark(fd.Classification)
	v.Data = fd
	s.render(w, r, status, "form", v)
}

func (s *Server) descriptionNew(w http.ResponseWriter, r *http.Request, v *view) {
	in := service.DescriptionInput{Classification: register.Ongerubriceerd}
	in.Organization = s.svc.Config().Organization
	in.Lang = "nld"
	in.StandardVersion = "1.0"
	if len(v.User.Units) == 1 {
		in.Unit = v.User.Units[0]
	}
	fd, err := s.buildForm(r, v, in, nil, nil)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	fd.New = true
	s.renderForm(w, r, v, http.StatusOK, fd)
}

func (s *Server) descriptionCreate(w http.ResponseWriter, r *http.Request, v *view) {
	in, rows, more := parseDescriptionForm(r)
	if more != "" {
		fd, err := s.buildForm(r, v, in, extraRows(in, rows, more), nil)
		if err != nil {
			s.renderError(w, r, v, err)
			return
		}
		fd.New = true
		s.renderForm(w, r, v, http.StatusOK, fd)
		return
	}
	d, err := s.svc.CreateDescription(r.Context(), v.actor, in)
	if err == nil {
		redirect(w, r, "/beschrijvingen/"+d.ID, "created")
		return
	}
	if register.ErrorCode(err) != register.EINVALID {
		s.renderError(w, r, v, err)
		return
	}
	fd, ferr := s.buildForm(r, v, in, nil, problemsOf(err))
	if ferr != nil {
		s.renderError(w, r, v, ferr)
		return
	}
	fd.New = true
	s.renderForm(w, r, v, http.StatusBadRequest, fd)
}

func (s *Server) descriptionEdit(w http.ResponseWriter, r *http.Request, v *view) {
	d, err := s.svc.GetDescription(r.Context(), v.actor, r.PathValue("id"))
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	fd, err := s.buildForm(r, v, service.InputOf(d), nil, nil)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	fd.ID, fd.Revision = d.ID, d.Revision
	s.renderForm(w, r, v, http.StatusOK, fd)
}

// descriptionSave stores the form as a new revision. Invalid input comes back with every
// problem next to its field and nothing the user typed lost; when someone else saved in the
// meantime the user sees both versions side by side and can save theirs on top of the new one.
func (s *Server) descriptionSave(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	in, rows, more := parseDescriptionForm(r)
	rev, _ := strconv.Atoi(r.PostFormValue("revision"))
	if more != "" {
		fd, err := s.buildForm(r, v, in, extraRows(in, rows, more), nil)
		if err != nil {
			s.renderError(w, r, v, err)
			return
		}
		fd.ID, fd.Revision = id, rev
		s.renderForm(w, r, v, http.StatusOK, fd)
		return
	}
	_, err := s.svc.UpdateDescription(r.Context(), v.actor, id, rev, in)
	switch register.ErrorCode(err) {
	case "":
		redirect(w, r, "/beschrijvingen/"+id, "saved")
	case register.EINVALID:
		fd, ferr := s.buildForm(r, v, in, nil, problemsOf(err))
		if ferr != nil {
			s.renderError(w, r, v, ferr)
			return
		}
		fd.ID, fd.Revision = id, rev
		s.renderForm(w, r, v, http.StatusBadRequest, fd)
	case register.ESTALE:
		cur, gerr := s.svc.GetDescription(r.Context(), v.actor, id)
		if gerr != nil {
			s.renderError(w, r, v, gerr)
			return
		}
		fd, ferr := s.buildForm(r, v, in, nil, nil)
		if ferr != nil {
			s.renderError(w, r, v, ferr)
			return
		}
		fd.ID, fd.Revision = id, cur.Revision
		fd.Conflict = conflictRows(in, service.InputOf(cur))
		fd.ConflictBy = cur.UpdatedBy
		v.Error = trf(v.Lang, "form.conflict", cur.UpdatedBy, strconv.Itoa(cur.Revision))
		v.Mark(cur.Classification)
		s.renderForm(w, r, v, http.StatusConflict, fd)
	default:
		s.renderError(w, r, v, err)
	}
}

// conflictRows lists every field whose value differs between mine and current.
func conflictRows(mine, current service.DescriptionInput) []conflictRow {
	var out []conflictRow
	mv, cv := flatten(mine), flatten(current)
	for _, def := range standard.Fields() {
		if mv[def.Name] != cv[def.Name] {
			out = append(out, conflictRow{Name: def.Name, Title: def.Title, Mine: mv[def.Name], Current: cv[def.Name]})
		}
	}
	for _, k := range []string{"unit", "classification", "owners", "internal_notes"} {
		if mv[k] != cv[k] {
			out = append(out, conflictRow{Name: k, Title: tr(langNL, "field."+k), Mine: mv[k], Current: cv[k]})
		}
	}
	return out
}

// flatten renders every field of a description's content as one readable text, for the
// conflict page and the history's differences.
func flatten(in service.DescriptionInput) map[string]string {
	out := map[string]string{}
	for _, def := range standard.Fields() {
		switch {
		case standard.StringField(&in.Standard, def.Name) != nil:
			out[def.Name] = *standard.StringField(&in.Standard, def.Name)
		case standard.LinksField(&in.Standard, def.Name) != nil:
			var parts []string
			for _, l := range *standard.LinksField(&in.Standard, def.Name) {
				parts = append(parts, strings.TrimSpace(l.Title+" "+l.Link))
			}
			out[def.Name] = strings.Join(parts, "\n")
		case def.Name == "category":
			out[def.Name] = strings.Join(in.Category, ", ")
		}
	}
	out["unit"] = in.Unit
	out["classification"] = in.Classification.Label()
	var owners []string
	for _, p := range in.Owners {
		owners = append(owners, strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{p.Name, p.Email, p.Role}, func(s string) bool { return s == "" }), ", ")))
	}
	out["owners"] = strings.Join(owners, "\n")
	out["internal_notes"] = in.InternalNotes
	return out
}
