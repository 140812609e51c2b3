package classify

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// The condition language of the rule set. A condition is a boolean expression over the
// classification facts, the outputs derived so far and the rule set's named definitions:
//
//	expr   = and { "or" and }
//	and    = unary { "and" unary }
//	unary  = "not" unary | test
//	test   = atom [ ("=" | "!=") STRING | "in" "[" STRING { "," STRING } "]" | "has" STRING ]
//	atom   = "(" expr ")" | "true" | "false" | NAME
//
// A bare NAME must be a yes/no fact, output or definition, or a list (true when not empty).
// "=", "!=" and "in" compare a choice (enumeration) with quoted values; "has" asks whether a
// list holds a value. Every name and every quoted value is checked against the enumerations
// when the rule set is loaded, so a typo in the data cannot silently never match.

// kind is the type of a variable in the condition language.
type kind int

const (
	kindBool kind = iota
	kindEnum
	kindList
)

// varType describes one variable: its kind and, for choices and lists, the allowed values.
type varType struct {
	kind kind
	enum []string
}

// env is what a compiled condition reads.
type env interface {
	boolVar(name string) bool
	strVar(name string) string
	listVar(name string) []string
}

// cond is a compiled condition.
type cond func(e env) bool

// node is a parsed condition. Its JSON form (definitions written out in full) lets the
// questionnaire page decide in the browser which follow-up questions to show:
// {"op": "and"|"or", "a": …, "b": …}, {"op": "not", "a": …}, {"op": "const", "value": true},
// {"op": "bool"|"any", "fact": …}, {"op": "eq"|"ne"|"has", "fact": …, "value": …},
// {"op": "in", "fact": …, "values": […]}.
type node struct {
	Op     string   `json:"op"`
	A      *node    `json:"a,omitempty"`
	B      *node    `json:"b,omitempty"`
	Fact   string   `json:"fact,omitempty"`
	Value  any      `json:"value,omitempty"`
	Values []string `json:"values,omitempty"`
}

// eval evaluates the condition against e.
func (n *node) eval(e env) bool {
	switch n.Op {
	case "or":
		return n.A.eval(e) || n.B.eval(e)
	case "and":
		return n.A.eval(e) && n.B.eval(e)
	case "not":
		return !n.A.eval(e)
	case "const":
		return n.Value == true
	case "bool":
		return e.boolVar(n.Fact)
	case "any":
		return len(e.listVar(n.Fact)) > 0
	case "eq":
		return e.strVar(n.Fact) == n.Value
	case "ne":
		return e.strVar(n.Fact) != n.Value
	case "in":
		return slices.Contains(n.Values, e.strVar(n.Fact))
	case "has":
		return slices.Contains(e.listVar(n.Fact), n.Value.(string))
	}
	panic("classify: onbekende operator " + n.Op)
}

// scope resolves names while compiling: the types of variables, and compiled definitions.
type scope struct {
	vars map[string]varType
	defs map[string]*node
	// used collects every name the expression refers to (for dependency checks).
	used map[string]bool
}

// compile parses and type-checks src.
func compile(src string, sc *scope) (*node, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, sc: sc}
	c, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("onverwacht %q na het einde van de voorwaarde", p.toks[p.pos].text)
	}
	return c, nil
}

type tokKind int

const (
	tName tokKind = iota
	tString
	tSym
)

type token struct {
	kind tokKind
	text string
}

func lex(src string) ([]token, error) {
	var toks []token
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("tekst zonder afsluitend aanhalingsteken in %q", src)
			}
			toks = append(toks, token{tString, string(rs[i+1 : j])})
			i = j + 1
		case r == '!' && i+1 < len(rs) && rs[i+1] == '=':
			toks = append(toks, token{tSym, "!="})
			i += 2
		case strings.ContainsRune("=()[],", r):
			toks = append(toks, token{tSym, string(r)})
			i++
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(rs) && (rs[j] == '_' || rs[j] == '.' || unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			toks = append(toks, token{tName, string(rs[i:j])})
			i = j
		default:
			return nil, fmt.Errorf("onbekend teken %q in %q", r, src)
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("lege voorwaarde")
	}
	return toks, nil
}

type parser struct {
	toks []token
	pos  int
	sc   *scope
}

