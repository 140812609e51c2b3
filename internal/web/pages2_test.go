package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
)

// seedDesc creates a description named name in unit at level, puts it in state and, when asm is
// given, stores that assessment directly (so review dates may lie in the past).
func (s *site) seedDesc(name, unit string, level register.Level, state register.State, status, category string, asm *register.Assessment) *register.Description {
	s.t.Helper()
	ctx := context.Background()
	in := service.DescriptionInput{Unit: unit, Classification: level}
	in.Name, in.Status, in.PublicationCategory = name, status, category
	d, err := s.svc.CreateDescription(ctx, service.System("test"), in)
	if err != nil {
		s.t.Fatal(err)
	}
	if state != register.StateConcept {
		if err := s.svc.SeedState(ctx, service.System("test"), d.ID, state); err != nil {
			s.t.Fatal(err)
		}
	}
	if asm != nil {
		asm.DescriptionID, asm.Revision, asm.By, asm.At = d.ID, d.Revision, "test", time.Now()
		if err := s.store.Tx(ctx, func(tx register.Tx) error { return tx.SaveAssessment(ctx, *asm) }); err != nil {
			s.t.Fatal(err)
		}
	}
	return d
}

func (s *site) addUser(email string, role register.Role, units ...string) {
	s.t.Helper()
	u := service.UserInput{Email: email, Name: email, Role: role, Units: units, AllUnits: len(units) == 0, Clearance: register.StgGeheim, Password: testPassword}
	if _, err := s.svc.AddUser(context.Background(), service.System("test"), u); err != nil {
		s.t.Fatal(err)
	}
}

func day(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }

var (
	cellRE  = regexp.MustCompile(`<td><a href="([^"]+)">(\d+)</a></td>`)
	countRE = regexp.MustCompile(`class="results-count" role="status">[^<]*?(\d+) (?:beschrijving|beschrijvingen)<`)
)

// progressFixture is a small register over two units, with every kind of figure non-zero.
func progressFixture(s *site) {
	notPub := &register.Assessment{Decision: register.DecisionDoNotPublish, Grounds: []string{"5.1.1.b"}, Motivation: "staatsveiligheid", ReviewOn: day(-3)}
	s.seedDesc("Routeplanner konvooien", "KMAR", register.Ongerubriceerd, register.StateConcept, "In ontwikkeling", "", nil)
	s.seedDesc("Kentekenherkenning grens", "KMAR", register.StgConfidentieel, register.StatePublished, "In gebruik", "Hoog-risico AI-systeem",
		&register.Assessment{Decision: register.DecisionPublishFull})
	s.seedDesc("Risicoprofiel passagiers", "KMAR", register.DepVertrouwelijk, register.StateNotPublished, "In gebruik", "Hoog-risico AI-systeem", notPub)
	s.seedDesc("Oud rooster", "KMAR", register.Ongerubriceerd, register.StateArchived, "Buiten gebruik", "Overige algoritmes", nil)
	s.seedDesc("Onderhoudsvoorspelling F-35", "CLSK", register.Ongerubriceerd, register.StateSubmitted, "In gebruik", "Impactvolle algoritmes", nil)
	s.seedDesc("Brandstofplanning", "CLSK", register.Ongerubriceerd, register.StateApproved, "In gebruik", "Overige algoritmes",
		&register.Assessment{Decision: register.DecisionPublishPartial, ReviewOn: day(400)})
}

func TestProgressPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		progressFixture(s)
		admin, coord := s.login("admin@mindef.nl"), s.login("coord@mindef.nl")

		for _, tc := range []struct {
			who  string
			path string
			want int
		}{
			{"editor@mindef.nl", "/voortgang", http.StatusForbidden},
			{"low@mindef.nl", "/voortgang/lijst?measure=inventoried", http.StatusForbidden},
			{"admin@mindef.nl", "/voortgang?year=1999", http.StatusBadRequest},
			{"admin@mindef.nl", "/voortgang?year=" + strconv.Itoa(time.Now().Year()+1), http.StatusBadRequest},
			{"admin@mindef.nl", "/voortgang/lijst?measure=geheim", http.StatusBadRequest},
			{"admin@mindef.nl", "/voortgang/lijst?measure=inventoried&page=0", http.StatusBadRequest},
			{"admin@mindef.nl", "/voortgang?year=" + strconv.Itoa(time.Now().Year()-1), http.StatusOK},
		} {
			if p := s.login(tc.who).get(tc.path); p.status != tc.want {
				t.Errorf("%s %s: %d, want %d", tc.who, tc.path, p.status, tc.want)
			}
		}

		// Need-to-know: the coordinator of KMAR counts KMAR only; CLSK is no column of theirs.
		p := coord.get("/voortgang")
		if p.status != http.StatusOK {
			t.Fatalf("coordinator: %d\n%s", p.status, p.body)
		}
		if strings.Contains(p.body, ">CLSK<") || strings.Contains(p.body, "unit=CLSK") {
			t.Error("the coordinator's overview shows CLSK")
		}
		if !strings.Contains(p.body, "<caption>") {
			t.Error("the overview table has no caption")
		}
		if got := p.header.Get("X-Classification"); got != string(register.StgConfidentieel) {
			t.Errorf("marking %q, want the highest level counted", got)
		}
		// The inventoried total of the coordinator is KMAR's three non-archived descriptions.
		if !strings.Contains(p.body, `<a href="/voortgang/lijst?measure=inventoried&amp;year=`+strconv.Itoa(time.Now().Year())+`">3</a>`) {
			t.Errorf("coordinator's total inventoried is not 3")
		}

		// A few totals of the whole register, counted by hand from the fixture.
		year := strconv.Itoa(time.Now().Year())
		whole := admin.get("/voortgang").body
		for measure, want := range map[string]string{"inventoried": "5", "published": "1", "high_risk": "2", "high_risk_published": "1",
			"decided_full": "1", "decided_partial": "1", "decided_not": "1", "reviews_due": "1", "assessed": "3"} {
			cell := `<a href="/voortgang/lijst?measure=` + measure + `&amp;year=` + year + `">` + want + `</a>`
			if !strings.Contains(whole, cell) {
				t.Errorf("total %s is not %s", measure, want)
			}
		}
		if !strings.Contains(whole, `<a href="/beschrijvingen?state=archived">1</a>`) {
			t.Error("the archived total does not link to the archived list")
		}

		// Every number links to a list of exactly that many descriptions.
		for _, b := range []*browser{admin, coord} {
			page := b.get("/voortgang")
			cells := cellRE.FindAllStringSubmatch(page.body, -1)
			if len(cells) < 30 {
				t.Fatalf("only %d linked numbers on the overview", len(cells))
			}
			nonzero := 0
			for _, c := range cells {
				link, want := html.UnescapeString(c[1]), c[2]
				if want != "0" {
					nonzero++
				}
				lp := b.get(link)
				m := countRE.FindStringSubmatch(lp.body)
				if lp.status != http.StatusOK || m == nil {
					t.Errorf("%s: %d, no result count", link, lp.status)
					continue
				}
				if m[1] != want {
					t.Errorf("%s lists %s, the overview says %s", link, m[1], want)
				}
				if b == coord && strings.Contains(lp.body, "Onderhoudsvoorspelling") {
					t.Errorf("%s shows the coordinator a CLSK description", link)
				}
			}
			if nonzero < 15 {
				t.Errorf("only %d non-zero figures: the fixture does not exercise the overview", nonzero)
			}
		}
	})
}

func TestReviewsPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		asm := func(decision, review string) *register.Assessment {
			return &register.Assessment{Decision: decision, Grounds: []string{"5.1.1.b"}, Motivation: "m", ReviewOn: review}
		}
		// More decided descriptions than the dashboard used to look at, none due, all older
		// than the one that is due.
		for i := range 62 {
			s.seedDesc(fmt.Sprintf("Niet te herzien %02d", i), "KMAR", register.Ongerubriceerd, register.StateNotPublished, "", "", asm(register.DecisionDoNotPublish, day(300)))
		}
		s.seedDesc("Verlopen besluit", "KMAR", register.DepVertrouwelijk, register.StateNotPublished, "", "", asm(register.DecisionDoNotPublish, day(-10)))
		s.seedDesc("Binnenkort herzien", "KMAR", register.Ongerubriceerd, register.StatePublished, "", "", asm(register.DecisionPublishPartial, day(30)))
		s.seedDesc("Later herzien", "KMAR", register.Ongerubriceerd, register.StatePublished, "", "", asm(register.DecisionPublishPartial, day(90)))
		s.seedDesc("Gearchiveerd besluit", "KMAR", register.Ongerubriceerd, register.StateArchived, "", "", asm(register.DecisionDoNotPublish, day(-10)))
		s.seedDesc("Luchtmacht besluit", "CLSK", register.Ongerubriceerd, register.StateNotPublished, "", "", asm(register.DecisionDoNotPublish, day(-1)))

		for _, tc := range []struct {
			who        string
			want, miss []string
		}{
			{"coord@mindef.nl", []string{"Verlopen besluit", "Binnenkort herzien"}, []string{"Later herzien", "Gearchiveerd besluit", "Luchtmacht besluit", "Niet te herzien"}},
			{"admin@mindef.nl", []string{"Verlopen besluit", "Binnenkort herzien", "Luchtmacht besluit"}, []string{"Later herzien", "Gearchiveerd besluit", "Niet te herzien"}},
			{"low@mindef.nl", []string{"Binnenkort herzien"}, []string{"Verlopen besluit", "Luchtmacht besluit"}},
		} {
			b := s.login(tc.who)
			for _, path := range []string{"/herbeoordelingen", "/"} {
				p := b.get(path)
				if p.status != http.StatusOK {
					t.Fatalf("%s %s: %d", tc.who, path, p.status)
				}
				for _, w := range tc.want {
					if !strings.Contains(p.body, w) {
						t.Errorf("%s %s lacks %q", tc.who, path, w)
					}
				}
				for _, w := range tc.miss {
					if strings.Contains(p.body, w) {
						t.Errorf("%s %s shows %q", tc.who, path, w)
					}
				}
			}
		}
		p := s.login("admin@mindef.nl").get("/herbeoordelingen")
		for _, w := range []string{`id="rev-CLSK"`, `id="rev-KMAR"`, "<strong>3</strong>", "<strong>2</strong>"} {
			if !strings.Contains(p.body, w) {
				t.Errorf("reviews page lacks %q", w)
			}
		}
		if p.header.Get("X-Classification") != string(register.DepVertrouwelijk) {
			t.Errorf("reviews page marking %q", p.header.Get("X-Classification"))
		}
	})
}

func TestAuditTrailPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		s.addUser("auditor@mindef.nl", register.RoleAuditor)
		s.create("editor@mindef.nl", "KMAR", register.Ongerubriceerd)
		// Text a spreadsheet would run as a formula, put in the trail by an event.
		evil := service.Actor{User: &register.User{Email: "=HYPERLINK(\"https://evil.example\")"}, Origin: "test"}
		if err := s.svc.Audit(context.Background(), evil, "login.failure", "+cmd", "refused", "@SUM(1)"); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"editor@mindef.nl", "coord@mindef.nl"} {
			b := s.login(who)
			for _, path := range []string{"/audittrail", "/audittrail/export"} {
				if p := b.get(path); p.status != http.StatusForbidden {
					t.Errorf("%s %s: %d, want 403", who, path, p.status)
				}
			}
		}
		aud := s.login("auditor@mindef.nl")
		if p := aud.get("/audittrail?after=-1"); p.status != http.StatusBadRequest {
			t.Errorf("after=-1: %d, want 400", p.status)
		}
		p := aud.get("/audittrail?actor=EDITOR@mindef&action=description")
		if p.status != http.StatusOK || !strings.Contains(p.body, "description.create") {
			t.Fatalf("filtered page: %d", p.status)
		}
		if strings.Contains(p.body, "login.failure") || strings.Contains(p.body, "user.add") {
			t.Error("the filter lets other entries through")
		}
		// Paging: more than a page of entries, then after= goes on where the page ended.
		for i := range 105 {
			if err := s.svc.Audit(context.Background(), service.System("test"), "test.page", fmt.Sprintf("object:%03d", i), "ok", ""); err != nil {
				t.Fatal(err)
			}
		}
		p = aud.get("/audittrail?action=test.page")
		next := regexp.MustCompile(`href="(/audittrail\?[^"]*after=\d+[^"]*)" rel="next"`).FindStringSubmatch(p.body)
		if next == nil || !strings.Contains(p.body, "object:099") || strings.Contains(p.body, "object:100") {
			t.Fatalf("first page of 100 with a next link expected")
		}
		p2 := aud.get(html.UnescapeString(next[1]))
		if !strings.Contains(p2.body, "object:100") || !strings.Contains(p2.body, "object:104") || strings.Contains(p2.body, "object:099") {
			t.Error("the second page does not continue after the first")
		}

		// The export: CSV of the same filter, formulas defused, and itself audited.
		exp := aud.get("/audittrail/export?result=refused")
		if exp.status != http.StatusOK || !strings.HasPrefix(exp.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(exp.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("export: %d %s", exp.status, exp.header.Get("Content-Type"))
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(exp.body, "\ufeff")))
		cr.FieldsPerRecord = -1 // the marking line has one field
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) < 3 || !strings.HasPrefix(recs[0][0], "Rubricering van deze export") || recs[1][0] != "volgnummer" {
			t.Fatalf("export layout: %v", recs[:min(len(recs), 2)])
		}
		found := false
		for _, r := range recs[2:] {
			if r[6] != "refused" {
				t.Errorf("export lets through result %q", r[6])
			}
			if r[3] == "login.failure" {
				found = true
				if r[2] != `'=HYPERLINK("https://evil.example")` || r[4] != "'+cmd" || r[8] != "'@SUM(1)" {
					t.Errorf("formula cells not defused: %q", r)
				}
			}
		}
		if !found {
			t.Error("the export lacks the refused login")
		}
		entries, err := s.svc.AuditEntries(context.Background(), service.System("test"), service.AuditQuery{Action: "audit.export"})
		if err != nil || len(entries) != 1 || entries[0].Actor != "auditor@mindef.nl" || !strings.Contains(entries[0].Detail, `result="refused"`) {
			t.Errorf("the export is not audited: %v %v", entries, err)
		}
	})
}

func TestPreviewPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		s.addUser("approver@mindef.nl", register.RoleApprover)
		ctx := context.Background()
		if _, err := s.svc.ChangeTerms(ctx, service.System("test"), true, []string{"Project Nachtuil"}); err != nil {
			t.Fatal(err)
		}
		in := service.DescriptionInput{Unit: "KMAR", Classification: register.Ongerubriceerd}
		in.Name, in.DescriptionShort, in.Status, in.PublicationCategory = "Grensbewaking", "Ondersteunt Project Nachtuil bij de grens.", "In gebruik", "Overige algoritmes"
		in.Organization, in.ContactEmail, in.Lang = "Ministerie van Defensie", "https://www.defensie.nl/contact", "nld"
		in.MethodsAndModels = "Een geheim model."
		d, err := s.svc.CreateDescription(ctx, service.System("test"), in)
		if err != nil {
			t.Fatal(err)
		}
		bare := s.create("editor@mindef.nl", "KMAR", register.Ongerubriceerd)
		path := "/beschrijvingen/" + d.ID + "/voorvertoning"

		approver := s.login("approver@mindef.nl")
		if p := approver.get(path); p.status != http.StatusConflict {
			t.Errorf("preview before an assessment: %d, want 409", p.status)
		}
		if strings.Contains(approver.get("/beschrijvingen/"+d.ID).body, "/voorvertoning") {
			t.Error("the description page links to a preview that cannot be built yet")
		}
		err = s.store.Tx(ctx, func(tx register.Tx) error {
			return tx.SaveAssessment(ctx, register.Assessment{DescriptionID: d.ID, Revision: d.Revision, Decision: register.DecisionPublishPartial,
				Grounds: []string{"5.1.2.h"}, Motivation: "deels", ReviewOn: day(300), By: "test", At: time.Now(),
				Fields: map[string]register.FieldDecision{"methods_and_models": {Action: register.FieldRedact, Ground: "5.1.2.h", Motivation: "werkwijze"}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.svc.SeedState(ctx, service.System("test"), d.ID, register.StateAssessed); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			who, path string
			want      int
		}{
			{"editor@mindef.nl", path, http.StatusForbidden}, // may see the description, not the preview
			{"other@mindef.nl", path, http.StatusNotFound},   // another unit: the description does not exist for them
			{"approver@mindef.nl", "/beschrijvingen/aaaaaaaaaaaaaaaa/voorvertoning", http.StatusNotFound},
			{"approver@mindef.nl", "/beschrijvingen/" + bare.ID + "/voorvertoning", http.StatusConflict},
		} {
			if p := s.login(tc.who).get(tc.path); p.status != tc.want {
				t.Errorf("%s %s: %d, want %d", tc.who, tc.path, p.status, tc.want)
			}
		}
		p := approver.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("preview: %d\n%s", p.status, p.body)
		}
		for _, w := range []string{
			`class="error-summary" role="alert"`, "Gevoelige term", "Project Nachtuil", // the finding, on top
			"Een geheim model.", "Weggelakt", // internal text beside the redaction
			"<caption", `<th scope="row">`,
		} {
			if !strings.Contains(p.body, w) {
				t.Errorf("preview lacks %q", w)
			}
		}
		if strings.Index(p.body, "Gevoelige term") > strings.Index(p.body, "Een geheim model.") {
			t.Error("the scan findings are not on top")
		}
		// The description page links to the preview from the decision.
		desc := approver.get("/beschrijvingen/" + d.ID)
		if !strings.Contains(desc.body, `value="approve"`) || strings.Count(desc.body, `href="`+path+`"`) != 2 {
			t.Errorf("the description page does not link the preview beside the decision")
		}
		if strings.Contains(s.login("editor@mindef.nl").get("/beschrijvingen/"+d.ID).body, "/voorvertoning") {
			t.Error("an editor is offered the preview")
		}
	})
}

func TestTermsPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		admin := s.login("admin@mindef.nl")
		if p := s.login("coord@mindef.nl").get("/gevoelige-termen"); p.status != http.StatusForbidden {
			t.Errorf("coordinator: %d, want 403", p.status)
		}
		// Without the CSRF token nothing changes.
		p := admin.do(http.MethodPost, "/gevoelige-termen", url.Values{"op": {"add"}, "terms": {"Operatie Zeearend"}})
		if p.status != http.StatusForbidden {
			t.Errorf("add without CSRF token: %d, want 403", p.status)
		}
		if p := admin.post("/gevoelige-termen", "/gevoelige-termen", url.Values{"op": {"add"}, "terms": {"Operatie Zeearend\r\n\r\nKamp Delta\n"}}); p.status != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", p.status, p.body)
		}
		p = admin.get("/gevoelige-termen?ok=termsAdded")
		for _, w := range []string{"Operatie Zeearend", "Kamp Delta", "De termen zijn toegevoegd.", "nooit gelogd"} {
			if !strings.Contains(p.body, w) {
				t.Errorf("terms page lacks %q", w)
			}
		}
		p = admin.post("/gevoelige-termen", "/gevoelige-termen", url.Values{"op": {"add"}, "terms": {"Geldige term\nab"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "Term „ab”: moet minstens 3 tekens lang zijn") || !strings.Contains(p.body, "Geldige term\nab</textarea>") {
			t.Errorf("too short a term: %d", p.status)
		}
		if p := admin.post("/gevoelige-termen", "/gevoelige-termen", url.Values{"op": {"add"}, "terms": {"  \n "}}); p.status != http.StatusBadRequest {
			t.Errorf("no terms: %d, want 400", p.status)
		}
		if p := admin.post("/gevoelige-termen", "/gevoelige-termen", url.Values{"op": {"remove"}, "term": {"kamp delta"}}); p.status != http.StatusSeeOther {
			t.Fatalf("remove: %d", p.status)
		}
		terms, err := s.svc.Terms(context.Background(), service.System("test"))
		if err != nil || len(terms) != 1 || terms[0] != "Operatie Zeearend" {
			t.Errorf("terms after add and remove: %v %v", terms, err)
		}
		// The audit trail says that terms changed, never which.
		all, err := s.svc.AuditEntries(context.Background(), service.System("test"), service.AuditQuery{Action: "terms", Limit: 1000})
		if err != nil || len(all) != 2 {
			t.Fatalf("terms audit entries: %d %v", len(all), err)
		}
		for _, e := range all {
			if strings.Contains(strings.ToLower(e.Detail+e.Object), "zeearend") || strings.Contains(strings.ToLower(e.Detail+e.Object), "delta") {
				t.Errorf("a term is in the audit trail: %+v", e)
			}
		}
	})
}
