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

const importBatch = 500

var errDryRun = errors.New("dry run")

var idRE = regexp.MustCompile(`^[a-z2-7]{16}$`)

// Import stores the parsed records. A record with an invalid value is rejected whole; one that
// lacks required fields is imported as a concept with a warning. Records are written in batches,
// each in one transaction, so a failure never leaves a half-written record.
func (s *Service) Import(ctx context.Context, a Actor, recs []exchange.Record, opt ImportOptions) (ImportResult, error) {
	var res ImportResult
	if !access.CanGlobal(a.User, access.Import) {
		return res, register.Errorf(register.EFORBIDDEN, "U mag niet importeren.")
	}
	units, err := s.Units(ctx)
	if err != nil {
		return res, err
	}
	for start := 0; start < len(recs); start += importBatch {
		end := min(start+importBatch, len(recs))
		checked := s.precheck(units, a, recs[start:end], opt)
		var batch ImportResult
		err := s.store.Tx(ctx, func(tx register.Tx) error {
			batch = ImportResult{}
			for i, r := range recs[start:end] {
				if err := s.importOne(ctx, tx, a, r, checked[i], &batch); err != nil {
					return err
				}
			}
			if opt.DryRun {
				return errDryRun
			}
			return s.audit(ctx, tx, a, "import", "descriptions", 0, "ok", fmt.Sprintf("%d geïmporteerd, %d geweigerd", batch.Imported, batch.Rejected))
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return res, err
		}
		res.Imported += batch.Imported
		res.Rejected += batch.Rejected
		res.Lines = append(res.Lines, batch.Lines...)
		if opt.Progress != nil {
			opt.Progress(end, len(recs))
		}
	}
	return res, nil
}

// prechecked is one record's input, ready to store, or why it is refused.
type prechecked struct {
	in       DescriptionInput
	state    register.State
	problems []register.FieldProblem
}

// precheck prepares and checks records on every processor: the checks need nothing from the
// database but the units, and they are most of an import's work outside the store.
func (s *Service) precheck(units []register.Unit, a Actor, recs []exchange.Record, opt ImportOptions) []prechecked {
	out := make([]prechecked, len(recs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				out[i] = s.prepareRecord(units, a, recs[i], opt)
			}
		})
	}
	for i := range recs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
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
		res.Rejected++
		for _, p := range c.problems {
			res.Lines = append(res.Lines, ImportLine{Record: r.Index, Field: p.Name, Reason: p.Reason, Rejected: true})
		}
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
		var e *register.Error
		errors.As(err, &e)
		probs := e.Problems
		if len(probs) == 0 {
			probs = []register.FieldProblem{problem("unit", e.Message)}
		}
		return s.importOne(ctx, tx, a, r, prechecked{problems: probs}, res)
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
