package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/defensie/algoreg/internal/register"
)

// bulkRows is how many rows one multi-row INSERT of a bulk write carries on PostgreSQL: far
// below its limit of 65535 parameters, and enough that the round trip of a statement is spread
// thin. SQLite inserts one row per (prepared, cached) statement: it has no round trips, and a
// statement that writes several rows needs a statement journal (a temporary file that holds
// every page it changes, for a rollback of that statement alone), which cost more than it saved.
const bulkRows = 100

// valuesSQL returns "(?, ?), (?, ?)": rows groups of cols parameters, for a multi-row INSERT.
func valuesSQL(rows, cols int) string {
	one := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// insertRows runs head ("INSERT INTO table (columns)") with VALUES for n rows of cols columns,
// bulkRows at a time (on SQLite one); row(i, args) appends row i's values to args.
func (t *tx) insertRows(ctx context.Context, head string, cols, n int, row func(i int, args []any) ([]any, error)) error {
	full := ""
	per := bulkRows
	if t.s.dialect == sqlite {
		per = 1
	}
	args := make([]any, 0, min(n, per)*cols)
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		args = args[:0]
		for i := start; i < end; i++ {
			var err error
			if args, err = row(i, args); err != nil {
				return err
			}
		}
		q := full
		if end-start < per || q == "" {
			q = head + " VALUES " + valuesSQL(end-start, cols)
			if end-start == per {
				full = q
			}
		}
		if _, err := t.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// CreateDescriptions inserts every description of ds exactly as CreateDescription inserts one
// (defaults, revision 1, snapshot, change sequence, counts), in order, with far fewer
// statements: a bulk import writes thousands in one transaction. Change sequence numbers
// follow the order of ds. The JSON documents are encoded on every processor while the rows
// are written. On an error an unknown part of ds may be written: the caller must roll the
// transaction back (returning the error from the function given to Tx does that).
func (t *tx) CreateDescriptions(ctx context.Context, ds []*register.Description) error {
	if len(ds) == 0 {
		return nil
	}
	ranks := make([]int, len(ds))
	keys := make([]string, len(ds))
	counts := map[countKey]int{}
	for i, d := range ds {
		t.newDescription(d)
		var err error
		if ranks[i], keys[i], err = descriptionArgs(d); err != nil {
			return err
		}
		counts[keyOf(d)]++
	}
	enc := encodeAll(ds)
	defer enc.stop()

	first, err := t.changeSeqs(ctx, len(ds))
	if err != nil {
		return err
	}
	err = t.insertRows(ctx, `INSERT INTO descriptions (id, unit, level_rank, state, status, publication_category,
		name, name_key, revision, updated_at, change_seq, doc)`, 12, len(ds), func(i int, args []any) ([]any, error) {
		if i%bulkRows == 0 {
			if err := enc.wait(i / bulkRows); err != nil {
				return nil, encodeFailure{err}
			}
		}
		d := ds[i]
		return append(args, d.ID, d.Unit, ranks[i], string(d.State), d.Status, d.PublicationCategory, d.Name, keys[i],
			d.Revision, tv(d.UpdatedAt), first+int64(i), string(enc.docs[i])), nil
	})
	var ef encodeFailure
	if errors.As(err, &ef) {
		return ef.err
	}
	if err != nil {
		return insertErr(err)
	}
	if err := t.addCounts(ctx, counts); err != nil {
		return err
	}
	err = t.insertRows(ctx, "INSERT INTO revisions (description_id, revision, saved_at, saved_by, snapshot)", 5, len(ds),
		func(i int, args []any) ([]any, error) {
			d := ds[i]
			return append(args, d.ID, d.Revision, tv(d.UpdatedAt), d.UpdatedBy, string(enc.docs[i])), nil
		})
	return mapErr(wrapf(err, "save revisions"))
}

// encodeFailure carries the error of a document that could not be encoded out of insertRows.
type encodeFailure struct{ err error }

func (e encodeFailure) Error() string { return e.err.Error() }

// insertErr maps the error of a multi-row INSERT into descriptions as CreateDescription maps a
// single one; the row that failed is not known.
func insertErr(err error) error {
	err = conflict(fmt.Errorf("store: create descriptions: %w", err), "Een van de beschrijvingen heeft een id dat al bestaat.")
	if register.ErrorCode(err) == register.EINVALID {
		return fmt.Errorf("%w: %w", register.Invalid([]register.FieldProblem{
			{Name: "unit", Reason: "Een van de eenheden bestaat niet."}}), err)
	}
	return err
}

// encoded holds the JSON documents of a bulk write, encoded in chunks of bulkRows by a worker
// per processor, so the writer can start on the first rows while the rest are encoded.
type encoded struct {
	docs    [][]byte
	errs    []error
	ready   []chan struct{}
	stopped atomic.Bool
	wg      sync.WaitGroup
}

func encodeAll(ds []*register.Description) *encoded {
	chunks := (len(ds) + bulkRows - 1) / bulkRows
	e := &encoded{docs: make([][]byte, len(ds)), errs: make([]error, chunks), ready: make([]chan struct{}, chunks)}
	for c := range e.ready {
		e.ready[c] = make(chan struct{})
	}
	var next atomic.Int64
	for range min(chunks, max(1, runtime.GOMAXPROCS(0))) {
		e.wg.Go(func() {
			for c := int(next.Add(1) - 1); c < chunks && !e.stopped.Load(); c = int(next.Add(1) - 1) {
				for i := c * bulkRows; i < min((c+1)*bulkRows, len(ds)); i++ {
					doc, err := marshalDescription(ds[i])
					if err != nil {
						e.errs[c] = err
						break
					}
					e.docs[i] = doc
				}
				close(e.ready[c])
			}
		})
	}
	return e
}

// wait returns when chunk c is encoded, with the first encoding error in it.
func (e *encoded) wait(c int) error {
	<-e.ready[c]
	return e.errs[c]
}

// stop ends the workers (after the chunks they are encoding) and waits for them.
func (e *encoded) stop() {
	e.stopped.Store(true)
	e.wg.Wait()
}

// changeSeqs takes n consecutive change sequence numbers under the write lock and returns the
// first.
func (t *tx) changeSeqs(ctx context.Context, n int) (int64, error) {
	if err := t.writeLock(ctx); err != nil {
		return 0, err
	}
	var first int64
	var err error
	if t.s.dialect == postgres {
		// The write lock keeps every other taker of numbers out, so these n are consecutive.
		var last int64
		err = t.queryRow(ctx, "SELECT setval('description_change_seq', nextval('description_change_seq') + ? - 1)", int64(n)).Scan(&last)
		first = last - int64(n) + 1
	} else {
		err = t.queryRow(ctx, "SELECT COALESCE(MAX(change_seq), 0) + 1 FROM descriptions").Scan(&first)
	}
	if err != nil {
		return 0, mapErr(fmt.Errorf("store: change seq: %w", err))
	}
	return first, nil
}
