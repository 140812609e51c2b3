package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/defensie/algoreg/internal/register"
)

// OIDCConfig configures login through an OpenID Connect provider (Keycloak, Entra ID, …).
// Claim names may be dotted paths into nested claims (Keycloak: "realm_access.roles").
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string // empty for a public client (PKCE only)
	RedirectURL  string // this application's callback, e.g. https://algoreg.mindef.nl/login/oidc/callback
	Scopes       []string

	RoleClaim      string // claim with the user's groups or roles
	UnitsClaim     string // claim with unit codes ("*" means all units)
	ClearanceClaim string // claim with a level name
	EmailClaim     string
	NameClaim      string

	// RoleMap maps IdP group or role values to register roles. When empty, claim values that
	// are register role names are used as they are.
	RoleMap map[string]register.Role
	// DefaultRole is given when no claim value maps to a role; empty refuses such users.
	DefaultRole register.Role
	// DefaultClearance is used when the clearance claim is absent.
	DefaultClearance register.Level

	// CookieKey signs the short-lived login cookie (state, nonce, PKCE verifier). Every
	// instance behind one address needs the same key; at least 32 bytes.
	CookieKey []byte
}

// The environment variables OIDCConfigFromEnv reads.
const (
	EnvOIDCIssuer           = "ALGOREG_OIDC_ISSUER"
	EnvOIDCClientID         = "ALGOREG_OIDC_CLIENT_ID"
	EnvOIDCClientSecret     = "ALGOREG_OIDC_CLIENT_SECRET"
	EnvOIDCRedirectURL      = "ALGOREG_OIDC_REDIRECT_URL"
	EnvOIDCScopes           = "ALGOREG_OIDC_SCOPES"
	EnvOIDCRoleClaim        = "ALGOREG_OIDC_ROLE_CLAIM"
	EnvOIDCUnitsClaim       = "ALGOREG_OIDC_UNITS_CLAIM"
	EnvOIDCClearanceClaim   = "ALGOREG_OIDC_CLEARANCE_CLAIM"
	EnvOIDCEmailClaim       = "ALGOREG_OIDC_EMAIL_CLAIM"
	EnvOIDCNameClaim        = "ALGOREG_OIDC_NAME_CLAIM"
	EnvOIDCRoleMap          = "ALGOREG_OIDC_ROLE_MAP"
	EnvOIDCDefaultRole      = "ALGOREG_OIDC_DEFAULT_ROLE"
	EnvOIDCDefaultClearance = "ALGOREG_OIDC_DEFAULT_CLEARANCE"
	EnvOIDCCookieKey        = "ALGOREG_OIDC_COOKIE_KEY"
)

// OIDCConfigFromEnv reads the configuration from ALGOREG_OIDC_* variables. It returns nil, nil
// when ALGOREG_OIDC_ISSUER is unset (local accounts only), and an EINVALID error naming every
// bad variable otherwise.
func OIDCConfigFromEnv() (*OIDCConfig, error) {
	get := func(k string) string { return strings.TrimSpace(os.Getenv(k)) }
	if get(EnvOIDCIssuer) == "" {
		return nil, nil
	}
	or := func(k, def string) string {
		if v := get(k); v != "" {
			return v
		}
		return def
	}
	cfg := &OIDCConfig{
		Issuer:           get(EnvOIDCIssuer),
		ClientID:         get(EnvOIDCClientID),
		ClientSecret:     os.Getenv(EnvOIDCClientSecret),
		RedirectURL:      get(EnvOIDCRedirectURL),
		Scopes:           strings.FieldsFunc(or(EnvOIDCScopes, "openid email profile"), isListSep),
		RoleClaim:        or(EnvOIDCRoleClaim, "roles"),
		UnitsClaim:       or(EnvOIDCUnitsClaim, "units"),
		ClearanceClaim:   or(EnvOIDCClearanceClaim, "clearance"),
		EmailClaim:       or(EnvOIDCEmailClaim, "email"),
		NameClaim:        or(EnvOIDCNameClaim, "name"),
		DefaultRole:      register.Role(get(EnvOIDCDefaultRole)),
		DefaultClearance: register.Level(or(EnvOIDCDefaultClearance, string(register.Ongerubriceerd))),
	}
	var problems []register.FieldProblem
	bad := func(k, reason string) { problems = append(problems, register.FieldProblem{Name: k, Reason: reason}) }
	if m := get(EnvOIDCRoleMap); m != "" {
		cfg.RoleMap = map[string]register.Role{}
		for _, pair := range strings.Split(m, ",") {
			group, role, ok := strings.Cut(pair, "=")
			group, role = strings.TrimSpace(group), strings.TrimSpace(role)
			if !ok || group == "" || !register.Role(role).Valid() {
				bad(EnvOIDCRoleMap, fmt.Sprintf("%q is geen paar groep=rol met een bekende rol", strings.TrimSpace(pair)))
				continue
			}
			cfg.RoleMap[group] = register.Role(role)
		}
	}
	if k := get(EnvOIDCCookieKey); k != "" {
		key, err := base64.StdEncoding.DecodeString(k)
		if err != nil {
			key, err = base64.RawURLEncoding.DecodeString(k)
		}
		if err != nil || len(key) < 32 {
			bad(EnvOIDCCookieKey, "moet minstens 32 bytes zijn, in base64")
		} else {
			cfg.CookieKey = key
		}
	}
	problems = append(problems, cfg.validate()...)
	if problems != nil {
		return nil, fmt.Errorf("auth: oidc configuration: %w", register.Invalid(problems))
	}
	return cfg, nil
}

