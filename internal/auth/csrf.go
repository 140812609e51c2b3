package auth

import (
	"crypto/subtle"
	"net/http"

	"github.com/defensie/algoreg/internal/register"
)

// CSRF token carriers: a hidden form field or a request header (for scripts in the pages).
const (
	CSRFField  = "csrf"
	CSRFHeader = "X-CSRF-Token"
)

// CSRFMessage is the refusal of a cross-site or token-less state-changing request.
const CSRFMessage = "Het formulier is verlopen of komt niet van deze website. Laad de pagina opnieuw en probeer het nog eens."

// crossOrigin checks Sec-Fetch-Site and Origin against the request's own host (Go's
// http.CrossOriginProtection); safe methods pass.
var crossOrigin = http.NewCrossOriginProtection()

// CheckCSRF guards a state-changing request made with a session cookie. It refuses
// (EFORBIDDEN, CSRFMessage) when the browser says the request is cross-site (Sec-Fetch-Site,
// or an Origin other than the request's host), or when the synchronizer token in the form
// field "csrf" or the X-CSRF-Token header does not equal the session's (compared in constant
// time). GET, HEAD and OPTIONS pass. Bound the body (http.MaxBytesReader) before calling it:
// reading the form field parses the body.
func CheckCSRF(r *http.Request, s *register.Session) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if err := crossOrigin.Check(r); err != nil {
		return register.Errorf(register.EFORBIDDEN, CSRFMessage)
	}
	if s == nil || s.CSRF == "" {
		return register.Errorf(register.EFORBIDDEN, CSRFMessage)
	}
	tok := r.Header.Get(CSRFHeader)
	if tok == "" {
		tok = r.PostFormValue(CSRFField)
	}
	if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(s.CSRF)) != 1 {
		return register.Errorf(register.EFORBIDDEN, CSRFMessage)
	}
	return nil
}
