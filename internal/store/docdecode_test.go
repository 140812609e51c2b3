package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/google/go-cmp/cmp"
)

// sameAsEncodingJSON checks decodeFast against json.Unmarshal on doc: when the fast path
// answers, encoding/json must accept doc and give an identical description (nil and empty
// slices told apart). It reports whether the fast path answered.
func sameAsEncodingJSON(t *testing.T, doc []byte) bool {
	t.Helper()
	got, ok := decodeFast(doc)
	if !ok {
		return false
	}
	var want register.Description
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatalf("decodeFast accepted %q, encoding/json refuses it: %v", doc, err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("decodeFast(%q) differs from encoding/json (-fast +json):\n%s", doc, cmp.Diff(*got, want))
	}
	return true
}

// pgStyle rewrites doc the way PostgreSQL prints jsonb: keys reordered, a space after every
// colon and comma.
func pgStyle(t *testing.T, doc []byte) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(m) // keys sorted
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	in, esc := false, false
	for _, c := range out {
		b.WriteByte(c)
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ':' || c == ','):
			b.WriteByte(' ')
		}
	}
	return b.Bytes()
}

func TestDecodeFastWrittenDocuments(t *testing.T) {
	var full register.Description
	fill(t, reflect.ValueOf(&full).Elem())
	docs := []*register.Description{&full, {}}
	for _, d := range exchange.Generate(3, 300) {
		docs = append(docs, &d)
	}
	odd := full
	odd.Name = "Naam met \"aanhalingstekens\", <tags> & een\ttab, é, 😀, \u2028 en \\ backslash"
	odd.Category, odd.Owners = []string{}, []register.Person{}
	odd.LawfulBasisGrouping = []register.Link{{Title: "a"}, {Title: "b", Link: "https://x.nl/?a=1&b=2"}}
	docs = append(docs, &odd)
	for i, d := range docs {
		doc, err := marshalDescription(d)
		if err != nil {
			t.Fatal(err)
		}
		if !sameAsEncodingJSON(t, doc) {
			t.Fatalf("document %d, as the store writes it, was left to encoding/json: %s", i, doc)
		}
		if pg := pgStyle(t, doc); !sameAsEncodingJSON(t, pg) {
			t.Fatalf("document %d, as PostgreSQL prints it, was left to encoding/json: %s", i, pg)
		}
	}
}

// decodeCases are documents the fast path must decode like encoding/json (fast true) or leave
// to it (fast false).
var decodeCases = []struct {
	doc  string
	fast bool
}{
	{`{}`, true},
	{` { } `, true},
	{`{"name":null,"revision":null,"impact_on_citizens":null,"created_at":null,"category":null,"owners":null}`, true},
	{`{"category":[],"owners":[],"lawful_basis_grouping":[]}`, true},
	{`{"category":["a","b"],"owners":[{"name":"n","email":"e","role":"r"},{}]}`, true},
	{`{"name":"\u003cp\u003e \ud83d\ude00 \ud83d \ude00 \udc00x \"\\\/\b\f\n\r\t"}`, true},
	{`{"name":"\ud83dx"}`, true},
	{`{"revision":-0,"published_revision":12}`, true},
	{`{"impact_on_citizens":true}`, true},
	{`{"created_at":"2024-01-02T03:04:05.123456Z","updated_at":"2024-01-02T03:04:05+02:00"}`, true},
	{"{\"name\":\"caf\xc3\xa9\"}", true},
	// left to encoding/json (which may accept or refuse them)
	{`{"Name":"case-insensitive match"}`, false},
	{`{"unknown":1}`, false},
	{`{"name":"a","name":"b"}`, false},
	{`{"owners":[{"name":"a","name":"b"}]}`, false},
	{`{"owners":[null]}`, false},
	{`{"category":[null]}`, false},
	{`{"revision":1.0}`, false},
	{`{"revision":1e2}`, false},
	{`{"revision":01}`, false},
	{`{"revision":"1"}`, false},
	{`{"revision":99999999999999999999}`, false},
	{`{"name":"a"} x`, false},
	{`{"name":"a",}`, false},
	{`{"name":"\x"}`, false},
	{`{"name":"\'"}`, false},
	{`{"name":"\u12"}`, false},
	{"{\"name\":\"a\x01\"}", false},
	{"{\"name\":\"\xff\"}", false},
	{"{\"name\":\"\\n\xff\"}", false},
	{`{"created_at":"gisteren"}`, false},
	{`{"impact_on_citizens":nul}`, false},
	{`{"impact_on_citizens":truex}`, false},
	{`null`, false},
	{`[]`, false},
	{``, false},
	{`{"name"`, false},
}

func TestDecodeFastCases(t *testing.T) {
	for _, c := range decodeCases {
		if got := sameAsEncodingJSON(t, []byte(c.doc)); got != c.fast {
			t.Errorf("decodeFast(%q): fast path %v, want %v", c.doc, got, c.fast)
		}
	}
	// Whatever path it takes, decodeDescription answers as encoding/json does.
	for _, c := range decodeCases {
		var want register.Description
		wantErr := json.Unmarshal([]byte(c.doc), &want)
		got, err := decodeDescription([]byte(c.doc))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("decodeDescription(%q): error %v, encoding/json %v", c.doc, err, wantErr)
		} else if err == nil && !reflect.DeepEqual(*got, want) {
			t.Errorf("decodeDescription(%q) differs from encoding/json:\n%s", c.doc, cmp.Diff(*got, want))
		}
	}
}

func FuzzDecodeFast(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c.doc))
	}
	for _, d := range exchange.Generate(5, 3) {
		doc, _ := json.Marshal(d)
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		sameAsEncodingJSON(t, doc)
	})
}

func BenchmarkDecodeDescription(b *testing.B) {
	var docs [][]byte
	for _, d := range exchange.Generate(1, 200) {
		doc, _ := json.Marshal(d)
		docs = append(docs, doc)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if _, ok := decodeFast(docs[i%len(docs)]); !ok {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			var d register.Description
			if err := json.Unmarshal(docs[i%len(docs)], &d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