func isListSep(r rune) bool { return r == ',' || r == ' ' }

// validate names every unusable setting, by its environment variable.
func (c *OIDCConfig) validate() []register.FieldProblem {
	var p []register.FieldProblem
	bad := func(k, reason string) { p = append(p, register.FieldProblem{Name: k, Reason: reason}) }
	if u, err := url.Parse(c.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad(EnvOIDCIssuer, "moet een http(s)-adres zijn")
	}
	if c.ClientID == "" {
		bad(EnvOIDCClientID, "ontbreekt")
	}
	if u, err := url.Parse(c.RedirectURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		bad(EnvOIDCRedirectURL, "moet een http(s)-adres zijn")
	}
	if c.DefaultRole != "" && !c.DefaultRole.Valid() {
		bad(EnvOIDCDefaultRole, fmt.Sprintf("onbekende rol %q", c.DefaultRole))
	}
	if !c.DefaultClearance.Valid() {
		bad(EnvOIDCDefaultClearance, fmt.Sprintf("onbekende rubricering %q", c.DefaultClearance))
	}
	if c.CookieKey != nil && len(c.CookieKey) < 32 {
		bad(EnvOIDCCookieKey, "moet minstens 32 bytes zijn")
	}
	return p
}

// withDefaults fills empty claim names and the default clearance with the documented defaults.
func (c OIDCConfig) withDefaults() OIDCConfig {
	for _, f := range []struct {
		p   *string
		def string
	}{{&c.RoleClaim, "roles"}, {&c.UnitsClaim, "units"}, {&c.ClearanceClaim, "clearance"}, {&c.EmailClaim, "email"}, {&c.NameClaim, "name"}} {
		if *f.p == "" {
			*f.p = f.def
		}
	}
	if c.DefaultClearance == "" {
		c.DefaultClearance = register.Ongerubriceerd
	}
	return c
}

// Identity is who the provider says logged in, mapped onto the register's terms. The caller
// creates or updates the local user by Email.
type Identity struct {
	Subject   string
	Email     string
	Name      string
	Role      register.Role
	Units     []string
	AllUnits  bool // the units claim held "*"
	Clearance register.Level
	// ReturnTo is the local path the user wanted before logging in ("/" by default).
	ReturnTo string
}

// OIDC runs the authorization-code flow with PKCE (S256), state and nonce.
type OIDC struct {
	cfg      OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	secure   bool
	now      func() time.Time
}

// loginCookieTTL is how long a user has at the provider to log in.
const loginCookieTTL = 10 * time.Minute

