package access

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

var update = flag.Bool("update", false, "rewrite the matrix in docs/access.md")

// expectedColumns and expectedMatrix are written out by hand, independently of roleActions:
// the test fails when the table changes without this reviewed copy changing too.
var expectedColumns = []string{
	"view", "create", "edit", "submit", "return", "classify", "assess", "approve", "decline", "archive",
	"withdraw", "round_confirm", "publish", "export", "import", "audit_read", "users_manage",
	"units_manage", "terms_manage", "rounds_manage", "report",
}

var expectedMatrix = map[string]string{
	//              v c e s r c a a d a w r p e i a u u t r r
	"viewer":      "x....................",
	"editor":      "xxxx.................",
	"coordinator": "xxxxx....x.x..x.....x",
	"assessor":    "x...xxx..............",
	"approver":    "x...x..xx.x.........x",
	"admin":       "xxxxxxx..xxxxxxxxxxxx",
	"auditor":     "x............x.x....x",
}

func expectedAllows(t *testing.T, role, action string) bool {
	t.Helper()
	row, ok := expectedMatrix[role]
	if !ok || len(row) != len(expectedColumns) {
		t.Fatalf("expected matrix: bad row for %s", role)
	}
	for i, c := range expectedColumns {
		if c == action {
			return row[i] == 'x'
		}
	}
	t.Fatalf("expected matrix: no column %s", action)
	return false
}

func TestActionsMatchExpectedColumns(t *testing.T) {
	if len(Actions) != len(expectedColumns) {
		t.Fatalf("%d actions, expected %d", len(Actions), len(expectedColumns))
	}
	for i, a := range Actions {
		if string(a) != expectedColumns[i] {
			t.Errorf("action %d = %s, want %s", i, a, expectedColumns[i])
		}
		if !a.Valid() {
			t.Errorf("%s not valid", a)
		}
	}
	if Action("delete").Valid() {
		t.Error("unknown action valid")
	}
	if len(expectedMatrix) != len(register.Roles) {
		t.Fatalf("expected matrix has %d roles, register %d", len(expectedMatrix), len(register.Roles))
	}
}

// relation is how the record's unit relates to the user.
type relation struct {
	name        string
	userUnits   []string
	allUnitsSet bool
	recordUnit  string
	member      bool // the user is a member of the record's unit
}

var relations = []relation{
	{"own unit", []string{"CLAS", "DMO"}, false, "CLAS", true},
	{"other unit", []string{"CLAS", "DMO"}, false, "KMAR", false},
	{"all-units user", nil, true, "MIVD", false},
}

// clearance of every test user; levels below, equal and above it.
const clearance = register.StgConfidentieel

var levels = []struct {
	name  string
	level register.Level
	ok    bool
}{
	{"below clearance", register.DepVertrouwelijk, true},
	{"equal to clearance", register.StgConfidentieel, true},
	{"above clearance", register.StgGeheim, false},
}

// spansAll is written independently of register.Role.SpansAllUnits.
var spansAll = map[string]bool{"admin": true, "auditor": true}

func TestCanFullCrossProduct(t *testing.T) {
	n := 0
	for role := range expectedMatrix {
		for _, rel := range relations {
			for _, lv := range levels {
				for _, action := range expectedColumns {
					u := &register.User{ID: "u1", Email: "u1@mindef.nl", Role: register.Role(role),
						Units: rel.userUnits, AllUnits: rel.allUnitsSet, Clearance: clearance}
					wantVisible := lv.ok && (rel.member || rel.allUnitsSet || spansAll[role])
					want := wantVisible && expectedAllows(t, role, action)
					if got := Can(u, Action(action), rel.recordUnit, lv.level); got != want {
						t.Errorf("Can(%s, %s, %s, %s) = %v, want %v", role, action, rel.name, lv.name, got, want)
					}
					if got := Visible(u, rel.recordUnit, lv.level); got != wantVisible {
						t.Errorf("Visible(%s, %s, %s) = %v, want %v", role, rel.name, lv.name, got, wantVisible)
					}
					// The listing and counting path: the store's scope must agree with Visible.
					if got := ListScope(u).Sees(rel.recordUnit, lv.level); got != wantVisible {
						t.Errorf("ListScope(%s).Sees(%s, %s) = %v, want %v", role, rel.name, lv.name, got, wantVisible)
					}
					if got := CanGlobal(u, Action(action)); got != expectedAllows(t, role, action) {
						t.Errorf("CanGlobal(%s, %s) = %v", role, action, got)
					}
					// A disabled account can do nothing at all.
					d := *u
					d.Disabled = true
					if Can(&d, Action(action), rel.recordUnit, lv.level) || Visible(&d, rel.recordUnit, lv.level) ||
						CanGlobal(&d, Action(action)) || ListScope(&d).Sees(rel.recordUnit, lv.level) {
						t.Errorf("disabled %s may %s (%s, %s)", role, action, rel.name, lv.name)
					}
					n++
				}
			}
		}
	}
	if want := 7 * 3 * 3 * 21; n != want {
		t.Fatalf("checked %d combinations, want %d", n, want)
	}
}

