package register

import (
	"errors"
	"fmt"
)

// Error codes, mapped to HTTP statuses and exit codes at the edges.
const (
	ENOTFOUND     = "not_found"    // 404: does not exist, or the caller may not see it
	EINVALID      = "invalid"      // 400: bad input; Problems lists every field
	ECONFLICT     = "conflict"     // 409: already exists, or the state does not allow it
	ESTALE        = "stale"        // 412: If-Match does not match the current revision
	EPRECONDITION = "precondition" // 428: If-Match is missing
	EUNAUTHORIZED = "unauthorized" // 401: no or bad credentials
	EFORBIDDEN    = "forbidden"    // 403: visible, but the caller may not do this
	ETOOLARGE     = "too_large"    // 413
	EUNAVAILABLE  = "unavailable"  // 503: the database cannot be reached
	EINTERNAL     = "internal"     // 500
)

// FieldProblem names one invalid field and why.
type FieldProblem struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Error is an application error with a code and a message fit to show to the user.
type Error struct {
	Code     string
	Message  string
	Problems []FieldProblem
}

func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return e.Message
	}
	s := e.Message
	for _, p := range e.Problems {
		s += fmt.Sprintf("; %s: %s", p.Name, p.Reason)
	}
	return s
}

// Errorf returns an Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error listing the problems.
func Invalid(problems []FieldProblem) *Error {
	return &Error{Code: EINVALID, Message: "De invoer is ongeldig.", Problems: problems}
}

// ErrorCode returns the code of an *Error in err's chain, "" for nil, or EINTERNAL.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of an *Error in err's chain, or a generic one:
// internal error text never reaches a user.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}

// NotFound is the one answer for anything that does not exist or may not be seen.
func NotFound() *Error { return Errorf(ENOTFOUND, "Niet gevonden.") }
