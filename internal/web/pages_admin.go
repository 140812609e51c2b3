package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

// maxImportBody bounds an uploaded register file.
const maxImportBody = 32 << 20

type roundsData struct {
	Years    []int
	CanOpen  bool
	NextYear int
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request, v *view) {
	years, err := s.svc.RoundYears(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav, v.Notice = v.T("rounds.title"), "rounds", noticeOf(v, r)
	v.Data = roundsData{Years: years, CanOpen: access.CanGlobal(v.User, access.RoundsManage), NextYear: time.Now().Year()}
	s.render(w, r, http.StatusOK, "rounds", v)
}

func (s *Server) roundOpen(w http.ResponseWriter, r *http.Request, v *view) {
	year, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err := s.svc.OpenRound(r.Context(), v.actor, year); err != nil {
		if c := register.ErrorCode(err); c == register.EINVALID || c == register.ECONFLICT {
			years, _ := s.svc.RoundYears(r.Context(), v.actor)
			v.Title, v.Nav = v.T("rounds.title"), "rounds"
			v.Error = register.ErrorMessage(err)
			if p := problemsOf(err); len(p) > 0 {
				v.Error = fieldTitle(p[0].Name) + ": " + p[0].Reason
			}
			v.Data = roundsData{Years: years, CanOpen: true, NextYear: year}
			s.render(w, r, statusOf[c], "rounds", v)
			return
		}
		s.renderError(w, r, v, err)
		return
	}
	redirect(w, r, "/inventarisatie/"+strconv.Itoa(year), "roundOpened")
}

type roundData struct {
	Round    *service.Round
	Progress []roundLine
	Done     int
}

type roundLine struct {
	service.RoundProgress
	CanConfirm bool
}

func (s *Server) roundPage(w http.ResponseWriter, r *http.Request, v *view, status int) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		s.renderError(w, r, v, register.NotFound())
		return
	}
	rd, progress, err := s.svc.RoundStatus(r.Context(), v.actor, year)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := roundData{Round: rd}
	for _, p := range progress {
		if p.Answered && p.Complete {
			data.Done++
		}
		data.Progress = append(data.Progress, roundLine{RoundProgress: p, CanConfirm: access.Can(v.User, access.RoundConfirm, p.Unit.Code, register.Ongerubriceerd)})
	}
	v.Title, v.Nav = trf(v.Lang, "round.title", strconv.Itoa(year)), "rounds"
	if v.Notice == "" {
		v.Notice = noticeOf(v, r)
	}
	v.Data = data
	s.render(w, r, status, "round", v)
}

func (s *Server) roundView(w http.ResponseWriter, r *http.Request, v *view) {
	s.roundPage(w, r, v, http.StatusOK)
}

func (s *Server) roundConfirm(w http.ResponseWriter, r *http.Request, v *view) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		s.renderError(w, r, v, register.NotFound())
		return
	}
	complete := r.PostFormValue("complete") == "true"
	err = s.svc.ConfirmRound(r.Context(), v.actor, year, r.PostFormValue("unit"), complete, r.PostFormValue("missing"))
	if err == nil {
		redirect(w, r, "/inventarisatie/"+strconv.Itoa(year), "roundConfirmed")
		return
	}
	if register.ErrorCode(err) == register.EINVALID {
		v.Error = fieldTitle("missing") + ": " + problemsOf(err)[0].Reason
		s.roundPage(w, r, v, http.StatusBadRequest)
		return
	}
	s.renderError(w, r, v, err)
}

type importData struct {
	File   string
	Result *service.ImportResult
	DryRun bool
	Units  []register.Unit
	Unit   string
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.Import); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav = v.T("import.title"), "import"
	v.Data = importData{Units: visibleUnits(v.User, units)}
	s.render(w, r, http.StatusOK, "import", v)
}

// importRun reads an uploaded national register file (CSV, XLSX or JSON, recognised by
// content) and shows the same per-record report as algoreg import.
func (s *Server) importRun(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.Import); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav = v.T("import.title"), "import"
	data := importData{Units: visibleUnits(v.User, units), Unit: r.PostFormValue("unit"), DryRun: r.PostFormValue("dry_run") == "1"}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		v.Error = v.T("import.noFile")
		v.Data = data
		s.render(w, r, http.StatusBadRequest, "import", v)
		return
	}
	defer file.Close()
	data.File = hdr.Filename
	recs, err := exchange.Parse(hdr.Filename, file, nil)
	if err != nil {
		v.Error = v.T("import.unusable") + " " + register.ErrorMessage(err)
		v.Data = data
		s.render(w, r, http.StatusBadRequest, "import", v)
		return
	}
	res, err := s.svc.Import(r.Context(), v.actor, recs, service.ImportOptions{Unit: data.Unit, DryRun: data.DryRun})
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data.Result = &res
	v.Data = data
	s.render(w, r, http.StatusOK, "import", v)
}

