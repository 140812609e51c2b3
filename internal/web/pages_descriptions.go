package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
	"github.com/defensie/algoreg/internal/workflow"
)

type dashboardData struct {
	D      *service.Dashboard
	States []stateCount
}

type stateCount struct {
	State register.State
	N     int
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, v *view) {
	d, err := s.svc.Dashboard(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav, v.Notice = v.T("dashboard.title"), "dashboard", noticeOf(v, r)
	v.Mark(d.Marking)
	data := dashboardData{D: d}
	for _, st := range register.States {
		data.States = append(data.States, stateCount{st, d.ByState[st]})
	}
	v.Data = data
	s.render(w, r, http.StatusOK, "dashboard", v)
}

type listData struct {
	Q          service.ListQuery
	Items      []register.Description
	Total      int
	Page       int
	Pages      int
	Prev, Next string
	Units      []register.Unit
	Statuses   []string
	Categories []string
	States     []register.State
	Levels     []register.Level
	Problems   []register.FieldProblem
}

func (s *Server) descriptionList(w http.ResponseWriter, r *http.Request, v *view) {
	v.Title, v.Nav = v.T("list.title"), "list"
	vals := r.URL.Query()
	q, probs := parseListQuery(vals)
	data := listData{Q: q, States: register.States, Levels: register.Levels, Problems: probs}
	if f, ok := standard.Field("status"); ok {
		data.Statuses = f.Enum
	}
	if f, ok := standard.Field("publication_category"); ok {
		data.Categories = f.Enum
	}
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data.Units = visibleUnits(v.User, units)
	if len(probs) == 0 {
		items, total, err := s.svc.ListDescriptions(r.Context(), v.actor, q)
		if err != nil {
			s.renderError(w, r, v, err)
			return
		}
		data.Items, data.Total = items, total
		v.Mark(service.Marking(items))
	}
	data.Page = max(q.Page, 1)
	data.Pages = (data.Total + q.PageSize - 1) / q.PageSize
	pageURL := func(p int) string {
		u := url.Values{}
		for k, vs := range vals {
			if k != "page" {
				u[k] = vs
			}
		}
		u.Set("page", strconv.Itoa(p))
		return "/beschrijvingen?" + u.Encode()
	}
	if data.Page > 1 {
		data.Prev = pageURL(data.Page - 1)
	}
	if data.Page < data.Pages {
		data.Next = pageURL(data.Page + 1)
	}
	v.Data = data
	status := http.StatusOK
	if len(probs) > 0 {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "list", v)
}

// visibleUnits are the units a user works in (all of them for roles that span all units).
func visibleUnits(u *register.User, units []register.Unit) []register.Unit {
	sc := access.ListScope(u)
	if sc.AllUnits {
		return units
	}
	var out []register.Unit
	for _, x := range units {
		for _, c := range sc.Units {
			if c == x.Code {
				out = append(out, x)
			}
		}
	}
	return out
}

// tabView is one tab of a description, for display.
type tabView struct {
	ID     string
	Title  string
	Fields []fieldView
}

type fieldView struct {
	Def   standard.FieldDef
	Text  string
	List  []string
	Links []register.Link
	Empty bool
}

var tabIDs = []struct{ id, title string }{
	{"algemeen", standard.TabGeneral}, {"verantwoord", standard.TabResponsible},
	{"werking", standard.TabOperation}, {"metadata", standard.TabMetadata},
}

func descriptionTabs(d *register.Standard) []tabView {
	var tabs []tabView
	for _, t := range tabIDs {
		tv := tabView{ID: t.id, Title: t.title}
		for _, f := range standard.Fields() {
			if f.Tab != t.title {
				continue
			}
			fv := fieldView{Def: f, Empty: standard.IsEmpty(d, f.Name)}
			if p := standard.StringField(d, f.Name); p != nil {
				fv.Text = standard.StripHTML(*p)
			} else if p := standard.LinksField(d, f.Name); p != nil {
				fv.Links = *p
			} else if f.Name == "category" {
				fv.List = d.Category
			}
			tv.Fields = append(tv.Fields, fv)
		}
		tabs = append(tabs, tv)
	}
	return tabs
}

type descriptionData struct {
	D            *register.Description
	Tabs         []tabView
	Actions      []register.Action
	Returned     *register.Transition
	Transitions  []register.Transition
	Completeness int
	Missing      []register.FieldProblem
	CanEdit      bool
	CanClassify  bool
	CanAssess    bool
	Assessment   *service.AssessmentResult
	Classified   *service.ClassificationResult
	Comment      string
}

func (s *Server) loadDescriptionData(r *http.Request, v *view, id string) (*descriptionData, error) {
	d, err := s.svc.GetDescription(r.Context(), v.actor, id)
	if err != nil {
		return nil, err
	}
	trans, err := s.svc.Transitions(r.Context(), v.actor, id)
	if err != nil {
		return nil, err
	}
	data := &descriptionData{D: d, Tabs: descriptionTabs(&d.Standard), Transitions: trans,
		Completeness: standard.Completeness(&d.Standard), Missing: standard.Missing(&d.Standard),
		CanEdit:     access.Can(v.User, access.Edit, d.Unit, d.Classification) && d.State != register.StateArchived,
		CanClassify: access.Can(v.User, access.Classify, d.Unit, d.Classification),
		CanAssess:   access.Can(v.User, access.Assess, d.Unit, d.Classification)}
	for _, a := range workflow.Available(d.State) {
		if access.Can(v.User, access.Action(a), d.Unit, d.Classification) {
			data.Actions = append(data.Actions, a)
		}
	}
	if d.State == register.StateConcept {
		for i := len(trans) - 1; i >= 0; i-- {
			if trans[i].Action == register.ActionReturn {
				data.Returned = &trans[i]
				break
			}
			if trans[i].Action == register.ActionSubmit {
				break
			}
		}
	}
	if asm, err := s.svc.Assessment(r.Context(), v.actor, id); err == nil {
		data.Assessment = asm
	} else if register.ErrorCode(err) != register.ENOTFOUND {
		return nil, err
	}
	if c, err := s.svc.Classification(r.Context(), v.actor, id); err == nil {
		data.Classified = c
	} else if register.ErrorCode(err) != register.ENOTFOUND {
		return nil, err
	}
	v.Mark(d.Classification)
	return data, nil
}

func (s *Server) descriptionView(w http.ResponseWriter, r *http.Request, v *view) {
	data, err := s.loadDescriptionData(r, v, r.PathValue("id"))
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav, v.Notice = data.D.Name, "list", noticeOf(v, r)
	v.Data = data
	s.render(w, r, http.StatusOK, "description", v)
}

// descriptionStep takes a workflow step with a comment. A refusal (four eyes, missing fields,
// no comment on return) is shown on the description page with the reason.
func (s *Server) descriptionStep(w http.ResponseWriter, r *http.Request, v *view) {
	id := r.PathValue("id")
	action := register.Action(r.PostFormValue("action"))
	comment := r.PostFormValue("comment")
	_, err := s.svc.Transition(r.Context(), v.actor, id, action, comment)
	if err == nil {
		redirect(w, r, "/beschrijvingen/"+id, "step")
		return
	}
	switch register.ErrorCode(err) {
	case register.EINVALID, register.ECONFLICT, register.EFORBIDDEN:
		data, lerr := s.loadDescriptionData(r, v, id)
		if lerr != nil {
			s.renderError(w, r, v, lerr)
			return
		}
		v.Title, v.Nav = data.D.Name, "list"
		v.Error = register.ErrorMessage(err)
		data.Comment = comment
		if p := problemsOf(err); len(p) > 0 {
			data.Missing = p
		}
		v.Data = data
		s.render(w, r, statusOf[register.ErrorCode(err)], "description", v)
	default:
		s.renderError(w, r, v, err)
	}
}
