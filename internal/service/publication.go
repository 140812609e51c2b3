package service

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/classify"
	"github.com/defensie/algoreg/internal/publish"
	"github.com/defensie/algoreg/internal/register"
)

// PublishOptions steer a publication run.
type PublishOptions struct {
	OutDir string
	Key    ed25519.PrivateKey
	// ContactAllowlist lists the public contacts allowed (functional mailboxes, "@domain"
	// suffixes, URL prefixes); nil means the service's configured list.
	ContactAllowlist []string
	// DryRun builds and scans everything but writes no bundle and changes no state.
	DryRun bool
}

// PublishReport tells what a run did, or why it refused.
type PublishReport struct {
	Published   int               `json:"published"` // descriptions in the bundle
	New         int               `json:"new"`       // approved descriptions published for the first time in this form
	Findings    []publish.Finding `json:"findings"`  // what the pre-publication scan blocked
	Manifest    *publish.Manifest `json:"manifest"`  // nil when refused or a dry run
	Withheld    []string          `json:"withheld"`  // names of approved descriptions not published (findings)
	RuleVersion string            `json:"rule_version"`
}

// settingTerms is where the sensitive terms are kept.
const settingTerms = "publish.terms"

// publishedKey keeps the public form of a published description, so that it stays public as it
// was while a new revision is in review.
func publishedKey(id string) string { return "published:" + id }