func TestCanRefusesOddInput(t *testing.T) {
	ok := &register.User{Role: register.RoleAdmin, Clearance: register.StgZeerGeheim}
	tests := []struct {
		name  string
		u     *register.User
		a     Action
		unit  string
		level register.Level
	}{
		{"nil user", nil, View, "CLAS", register.Ongerubriceerd},
		{"unknown role", &register.User{Role: "root", AllUnits: true, Clearance: register.StgZeerGeheim}, View, "CLAS", register.Ongerubriceerd},
		{"no clearance", &register.User{Role: register.RoleAdmin}, View, "CLAS", register.Ongerubriceerd},
		{"unknown level", ok, View, "CLAS", "geheim"},
		{"empty level", ok, View, "CLAS", ""},
		{"empty unit", ok, View, "", register.Ongerubriceerd},
		{"unknown action", ok, "delete", "CLAS", register.Ongerubriceerd},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if Can(tt.u, tt.a, tt.unit, tt.level) {
				t.Errorf("Can = true")
			}
		})
	}
	if !Can(ok, View, "CLAS", register.Ongerubriceerd) {
		t.Error("admin with top clearance cannot view")
	}
}

// TestListingAndCounting builds a small register with every unit × level and checks that what
// a user may list and count is exactly what they may open, for every role.
func TestListingAndCounting(t *testing.T) {
	var all []register.Description
	for _, u := range register.DemoUnits {
		for _, l := range register.Levels {
			all = append(all, register.Description{ID: u.Code + "/" + string(l), Unit: u.Code, Classification: l})
		}
	}
	for _, role := range register.Roles {
		for _, allUnits := range []bool{false, true} {
			u := &register.User{Role: role, Units: []string{"KMAR", "MIVD"}, AllUnits: allUnits, Clearance: register.StgGeheim}
			name := fmt.Sprintf("%s/allUnits=%v", role, allUnits)
			t.Run(name, func(t *testing.T) {
				units := 2
				if allUnits || spansAll[string(role)] {
					units = len(register.DemoUnits)
				}
				want := units * 4 // ongerubriceerd … stg-geheim
				got := FilterVisible(u, all, DescriptionKey)
				if len(got) != want {
					t.Fatalf("FilterVisible kept %d, want %d", len(got), want)
				}
				scope := ListScope(u)
				n := 0
				for _, d := range all {
					if scope.Sees(d.Unit, d.Classification) {
						n++
					}
				}
				if n != want {
					t.Errorf("ListScope counts %d, want %d", n, want)
				}
				for _, d := range got {
					if d.Classification == register.StgZeerGeheim {
						t.Errorf("%s above clearance listed", d.ID)
					}
					if !Can(u, View, d.Unit, d.Classification) {
						t.Errorf("%s listed but cannot be viewed", d.ID)
					}
				}
			})
		}
	}
	disabled := &register.User{Role: register.RoleAdmin, Clearance: register.StgZeerGeheim, Disabled: true}
	if n := len(FilterVisible(disabled, all, DescriptionKey)); n != 0 {
		t.Errorf("disabled user lists %d", n)
	}
}

func TestActionsFor(t *testing.T) {
	for _, r := range register.Roles {
		got := ActionsFor(r)
		var want []Action
		for _, a := range expectedColumns {
			if expectedAllows(t, string(r), a) {
				want = append(want, Action(a))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("ActionsFor(%s) = %v, want %v", r, got, want)
		}
	}
}

const (
	matrixBegin = "<!-- matrix:begin (generated by go test ./internal/access -update) -->\n"
	matrixEnd   = "<!-- matrix:end -->"
)

// TestDocMatrix keeps the matrix in docs/access.md equal to the table. Run with -update after
// a deliberate change to the table.
func TestDocMatrix(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "access.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, matrixBegin)
	j := strings.Index(doc, matrixEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: matrix markers missing", path)
	}
	current := doc[i+len(matrixBegin) : j]
	want := MatrixMarkdown()
	if current == want {
		return
	}
	if !*update {
		t.Fatalf("%s: the matrix differs from the table; run go test ./internal/access -update\ngot:\n%s\nwant:\n%s", path, current, want)
	}
	doc = doc[:i+len(matrixBegin)] + want + doc[j:]
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
}
