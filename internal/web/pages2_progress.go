package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/report"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/standard"
)

// progressData is the progress overview: one row per figure, one column per unit and the total.
type progressData struct {
	Year  int
	Years []int
	Units []report.UnitFigures // the columns, the total last
	Rows  []progressRow
	Round *service.Round
	Lines []service.RoundProgress
	Done  int
	AsOf  time.Time
}

// progressRow is one figure across the units: every cell a number and the list it counts.
type progressRow struct {
	Label string
	Group string // the group a row belongs to (status, category, state), or ""
	Cells []progressCell
}

type progressCell struct {
	N    int
	Link string
}

// progressYears are the years the selector offers: this year and five before, and every year
// an inventory round was opened.
func progressYears(now int, rounds []int) []int {
	var ys []int
	for y := now; y >= now-5; y-- {
		ys = append(ys, y)
	}
	for _, y := range rounds {
		if y <= now && !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	slices.Reverse(ys)
	return ys
}

// parseYear reads ?year= (default this year); a year outside 2000..now is a field problem.
func parseYear(vals url.Values, now int) (int, []register.FieldProblem) {
	y := vals.Get("year")
	if y == "" {
		return now, nil
	}
	n, err := strconv.Atoi(y)
	if err != nil || n < 2000 || n > now {
		return now, []register.FieldProblem{{Name: "year", Reason: "moet een jaartal van 2000 tot en met " + strconv.Itoa(now) + " zijn"}}
	}
	return n, nil
}

// measureLink is the list behind one figure: the ordinary list page where its filters say
// exactly the same (one workflow state of one unit), else the progress list.
func measureLink(year int, unit, measure string) string {
	q := url.Values{}
	if unit != "" {
		q.Set("unit", unit)
	}
	switch {
	case measure == service.MeasureArchived:
		q.Set("state", string(register.StateArchived))
		return "/beschrijvingen?" + q.Encode()
	case len(measure) > 6 && measure[:6] == "state:":
		q.Set("state", measure[6:])
		return "/beschrijvingen?" + q.Encode()
	}
	q.Set("year", strconv.Itoa(year))
	q.Set("measure", measure)
	return "/voortgang/lijst?" + q.Encode()
}

// progressMeasures are the rows of the overview, in order: the group (or ""), the measure and
// its label.
func progressMeasures(lang string) []struct{ group, measure, label string } {
	type m = struct{ group, measure, label string }
	out := []m{
		{"", service.MeasureInventoried, tr(lang, "progress.inventoried")},
		{"", service.MeasureNewThisYear, tr(lang, "progress.new")},
	}
	statuses := []string{}
	if f, ok := standard.Field("status"); ok {
		statuses = append(statuses, f.Enum...)
	}
	statuses = append(statuses, report.StatusUnknown)
	for _, s := range statuses {
		out = append(out, m{tr(lang, "progress.byStatus"), "status:" + s, s})
	}
	for _, c := range []string{report.CategoryA, report.CategoryB, report.CategoryC, report.CategoryUnknown} {
		out = append(out, m{tr(lang, "progress.byCategory"), "category:" + c, c})
	}
	for _, st := range register.States {
		if st != register.StateArchived {
			out = append(out, m{tr(lang, "progress.byState"), "state:" + string(st), tr(lang, "state."+string(st))})
		}
	}
	for _, x := range []struct{ measure, key string }{
		{service.MeasureImpact, "progress.impact"},
		{service.MeasureClassified, "progress.classified"},
		{service.MeasureAssessed, "progress.assessed"},
		{service.MeasureDecidedFull, "progress.decidedFull"},
		{service.MeasureDecidedPartial, "progress.decidedPartial"},
		{service.MeasureDecidedNot, "progress.decidedNot"},
		{service.MeasurePublished, "progress.published"},
		{service.MeasureHighRisk, "progress.highRisk"},
		{service.MeasureHighRiskPublished, "progress.highRiskPublished"},
		{service.MeasureReviewsDue, "progress.reviewsDue"},
		{service.MeasureArchived, "progress.archived"},
	} {
		out = append(out, m{"", x.measure, tr(lang, x.key)})
	}
	return out
}

// progressColumns are the units shown: those the user works in (every unit for roles spanning
// all units) and any other unit that has descriptions the user may see, then the total.
func progressColumns(u *register.User, f *report.Figures) []report.UnitFigures {
	sc := access.ListScope(u)
	var cols []report.UnitFigures
	for _, x := range f.Units {
		if sc.AllUnits || slices.Contains(sc.Units, x.Unit) || x.Inventoried+x.Archived > 0 {
			cols = append(cols, x)
		}
	}
	return append(cols, f.Total)
}

func (s *Server) progressPage(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.Report); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	now := time.Now().Year()
	year, probs := parseYear(r.URL.Query(), now)
	if len(probs) > 0 {
		s.renderError(w, r, v, register.Invalid(probs))
		return
	}
	f, err := s.svc.Progress(r.Context(), v.actor, year)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	rounds, err := s.svc.RoundYears(r.Context(), v.actor)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := progressData{Year: year, Years: progressYears(now, rounds), Units: progressColumns(v.User, f), AsOf: f.AsOf}
	for _, m := range progressMeasures(v.Lang) {
		row := progressRow{Label: m.label, Group: m.group}
		for _, u := range data.Units {
			n, _ := service.MeasureValue(u, m.measure)
			row.Cells = append(row.Cells, progressCell{N: n, Link: measureLink(year, u.Unit, m.measure)})
		}
		data.Rows = append(data.Rows, row)
	}
	if rd, lines, err := s.svc.RoundStatus(r.Context(), v.actor, year); err == nil {
		data.Round, data.Lines = rd, lines
		for _, l := range lines {
			if l.Answered && l.Complete {
				data.Done++
			}
		}
	} else if register.ErrorCode(err) != register.ENOTFOUND {
		s.renderError(w, r, v, err)
		return
	}
	v.Title, v.Nav = trf(v.Lang, "progress.title", strconv.Itoa(year)), "progress"
	v.Mark(f.Marking)
	v.Data = data
	s.render(w, r, http.StatusOK, "progress", v)
}