// NewOIDC discovers the provider (ctx bounds the discovery request; the key set is fetched
// later, independently of ctx). A missing CookieKey is replaced by a random one, which is fine
// for a single instance.
func NewOIDC(ctx context.Context, cfg *OIDCConfig) (*OIDC, error) {
	if cfg == nil {
		return nil, errors.New("auth: oidc: no configuration")
	}
	c := cfg.withDefaults()
	if p := c.validate(); p != nil {
		return nil, fmt.Errorf("auth: oidc configuration: %w", register.Invalid(p))
	}
	if c.CookieKey == nil {
		c.CookieKey = make([]byte, 32)
		if _, err := rand.Read(c.CookieKey); err != nil {
			return nil, fmt.Errorf("auth: oidc cookie key: %w", err)
		}
	}
	provider, err := oidc.NewProvider(ctx, c.Issuer)
	if err != nil {
		return nil, fmt.Errorf("auth: oidc discovery at %s: %w", c.Issuer, err)
	}
	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	hasOpenID := false
	for _, s := range scopes {
		hasOpenID = hasOpenID || s == oidc.ScopeOpenID
	}
	if !hasOpenID {
		scopes = append([]string{oidc.ScopeOpenID}, scopes...)
	}
	o := &OIDC{
		cfg: c,
		oauth: oauth2.Config{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret,
			Endpoint:     provider.Endpoint(),
			RedirectURL:  c.RedirectURL,
			Scopes:       scopes,
		},
		secure: strings.HasPrefix(c.RedirectURL, "https://"),
		now:    time.Now,
	}
	o.verifier = provider.VerifierContext(context.WithoutCancel(ctx), &oidc.Config{
		ClientID: c.ClientID,
		Now:      func() time.Time { return o.now() },
	})
	return o, nil
}

// loginState travels in the signed login cookie between Begin and Finish.
type loginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	ReturnTo string `json:"r"`
	Expires  int64  `json:"e"`
}

func (o *OIDC) cookieName() string {
	if o.secure {
		return "__Host-algoreg_oidc"
	}
	return "algoreg_oidc"
}

// Begin starts a login: it keeps state, nonce and the PKCE verifier in a signed, HttpOnly,
// ten-minute cookie and redirects to the provider. A "next" query parameter with a local path
// comes back as Identity.ReturnTo.
func (o *OIDC) Begin(w http.ResponseWriter, r *http.Request) {
	state, _ := NewSecret()
	nonce, _ := NewSecret()
	st := loginState{
		State:    state,
		Nonce:    nonce,
		Verifier: oauth2.GenerateVerifier(),
		ReturnTo: localPath(r.URL.Query().Get("next")),
		Expires:  o.now().Add(loginCookieTTL).Unix(),
	}
	http.SetCookie(w, &http.Cookie{
		Name:     o.cookieName(),
		Value:    o.sign(st),
		Path:     "/",
		MaxAge:   int(loginCookieTTL / time.Second),
		HttpOnly: true,
		Secure:   o.secure,
		SameSite: http.SameSiteLaxMode, // the provider's redirect back is a top-level GET
	})
	u := o.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(st.Verifier), oidc.Nonce(nonce))
	http.Redirect(w, r, u, http.StatusFound)
}

// localPath keeps only a path on this site: "/x?y", never "//host" or "https://…".
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}

