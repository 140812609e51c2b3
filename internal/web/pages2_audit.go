package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
)

// auditPageSize is how many entries one page of the audit trail shows.
const auditPageSize = 100

type auditData struct {
	Q       service.AuditQuery
	Entries []register.AuditEntry
	First   bool   // this is the first page (no after=)
	Next    string // the next page, when this one is full
	Export  string // the CSV export of the same filter
	Filter  url.Values
	Results []string
}

// auditQueryOf reads the filter of the audit pages: actor, action, object, result and after.
func auditQueryOf(vals url.Values) (service.AuditQuery, []register.FieldProblem) {
	q := service.AuditQuery{Actor: vals.Get("actor"), Action: vals.Get("action"), Object: vals.Get("object"), Result: vals.Get("result")}
	var probs []register.FieldProblem
	for _, k := range []string{"actor", "action", "object", "result"} {
		if len([]rune(vals.Get(k))) > 200 {
			probs = append(probs, register.FieldProblem{Name: k, Reason: "is langer dan 200 tekens"})
		}
	}
	if a := vals.Get("after"); a != "" {
		n, err := strconv.ParseInt(a, 10, 64)
		if err != nil || n < 0 {
			probs = append(probs, register.FieldProblem{Name: "after", Reason: "moet een volgnummer vanaf 0 zijn"})
		}
		q.After = max(n, 0)
	}
	return q, probs
}

// filterValues is the filter of q as query parameters, without paging.
func filterValues(q service.AuditQuery) url.Values {
	u := url.Values{}
	for k, v := range map[string]string{"actor": q.Actor, "action": q.Action, "object": q.Object, "result": q.Result} {
		if v != "" {
			u.Set(k, v)
		}
	}
	return u
}

// auditPage lets auditors and administrators browse the audit trail, filtered and paged by
// sequence number (after=), with a link to export the same selection as CSV.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.AuditRead); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	q, probs := auditQueryOf(r.URL.Query())
	if len(probs) > 0 {
		s.renderError(w, r, v, register.Invalid(probs))
		return
	}
	q.Limit = auditPageSize
	entries, err := s.svc.AuditEntries(r.Context(), v.actor, q)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	f := filterValues(q)
	data := auditData{Q: q, Entries: entries, First: q.After == 0, Filter: f, Results: []string{"ok", "refused", "failed"}}
	exp := filterValues(q)
	if q.After > 0 {
		exp.Set("after", strconv.FormatInt(q.After, 10))
	}
	data.Export = "/audittrail/export?" + exp.Encode()
	if len(entries) == auditPageSize {
		n := filterValues(q)
		n.Set("after", strconv.FormatInt(entries[len(entries)-1].Seq, 10))
		data.Next = "/audittrail?" + n.Encode()
	}
	v.Title, v.Nav = v.T("audit.title"), "audit"
	v.Data = data
	s.render(w, r, http.StatusOK, "audit", v)
}

// auditExport sends the filtered audit trail as CSV. Every cell passes exchange.SafeCell, so
// text an attacker put in the trail (a user name, an object) cannot run as a spreadsheet
// formula; the export itself is recorded in the audit trail by the service.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request, v *view) {
	if err := access.CheckGlobal(v.User, access.AuditRead); err != nil {
		s.renderError(w, r, v, err)
		return
	}
	q, probs := auditQueryOf(r.URL.Query())
	if len(probs) > 0 {
		s.renderError(w, r, v, register.Invalid(probs))
		return
	}
	entries, more, err := s.svc.AuditExport(r.Context(), v.actor, q)
	if err != nil {
		s.renderError(w, r, v, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="audittrail-`+time.Now().UTC().Format("20060102-150405")+`.csv"`)
	h.Set("X-Classification", string(register.Ongerubriceerd))
	if more {
		h.Set("X-Truncated", "true")
	}
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{exchange.MarkingPrefix + register.Ongerubriceerd.Label()})
	_ = cw.Write([]string{"volgnummer", "tijdstip", "actor", "actie", "object", "revisie", "resultaat", "herkomst", "toelichting", "vorige_hash", "hash"})
	for _, e := range entries {
		rec := []string{strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Object,
			strconv.Itoa(e.Revision), e.Result, e.Origin, e.Detail, e.PrevHash, e.Hash}
		for i := range rec {
			rec[i] = exchange.SafeCell(rec[i])
		}
		_ = cw.Write(rec)
	}
	if more {
		_ = cw.Write([]string{exchange.SafeCell("Afgebroken na " + strconv.Itoa(service.AuditExportMax) + " regels: exporteer de rest met na=" + strconv.FormatInt(entries[len(entries)-1].Seq, 10))})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.log.Error("audit export", "err", err)
	}
}
