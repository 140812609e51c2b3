package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/auth"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/testdb"
	"github.com/defensie/algoreg/internal/web"
)

const testPassword = "een-lang-testwachtwoord-2026"

// site is the internal application on a fresh database with a few users who have passwords.
type site struct {
	t     *testing.T
	srv   *httptest.Server
	svc   *service.Service
	store register.Store
}

func newSite(t *testing.T, dbURL string) *site {
	t.Helper()
	st := testdb.Open(t, dbURL)
	svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
	srv := httptest.NewServer(web.New(svc, nil, web.Options{}).Handler())
	t.Cleanup(srv.Close)
	ctx := context.Background()
	for _, u := range []service.UserInput{
		{Email: "editor@mindef.nl", Name: "Eva Editor", Role: register.RoleEditor, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel},
		{Email: "editor2@mindef.nl", Name: "Eddy Editor", Role: register.RoleEditor, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel},
		{Email: "other@mindef.nl", Name: "Otto Ander", Role: register.RoleEditor, Units: []string{"CLSK"}, Clearance: register.StgGeheim},
		{Email: "low@mindef.nl", Name: "Lotte Laag", Role: register.RoleViewer, Units: []string{"KMAR"}, Clearance: register.Ongerubriceerd},
		{Email: "coord@mindef.nl", Name: "Coen Coördinator", Role: register.RoleCoordinator, Units: []string{"KMAR"}, Clearance: register.StgConfidentieel},
		{Email: "admin@mindef.nl", Name: "Anna Admin", Role: register.RoleAdmin, Clearance: register.StgGeheim},
	} {
		u.Password = testPassword
		if _, err := svc.AddUser(ctx, service.System("test"), u); err != nil {
			t.Fatal(err)
		}
	}
	return &site{t: t, srv: srv, svc: svc, store: st}
}

// browser is one user's cookie jar on the site; it does not follow redirects.
type browser struct {
	s      *site
	c      *http.Client
	cookie string // the session cookie value, after login
}

func (s *site) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{s: s, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (b *browser) do(method, path string, form url.Values, hdr ...string) page {
	b.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.srv.URL+path, body)
	if err != nil {
		b.s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.s.srv.URL)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(raw), header: res.Header}
}

func (b *browser) get(path string) page { return b.do(http.MethodGet, path, nil) }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// post sends a form with the CSRF token taken from the page at from.
func (b *browser) post(from, path string, form url.Values) page {
	b.s.t.Helper()
	p := b.get(from)
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		b.s.t.Fatalf("no CSRF token on %s (%d)", from, p.status)
	}
	form.Set("csrf", m[1])
	return b.do(http.MethodPost, path, form)
}

func (s *site) login(email string) *browser {
	s.t.Helper()
	b := s.browser()
	p := b.do(http.MethodPost, "/inloggen", url.Values{"email": {email}, "password": {testPassword}, "next": {"/"}})
	if p.status != http.StatusSeeOther || p.location != "/" {
		s.t.Fatalf("login %s: %d %s\n%s", email, p.status, p.location, p.body)
	}
	u, _ := url.Parse(s.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == auth.SessionCookie {
			b.cookie = c.Value
		}
	}
	return b
}

func (s *site) create(who, unit string, level register.Level) *register.Description {
	s.t.Helper()
	u, err := s.svc.UserByEmail(context.Background(), who)
	if err != nil {
		s.t.Fatal(err)
	}
	in := service.DescriptionInput{Unit: unit, Classification: level}
	in.Name = "Kentekenherkenning " + unit
	d, err := s.svc.CreateDescription(context.Background(), service.Actor{User: u, Origin: "test"}, in)
	if err != nil {
		s.t.Fatal(err)
	}
	return d
}

func TestLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		anon := s.browser()
		if p := anon.get("/beschrijvingen"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/inloggen?next=%2Fbeschrijvingen") {
			t.Errorf("anonymous page: %d %s, want a redirect to the login page", p.status, p.location)
		}
		// Every refusal says the same, whatever the reason.
		for _, tc := range []struct{ name, email, pw string }{
			{"wrong password", "editor@mindef.nl", "fout-wachtwoord-123456"},
			{"unknown user", "niemand@mindef.nl", testPassword},
		} {
			p := anon.do(http.MethodPost, "/inloggen", url.Values{"email": {tc.email}, "password": {tc.pw}})
			if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Inloggen is niet gelukt") {
				t.Errorf("%s: %d, want 401 with the uniform refusal", tc.name, p.status)
			}
			if strings.Contains(p.body, tc.pw) {
				t.Errorf("%s: the password is echoed back", tc.name)
			}
		}
		// A login form posted from another site is refused (login CSRF).
		p := anon.do(http.MethodPost, "/inloggen", url.Values{"email": {"editor@mindef.nl"}, "password": {testPassword}}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if p.status != http.StatusForbidden {
			t.Errorf("cross-site login: %d, want 403", p.status)
		}
		b := s.login("editor@mindef.nl")
		if p := b.get("/"); p.status != http.StatusOK || !strings.Contains(p.body, "Eva Editor") {
			t.Errorf("dashboard after login: %d", p.status)
		}
		// Logout ends the session on the server: the old cookie no longer works.
		if p := b.post("/", "/uitloggen", url.Values{}); p.status != http.StatusSeeOther {
			t.Errorf("logout: %d", p.status)
		}
		replay := s.browser()
		p = replay.do(http.MethodGet, "/", nil, "Cookie", auth.SessionCookie+"="+b.cookie)
		if p.status != http.StatusSeeOther {
			t.Errorf("old session after logout: %d, want a redirect to login", p.status)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		b := s.login("editor@mindef.nl")
		// Pretend the user has been away longer than the idle timeout.
		err := s.store.Tx(context.Background(), func(tx register.Tx) error {
			return tx.TouchSession(context.Background(), auth.HashSecret(b.cookie), time.Now().Add(-auth.IdleTimeout-time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		if p := b.get("/beschrijvingen"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/inloggen") {
			t.Errorf("idle session: %d %s, want a redirect to login", p.status, p.location)
		}
		// The API answers a stale session with 401, not with a redirect.
		if p := b.do(http.MethodGet, "/api/v1/algorithms", nil, "Cookie", auth.SessionCookie+"="+b.cookie); p.status != http.StatusUnauthorized {
			t.Errorf("API with expired session: %d, want 401", p.status)
		}
	})
}

func TestCSRF(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		b := s.login("editor@mindef.nl")
		form := url.Values{"name": {"Zonder token"}, "unit": {"KMAR"}, "classification": {"ongerubriceerd"}}
		for _, tc := range []struct {
			name string
			hdr  []string
			tok  string
		}{
			{"no token", nil, ""},
			{"wrong token", nil, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
			{"cross-site", []string{"Sec-Fetch-Site", "cross-site"}, "from-page"},
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if tc.tok == "from-page" {
				tc.tok = csrfRE.FindStringSubmatch(b.get("/beschrijvingen/nieuw").body)[1]
			}
			if tc.tok != "" {
				f.Set("csrf", tc.tok)
			}
			p := b.do(http.MethodPost, "/beschrijvingen/nieuw", f, tc.hdr...)
			if p.status != http.StatusForbidden || !strings.Contains(p.body, "Het formulier is verlopen") {
				t.Errorf("%s: %d, want 403 with the CSRF message", tc.name, p.status)
			}
		}
		if p := b.post("/beschrijvingen/nieuw", "/beschrijvingen/nieuw", form); p.status != http.StatusSeeOther {
			t.Errorf("with token: %d, want 303\n%s", p.status, p.body)
		}
		// The JSON API with the browser session: a write needs the token in X-CSRF-Token.
		tok := csrfRE.FindStringSubmatch(b.get("/").body)[1]
		body := `{"name":"Via de API","unit":"KMAR","classification":"ongerubriceerd"}`
		for _, tc := range []struct {
			hdr  []string
			want int
		}{
			{[]string{"Content-Type", "application/json"}, http.StatusForbidden},
			{[]string{"Content-Type", "application/json", "X-CSRF-Token", tok}, http.StatusCreated},
		} {
			req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/api/v1/algorithms", strings.NewReader(body))
			for i := 0; i+1 < len(tc.hdr); i += 2 {
				req.Header.Set(tc.hdr[i], tc.hdr[i+1])
			}
			res, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Errorf("API write with session, headers %v: %d, want %d", tc.hdr, res.StatusCode, tc.want)
			}
		}
	})
}

func TestHiddenRecordsAre404(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		kmar := s.create("editor@mindef.nl", "KMAR", register.Ongerubriceerd)
		secret := s.create("editor@mindef.nl", "KMAR", register.StgConfidentieel)
		missing := "aaaaaaaaaaaaaaaa"
		for _, tc := range []struct {
			who string
			id  string
		}{
			{"other@mindef.nl", kmar.ID}, // another unit
			{"low@mindef.nl", secret.ID}, // clearance too low
			{"editor@mindef.nl", missing},
		} {
			b := s.login(tc.who)
			var want string
			for _, suffix := range []string{"", "/bewerken", "/geschiedenis", "/classificatie", "/beoordeling"} {
				p := b.get("/beschrijvingen/" + tc.id + suffix)
				if p.status != http.StatusNotFound {
					t.Errorf("%s %s%s: %d, want 404", tc.who, tc.id, suffix, p.status)
				}
				if strings.Contains(p.body, "Kentekenherkenning") {
					t.Errorf("%s: the 404 page names the hidden record", tc.who)
				}
				if want == "" {
					want = p.body
				}
			}
			if lst := b.get("/beschrijvingen?q=Kentekenherkenning"); strings.Contains(lst.body, tc.id) {
				t.Errorf("%s: hidden record %s appears in the list", tc.who, tc.id)
			}
		}
		// The page of a visible record is marked with its level, top and bottom.
		p := s.login("editor@mindef.nl").get("/beschrijvingen/" + secret.ID)
		if n := strings.Count(p.body, ">STG. CONFIDENTIEEL</p>"); n != 2 || p.header.Get("X-Classification") != "stg-confidentieel" {
			t.Errorf("marking: %d banners, header %q", n, p.header.Get("X-Classification"))
		}
	})
}

func TestFormErrorsKeepInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		b := s.login("editor@mindef.nl")
		form := url.Values{
			"name": {"Planning <b>onderhoud</b>"}, "unit": {"KMAR"}, "classification": {"ongerubriceerd"},
			"begin_date": {"maart 2024"}, "description_short": {strings.Repeat("a", 401)},
			"lawful_basis_grouping.rows": {"2"}, "lawful_basis_grouping.0.title": {"Wet X"}, "lawful_basis_grouping.0.link": {"geen-url"},
			"owners.rows": {"1"}, "owners.0.name": {"Piet"},
		}
		p := b.post("/beschrijvingen/nieuw", "/beschrijvingen/nieuw", form)
		if p.status != http.StatusBadRequest {
			t.Fatalf("invalid form: %d, want 400", p.status)
		}
		for _, want := range []string{
			"geen geldige maand",                           // begin_date, next to the field
			"het maximum is 400 tekens",                    // description_short
			"verwijzing 1: ‘geen-url’ is geen geldige URL", // lawful_basis_grouping
			`value="maart 2024"`,                           // the input is kept
			`value="Wet X"`, `value="Piet"`,
			`id="f-begin_date-error"`, `aria-invalid="true"`,
		} {
			if !strings.Contains(p.body, want) {
				t.Errorf("form with errors lacks %q", want)
			}
		}
		// "More rows" re-renders without saving and without losing input.
		form.Set("more", "lawful_basis_grouping")
		p = b.post("/beschrijvingen/nieuw", "/beschrijvingen/nieuw", form)
		if n := strings.Count(p.body, `.title" value=`); p.status != http.StatusOK || n != 2+5+2 {
			t.Errorf("more rows: %d, %d title inputs, want 9 (2 empty source rows, 5 lawful basis rows, 2 impact rows)", p.status, n)
		}
		if !strings.Contains(p.body, `value="maart 2024"`) {
			t.Error("more rows lost the input")
		}
	})
}

func TestEditConflict(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		d := s.create("editor@mindef.nl", "KMAR", register.Ongerubriceerd)
		eva, eddy := s.login("editor@mindef.nl"), s.login("editor2@mindef.nl")
		edit := "/beschrijvingen/" + d.ID + "/bewerken"
		base := url.Values{"unit": {"KMAR"}, "classification": {"ongerubriceerd"}, "revision": {"1"}}
		evaForm, eddyForm := url.Values{}, url.Values{}
		for k, v := range base {
			evaForm[k], eddyForm[k] = v, v
		}
		evaForm.Set("name", "Versie van Eva")
		eddyForm.Set("name", "Versie van Eddy")
		if p := eva.post(edit, edit, evaForm); p.status != http.StatusSeeOther {
			t.Fatalf("first save: %d\n%s", p.status, p.body)
		}
		p := eddy.post(edit, edit, eddyForm)
		if p.status != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", p.status)
		}
		for _, want := range []string{"Versie van Eva", `value="Versie van Eddy"`, `name="revision" value="2"`, "editor@mindef.nl heeft de beschrijving intussen gewijzigd"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		cur, _ := s.svc.GetDescription(context.Background(), service.System("test"), d.ID)
		if cur.Name != "Versie van Eva" {
			t.Errorf("the stale save overwrote the current version: %q", cur.Name)
		}
		// Reapplying on top of the current revision works.
		eddyForm.Set("revision", "2")
		if p := eddy.post(edit, edit, eddyForm); p.status != http.StatusSeeOther {
			t.Errorf("reapply: %d", p.status)
		}
	})
}

func TestWorkflowAndHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		d := s.create("editor@mindef.nl", "KMAR", register.Ongerubriceerd)
		eva := s.login("editor@mindef.nl")
		view := "/beschrijvingen/" + d.ID
		// Submitting an incomplete description names the missing fields.
		p := eva.post(view, view+"/stap", url.Values{"action": {"submit"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "is verplicht bij indienen") {
			t.Fatalf("incomplete submit: %d", p.status)
		}
		form := url.Values{"name": {"Kentekenherkenning KMAR"}, "unit": {"KMAR"}, "classification": {"ongerubriceerd"}, "revision": {"1"},
			"description_short": {"Herkent kentekens aan de grens."}, "organization": {"Ministerie van Defensie"},
			"status": {"In gebruik"}, "contact_email": {"https://www.defensie.nl/contact"}, "publication_category": {"Overige algoritmes"}, "lang": {"nld"}}
		if p := eva.post(view+"/bewerken", view+"/bewerken", form); p.status != http.StatusSeeOther {
			t.Fatalf("save: %d\n%s", p.status, p.body)
		}
		if p := eva.post(view, view+"/stap", url.Values{"action": {"submit"}}); p.status != http.StatusSeeOther {
			t.Fatalf("submit: %d", p.status)
		}
		coord := s.login("coord@mindef.nl")
		if p := coord.post(view, view+"/stap", url.Values{"action": {"return"}}); p.status != http.StatusBadRequest {
			t.Errorf("return without a comment: %d, want 400", p.status)
		}
		if p := coord.post(view, view+"/stap", url.Values{"action": {"return"}, "comment": {"Noem de wettelijke grondslag."}}); p.status != http.StatusSeeOther {
			t.Fatalf("return: %d", p.status)
		}
		p = eva.get(view)
		if !strings.Contains(p.body, "Teruggestuurd") || !strings.Contains(p.body, "Noem de wettelijke grondslag.") {
			t.Error("the returned description does not show why")
		}
		// Eva may not return: the button is not there.
		if strings.Contains(p.body, `value="return"`) {
			t.Error("an editor is offered the return step")
		}
		p = eva.get(view + "/geschiedenis?a=1&b=2")
		if !strings.Contains(p.body, "<ins>Herkent kentekens aan de grens.</ins>") {
			t.Errorf("history lacks the word difference\n%s", p.body)
		}
	})
}

func TestRoundsAndUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dbURL string) {
		s := newSite(t, dbURL)
		admin, coord := s.login("admin@mindef.nl"), s.login("coord@mindef.nl")
		if p := coord.post("/inventarisatie", "/inventarisatie", url.Values{"year": {"2026"}}); p.status != http.StatusForbidden {
			t.Errorf("coordinator opens a round: %d, want 403", p.status)
		}
		if p := admin.post("/inventarisatie", "/inventarisatie", url.Values{"year": {"2026"}}); p.status != http.StatusSeeOther {
			t.Fatalf("open round: %d", p.status)
		}
		if p := coord.post("/inventarisatie/2026", "/inventarisatie/2026", url.Values{"unit": {"KMAR"}, "complete": {"false"}}); p.status != http.StatusBadRequest {
			t.Errorf("incomplete without saying what is missing: %d, want 400", p.status)
		}
		if p := coord.post("/inventarisatie/2026", "/inventarisatie/2026", url.Values{"unit": {"CLSK"}, "complete": {"true"}}); p.status != http.StatusForbidden {
			t.Errorf("confirming another unit: %d, want 403", p.status)
		}
		if p := coord.post("/inventarisatie/2026", "/inventarisatie/2026", url.Values{"unit": {"KMAR"}, "complete": {"true"}}); p.status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", p.status)
		}
		p := admin.get("/inventarisatie/2026")
		if !strings.Contains(p.body, "coord@mindef.nl") || !strings.Contains(p.body, "1 / 8") {
			t.Errorf("admin does not see the unit's progress")
		}
		if p := coord.get("/gebruikers"); p.status != http.StatusForbidden {
			t.Errorf("coordinator on the users page: %d, want 403", p.status)
		}
		if p := admin.post("/gebruikers", "/gebruikers/status", url.Values{"email": {"editor@mindef.nl"}, "disabled": {"true"}}); p.status != http.StatusSeeOther {
			t.Fatalf("disable: %d", p.status)
		}
		if p := s.browser().do(http.MethodPost, "/inloggen", url.Values{"email": {"editor@mindef.nl"}, "password": {testPassword}}); p.status != http.StatusUnauthorized {
			t.Errorf("disabled user logs in: %d", p.status)
		}
		// change a user's role, units and clearance through the edit page
		edit := "/gebruikers/wijzigen?email=coord@mindef.nl"
		if p := admin.get(edit); p.status != http.StatusOK || !strings.Contains(p.body, `value="KMAR" checked`) {
			t.Fatalf("edit page: %d", p.status)
		}
		if p := coord.get(edit); p.status != http.StatusForbidden {
			t.Errorf("coordinator on the edit page: %d, want 403", p.status)
		}
		if p := admin.get("/gebruikers/wijzigen?email=niemand@mindef.nl"); p.status != http.StatusNotFound {
			t.Errorf("edit page of an unknown user: %d, want 404", p.status)
		}
		p = admin.post(edit, "/gebruikers/wijzigen", url.Values{"email": {"coord@mindef.nl"}, "name": {""}, "role": {"coordinator"}, "units": {"KMAR"}, "clearance": {"geheimpje"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "is verplicht") || !strings.Contains(p.body, "onbekend niveau") || !strings.Contains(p.body, `value="KMAR" checked`) {
			t.Errorf("invalid change: %d", p.status)
		}
		if p := admin.post(edit, "/gebruikers/wijzigen", url.Values{"email": {"coord@mindef.nl"}, "name": {"Coördinator"}, "role": {"coordinator"}, "units": {"KMAR", "CLSK"}, "clearance": {"stg-confidentieel"}}); p.status != http.StatusSeeOther {
			t.Fatalf("change: %d", p.status)
		}
		if p := admin.get("/gebruikers"); !strings.Contains(p.body, "KMAR, CLSK") || !strings.Contains(p.body, "Coördinator") {
			t.Errorf("the users page does not show the change")
		}
		if p := coord.post("/inventarisatie/2026", "/inventarisatie/2026", url.Values{"unit": {"CLSK"}, "complete": {"true"}}); p.status != http.StatusSeeOther {
			t.Errorf("the running session of the changed user does not have the new unit: %d", p.status)
		}
		p = admin.post("/gebruikers", "/gebruikers", url.Values{"email": {"geen-adres"}, "name": {""}, "role": {"editor"}, "clearance": {"ongerubriceerd"}})
		if p.status != http.StatusBadRequest || !strings.Contains(p.body, "is geen geldig e-mailadres") || !strings.Contains(p.body, "value=\"geen-adres\"") {
			t.Errorf("invalid new user: %d", p.status)
		}
	})
}

func TestImportPage(t *testing.T) {
	s := newSite(t, testdb.SQLite(t))
	admin := s.login("admin@mindef.nl")
	tok := csrfRE.FindStringSubmatch(admin.get("/importeren").body)[1]
	body := &strings.Builder{}
	mw := newMultipart(body, map[string]string{"csrf": tok, "unit": "KMAR"},
		"file", "register.json", `[{"name":"Geïmporteerd algoritme","status":"In gebruik"},{"name":"Fout","begin_date":"gisteren"}]`)
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/importeren", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw)
	req.Header.Set("Origin", s.srv.URL)
	res, err := admin.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(raw), "geïmporteerd 1, geweigerd 1") || !strings.Contains(string(raw), "register.json:1") {
		t.Errorf("import: %d\n%s", res.StatusCode, raw)
	}
}

func TestLanguageSwitch(t *testing.T) {
	s := newSite(t, testdb.SQLite(t))
	b := s.login("editor@mindef.nl")
	if p := b.get("/"); !strings.Contains(p.body, `<html lang="nl">`) || !strings.Contains(p.body, "Overzicht") {
		t.Error("Dutch is not the default")
	}
	if p := b.get("/taal?lang=en&next=/beschrijvingen"); p.status != http.StatusSeeOther || p.location != "/beschrijvingen" {
		t.Errorf("switch: %d %s", p.status, p.location)
	}
	if p := b.get("/"); !strings.Contains(p.body, `<html lang="en">`) || !strings.Contains(p.body, "Overview") {
		t.Error("English was not chosen")
	}
	if p := b.get("/taal?lang=en&next=https://evil.example/"); p.location != "/" {
		t.Errorf("open redirect: %s", p.location)
	}
}