// Publish builds the publication bundle from what is approved for publication, after the
// pre-publication scan. Any finding refuses the whole run: nothing is written and no state
// changes. A run that succeeds writes the bundle (atomically) and moves the newly published
// descriptions to published, in one transaction.
func (s *Service) Publish(ctx context.Context, a Actor, opt PublishOptions) (*PublishReport, error) {
	if !access.CanGlobal(a.User, access.Publish) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag geen publicatierun starten.")
	}
	if !opt.DryRun && len(opt.Key) != ed25519.PrivateKeySize {
		return nil, register.Errorf(register.EINVALID, "Geen geldige ondertekeningssleutel.")
	}
	rep := &PublishReport{RuleVersion: classify.Current().Version}
	// installed is the bundle put in place inside the transaction: kept when it commits, the
	// previous one restored when it does not, so the directory and the states always agree.
	var installed *publish.StagedBundle
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		if installed != nil { // an earlier attempt of this transaction did not commit
			if err := installed.Restore(); err != nil {
				return err
			}
			installed = nil
		}
		users, err := tx.ListUsers(ctx)
		if err != nil {
			return err
		}
		terms, err := s.terms(ctx, tx)
		if err != nil {
			return err
		}
		allow := opt.ContactAllowlist
		if allow == nil {
			allow = s.cfg.ContactAllowlist
		}
		cfg := publish.Config{Users: users, Terms: terms, ContactAllowlist: allow, Organization: s.cfg.Organization}
		all, _, err := tx.ListDescriptions(ctx, register.Filter{Scope: access.ListScope(a.User)})
		if err != nil {
			return err
		}
		assessments, err := tx.AllAssessments(ctx)
		if err != nil {
			return err
		}
		now := tx.Now()
		// Sized up front: a run holds tens of thousands of these, and growing them by appending
		// copied them over and over (hundreds of MB allocated in a big run).
		approved, public := 0, 0
		for i := range all {
			if all[i].State == register.StateApproved {
				approved++
			} else if all[i].PublishedRevision > 0 {
				public++
			}
		}
		items := make([]register.Standard, 0, approved+public)
		pubDT := make(map[string]string, approved+public)
		jobs := make([]publish.Item, 0, approved) // approved: their public view is built and scanned below, in parallel
		for i := range all {
			d := all[i]
			switch {
			case d.State == register.StateApproved:
				asm, ok := assessments[d.ID]
				if !ok {
					rep.Findings = append(rep.Findings, publish.Finding{DescriptionID: d.ID, Name: d.Name, Field: "publication_assessment", Reason: "goedgekeurd zonder publicatiebesluit", Kind: "schema"})
					continue
				}
				if asm.Decision != register.DecisionPublishFull && asm.Decision != register.DecisionPublishPartial {
					continue
				}
				if d.PublicID == "" {
					d.PublicID = newPublicID()
				}
				jobs = append(jobs, publish.Item{Desc: d, Assessment: asm})
			case d.PublishedRevision > 0 && d.State != register.StateWithdrawn && d.State != register.StateArchived:
				// published, or a new revision in review: stays public in its last published form
				raw, err := tx.Setting(ctx, publishedKey(d.ID))
				if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
					return err
				}
				var pi publish.PublicItem
				if raw == "" || json.Unmarshal([]byte(raw), &pi) != nil {
					continue
				}
				// the scan runs again: a term added since, or a user's name, still blocks
				snap, err := tx.RevisionOf(ctx, d.ID, d.PublishedRevision)
				if err != nil {
					return err
				}
				it := publish.Item{Desc: *snap}
				if asm, ok := assessments[d.ID]; ok {
					it.Assessment = asm
					// the published form was decided on when it went out; recording a LARS code
					// since then makes a revision that needs no new decision
					it.Assessment.Revision = snap.Revision
				}
				if f := publish.Scan(it, pi.Standard, cfg); len(f) > 0 {
					rep.Findings = append(rep.Findings, f...)
					continue
				}
				items = append(items, pi.Standard)
				pubDT[pi.SourceID] = pi.PublicationDT
			}
		}
		viewed := viewAndScan(jobs, cfg)
		news := make([]fresh, 0, len(jobs))
		nowText := now.Format(time.RFC3339)
		for i := range viewed {
			r := &viewed[i]
			if len(r.findings) > 0 {
				rep.Findings = append(rep.Findings, r.findings...)
				rep.Withheld = append(rep.Withheld, jobs[i].Desc.Name)
				continue
			}
			items = append(items, r.pub)
			pubDT[r.pub.SourceID] = nowText
			news = append(news, fresh{&jobs[i].Desc, &r.pub, nowText})
		}
		rep.Published, rep.New = len(items), len(news)
		if len(rep.Findings) > 0 {
			sort.Slice(rep.Findings, func(i, j int) bool { return rep.Findings[i].Name < rep.Findings[j].Name })
			return s.audit(ctx, tx, a, "publish", "bundle", 0, "refused", fmt.Sprintf("%d bevindingen van de controle vóór publicatie", len(rep.Findings)))
		}
		if opt.DryRun {
			return nil
		}
		// The bundle's files need only the items: they are written and signed beside the output
		// directory while the state changes are recorded, and put in place only when everything
		// else in this transaction has succeeded.
		type staged struct {
			b   *publish.StagedBundle
			err error
		}
		stagedc := make(chan staged, 1)
		go func() {
			b, err := publish.StageBundle(opt.OutDir, items, pubDT, publish.Meta{
				RuleVersion: rep.RuleVersion, ModelVersion: s.RiskModel().Version, Organization: s.cfg.Organization, CreatedAt: now,
			}, opt.Key)
			stagedc <- staged{b, err}
		}()
		err = s.recordPublished(ctx, tx, a, all, news, now)
		st := <-stagedc
		defer st.b.Discard() // nothing once installed
		if err != nil {
			return err
		}
		if st.err != nil {
			return fmt.Errorf("bundel schrijven: %w", st.err)
		}
		m := st.b.Manifest
		rep.Manifest = m
		// The figures snapshot: from the rows at hand when this run saw the whole register,
		// else read again over everything.
		if sc := access.ListScope(a.User); sc.AllUnits && sc.MaxLevel == register.StgZeerGeheim {
			err = s.snapshotOf(ctx, tx, "publish", all, assessments)
		} else {
			_, err = s.takeSnapshot(ctx, tx, "publish")
		}
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "publish", "bundle", 0, "ok", fmt.Sprintf("%d beschrijvingen, %d nieuw, sleutel %s", len(items), len(news), m.KeyID)); err != nil {
			return err
		}
		if err := st.b.Install(); err != nil {
			return fmt.Errorf("bundel schrijven: %w", err)
		}
		installed = st.b
		return nil
	})
	if err != nil {
		if installed != nil {
			if rerr := installed.Restore(); rerr != nil {
				return nil, fmt.Errorf("%w; de vorige bundel kon niet worden teruggezet: %v", err, rerr)
			}
		}
		return nil, err
	}
	if installed != nil {
		if err := installed.Keep(); err != nil {
			s.log.Warn("vorige bundel niet opgeruimd", "fout", err)
		}
	}
	return rep, nil
}

