package search

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/defensie/algoreg/internal/register"
)

func doc(id, name, short, org string) Doc {
	return Doc{ID: id, Fields: map[string]string{"name": name, "description_short": short, "organization": org}}
}

// exampleIndex is a small register with the words the requirements name.
func exampleIndex() *Index {
	ix := NewIndex()
	for _, d := range []Doc{
		doc("verg", "Vergunning evenementen", "Beoordeelt aanvragen voor een vergunning.", "Gemeente Utrecht"),
		doc("park", "Parkeervergunning", "Toekennen van parkeervergunningen aan bewoners die willen parkeren.", "Gemeente Amsterdam"),
		doc("omgev", "Omgevingsvergunning bouw", "Toets op de omgevingsvergunning.", "Gemeente Delft"),
		doc("kmar", "Grenscontrole", "Ondersteunt de grenscontrole op Schiphol.", "Koninklijke Marechaussee"),
		doc("kmar2", "Risicoprofielen", "Analyse door de KMar van reisgegevens.", "Ministerie van Defensie"),
		doc("bel", "Selectiemodule inkomstenbelasting", "Selecteert aangiften voor controle.", "Belastingdienst"),
		doc("uwv", "Werkverkenner", "Voorspelt de kans op werkhervatting.", "Uitvoeringsinstituut Werknemersverzekeringen"),
		doc("chat", "Chatbot", "Beantwoordt vragen van inwoners.", "Gemeente Zeist"),
		doc("chat2", "Vragen beantwoorden", "Een chatbot op de website beantwoordt vragen.", "Gemeente Gorinchem"),
		doc("afval", "Afvalinzameling", "Plant de routes voor de inzameling van afval.", "Gemeente Oss"),
	} {
		ix.Put(d)
	}
	return ix
}

func ids(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

func TestSearchRequiredExamples(t *testing.T) {
	ix := exampleIndex()
	tests := []struct {
		q       string
		want    []string // must all be found
		notWant []string
		first   string // the best hit, when set
	}{
		{q: "vergunningen", want: []string{"verg", "park", "omgev"}, notWant: []string{"chat", "bel"}},
		{q: "vergunning", want: []string{"verg", "park", "omgev"}, first: "verg"},
		{q: "parkeervergunning", want: []string{"park"}, notWant: []string{"verg"}, first: "park"},
		{q: "parkeren", want: []string{"park"}},
		// one typo
		{q: "vergunnign", want: []string{"verg", "park", "omgev"}},
		{q: "chatbto", want: []string{"chat", "chat2"}, first: "chat"},
		{q: "belastingdiesnt", want: []string{"bel"}},
		{q: "afvalinzamelnig", want: []string{"afval"}},
		// two typos in a long word
		{q: "werknemrsverzekerignen", want: []string{"uwv"}},
		// organisations and abbreviations, both ways
		{q: "KMar", want: []string{"kmar", "kmar2"}},
		{q: "Koninklijke Marechaussee", want: []string{"kmar", "kmar2"}, first: "kmar"},
		{q: "UWV", want: []string{"uwv"}},
		{q: "Belastingdienst", want: []string{"bel"}},
		{q: "Gemeente Amsterdam", want: []string{"park"}, notWant: []string{"verg"}},
		// name matches first
		{q: "chatbot", want: []string{"chat", "chat2"}, first: "chat"},
		// compounds in the query
		{q: "afval inzameling", want: []string{"afval"}},
		{q: "inzameling afval", want: []string{"afval"}},
		// search as you type
		{q: "parkeerverg", want: []string{"park"}},
		{q: "grensco", want: []string{"kmar"}},
		// nothing
		{q: "de het een", want: nil},
		{q: "", want: nil},
		{q: "zzzzzz", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := ids(ix.Search(tt.q, nil, 0))
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("Search(%q) = %v, misses %s", tt.q, got, id)
				}
			}
			for _, id := range tt.notWant {
				if slices.Contains(got, id) {
					t.Errorf("Search(%q) = %v, should not find %s", tt.q, got, id)
				}
			}
			if tt.want == nil && len(got) > 0 {
				t.Errorf("Search(%q) = %v, want nothing", tt.q, got)
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("Search(%q) = %v, want %s first", tt.q, got, tt.first)
			}
		})
	}
}

