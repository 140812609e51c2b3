package service_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/service"
	"github.com/defensie/algoreg/internal/store"
	"github.com/defensie/algoreg/internal/testdb"
)

type world struct {
	st                              register.Store
	svc                             *service.Service
	sys, editor, assessor, approver service.Actor
	key                             ed25519.PrivateKey
	pub                             ed25519.PublicKey
	allow                           []string
}

func newWorld(t *testing.T, db string) *world {
	t.Helper()
	ctx := context.Background()
	st := testdb.Open(t, db)
	svc := service.New(st, nil, service.Config{Ceiling: register.StgGeheim})
	w := &world{st: st, svc: svc, sys: service.System("test"), allow: []string{"algoritmeregister@mindef.nl", "https://www.defensie.nl/"}}
	add := func(email, name string, role register.Role) service.Actor {
		u, err := svc.AddUser(ctx, w.sys, service.UserInput{Email: email, Name: name, Role: role, AllUnits: true, Clearance: register.StgConfidentieel})
		if err != nil {
			t.Fatal(err)
		}
		return service.Actor{User: u, Origin: "test"}
	}
	w.editor = add("jan.jansen@mindef.nl", "Jan Jansen", register.RoleCoordinator)
	w.assessor = add("anna.beoordelaar@mindef.nl", "Anna Beoordelaar", register.RoleAssessor)
	w.approver = add("bram.besluit@mindef.nl", "Bram Besluit", register.RoleApprover)
	var err error
	w.pub, w.key, err = ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// approved takes a description from creation to approval with the given field decisions.
func (w *world) approved(t *testing.T, in service.DescriptionInput, asm register.Assessment) *register.Description {
	t.Helper()
	ctx := context.Background()
	d, err := w.svc.CreateDescription(ctx, w.editor, in)
	if err != nil {
		t.Fatal(err)
	}
	w.step(t, w.editor, d.ID, register.ActionSubmit)
	if _, err := w.svc.Classify(ctx, w.assessor, d.ID, register.Facts{IsAlgorithm: true, Exclusion: "none", ProhibitedPractice: "none", AnnexIProduct: "none", AnnexIIIArea: "none", Article63Condition: "none", JudgedImpactful: true}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Assess(ctx, w.assessor, d.ID, asm); err != nil {
		t.Fatal(err)
	}
	w.step(t, w.assessor, d.ID, register.ActionAssess)
	return w.step(t, w.approver, d.ID, register.ActionApprove)
}

func (w *world) step(t *testing.T, a service.Actor, id string, act register.Action) *register.Description {
	t.Helper()
	d, err := w.svc.Transition(context.Background(), a, id, act, "test")
	if err != nil {
		t.Fatalf("%s: %v", act, err)
	}
	return d
}

func input(name, methods string) service.DescriptionInput {
	return service.DescriptionInput{Unit: "KMAR", Classification: register.DepVertrouwelijk, Standard: register.Standard{
		Name: name, DescriptionShort: "Helpt bij de grensbewaking door reizigers te selecteren voor een nadere controle.",
		Organization: "Koninklijke Marechaussee", Status: "In gebruik", ContactEmail: "algoritmeregister@mindef.nl",
		PublicationCategory: "Impactvolle algoritmes", Goal: "<p>Illegale migratie tegengaan.</p>", MethodsAndModels: methods,
	}, Owners: []register.Person{{Name: "Kapitein Pieter Pietersen", Email: "p.pietersen@mindef.nl", Role: "algoritme-eigenaar"}}}
}

func TestPublicationPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db string) {
		ctx := context.Background()
		w := newWorld(t, db)
		secret := "Het model gebruikt de sensorketen Nachtegaal bij de oostgrens."
		partial := register.Assessment{Decision: register.DecisionPublishPartial, Grounds: []string{"5.1.2.h"}, Motivation: "Methode blijft intern.",
			ReviewOn: time.Now().AddDate(1, 0, 0).Format("2006-01-02"),
			Fields:   map[string]register.FieldDecision{"methods_and_models": {Action: register.FieldRedact, Ground: "5.1.2.h", Motivation: "Toont de werking van de sensorketen."}}}
		d := w.approved(t, input("Risicoprofiel grenspassage", "<p>"+secret+"</p>"), partial)
		full := register.Assessment{Decision: register.DecisionPublishFull}
		d2 := w.approved(t, input("Kentekenherkenning grensgebied", "<p>Optische tekenherkenning.</p>"), full)

		out := filepath.Join(t.TempDir(), "bundle")
		rep, err := w.svc.Publish(ctx, w.sys, service.PublishOptions{OutDir: out, Key: w.key, ContactAllowlist: w.allow})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) > 0 || rep.Published != 2 || rep.New != 2 {
			t.Fatalf("publish: %+v", rep)
		}
		// the state changes' audit entries, appended as one batch, keep the chain intact
		if broken, err := store.VerifyAudit(ctx, w.st); err != nil || broken != 0 {
			t.Fatalf("audit chain after the run: broken at %d, %v", broken, err)
		}
		var publishedEntries int
		if err := w.st.Tx(ctx, func(tx register.Tx) error {
			es, err := tx.Audit(ctx, 0, 0)
			for _, e := range es {
				if e.Action == "description.publish" && (e.Object == "description:"+d.ID || e.Object == "description:"+d2.ID) {
					publishedEntries++
				}
			}
			return err
		}); err != nil || publishedEntries != 2 {
			t.Fatalf("%d description.publish audit entries, want 2 (%v)", publishedEntries, err)
		}
		m, items, err := publish.LoadBundle(out, w.pub)
		if err != nil || m.Count != 2 || len(items) != 2 {
			t.Fatalf("bundle does not verify: %v %+v", err, m)
		}
		for _, f := range []string{"algorithms.json", "algorithms.csv"} {
			b, _ := os.ReadFile(filepath.Join(out, f))
			for _, leak := range []string{"Nachtegaal", "Pietersen", "p.pietersen", "jan.jansen", d.ID, "dep-vertrouwelijk", "KMAR\""} {
				if strings.Contains(string(b), leak) {
					t.Errorf("%s contains %q", f, leak)
				}
			}
		}
		var redacted bool
		for _, it := range items {
			if strings.Contains(it.MethodsAndModels, "niet openbaar op grond van artikel 5.1, tweede lid, onder h, Woo") {
				redacted = true
			}
		}
		if !redacted {
			t.Error("the redaction notice is not in the bundle")
		}
		// the run's figures snapshot (taken from the rows at hand) equals the figures counted afresh
		fresh, err := w.svc.Progress(ctx, w.sys, time.Now().Year())
		if err != nil {
			t.Fatal(err)
		}
		yr, _, err := w.svc.YearReport(ctx, w.sys, time.Now().Year())
		if err != nil || len(yr.Trend) == 0 {
			t.Fatalf("no snapshot in the trend: %v", err)
		}
		if diff := cmp.Diff(fresh.Total, yr.Trend[len(yr.Trend)-1].Total); diff != "" {
			t.Errorf("the publication run's snapshot differs from a fresh count (-fresh +snapshot):\n%s", diff)
		}
		got, _ := w.svc.GetDescription(ctx, w.sys, d.ID)
		if got.State != register.StatePublished || got.PublishedRevision == 0 || got.PublicID == "" || got.PublicationDT == "" {
			t.Fatalf("after publishing: %+v", got)
		}

		// the national register's LARS code is kept, without a new workflow cycle
		if _, err := w.svc.SetLars(ctx, w.sys, got.PublicID, "1234567"); register.ErrorCode(err) != register.EINVALID {
			t.Errorf("a malformed LARS code was accepted: %v", err)
		}
		withLars, err := w.svc.SetLars(ctx, w.sys, got.PublicID, "11136893")
		if err != nil || withLars.State != register.StatePublished || withLars.PublishedRevision != withLars.Revision {
			t.Fatalf("set lars: %v %+v", err, withLars)
		}
		got = withLars
		// a new revision in review: the published form stays public unchanged
		in := service.InputOf(got)
		in.Name = "Risicoprofiel grenspassage (herzien)"
		if _, err := w.svc.UpdateDescription(ctx, w.editor, d.ID, got.Revision, in); err != nil {
			t.Fatal(err)
		}
		// withdraw the other one: it leaves the next bundle
		w.step(t, w.approver, d2.ID, register.ActionWithdraw)
		if rep, err := w.svc.Publish(ctx, w.sys, service.PublishOptions{OutDir: out, Key: w.key, ContactAllowlist: w.allow}); err != nil || len(rep.Findings) > 0 {
			t.Fatalf("second run: %v %+v", err, rep)
		}
		_, items, err = publish.LoadBundle(out, w.pub)
		if err != nil || len(items) != 1 || items[0].Name != "Risicoprofiel grenspassage" || items[0].Lars != "11136893" {
			t.Fatalf("second bundle: %v %+v", err, items)
		}

		// a sensitive term added later blocks the run: nothing written, nothing changed
		before, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
		if _, err := w.svc.ChangeTerms(ctx, w.sys, true, []string{"oostgrens", "grenspassage"}); err != nil {
			t.Fatal(err)
		}
		rep, err = w.svc.Publish(ctx, w.sys, service.PublishOptions{OutDir: out, Key: w.key, ContactAllowlist: w.allow})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) == 0 || rep.Manifest != nil {
			t.Fatalf("a sensitive term did not block: %+v", rep)
		}
		after, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
		if string(before) != string(after) {
			t.Error("a refused run changed the bundle")
		}
		for _, f := range rep.Findings {
			if f.Field == "" || f.Reason == "" || f.DescriptionID == "" {
				t.Errorf("finding without description, field or reason: %+v", f)
			}
		}
		var js []map[string]any
		b, _ := os.ReadFile(filepath.Join(out, "algorithms.json"))
		if err := json.Unmarshal(b, &js); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPublishBlocksAPersonalContact(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, testdb.SQLite(t))
	in := input("Planning vliegopleidingen", "<p>Roosteren.</p>")
	in.ContactEmail = "j.devries@mindef.nl"
	in.Goal = "<p>Vragen? Bel 06-12345678 of mail jan.jansen@mindef.nl.</p>"
	w.approved(t, in, register.Assessment{Decision: register.DecisionPublishFull})
	out := filepath.Join(t.TempDir(), "bundle")
	rep, err := w.svc.Publish(ctx, w.sys, service.PublishOptions{OutDir: out, Key: w.key, ContactAllowlist: w.allow})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, f := range rep.Findings {
		kinds[f.Kind] = true
	}
	if len(rep.Findings) == 0 || !kinds["phone"] {
		t.Errorf("personal data not blocked: %+v", rep.Findings)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused run wrote a bundle")
	}
}
