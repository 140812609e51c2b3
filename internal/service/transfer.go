package service

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/standard"
)

// ImportOptions steer an import.
type ImportOptions struct {
	Unit   string // unit for records that name none
	DryRun bool   // check everything, store nothing
	// Progress, when set, is told how many records are done.
	Progress func(done, total int)
}

// ImportLine is one reported problem: a rejection or a warning, as FILE:RECORD: FIELD: reason.
type ImportLine struct {
	Record   int
	Field    string
	Reason   string
	Rejected bool
}

// ImportResult counts what an import did and lists every rejection and warning.
type ImportResult struct {
	Imported, Rejected int
	Lines              []ImportLine
}

// importBatch is how many records one transaction of an import writes. Larger batches cost
// fewer commits (each one waits for the disk) and rewrite fewer index pages; the batch holds
// the write lock while it is written (about a second on SQLite with 100,000 descriptions, far
// below the 5 s other writers wait for it), so other writers wait no longer than that.
// A variable only so tests can make batch boundaries fall inside a small file.
var importBatch = 5000

var errDryRun = errors.New("dry run")

var idRE = regexp.MustCompile(`^[a-z2-7]{16}$`)

// Import stores the parsed records. A record with an invalid value is rejected whole; one that
// lacks required fields is imported as a concept with a warning. Records are written in batches
// of importBatch, each in one transaction with its audit entries, so a failure never leaves a
// half-written record: a batch is stored whole or not at all, and the batches before it stay.
// While a batch is written, the next one is checked on the other processors.
func (s *Service) Import(ctx context.Context, a Actor, recs []exchange.Record, opt ImportOptions) (ImportResult, error) {
	return s.ImportFrom(ctx, a, recordSlice(recs), opt)
}

// RecordSource gives an import its records by position. exchange.Source is one: it converts
// a record when asked for it, so records are converted while earlier ones are stored.
type RecordSource interface {
	Len() int
	// Record returns record i; it is called from several goroutines at once.
	Record(i int) exchange.Record
}

type recordSlice []exchange.Record

func (r recordSlice) Len() int                     { return len(r) }
func (r recordSlice) Record(i int) exchange.Record { return r[i] }

// ImportFrom is Import with the records from src: each batch is taken from src (on every
// processor) while the batch before it is written.
func (s *Service) ImportFrom(ctx context.Context, a Actor, src RecordSource, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if !access.CanGlobal(a.User, access.Import) {
		return res, register.Errorf(register.EFORBIDDEN, "U mag niet importeren.")
	}
	units, err := s.Units(ctx)
	if err != nil {
		return res, err
	}
	type checkedBatch struct {
		end     int
		recs    []exchange.Record
		checked []prechecked
	}
	total := src.Len()
	ahead := make(chan checkedBatch, 1)
	stop := make(chan struct{})
	go func() {
		defer close(ahead)
		for start := 0; start < total; start += importBatch {
			end := min(start+importBatch, total)
			recs, checked := s.precheck(units, a, src, start, end, opt)
			select {
			case ahead <- checkedBatch{end, recs, checked}:
			case <-stop:
				return
			}
		}
	}()
	defer func() {
		close(stop)
		for range ahead { // wait for the checker
		}
	}()
	for b := range ahead {
		batch, err := s.importBatch(ctx, a, b.recs, b.checked, opt)
		if err != nil {
			return res, err
		}
		res.Imported += batch.Imported
		res.Rejected += batch.Rejected
		res.Lines = append(res.Lines, batch.Lines...)
		if opt.Progress != nil {
			opt.Progress(b.end, total)
		}
	}
	return res, nil
}

// errRecordRefused says the store refused a record of a bulk write; the batch is then written
// again record by record, so only that record is rejected.
type errRecordRefused struct{ err error }

func (e errRecordRefused) Error() string { return e.err.Error() }
func (e errRecordRefused) Unwrap() error { return e.err }

// importBatch writes one batch in one transaction: in bulk, or, when the store refuses one of
// its records, record by record (each refusal then becomes that record's rejection).
func (s *Service) importBatch(ctx context.Context, a Actor, recs []exchange.Record, checked []prechecked, opt ImportOptions) (ImportResult, error) {
	var batch ImportResult
	write := func(tx register.Tx, bulk bool) error {
		batch = ImportResult{}
		if bulk {
			if err := s.importBulk(ctx, tx, a, recs, checked, &batch); err != nil {
				return err
			}
		} else {
			for i, r := range recs {
				if err := s.importOne(ctx, tx, a, r, checked[i], &batch); err != nil {
					return err
				}
			}
		}
		if opt.DryRun {
			return errDryRun
		}
		return s.audit(ctx, tx, a, "import", "descriptions", 0, "ok", fmt.Sprintf("%d geïmporteerd, %d geweigerd", batch.Imported, batch.Rejected))
	}
	err := s.store.Tx(ctx, func(tx register.Tx) error { return write(tx, true) })
	if _, refused := errors.AsType[errRecordRefused](err); refused {
		err = s.store.Tx(ctx, func(tx register.Tx) error { return write(tx, false) })
	}
	if err != nil && !errors.Is(err, errDryRun) {
		return ImportResult{}, err
	}
	return batch, nil
}

