package auth

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// fakeIdP is an in-process OpenID provider: discovery, JWKS, and a token endpoint that checks
// the PKCE verifier and returns an RS256-signed ID token built by the test.
type fakeIdP struct {
	srv *httptest.Server
	key *rsa.PrivateKey

	mu        sync.Mutex
	challenge string                     // code_challenge of the last authorize request
	nonce     string                     // nonce of the last authorize request
	claims    func(map[string]any)       // edits the default claims
	signer    *rsa.PrivateKey            // key that signs (default: key)
	tokenErr  bool                       // token endpoint refuses
	gotForm   url.Values                 // last token request
	idToken   func(claims []byte) string // overrides signing entirely
}

var (
	idpKeyOnce sync.Once
	idpKey     *rsa.PrivateKey
	otherKey   *rsa.PrivateKey
)

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	idpKeyOnce.Do(func() {
		idpKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		otherKey, _ = rsa.GenerateKey(rand.Reader, 2048)
	})
	p := &fakeIdP{key: idpKey}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer":                                p.srv.URL,
			"authorization_endpoint":                p.srv.URL + "/authorize",
			"token_endpoint":                        p.srv.URL + "/token",
			"jwks_uri":                              p.srv.URL + "/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported":      []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding.EncodeToString
		json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
			"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
			"n": b64(p.key.N.Bytes()), "e": b64(big.NewInt(int64(p.key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *fakeIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gotForm = r.PostForm
	id, secret, _ := r.BasicAuth()
	if id == "" {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case p.tokenErr,
		r.PostForm.Get("grant_type") != "authorization_code",
		r.PostForm.Get("code") != "good-code",
		id != "algoreg" || secret != "s3cret",
		base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.srv.URL, "aud": "algoreg", "sub": "sub-123",
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "nonce": p.nonce,
		"email": "Anna.de.Vries@mindef.nl", "email_verified": true, "name": "Anna de Vries",
		"roles":     []any{"algoreg-editors", "other-app-admins"},
		"units":     []any{"CLAS", "dmo"},
		"clearance": "stg-confidentieel",
	}
	if p.claims != nil {
		p.claims(claims)
	}
	body, _ := json.Marshal(claims)
	var tok string
	if p.idToken != nil {
		tok = p.idToken(body)
	} else {
		signer := p.key
		if p.signer != nil {
			signer = p.signer
		}
		tok = signJWT(signer, body)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": tok})
}

// signJWT is the minimal RS256 JWS compact serialisation.
func signJWT(key *rsa.PrivateKey, claims []byte) string {
	b64 := base64.RawURLEncoding.EncodeToString
	signing := b64([]byte(`{"alg":"RS256","kid":"k1","typ":"JWT"}`)) + "." + b64(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	return signing + "." + b64(sig)
}

func testOIDCConfig(issuer string) *OIDCConfig {
	return &OIDCConfig{
		Issuer: issuer, ClientID: "algoreg", ClientSecret: "s3cret",
		RedirectURL: "https://algoreg.mindef.nl/login/oidc/callback",
		RoleClaim:   "roles", UnitsClaim: "units", ClearanceClaim: "clearance",
		RoleMap:   map[string]register.Role{"algoreg-editors": register.RoleEditor, "algoreg-approvers": register.RoleApprover, "algoreg-auditors": register.RoleAuditor},
		CookieKey: []byte("0123456789abcdef0123456789abcdef"),
	}
}

// beginLogin runs Begin and plays the provider's authorize step: it records challenge and
// nonce at the IdP and returns the callback request the browser would make.
func beginLogin(t *testing.T, o *OIDC, p *fakeIdP, next string) (*http.Request, url.Values) {
	t.Helper()
	w := httptest.NewRecorder()
	o.Begin(w, httptest.NewRequest(http.MethodGet, "https://algoreg.mindef.nl/login/oidc?next="+url.QueryEscape(next), nil))
	res := w.Result()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("Begin status %d", res.StatusCode)
	}
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), p.srv.URL+"/authorize?") {
		t.Fatalf("Begin redirects to %s", loc)
	}
	q := loc.Query()
	p.mu.Lock()
	p.challenge, p.nonce = q.Get("code_challenge"), q.Get("nonce")
	p.mu.Unlock()
	cb := httptest.NewRequest(http.MethodGet, "https://algoreg.mindef.nl/login/oidc/callback?"+url.Values{"code": {"good-code"}, "state": {q.Get("state")}}.Encode(), nil)
	for _, c := range res.Cookies() {
		cb.AddCookie(c)
	}
	return cb, q
}

func newTestOIDC(t *testing.T, p *fakeIdP) *OIDC {
	t.Helper()
	o, err := NewOIDC(context.Background(), testOIDCConfig(p.srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOIDCLogin(t *testing.T) {
	p := newFakeIdP(t)
	o := newTestOIDC(t, p)
	cb, q := beginLogin(t, o, p, "/algorithms/42?tab=werking")

	// The authorize request carries everything the flow needs.
	for k, want := range map[string]string{"response_type": "code", "client_id": "algoreg", "code_challenge_method": "S256",
		"redirect_uri": "https://algoreg.mindef.nl/login/oidc/callback"} {
		if q.Get(k) != want {
			t.Errorf("authorize %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if !slices.Contains(strings.Fields(q.Get("scope")), "openid") || q.Get("state") == "" || q.Get("nonce") == "" || q.Get("code_challenge") == "" {
		t.Errorf("authorize query %v", q)
	}
	c := cb.Cookies()[0]
	if c.Name != "__Host-algoreg_oidc" || strings.Contains(c.Value, q.Get("nonce")) {
		t.Errorf("login cookie %s = %s (must be signed, not plain)", c.Name, c.Value)
	}

	w := httptest.NewRecorder()
	id, err := o.Finish(context.Background(), w, cb)
	if err != nil {
		t.Fatal(err)
	}
	want := Identity{Subject: "sub-123", Email: "anna.de.vries@mindef.nl", Name: "Anna de Vries", Role: register.RoleEditor,
		Units: []string{"CLAS", "DMO"}, Clearance: register.StgConfidentieel, ReturnTo: "/algorithms/42?tab=werking"}
	if got := *id; got.Subject != want.Subject || got.Email != want.Email || got.Name != want.Name || got.Role != want.Role ||
		!slices.Equal(got.Units, want.Units) || got.Clearance != want.Clearance || got.ReturnTo != want.ReturnTo || got.AllUnits {
		t.Errorf("identity = %+v, want %+v", got, want)
	}
	if p.gotForm.Get("code_verifier") == "" {
		t.Error("no PKCE verifier sent")
	}
	// The login cookie is cleared after use.
	if cs := w.Result().Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("cookie not cleared: %+v", cs)
	}
}

func TestOIDCRefusals(t *testing.T) {
	p := newFakeIdP(t)
	tests := []struct {
		name   string
		setup  func(o *OIDC, p *fakeIdP) // before Begin
		tamper func(cb *http.Request) *http.Request
		reason string // in err.Error()
	}{
		{name: "tampered state", tamper: func(cb *http.Request) *http.Request {
			return withQuery(cb, "state", "forged-state")
		}, reason: "state mismatch"},
		{name: "missing state", tamper: func(cb *http.Request) *http.Request { return withQuery(cb, "state", "") }, reason: "state mismatch"},
		{name: "no cookie", tamper: func(cb *http.Request) *http.Request {
			r := cb.Clone(context.Background())
			r.Header.Del("Cookie")
			return r
		}, reason: "no login cookie"},
		{name: "tampered cookie payload", tamper: func(cb *http.Request) *http.Request {
			return withCookie(cb, func(v string) string {
				payload, sig, _ := strings.Cut(v, ".")
				raw, _ := base64.RawURLEncoding.DecodeString(payload)
				var st loginState
				json.Unmarshal(raw, &st)
				st.State = "attacker"
				raw, _ = json.Marshal(st)
				return base64.RawURLEncoding.EncodeToString(raw) + "." + sig
			})
		}, reason: "signature invalid"},
		{name: "garbage cookie", tamper: func(cb *http.Request) *http.Request {
			return withCookie(cb, func(string) string { return "not-a-cookie" })
		}, reason: "malformed"},
		{name: "expired cookie", setup: func(o *OIDC, _ *fakeIdP) {
			o.now = func() time.Time { return time.Now().Add(-11 * time.Minute) }
		}, reason: "login cookie expired"},
		{name: "provider error", tamper: func(cb *http.Request) *http.Request {
			return withQuery(cb, "error", "access_denied")
		}, reason: "provider refused"},
		{name: "wrong code", tamper: func(cb *http.Request) *http.Request { return withQuery(cb, "code", "guessed") }, reason: "code exchange"},
		{name: "wrong nonce", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["nonce"] = "replayed-nonce" }
		}, reason: "nonce mismatch"},
		{name: "no nonce", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { delete(c, "nonce") }
		}, reason: "nonce mismatch"},
		{name: "expired token", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["exp"] = time.Now().Add(-time.Hour).Unix() }
		}, reason: "token is expired"},
		{name: "wrong audience", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["aud"] = "another-app" }
		}, reason: "audience"},
		{name: "wrong issuer", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["iss"] = "https://evil.example" }
		}, reason: "issued by a different provider"},
		{name: "signed by another key", setup: func(_ *OIDC, p *fakeIdP) { p.signer = otherKey }, reason: "signature"},
		{name: "unsigned token (alg none)", setup: func(_ *OIDC, p *fakeIdP) {
			p.idToken = func(claims []byte) string {
				b64 := base64.RawURLEncoding.EncodeToString
				return b64([]byte(`{"alg":"none"}`)) + "." + b64(claims) + "."
			}
		}, reason: "id token"},
		{name: "no role maps", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["roles"] = []any{"other-app-admins"} }
		}, reason: "no role"},
		{name: "unverified e-mail", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["email_verified"] = false }
		}, reason: "not verified"},
		{name: "unknown clearance", setup: func(_ *OIDC, p *fakeIdP) {
			p.claims = func(c map[string]any) { c["clearance"] = "top-secret" }
		}, reason: "unknown clearance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.claims, p.signer, p.idToken = nil, nil, nil
			o := newTestOIDC(t, p)
			if tt.setup != nil {
				tt.setup(o, p)
			}
			cb, _ := beginLogin(t, o, p, "")
			o.now = time.Now
			if tt.tamper != nil {
				cb = tt.tamper(cb)
			}
			id, err := o.Finish(context.Background(), httptest.NewRecorder(), cb)
			if err == nil {
				t.Fatalf("accepted: %+v", id)
			}
			if register.ErrorCode(err) != register.EUNAUTHORIZED || register.ErrorMessage(err) != LoginFailedMessage {
				t.Errorf("refusal shown as %s %q", register.ErrorCode(err), register.ErrorMessage(err))
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("err = %v, want reason %q", err, tt.reason)
			}
		})
	}
}

