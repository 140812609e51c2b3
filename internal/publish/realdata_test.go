package publish

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

// realDescriptions reads the national register's CSV export (../shared/data) into descriptions,
// taking the v1.0 columns by name. Lists are left empty: the export's list layouts are the
// exchange package's concern.
func realDescriptions(t testing.TB) []register.Description {
	t.Helper()
	f, err := os.Open("../../../shared/data/algoritmeregister-export-2024-05-eng.csv")
	if err != nil {
		t.Fatalf("real data: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("real data: %v", err)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "\ufeff")
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []register.Description
	for i, rec := range recs[1:] {
		var d register.Description
		v := &d.Standard
		for _, f := range standardFields {
			if p := stringField(v, f.Name); p != nil {
				*p = get(rec, f.Name)
			}
		}
		d.ID = "real-" + string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		d.PublicID = d.ID
		out = append(out, d)
	}
	return out
}

// TestScanRealData runs the public view and the scan over every description of the national
// register's export with nothing redacted and no sensitive terms: ordinary published texts must
// give no redacted-text, person, term or marking findings (other organisations' contacts are
// not on our allowlist, and the English export's values are not v1.0: those findings are right).
func TestScanRealData(t *testing.T) {
	ds := realDescriptions(t)
	if len(ds) < 100 {
		t.Fatalf("only %d real descriptions", len(ds))
	}
	cfg := testConfig()
	cfg.Terms = nil
	count := map[string]int{}
	for _, d := range ds {
		it := Item{Desc: d, Assessment: register.Assessment{Decision: register.DecisionPublishFull}}
		for _, f := range Scan(it, PublicView(it, cfg), cfg) {
			count[f.Kind]++
			if f.Kind == KindMarking {
				t.Logf("marking in %s: %s", f.Field, f.Reason)
			}
		}
	}
	b, _ := json.Marshal(count)
	t.Logf("%d real descriptions, findings by kind: %s", len(ds), b)
	for _, k := range []string{KindRedactedText, KindPersonName, KindSensitiveTerm, KindMarking} {
		if count[k] != 0 {
			t.Errorf("%d %s findings without redactions, users or terms", count[k], k)
		}
	}
}