func (o *OIDC) sign(st loginState) string {
	payload, _ := json.Marshal(st)
	mac := hmac.New(sha256.New, o.cfg.CookieKey)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// maxLoginCookie bounds the cookie before any decoding.
const maxLoginCookie = 1024

func (o *OIDC) open(v string) (*loginState, error) {
	if len(v) > maxLoginCookie {
		return nil, errors.New("login cookie too long")
	}
	p64, s64, ok := strings.Cut(v, ".")
	if !ok {
		return nil, errors.New("login cookie malformed")
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(s64)
	if err1 != nil || err2 != nil {
		return nil, errors.New("login cookie malformed")
	}
	mac := hmac.New(sha256.New, o.cfg.CookieKey)
	mac.Write(payload)
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return nil, errors.New("login cookie signature invalid")
	}
	var st loginState
	if err := json.Unmarshal(payload, &st); err != nil {
		return nil, errors.New("login cookie malformed")
	}
	if o.now().Unix() >= st.Expires {
		return nil, errors.New("login cookie expired")
	}
	return &st, nil
}

// oidcFailed wraps the reason (for logs and the audit trail) around the uniform refusal.
func oidcFailed(format string, args ...any) error {
	return fmt.Errorf("auth: oidc: %s: %w", fmt.Sprintf(format, args...), LoginFailed())
}

// Finish completes a login at the callback: it checks the signed cookie and the state,
// exchanges the code with the PKCE verifier, verifies the ID token (signature, issuer,
// audience, expiry) and its nonce, and maps the claims. Every refusal carries LoginFailed()
// (EUNAUTHORIZED, the uniform message); err.Error() says why, for the audit trail.
func (o *OIDC) Finish(ctx context.Context, w http.ResponseWriter, r *http.Request) (*Identity, error) {
	c, err := r.Cookie(o.cookieName())
	// The login cookie is for one attempt only.
	http.SetCookie(w, &http.Cookie{Name: o.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: o.secure, SameSite: http.SameSiteLaxMode})
	if err != nil {
		return nil, oidcFailed("no login cookie")
	}
	st, err := o.open(c.Value)
	if err != nil {
		return nil, oidcFailed("%v", err)
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return nil, oidcFailed("provider refused: %.100q", e)
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		return nil, oidcFailed("state mismatch")
	}
	code := q.Get("code")
	if code == "" || len(code) > 4096 {
		return nil, oidcFailed("no code")
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, oidcFailed("code exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, oidcFailed("no id_token in token response")
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, oidcFailed("id token: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return nil, oidcFailed("nonce mismatch")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, oidcFailed("claims: %v", err)
	}
	id, err := o.cfg.identity(claims)
	if err != nil {
		return nil, err
	}
	id.Subject = idt.Subject
	id.ReturnTo = st.ReturnTo
	return id, nil
}

// rolePrecedence decides when a user's claims map to several roles: the first one wins.
// Auditor before the editorial roles, so someone placed in both groups cannot change anything.
var rolePrecedence = []register.Role{
	register.RoleAdmin, register.RoleAuditor, register.RoleApprover, register.RoleAssessor,
	register.RoleCoordinator, register.RoleEditor, register.RoleViewer,
}

// identity maps ID-token claims onto an Identity.
func (c *OIDCConfig) identity(claims map[string]any) (*Identity, error) {
	email := NormalizeEmail(claimString(claims, c.EmailClaim))
	if email == "" || !strings.Contains(email, "@") || len(email) > maxEmailLength {
		return nil, oidcFailed("no usable e-mail in claim %s", c.EmailClaim)
	}
	if v, ok := claims["email_verified"].(bool); ok && !v && c.EmailClaim == "email" {
		return nil, oidcFailed("e-mail not verified")
	}
	id := &Identity{Email: email, Name: strings.TrimSpace(claimString(claims, c.NameClaim))}
	if id.Name == "" {
		id.Name = email
	}

	got := map[register.Role]bool{}
	for _, v := range claimList(claims, c.RoleClaim) {
		if len(c.RoleMap) > 0 {
			if r, ok := c.RoleMap[v]; ok {
				got[r] = true
			}
		} else if register.Role(v).Valid() {
			got[register.Role(v)] = true
		}
	}
	for _, r := range rolePrecedence {
		if got[r] {
			id.Role = r
			break
		}
	}
	if id.Role == "" {
		id.Role = c.DefaultRole
	}
	if !id.Role.Valid() {
		return nil, oidcFailed("no role for %s in claim %s", email, c.RoleClaim)
	}

	seen := map[string]bool{}
	for _, v := range claimList(claims, c.UnitsClaim) {
		// Keycloak group paths ("/algoreg/units/CLAS") name the unit last.
		if i := strings.LastIndex(v, "/"); i >= 0 {
			v = v[i+1:]
		}
		v = strings.ToUpper(strings.TrimSpace(v))
		switch {
		case v == "*":
			id.AllUnits = true
		case v != "" && !seen[v]:
			seen[v] = true
			id.Units = append(id.Units, v)
		}
	}

	id.Clearance = c.DefaultClearance
	if cl := strings.TrimSpace(claimString(claims, c.ClearanceClaim)); cl != "" {
		id.Clearance = register.Level(strings.ToLower(cl))
	}
	if !id.Clearance.Valid() {
		return nil, oidcFailed("unknown clearance %.40q in claim %s", id.Clearance, c.ClearanceClaim)
	}
	return id, nil
}

// claimValue follows a dotted path into nested claim objects.
func claimValue(claims map[string]any, path string) any {
	if path == "" {
		return nil
	}
	var v any = claims
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

// claimString reads a single-valued claim (e-mail, name, clearance); of a list, the first string.
func claimString(claims map[string]any, path string) string {
	switch x := claimValue(claims, path).(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				return s
			}
		}
	}
	return ""
}

// claimList reads a multi-valued claim (roles, groups, units): a list gives its string
// members, a string is split on commas and spaces.
func claimList(claims map[string]any, path string) []string {
	switch x := claimValue(claims, path).(type) {
	case string:
		return strings.FieldsFunc(x, isListSep)
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