type usersData struct {
	Users  []register.User
	Units  []register.Unit
	Roles  []register.Role
	Levels []register.Level
	In     service.UserInput
	Errs   map[string][]string
	Self   string
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, v *view, status int, in service.UserInput, probs []register.FieldProblem) {
	users, err := s.svc.ListUsers(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := usersData{Users: users, Units: units, Roles: register.Roles, Levels: register.Levels, In: in, Errs: map[string][]string{}, Self: v.User.ID}
	for _, p := range probs {
		data.Errs[p.Name] = append(data.Errs[p.Name], p.Reason)
	}
	v.Title, v.Nav = v.T("users.title"), "users"
	if v.Notice == "" {
		v.Notice = noticeOf(v, r)
	}
	if len(probs) > 0 {
		v.Error = v.T("form.invalid")
	}
	v.Data = data
	s.render(w, r, status, "users", v)
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request, v *view) {
	s.usersPage(w, r, v, http.StatusOK, service.UserInput{Role: register.RoleEditor, Clearance: register.Ongerubriceerd}, nil)
}

func (s *Server) userAdd(w http.ResponseWriter, r *http.Request, v *view) {
	f := r.PostForm
	in := service.UserInput{Email: f.Get("email"), Name: f.Get("name"), Role: register.Role(f.Get("role")),
		Units: f["units"], Clearance: register.Level(f.Get("clearance")), Password: f.Get("password")}
	_, err := s.svc.AddUser(r.Context(), v.actor, in)
	switch register.ErrorCode(err) {
	case "":
		redirect(w, r, "/gebruikers", "userAdded")
	case register.EINVALID:
		in.Password = ""
		s.usersPage(w, r, v, http.StatusBadRequest, in, problemsOf(err))
	default:
		s.renderError(w, r, v, err)
	}
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, v *view) {
	disable := r.PostFormValue("disabled") == "true"
	err := s.svc.SetUserDisabled(r.Context(), v.actor, r.PostFormValue("email"), disable)
	switch register.ErrorCode(err) {
	case "":
		notice := "userEnabled"
		if disable {
			notice = "userDisabled"
		}
		redirect(w, r, "/gebruikers", notice)
	case register.EINVALID:
		v.Error = problemsOf(err)[0].Reason
		s.usersPage(w, r, v, http.StatusBadRequest, service.UserInput{Role: register.RoleEditor}, nil)
	default:
		s.renderError(w, r, v, err)
	}
}

// userEditData is the form that changes one user.
type userEditData struct {
	User   register.User
	In     service.UserChange
	Units  []register.Unit
	Roles  []register.Role
	Levels []register.Level
	Errs   map[string][]string
	Self   bool
}

// userEditPage shows the form for the user named by the query's email, filled with in.
func (s *Server) userEditPage(w http.ResponseWriter, r *http.Request, v *view, status int, email string, in *service.UserChange, probs []register.FieldProblem) {
	users, err := s.svc.ListUsers(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	i := slices.IndexFunc(users, func(u register.User) bool { return strings.EqualFold(u.Email, strings.TrimSpace(email)) })
	if i < 0 {
		s.renderError(w, r, v, register.Errorf(register.ENOTFOUND, "Deze gebruiker bestaat niet."))
		return
	}
	u := users[i]
	units, err := s.svc.Units(r.Context())
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := userEditData{User: u, Units: units, Roles: register.Roles, Levels: register.Levels, Errs: map[string][]string{}, Self: u.ID == v.User.ID}
	if in != nil {
		data.In = *in
	} else {
		data.In = service.UserChange{Name: u.Name, Role: u.Role, Units: u.Units, AllUnits: u.AllUnits && !u.Role.SpansAllUnits(), Clearance: u.Clearance}
	}
	for _, p := range probs {
		data.Errs[p.Name] = append(data.Errs[p.Name], p.Reason)
	}
	v.Title, v.Nav = v.T("users.edit")+" "+u.Email, "users"
	if len(probs) > 0 {
		v.Error = v.T("form.invalid")
	}
	v.Data = data
	s.render(w, r, status, "user_edit", v)
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request, v *view) {
	s.userEditPage(w, r, v, http.StatusOK, r.URL.Query().Get("email"), nil, nil)
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request, v *view) {
	f := r.PostForm
	email := f.Get("email")
	in := service.UserChange{Name: f.Get("name"), Role: register.Role(f.Get("role")), Units: f["units"],
		AllUnits: f.Get("all_units") == "true", Clearance: register.Level(f.Get("clearance"))}
	err := s.svc.UpdateUser(r.Context(), v.actor, email, in)
	switch register.ErrorCode(err) {
	case "":
		redirect(w, r, "/gebruikers", "userUpdated")
	case register.EINVALID:
		probs := problemsOf(err)
		if len(probs) == 1 && probs[0].Name == "email" {
			s.renderError(w, r, v, register.Errorf(register.ENOTFOUND, "Deze gebruiker bestaat niet."))
			return
		}
		s.userEditPage(w, r, v, http.StatusBadRequest, email, &in, probs)
	default:
		s.renderError(w, r, v, err)
	}
}