func TestSearchExactBeatsTypo(t *testing.T) {
	ix := NewIndex()
	ix.Put(doc("exact", "Subsidie", "", ""))
	ix.Put(doc("typo", "Subsidei", "", "")) // a misspelt entry
	hs := ix.Search("subsidie", nil, 0)
	if len(hs) != 2 || hs[0].ID != "exact" || hs[0].Score <= hs[1].Score {
		t.Fatalf("Search = %v, want exact first, the rare misspelt word too", hs)
	}
}

func TestIndexPutDeleteLen(t *testing.T) {
	ix := NewIndex()
	ix.Put(doc("a", "Parkeervergunning", "", ""))
	ix.Put(doc("b", "Chatbot", "", ""))
	if ix.Len() != 2 {
		t.Fatalf("Len = %d, want 2", ix.Len())
	}
	// Replace: the old text is gone, the new one found.
	ix.Put(doc("a", "Afvalinzameling", "", ""))
	if ix.Len() != 2 {
		t.Fatalf("Len after replace = %d, want 2", ix.Len())
	}
	if hs := ix.Search("parkeervergunning", nil, 0); len(hs) != 0 {
		t.Errorf("old text still found: %v", hs)
	}
	if hs := ix.Search("afval", nil, 0); len(hs) != 1 || hs[0].ID != "a" {
		t.Errorf("new text not found: %v", hs)
	}
	ix.Delete("a")
	ix.Delete("unknown")
	if ix.Len() != 1 {
		t.Fatalf("Len after delete = %d, want 1", ix.Len())
	}
	if hs := ix.Search("afval", nil, 0); len(hs) != 0 {
		t.Errorf("deleted document found: %v", hs)
	}
	ix.Put(doc("c", "Afval", "", ""))
	if hs := ix.Search("afval", nil, 0); len(hs) != 1 || hs[0].ID != "c" {
		t.Errorf("after reuse of a slot: %v", hs)
	}
}

func TestSearchAllowAndLimit(t *testing.T) {
	ix := exampleIndex()
	all := ids(ix.Search("gemeente", nil, 0))
	if len(all) < 5 {
		t.Fatalf("gemeente: %v", all)
	}
	got := ids(ix.Search("gemeente", func(id string) bool { return id != "park" }, 0))
	if slices.Contains(got, "park") || len(got) != len(all)-1 {
		t.Errorf("allow: %v (all %v)", got, all)
	}
	if got := ix.Search("gemeente", nil, 2); len(got) != 2 || got[0].ID != all[0] || got[1].ID != all[1] {
		t.Errorf("limit 2: %v, all %v", got, all)
	}
	for i := 1; i < len(all); i++ {
		hs := ix.Search("gemeente", nil, 0)
		if hs[i-1].Score < hs[i].Score {
			t.Errorf("not best first: %v", hs)
		}
	}
}

// TestConcurrent runs Put, Delete and Search at once; run with -race.
func TestConcurrent(t *testing.T) {
	ix := exampleIndex()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 200 {
				id := fmt.Sprintf("w%d-%d", w, i%20)
				ix.Put(doc(id, "Parkeervergunning nummer "+id, "vergunning", "Gemeente"))
				if i%3 == 0 {
					ix.Delete(id)
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				for _, h := range ix.Search("vergunningen", nil, 10) {
					if h.ID == "" {
						t.Error("empty id")
					}
				}
			}
		}()
	}
	wg.Wait()
	if n := ix.Len(); n < 10 {
		t.Errorf("Len = %d", n)
	}
}

