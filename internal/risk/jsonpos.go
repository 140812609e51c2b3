package risk

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// positions maps every JSON path ("questions.3.ground") in src to the byte offset where its
// value starts, so that a problem found after decoding can name its line.
func positions(src []byte) map[string]int {
	pos := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(src))
	var walk func(path string) bool
	walk = func(path string) bool {
		pos[path] = skipSeparators(src, int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return false
				}
				key, _ := k.(string)
				if !walk(join(path, key)) {
					return false
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if !walk(join(path, strconv.Itoa(i))) {
					return false
				}
			}
			_, err = dec.Token()
		}
		return err == nil
	}
	walk("")
	return pos
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// skipSeparators moves past white space, ':' and ',' to the start of the next value.
func skipSeparators(src []byte, off int) int {
	for off < len(src) {
		switch src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// lineAt is the 1-based line of byte offset off.
func lineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return 1 + bytes.Count(src[:off], []byte("\n"))
}