// progressListData is the list behind one number of the overview.
type progressListData struct {
	Year       int
	Unit       string
	Label      string
	Items      []register.Description
	Total      int
	Page       int
	Pages      int
	Prev, Next string
}

// progressLabel is the row label of a measure, or "" for an unknown one.
func progressLabel(lang, measure string) string {
	for _, m := range progressMeasures(lang) {
		if m.measure == measure && m.group != "" {
			return m.group + ": " + m.label
		}
		if m.measure == measure {
			return m.label
		}
	}
	return ""
}

func (s *Server) progressList(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.Report); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	vals := r.URL.Query()
	year, probs := parseYear(vals, time.Now().Year())
	measure := vals.Get("measure")
	label := progressLabel(v.Lang, measure)
	if label == "" {
		probs = append(probs, register.FieldProblem{Name: "measure", Reason: "is geen bekend onderdeel van het voortgangsoverzicht"})
	}
	page := 1
	if p := vals.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			probs = append(probs, register.FieldProblem{Name: "page", Reason: "moet een geheel getal vanaf 1 zijn"})
		}
		page = max(n, 1)
	}
	if len(probs) > 0 {
		s.renderError(w, r, v, register.Invalid(probs))
		return
	}
	const size = 50
	unit := vals.Get("unit")
	items, total, err := s.svc.ProgressItems(r.Context(), v.actor, service.ProgressQuery{Year: year, Unit: unit, Measure: measure, Page: page, PageSize: size})
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	data := progressListData{Year: year, Unit: unit, Label: label, Items: items, Total: total, Page: page, Pages: (total + size - 1) / size}
	pageURL := func(p int) string {
		q := url.Values{"year": {strconv.Itoa(year)}, "measure": {measure}, "page": {strconv.Itoa(p)}}
		if unit != "" {
			q.Set("unit", unit)
		}
		return "/voortgang/lijst?" + q.Encode()
	}
	if page > 1 {
		data.Prev = pageURL(page - 1)
	}
	if page < data.Pages {
		data.Next = pageURL(page + 1)
	}
	v.Title, v.Nav = label, "progress"
	v.Mark(service.Marking(items))
	v.Data = data
	s.render(w, r, http.StatusOK, "progress_list", v)
}