// fresh is an approved description that a run publishes, with its public form and time.
type fresh struct {
	d   *register.Description
	pub *register.Standard
	dt  string
}

// recordPublished moves the freshly published descriptions to published, keeps their public
// form, and records a transition and an audit entry for each, as one batch of each kind (a run
// publishes thousands). all is kept current for the figures snapshot.
func (s *Service) recordPublished(ctx context.Context, tx register.Tx, a Actor, all []register.Description, news []fresh, now time.Time) error {
	at := make(map[string]int, len(all)) // position in all
	for i := range all {
		at[all[i].ID] = i
	}
	ds := make([]*register.Description, 0, len(news))
	trs := make([]register.Transition, 0, len(news))
	es := make([]*register.AuditEntry, 0, len(news))
	for _, n := range news {
		i := at[n.d.ID]
		d := &all[i]
		*d = *n.d
		from := d.State
		d.State, d.PublishedRevision, d.PublicationDT = register.StatePublished, d.Revision, n.dt
		d.UpdatedAt, d.UpdatedBy = now, a.name()
		ds = append(ds, d)
		trs = append(trs, register.Transition{DescriptionID: d.ID, Revision: d.Revision, Action: register.ActionPublish, From: from, To: d.State, By: a.name(), At: now, Comment: "publicatierun"})
		es = append(es, s.auditEntry(tx, a, "description.publish", descObject(d.ID), d.Revision, "ok", d.PublicID))
	}
	if err := tx.SetDescriptionStates(ctx, ds); err != nil {
		return err
	}
	// The public forms are encoded a few hundred at a time: all at once they would be tens
	// of megabytes more memory in a big run.
	const formsAtOnce = 500
	kv := make([][2]string, 0, min(len(news), formsAtOnce))
	for i, n := range news {
		b, err := publish.PublicItem{Standard: *n.pub, PublicationDT: n.dt}.MarshalJSON()
		if err != nil {
			return fmt.Errorf("publieke vorm van %s: %w", n.d.ID, err)
		}
		kv = append(kv, [2]string{publishedKey(n.d.ID), string(b)})
		if len(kv) == formsAtOnce || i == len(news)-1 {
			if err := tx.SetSettings(ctx, kv); err != nil {
				return err
			}
			kv = kv[:0]
		}
	}
	if err := tx.AddTransitions(ctx, trs); err != nil {
		return err
	}
	return tx.AppendAudits(ctx, es)
}

type viewed struct {
	pub      register.Standard
	findings []publish.Finding
}

// viewAndScan builds the public view of each item and scans it, spread over the processors:
// it is the bulk of a publication run's work, and each item stands alone.
func viewAndScan(items []publish.Item, cfg publish.Config) []viewed {
	out := make([]viewed, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				pub := publish.PublicView(items[i], cfg)
				out[i] = viewed{pub, publish.Scan(items[i], pub, cfg)}
			}
		})
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// terms returns the list of sensitive terms.
func (s *Service) terms(ctx context.Context, tx register.Tx) ([]string, error) {
	raw, err := tx.Setting(ctx, settingTerms)
	if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
		return nil, err
	}
	var terms []string
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &terms); err != nil {
			return nil, fmt.Errorf("sensitive terms setting: %w", err)
		}
	}
	return terms, nil
}

// Terms lists the sensitive terms that the pre-publication scan blocks.
func (s *Service) Terms(ctx context.Context, a Actor) ([]string, error) {
	if !access.CanGlobal(a.User, access.TermsManage) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag de lijst met gevoelige termen niet inzien.")
	}
	var out []string
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		out, err = s.terms(ctx, tx)
		return err
	})
	return out, err
}

