package public

import "bytes"

// fastRequest is a request the fast path may answer itself: a plain GET or HEAD of a detail
// page, with nothing net/http would treat specially.
type fastRequest struct {
	head bool   // HEAD rather than GET
	lang string // langNL or langEN
	path []byte // the request target: a clean path without query
	id   []byte // the description id in the path
	inm  []byte // the If-None-Match value, trimmed; nil when absent
}

// verdict is what the fast path does with the bytes read so far.
type verdict int

const (
	needMore  verdict = iota // no complete request head yet
	handOff                  // net/http decides: anything unusual, invalid or not a detail page
	serveFast                // the head is complete and the fast path may answer it
)

// maxFastHead bounds the request head the fast path reads (less when the http.Server's
// MaxHeaderBytes is smaller); a longer one goes to net/http, which applies its own limit.
const maxFastHead = 8 << 10

// maxIDLen bounds the id in a fast-path URL; ids are short codes.
const maxIDLen = 128

// parseRequest reads one request head from b. It is deliberately stricter than HTTP: it only
// says serveFast for a head it fully understands, and handOff for everything else, so net/http
// sees every request whose meaning could differ (bodies, Expect, Upgrade, Connection other
// than keep-alive, HTTP/1.0, absolute or percent-encoded targets, queries, dot segments,
// obs-fold, bare LF, control or non-ASCII bytes, duplicate Host, Connection or If-None-Match).
// n is the length of the head including its final CRLF; a head of limit bytes or more is
// handed off.
func parseRequest(b []byte, limit int, req *fastRequest) (n int, v verdict) {
	*req = fastRequest{}
	line, rest, st := nextLine(b)
	switch st {
	case lineIncomplete:
		return 0, incomplete(b, limit)
	case lineBad:
		return 0, handOff
	}
	if !parseRequestLine(line, req) {
		return 0, handOff
	}
	n = len(b) - len(rest)
	hosts, conns, inms := 0, 0, 0
	for {
		line, rest, st = nextLine(b[n:])
		switch st {
		case lineIncomplete:
			return 0, incomplete(b, limit)
		case lineBad:
			return 0, handOff
		}
		n = len(b) - len(rest)
		if len(line) == 0 {
			break // end of the head
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return 0, handOff
		}
		name, value := line[:colon], trimOWS(line[colon+1:])
		for _, c := range name {
			if !isTokenChar(c) {
				return 0, handOff
			}
		}
		for _, c := range value {
			if (c < 0x20 && c != '\t') || c > 0x7e {
				return 0, handOff
			}
		}
		switch {
		case bytes.EqualFold(name, []byte("Host")):
			hosts++
			if !validHost(value) {
				return 0, handOff
			}
		case bytes.EqualFold(name, []byte("Connection")):
			conns++
			if !bytes.EqualFold(value, []byte("keep-alive")) {
				return 0, handOff // close, upgrade and anything else: net/http's rules
			}
		case bytes.EqualFold(name, []byte("If-None-Match")):
			inms++
			req.inm = value
		case bytes.EqualFold(name, []byte("Content-Length")),
			bytes.EqualFold(name, []byte("Transfer-Encoding")),
			bytes.EqualFold(name, []byte("Expect")),
			bytes.EqualFold(name, []byte("Upgrade")),
			bytes.EqualFold(name, []byte("Trailer")),
			bytes.EqualFold(name, []byte("TE")),
			bytes.EqualFold(name, []byte("HTTP2-Settings")):
			return 0, handOff
		}
	}
	if hosts != 1 || conns > 1 || inms > 1 || n > limit {
		return 0, handOff
	}
	return n, serveFast
}

// incomplete is needMore while the head may still fit, handOff once it cannot.
func incomplete(b []byte, limit int) verdict {
	if len(b) >= limit {
		return handOff
	}
	return needMore
}

// Line states of nextLine.
const (
	lineOK = iota
	lineIncomplete
	lineBad // ends in a bare LF
)

// nextLine splits off one CRLF-terminated line. A CR elsewhere stays in the line and is
// rejected by the callers' character checks.
func nextLine(b []byte) (line, rest []byte, state int) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return nil, nil, lineIncomplete
	}
	if i == 0 || b[i-1] != '\r' {
		return nil, nil, lineBad
	}
	return b[:i-1], b[i+1:], lineOK
}

// parseRequestLine accepts "GET|HEAD /algoritme/{id} HTTP/1.1" and "/en/algoritme/{id}".
func parseRequestLine(line []byte, req *fastRequest) bool {
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		req.head, line = true, line[5:]
	default:
		return false
	}
	target, ok := bytes.CutSuffix(line, []byte(" HTTP/1.1"))
	if !ok {
		return false
	}
	switch {
	case bytes.HasPrefix(target, []byte("/algoritme/")):
		req.lang, req.id = langNL, target[len("/algoritme/"):]
	case bytes.HasPrefix(target, []byte("/en/algoritme/")):
		req.lang, req.id = langEN, target[len("/en/algoritme/"):]
	default:
		return false
	}
	if len(req.id) == 0 || len(req.id) > maxIDLen || string(req.id) == "." || string(req.id) == ".." {
		return false
	}
	for _, c := range req.id {
		if !isIDChar(c) {
			return false // '/', '%', '?', spaces and the rest: net/http cleans and decodes
		}
	}
	req.path = target
	return true
}

// isIDChar reports whether c may appear unencoded in a fast-path id: RFC 3986 unreserved.
func isIDChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// isTokenChar reports whether c is an RFC 9110 tchar (header field names).
func isTokenChar(c byte) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// validHost accepts a non-empty host[:port] of letters, digits and . - _ : [ ] only (a subset
// of what net/http accepts; anything else is handed off).
func validHost(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	for _, c := range v {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

// trimOWS removes the optional whitespace (SP, HTAB) around a header value.
func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
