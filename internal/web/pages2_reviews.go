package web

import (
	"net/http"
	"time"

	"github.com/defensie/algoreg/internal/service"
)

// reviewWindow is how far ahead the reviews page looks: decisions due within 60 days.
const reviewWindow = 60 * 24 * time.Hour

type reviewsData struct {
	Units   []reviewUnit
	Total   int
	Overdue int
}

// reviewUnit is one unit's due reviews, soonest first.
type reviewUnit struct {
	Unit  string
	Items []service.ReviewDue
}

// reviewsPage lists the publication decisions whose review date has passed or falls within
// 60 days, per unit, over what the user may see.
func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request, v *view) {
	due, err := s.svc.ReviewsDue(r.Context(), v.actor, reviewWindow)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	var data reviewsData
	for _, d := range due {
		if n := len(data.Units); n == 0 || data.Units[n-1].Unit != d.Description.Unit {
			data.Units = append(data.Units, reviewUnit{Unit: d.Description.Unit})
		}
		u := &data.Units[len(data.Units)-1]
		u.Items = append(u.Items, d)
		data.Total++
		if d.Overdue {
			data.Overdue++
		}
		v.Mark(d.Description.Classification)
	}
	v.Title, v.Nav = v.T("reviews.title"), "reviews"
	v.Data = data
	s.render(w, r, http.StatusOK, "reviews", v)
}
