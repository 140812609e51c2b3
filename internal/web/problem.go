package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/defensie/algoreg/internal/register"
)

// Problem is an RFC 9457 problem details object, as the NL API Design Rules ask.
type Problem struct {
	Type          string                  `json:"type,omitempty"`
	Title         string                  `json:"title"`
	Status        int                     `json:"status"`
	Detail        string                  `json:"detail"`
	Instance      string                  `json:"instance,omitempty"`
	InvalidParams []register.FieldProblem `json:"invalidParams,omitempty"`
}

var statusOf = map[string]int{
	register.ENOTFOUND:       http.StatusNotFound,
	register.EINVALID:        http.StatusBadRequest,
	register.ECONFLICT:       http.StatusConflict,
	register.ESTALE:          http.StatusPreconditionFailed,
	register.EPRECONDITION:   http.StatusPreconditionRequired,
	register.EUNAUTHORIZED:   http.StatusUnauthorized,
	register.EFORBIDDEN:      http.StatusForbidden,
	register.ETOOLARGE:       http.StatusRequestEntityTooLarge,
	register.EUNAVAILABLE:    http.StatusServiceUnavailable,
	register.EINTERNAL:       http.StatusInternalServerError,
	"unsupported_media_type": http.StatusUnsupportedMediaType,
}

var titles = map[int]string{
	http.StatusBadRequest:            "Ongeldige invoer",
	http.StatusUnauthorized:          "Niet aangemeld",
	http.StatusForbidden:             "Geen toestemming",
	http.StatusNotFound:              "Niet gevonden",
	http.StatusMethodNotAllowed:      "Methode niet toegestaan",
	http.StatusNotAcceptable:         "Niet aanvaardbaar",
	http.StatusConflict:              "Conflict",
	http.StatusPreconditionFailed:    "Versie verouderd",
	http.StatusRequestEntityTooLarge: "Verzoek te groot",
	http.StatusUnsupportedMediaType:  "Mediatype niet ondersteund",
	http.StatusPreconditionRequired:  "If-Match ontbreekt",
	http.StatusTooManyRequests:       "Te veel verzoeken",
	http.StatusInternalServerError:   "Interne fout",
	http.StatusServiceUnavailable:    "Tijdelijk niet beschikbaar",
}

// writeProblem answers with a problem+json body.
func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string, params []register.FieldProblem) {
	p := Problem{Title: titles[status], Status: status, Detail: detail, Instance: r.URL.Path, InvalidParams: params}
	if p.Title == "" {
		p.Title = http.StatusText(status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="algoreg"`)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeError maps an error to its problem response. Internal error text is logged, never shown.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := register.ErrorCode(err)
	status := statusOf[code]
	var e *register.Error
	if !errors.As(err, &e) {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeProblem(w, r, http.StatusInternalServerError, register.ErrorMessage(err), nil)
		return
	}
	if code == register.EUNAVAILABLE {
		w.Header().Set("Retry-After", "5")
	}
	writeProblem(w, r, status, e.Message, e.Problems)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