// ChangeTerms adds or removes sensitive terms; the change is audited (the audit names how many,
// not which: the terms themselves are sensitive).
func (s *Service) ChangeTerms(ctx context.Context, a Actor, add bool, terms []string) ([]string, error) {
	if !access.CanGlobal(a.User, access.TermsManage) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag de lijst met gevoelige termen niet beheren.")
	}
	var probs []register.FieldProblem
	clean := make([]string, 0, len(terms))
	for i, t := range terms {
		t = strings.Join(strings.Fields(t), " ")
		switch {
		case len([]rune(t)) < 3:
			probs = append(probs, problem(fmt.Sprintf("term[%d]", i), "moet minstens 3 tekens lang zijn"))
		case len([]rune(t)) > 200:
			probs = append(probs, problem(fmt.Sprintf("term[%d]", i), "is langer dan 200 tekens"))
		default:
			clean = append(clean, t)
		}
	}
	if len(probs) > 0 {
		return nil, register.Invalid(probs)
	}
	var out []string
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		cur, err := s.terms(ctx, tx)
		if err != nil {
			return err
		}
		set := map[string]string{}
		for _, t := range cur {
			set[strings.ToLower(t)] = t
		}
		n := 0
		for _, t := range clean {
			k := strings.ToLower(t)
			_, had := set[k]
			if add && !had {
				set[k] = t
				n++
			} else if !add && had {
				delete(set, k)
				n++
			}
		}
		out = make([]string, 0, len(set))
		for _, t := range set {
			out = append(out, t)
		}
		sort.Strings(out)
		b, _ := json.Marshal(out)
		if err := tx.SetSetting(ctx, settingTerms, string(b)); err != nil {
			return err
		}
		verb := "terms.add"
		if !add {
			verb = "terms.remove"
		}
		return s.audit(ctx, tx, a, verb, "terms", 0, "ok", fmt.Sprintf("%d gewijzigd, %d in de lijst", n, len(out)))
	})
	return out, err
}

// PreviewResult shows an approver what would go out: internal and public text side by side,
// field by field, and what the pre-publication scan finds now.
type PreviewResult struct {
	Fields   []publish.FieldPreview `json:"fields"`
	Findings []publish.Finding      `json:"findings"`
}

// PublicationPreview builds the public view of a description as the next publication run would,
// with the current assessment, without publishing anything.
func (s *Service) PublicationPreview(ctx context.Context, a Actor, id string) (*PreviewResult, error) {
	var out *PreviewResult
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		d, err := s.visible(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !access.Can(a.User, access.Approve, d.Unit, d.Classification) && !access.Can(a.User, access.Assess, d.Unit, d.Classification) &&
			!access.CanGlobal(a.User, access.Publish) {
			return register.Errorf(register.EFORBIDDEN, "Alleen beoordelaars en besluitvormers zien de publicatievoorvertoning.")
		}
		asm, err := tx.Assessment(ctx, id)
		if register.ErrorCode(err) == register.ENOTFOUND {
			return register.Errorf(register.ECONFLICT, "Er is nog geen publicatiebesluit: leg dat eerst vast.")
		}
		if err != nil {
			return err
		}
		users, err := tx.ListUsers(ctx)
		if err != nil {
			return err
		}
		terms, err := s.terms(ctx, tx)
		if err != nil {
			return err
		}
		cfg := publish.Config{Users: users, Terms: terms, ContactAllowlist: s.cfg.ContactAllowlist, Organization: s.cfg.Organization}
		if d.PublicID == "" {
			d.PublicID = "DEF-VOORBEELD" // the real id is given at the first publication
		}
		it := publish.Item{Desc: *d, Assessment: *asm}
		pub := publish.PublicView(it, cfg)
		out = &PreviewResult{Fields: publish.Preview(it, cfg), Findings: publish.Scan(it, pub, cfg)}
		if out.Findings == nil {
			out.Findings = []publish.Finding{}
		}
		return nil
	})
	return out, err
}
