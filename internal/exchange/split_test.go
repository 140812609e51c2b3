package exchange

import (
	"bytes"
	"encoding/json"
	"testing"
)

// splitArray must find exactly the elements json.Unmarshal finds, and refuse whatever it
// refuses (then Prepare leaves the verdict and its wording to json.Unmarshal).
func TestSplitArrayAsUnmarshal(t *testing.T) {
	for _, in := range []string{
		`[]`, ` [ ] `, `[1]`, `[1,2]`, `[ {"a": "x,]}"} , {"b": [1, {"c": "\"]"}]} ]`, "[\n{\"name\": \"a\\\\\"}\n]\n",
		`[1,]`, `[,1]`, `[1,,2]`, `[1 2]`, `[{]}`, `[[}]`, `[{"a": 1}}`, `[{"a": 1}] x`, `[{"a": "unterminated}]`,
		`[{"a": 1},]`, "[\v1]", "[1]\v", `[{"a": tru}]`, `[{"a": "x` + "\x01" + `"}]`, `[1] [2]`, `["a\"]`, `[null, true, "s", -1.5e3]`,
		`[{"a": {"b": [[], {}]}}, []]`, `]`, `[`, `[{`, `["\u00e9"]`, `[{"a": "\x"}]`,
	} {
		var want []json.RawMessage
		wantErr := json.Unmarshal([]byte(in), &want)
		got := splitArray([]byte(in))
		if wantErr != nil {
			if got != nil {
				t.Errorf("%q: split into %q, json.Unmarshal refuses it: %v", in, got, wantErr)
			}
			continue
		}
		if len(want) == 0 {
			if got != nil {
				t.Errorf("%q: split into %q, want nil for an empty array", in, got)
			}
			continue
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d elements, json.Unmarshal finds %d", in, len(got), len(want))
			continue
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%q: element %d is %q, json.Unmarshal: %q", in, i, got[i], want[i])
			}
		}
	}
}

func FuzzSplitArray(f *testing.F) {
	f.Add(`[{"a": "x,]}"}, [1, "\""]]`)
	f.Add(`[1,]`)
	f.Fuzz(func(t *testing.T, in string) {
		var want []json.RawMessage
		wantErr := json.Unmarshal([]byte(in), &want)
		got := splitArray([]byte(in))
		if got == nil {
			if wantErr == nil && len(want) > 0 {
				t.Fatalf("%q refused, json.Unmarshal takes it", in)
			}
			return
		}
		if wantErr != nil || len(got) != len(want) {
			t.Fatalf("%q: split into %d elements, json.Unmarshal: %d, %v", in, len(got), len(want), wantErr)
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("%q: element %d is %q, json.Unmarshal: %q", in, i, got[i], want[i])
			}
		}
	})
}