func withQuery(r *http.Request, k, v string) *http.Request {
	c := r.Clone(context.Background())
	q := c.URL.Query()
	q.Set(k, v)
	c.URL.RawQuery = q.Encode()
	return c
}

func withCookie(r *http.Request, edit func(string) string) *http.Request {
	c := r.Clone(context.Background())
	old := r.Cookies()
	c.Header.Del("Cookie")
	for _, ck := range old {
		c.AddCookie(&http.Cookie{Name: ck.Name, Value: edit(ck.Value)})
	}
	return c
}

func TestIdentityMapping(t *testing.T) {
	base := func() map[string]any {
		return map[string]any{"email": "a@mindef.nl", "name": "A"}
	}
	cfg := testOIDCConfig("https://idp")
	tests := []struct {
		name   string
		cfg    func(c *OIDCConfig)
		claims func(m map[string]any)
		want   *Identity // nil: refused
	}{
		{"precedence: auditor over editor", nil, func(m map[string]any) {
			m["roles"] = []any{"algoreg-editors", "algoreg-auditors"}
		}, &Identity{Role: register.RoleAuditor}},
		{"roles as one string", nil, func(m map[string]any) {
			m["roles"] = "algoreg-approvers, x"
		}, &Identity{Role: register.RoleApprover}},
		{"no map: role names used directly", func(c *OIDCConfig) { c.RoleMap = nil }, func(m map[string]any) {
			m["roles"] = []any{"coordinator", "superuser"}
		}, &Identity{Role: register.RoleCoordinator}},
		{"no role, default viewer", func(c *OIDCConfig) { c.DefaultRole = register.RoleViewer }, nil, &Identity{Role: register.RoleViewer}},
		{"no role, no default", nil, nil, nil},
		{"nested Keycloak claims and group paths", func(c *OIDCConfig) {
			c.RoleClaim, c.UnitsClaim = "realm_access.roles", "groups"
		}, func(m map[string]any) {
			m["realm_access"] = map[string]any{"roles": []any{"algoreg-editors"}}
			m["groups"] = []any{"/algoreg/units/KMAR", "/algoreg/units/kmar", "/algoreg/units/MIVD"}
		}, &Identity{Role: register.RoleEditor, Units: []string{"KMAR", "MIVD"}}},
		{"all units", nil, func(m map[string]any) {
			m["roles"] = []any{"algoreg-approvers"}
			m["units"] = []any{"*"}
		}, &Identity{Role: register.RoleApprover, AllUnits: true}},
		{"clearance from claim, any case", nil, func(m map[string]any) {
			m["roles"] = []any{"algoreg-editors"}
			m["clearance"] = "STG-GEHEIM"
		}, &Identity{Role: register.RoleEditor, Clearance: register.StgGeheim}},
		{"e-mail from another claim (Entra upn)", func(c *OIDCConfig) { c.EmailClaim = "upn" }, func(m map[string]any) {
			m["roles"] = []any{"algoreg-editors"}
			m["upn"] = "B@MINDEF.NL"
			m["email_verified"] = false // only checked for the email claim
		}, &Identity{Role: register.RoleEditor, Email: "b@mindef.nl"}},
		{"no e-mail", nil, func(m map[string]any) {
			m["roles"] = []any{"algoreg-editors"}
			delete(m, "email")
		}, nil},
		{"e-mail without @", nil, func(m map[string]any) {
			m["roles"] = []any{"algoreg-editors"}
			m["email"] = "anna"
		}, nil},
		{"wrong claim type", nil, func(m map[string]any) {
			m["roles"] = map[string]any{"x": 1}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := *cfg
			if tt.cfg != nil {
				tt.cfg(&c)
			}
			c = c.withDefaults()
			m := base()
			if tt.claims != nil {
				tt.claims(m)
			}
			got, err := c.identity(m)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("accepted: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			w := *tt.want
			if w.Email == "" {
				w.Email = "a@mindef.nl"
			}
			if w.Clearance == "" {
				w.Clearance = register.Ongerubriceerd
			}
			if got.Role != w.Role || got.Email != w.Email || got.Clearance != w.Clearance || got.AllUnits != w.AllUnits || !slices.Equal(got.Units, w.Units) {
				t.Errorf("identity = %+v, want %+v", got, w)
			}
		})
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/",
		"/algorithms/1?x=y":    "/algorithms/1?x=y",
		"//evil.example/x":     "/",
		"/\\evil.example":      "/",
		"https://evil.example": "/",
		"algorithms":           "/",
		"/a\r\nSet-Cookie: x":  "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOIDCConfigFromEnv(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	t.Run("unset", func(t *testing.T) {
		t.Setenv(EnvOIDCIssuer, "")
		cfg, err := OIDCConfigFromEnv()
		if cfg != nil || err != nil {
			t.Fatalf("= %v, %v", cfg, err)
		}
	})
	t.Run("complete", func(t *testing.T) {
		for k, v := range map[string]string{
			EnvOIDCIssuer: "https://sso.mindef.nl/realms/defensie", EnvOIDCClientID: "algoreg", EnvOIDCClientSecret: "x",
			EnvOIDCRedirectURL: "https://algoreg.mindef.nl/login/oidc/callback", EnvOIDCRoleClaim: "realm_access.roles",
			EnvOIDCRoleMap: "algoreg-editors=editor, algoreg-approvers=approver", EnvOIDCDefaultRole: "viewer",
			EnvOIDCCookieKey: key, EnvOIDCScopes: "openid email profile groups",
		} {
			t.Setenv(k, v)
		}
		cfg, err := OIDCConfigFromEnv()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.RoleClaim != "realm_access.roles" || cfg.UnitsClaim != "units" || cfg.EmailClaim != "email" ||
			cfg.RoleMap["algoreg-approvers"] != register.RoleApprover || len(cfg.RoleMap) != 2 ||
			cfg.DefaultRole != register.RoleViewer || cfg.DefaultClearance != register.Ongerubriceerd ||
			len(cfg.CookieKey) != 32 || !slices.Equal(cfg.Scopes, []string{"openid", "email", "profile", "groups"}) {
			t.Errorf("cfg = %+v", cfg)
		}
	})
	t.Run("every problem named", func(t *testing.T) {
		for k, v := range map[string]string{
			EnvOIDCIssuer: "sso.mindef.nl", EnvOIDCClientID: "", EnvOIDCRedirectURL: "/callback",
			EnvOIDCRoleMap: "algoreg-editors=root", EnvOIDCDefaultRole: "boss", EnvOIDCDefaultClearance: "geheim",
			EnvOIDCCookieKey: "c2hvcnQ=",
		} {
			t.Setenv(k, v)
		}
		_, err := OIDCConfigFromEnv()
		var e *register.Error
		if !errors.As(err, &e) {
			t.Fatalf("err = %v", err)
		}
		var names []string
		for _, p := range e.Problems {
			names = append(names, p.Name)
		}
		slices.Sort(names)
		want := []string{EnvOIDCClientID, EnvOIDCCookieKey, EnvOIDCDefaultClearance, EnvOIDCDefaultRole, EnvOIDCIssuer, EnvOIDCRedirectURL, EnvOIDCRoleMap}
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("problems %v, want %v", names, want)
		}
	})
}