func (p *parser) peek(kind tokKind, text string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == kind && p.toks[p.pos].text == text
}

func (p *parser) expect(kind tokKind, text string) error {
	if !p.peek(kind, text) {
		return fmt.Errorf("%q verwacht op positie %d", text, p.pos+1)
	}
	p.pos++
	return nil
}

func (p *parser) expr() (*node, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek(tName, "or") {
		p.pos++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = &node{Op: "or", A: l, B: r}
	}
	return l, nil
}

func (p *parser) and() (*node, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek(tName, "and") {
		p.pos++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &node{Op: "and", A: l, B: r}
	}
	return l, nil
}

func (p *parser) unary() (*node, error) {
	if p.peek(tName, "not") {
		p.pos++
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{Op: "not", A: c}, nil
	}
	return p.test()
}

func (p *parser) str() (string, error) {
	if p.pos >= len(p.toks) || p.toks[p.pos].kind != tString {
		return "", fmt.Errorf("waarde tussen aanhalingstekens verwacht op positie %d", p.pos+1)
	}
	p.pos++
	return p.toks[p.pos-1].text, nil
}

func (p *parser) test() (*node, error) {
	if p.pos >= len(p.toks) {
		return nil, fmt.Errorf("voorwaarde houdt te vroeg op")
	}
	t := p.toks[p.pos]
	if t.kind == tSym && t.text == "(" {
		p.pos++
		c, err := p.expr()
		if err != nil {
			return nil, err
		}
		return c, p.expect(tSym, ")")
	}
	if t.kind != tName {
		return nil, fmt.Errorf("naam verwacht, niet %q", t.text)
	}
	p.pos++
	switch t.text {
	case "true":
		return &node{Op: "const", Value: true}, nil
	case "false":
		return &node{Op: "const", Value: false}, nil
	case "and", "or", "not", "in", "has":
		return nil, fmt.Errorf("naam verwacht, niet het sleutelwoord %q", t.text)
	}
	name := t.text
	p.sc.used[name] = true
	if d, ok := p.sc.defs[name]; ok {
		return d, nil
	}
	vt, ok := p.sc.vars[name]
	if !ok {
		return nil, fmt.Errorf("onbekende naam %q", name)
	}
	checkValue := func(v string) error {
		if !slices.Contains(vt.enum, v) {
			return fmt.Errorf("%q is geen waarde van %s (kies uit %s)", v, name, strings.Join(vt.enum, ", "))
		}
		return nil
	}
	switch {
	case p.peek(tSym, "=") || p.peek(tSym, "!="):
		neg := p.toks[p.pos].text == "!="
		p.pos++
		if vt.kind != kindEnum {
			return nil, fmt.Errorf("%s is geen keuze en kan niet met = of != worden vergeleken", name)
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := checkValue(v); err != nil {
			return nil, err
		}
		if neg {
			return &node{Op: "ne", Fact: name, Value: v}, nil
		}
		return &node{Op: "eq", Fact: name, Value: v}, nil
	case p.peek(tName, "in"):
		p.pos++
		if vt.kind != kindEnum {
			return nil, fmt.Errorf("%s is geen keuze en kan niet met in worden vergeleken", name)
		}
		if err := p.expect(tSym, "["); err != nil {
			return nil, err
		}
		var vals []string
		for {
			v, err := p.str()
			if err != nil {
				return nil, err
			}
			if err := checkValue(v); err != nil {
				return nil, err
			}
			vals = append(vals, v)
			if p.peek(tSym, ",") {
				p.pos++
				continue
			}
			break
		}
		if err := p.expect(tSym, "]"); err != nil {
			return nil, err
		}
		return &node{Op: "in", Fact: name, Values: vals}, nil
	case p.peek(tName, "has"):
		p.pos++
		if vt.kind != kindList {
			return nil, fmt.Errorf("%s is geen lijst en kan niet met has worden bevraagd", name)
		}
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := checkValue(v); err != nil {
			return nil, err
		}
		return &node{Op: "has", Fact: name, Value: v}, nil
	}
	switch vt.kind {
	case kindBool:
		return &node{Op: "bool", Fact: name}, nil
	case kindList:
		return &node{Op: "any", Fact: name}, nil
	}
	return nil, fmt.Errorf("%s is een keuze: vergelijk met = of in", name)
}