// importBulk does what importOne does for every record of a batch, with one bulk write of the
// descriptions and one of their audit entries.
func (s *Service) importBulk(ctx context.Context, tx register.Tx, a Actor, recs []exchange.Record, checked []prechecked, res *ImportResult) error {
	ds := make([]*register.Description, 0, len(recs))
	taken := map[string]bool{} // ids given in this batch
	for i, r := range recs {
		c := checked[i]
		if len(c.problems) == 0 {
			if err := mayCreate(a, &c.in); err != nil {
				c.problems = refusal(err)
			}
		}
		if len(c.problems) > 0 {
			rejectRecord(r, c.problems, res)
			continue
		}
		id := ""
		if idRE.MatchString(r.Desc.ID) && !taken[r.Desc.ID] {
			if _, err := tx.Description(ctx, r.Desc.ID); register.ErrorCode(err) == register.ENOTFOUND {
				id = r.Desc.ID
			}
		}
		if id == "" {
			id = newID()
		}
		taken[id] = true
		ds = append(ds, newDescription(tx.Now(), a, &c.in, c.state, id))
		res.Imported++
		for _, w := range r.Warnings {
			res.Lines = append(res.Lines, ImportLine{Record: r.Index, Field: w.Name, Reason: w.Reason})
		}
	}
	if err := tx.CreateDescriptions(ctx, ds); err != nil {
		switch register.ErrorCode(err) {
		case register.EINVALID, register.EFORBIDDEN, register.ECONFLICT:
			return errRecordRefused{err}
		}
		return err
	}
	es := make([]*register.AuditEntry, len(ds))
	for i, d := range ds {
		es[i] = s.auditEntry(tx, a, "description.create", descObject(d.ID), d.Revision, "ok", "")
	}
	return tx.AppendAudits(ctx, es)
}

// refusal is the import's report of a record the store or the access rules refused.
func refusal(err error) []register.FieldProblem {
	var e *register.Error
	errors.As(err, &e)
	if len(e.Problems) == 0 {
		return []register.FieldProblem{problem("unit", e.Message)}
	}
	return e.Problems
}

func rejectRecord(r exchange.Record, probs []register.FieldProblem, res *ImportResult) {
	res.Rejected++
	for _, p := range probs {
		res.Lines = append(res.Lines, ImportLine{Record: r.Index, Field: p.Name, Reason: p.Reason, Rejected: true})
	}
}

// prechecked is one record's input, ready to store, or why it is refused.
type prechecked struct {
	in       DescriptionInput
	state    register.State
	problems []register.FieldProblem
}

// precheck takes records start to end from src, and prepares and checks them, on every
// processor: the checks need nothing from the database but the units, and they (with the
// conversion of the records) are most of an import's work outside the store.
func (s *Service) precheck(units []register.Unit, a Actor, src RecordSource, start, end int, opt ImportOptions) ([]exchange.Record, []prechecked) {
	recs := make([]exchange.Record, end-start)
	out := make([]prechecked, len(recs))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				recs[i] = src.Record(start + i)
				out[i] = s.prepareRecord(units, a, recs[i], opt)
			}
		})
	}
	for i := range recs {
		next <- i
	}
	close(next)
	wg.Wait()
	return recs, out
}

func (s *Service) prepareRecord(units []register.Unit, a Actor, r exchange.Record, opt ImportOptions) prechecked {
	if len(r.Problems) > 0 {
		return prechecked{problems: r.Problems}
	}
	d := r.Desc
	in := InputOf(&d)
	in.Owners = append([]register.Person(nil), in.Owners...) // checkWith trims them in place
	if in.Unit == "" {
		in.Unit = opt.Unit
	}
	if in.Unit == "" {
		return prechecked{problems: []register.FieldProblem{problem("unit", "ontbreekt: het record noemt geen eenheid; geef --unit CODE op")}}
	}
	if in.Classification == "" {
		in.Classification = register.Ongerubriceerd
	}
	if probs := s.checkWith(units, a.User, &in); len(probs) > 0 {
		return prechecked{problems: probs}
	}
	state := register.StateConcept
	if d.State.Valid() && d.State != register.StatePublished && len(standard.Missing(&in.Standard)) == 0 {
		state = d.State // an export of this register re-imports with its workflow state
	}
	return prechecked{in: in, state: state}
}

func (s *Service) importOne(ctx context.Context, tx register.Tx, a Actor, r exchange.Record, c prechecked, res *ImportResult) error {
	if len(c.problems) > 0 {
		rejectRecord(r, c.problems, res)
		return nil
	}
	id := ""
	if idRE.MatchString(r.Desc.ID) {
		if _, err := tx.Description(ctx, r.Desc.ID); register.ErrorCode(err) == register.ENOTFOUND {
			id = r.Desc.ID
		}
	}
	_, err := s.createChecked(ctx, tx, a, c.in, c.state, id)
	switch register.ErrorCode(err) {
	case "":
	case register.EINVALID, register.EFORBIDDEN:
		return s.importOne(ctx, tx, a, r, prechecked{problems: refusal(err)}, res)
	default:
		return err
	}
	res.Imported++
	for _, w := range r.Warnings {
		res.Lines = append(res.Lines, ImportLine{Record: r.Index, Field: w.Name, Reason: w.Reason})
	}
	return nil
}

// Export returns every description a may see, for a full export; the export is audited.
func (s *Service) Export(ctx context.Context, a Actor, format string) ([]register.Description, error) {
	if !access.CanGlobal(a.User, access.Export) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag het register niet exporteren.")
	}
	var out []register.Description
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		var err error
		out, _, err = tx.ListDescriptions(ctx, register.Filter{Scope: access.ListScope(a.User), Sort: "name"})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "export", "descriptions", 0, "ok", fmt.Sprintf("%s, %d beschrijvingen, hoogste rubricering %s", strings.ToLower(format), len(out), Marking(out)))
	})
	return out, err
}

// Marking is the highest classification level among ds: what a page, export or report that
// contains them must be marked with.
func Marking(ds []register.Description) register.Level {
	l := register.Ongerubriceerd
	for i := range ds {
		l = register.Highest(l, ds[i].Classification)
	}
	return l
}