func TestIndexAnalyzeCompounds(t *testing.T) {
	ix := exampleIndex()
	tests := []struct {
		text string
		want []string
	}{
		{"parkeervergunningen", []string{"parkeervergunn", "parker", "vergunn"}},
		{"bouwvergunning", []string{"bouwvergunn", "bouw", "vergunn"}},
		{"omgevingsvergunning", []string{"omgevingsvergunn"}}, // omgeving alone is not in the index
		{"chatbot", []string{"chatbot"}},
		{"kwartelkoning", []string{"kwartelkon"}}, // parts unknown to the index
	}
	for _, tt := range tests {
		if got := ix.Analyze(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Analyze(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestFromStandard(t *testing.T) {
	ix := NewIndex()
	ix.Put(FromStandard("d1", register.Standard{
		Name:                "Stuurinformatie dashboard operationele gereedheid",
		Organization:        "Ministerie van Defensie",
		Category:            []string{"Organisatie en bedrijfsvoering"},
		LawfulBasisGrouping: []register.Link{{Title: "Wet veiligheidsregio's", Link: "https://wetten.overheid.nl"}},
		MethodsAndModels:    "Regelgebaseerd model",
	}))
	for _, q := range []string{"gereedheid", "defensie", "veiligheidsregio", "bedrijfsvoering", "regelgebaseerd"} {
		if hs := ix.Search(q, nil, 0); len(hs) != 1 {
			t.Errorf("Search(%q) = %v, want d1", q, hs)
		}
	}
}

// TestIndexUpdatesMatchFreshIndex replaces and deletes documents until the index compacts
// (more than once) and checks that it answers exactly as an index built from the remaining
// documents: the same hits with the same scores, and the same length.
func TestIndexUpdatesMatchFreshIndex(t *testing.T) {
	defer func(n int) { compactMin = n }(compactMin)
	compactMin = 64
	texts := []Doc{
		doc("", "Parkeervergunning", "Toekennen van parkeervergunningen aan bewoners.", "Gemeente Amsterdam"),
		doc("", "Vergunning evenementen", "Beoordeelt aanvragen voor een vergunning.", "Gemeente Utrecht"),
		doc("", "Chatbot", "Beantwoordt vragen van inwoners.", "Gemeente Zeist"),
		doc("", "Selectiemodule inkomstenbelasting", "Selecteert aangiften voor controle.", "Belastingdienst"),
		doc("", "Grenscontrole", "Ondersteunt de grenscontrole op Schiphol.", "Koninklijke Marechaussee"),
		doc("", "Afvalinzameling", "Plant de routes voor de inzameling van afval.", "Gemeente Oss"),
		doc("", "Subsidei", "Een misspelde subsidie.", "Gemeente Delft"),
	}
	ix := NewIndex()
	final := map[string]Doc{}
	compactions := 0
	for i := range 3000 {
		id := fmt.Sprintf("d%d", i*7%50)
		if i%5 == 4 {
			ix.Delete(id)
			delete(final, id)
		} else {
			d := texts[i%len(texts)]
			d.ID = id
			d.Fields = map[string]string{"name": d.Fields["name"] + fmt.Sprintf(" nummer%d", i%13), "description_short": d.Fields["description_short"], "organization": d.Fields["organization"]}
			ix.Put(d)
			final[id] = d
		}
		ix.mu.RLock()
		if ix.dead == 0 {
			compactions++
		}
		ix.mu.RUnlock()
	}
	if compactions < 2 {
		t.Fatalf("the index compacted %d times, want at least 2", compactions)
	}
	fresh := NewIndex()
	for _, d := range final {
		fresh.Put(d)
	}
	if ix.Len() != fresh.Len() {
		t.Fatalf("Len = %d, fresh index %d", ix.Len(), fresh.Len())
	}
	for _, q := range []string{"vergunning", "parkeerverg", "gemeente", "nummer3", "subsidie", "vragen inwoners", "KMar", "afvalinzamelnig", "belasting", "chatbot nummer3", "grenscontrole nummer5", "gemeente zeist", "Afvalinzameling nummer12"} {
		got, want := ix.Search(q, nil, 0), fresh.Search(q, nil, 0)
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) after updates = %v, fresh index %v", q, got, want)
		}
	}
}
