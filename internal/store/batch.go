package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
)

// The batch writes below serve a publication run, which changes thousands of descriptions in
// one transaction: a statement per few hundred rows instead of several per row. Row by row,
// the statement overhead (and on PostgreSQL the round trips) was most of the run's database time.

// batchRows is how many rows one multi-row statement carries. The widest (the audit, 11
// columns) then binds 2,200 parameters: far below SQLite's 32,766 and PostgreSQL's 65,535.
const batchRows = 200

// valuesList returns n groups of the form row, comma-separated: "(?, ?), (?, ?)".
func valuesList(row string, n int) string {
	var b strings.Builder
	b.Grow(n * (len(row) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// chunks calls fn for each run of at most batchRows of n items, as [from, to).
func chunks(n int, fn func(from, to int) error) error {
	for from := 0; from < n; from += batchRows {
		if err := fn(from, min(from+batchRows, n)); err != nil {
			return err
		}
	}
	return nil
}

// SetDescriptionStates does what SetDescriptionState does for each of ds, in a few statements.
// Each description takes its own change sequence number, in the order of ds. Every one must
// exist (ENOTFOUND otherwise, and nothing should be committed) and appear once (EINVALID).
func (t *tx) SetDescriptionStates(ctx context.Context, ds []*register.Description) error {
	seen := make(map[string]bool, len(ds))
	for _, d := range ds {
		if !d.State.Valid() {
			return register.Invalid([]register.FieldProblem{{Name: "state", Reason: fmt.Sprintf("Onbekende status %q.", d.State)}})
		}
		if !utf8.ValidString(d.PublicID+d.PublicationDT) || strings.ContainsRune(d.PublicID+d.PublicationDT, 0) {
			return register.Errorf(register.EINVALID, "De beschrijving bevat ongeldige tekens (een NUL-teken of ongeldige UTF-8).")
		}
		if seen[d.ID] {
			return register.Errorf(register.EINVALID, "Beschrijving %s komt meer dan eens voor in één statuswijziging.", d.ID)
		}
		seen[d.ID] = true
	}
	if len(ds) == 0 {
		return nil
	}
	// The places in the lists before, read in batches (only these columns, not the documents).
	from := make(map[string]countKey, len(ds))
	err := chunks(len(ds), func(lo, hi int) error {
		args := make([]any, 0, hi-lo)
		for _, d := range ds[lo:hi] {
			args = append(args, d.ID)
		}
		rows, err := t.query(ctx, "SELECT id, unit, level_rank, state, status, publication_category FROM descriptions WHERE id IN ("+
			valuesList("?", hi-lo)+")", args...)
		if err != nil {
			return mapErr(fmt.Errorf("store: descriptions: %w", err))
		}
		defer rows.Close()
		for rows.Next() {
			var id, state string
			var k countKey
			if err := rows.Scan(&id, &k.unit, &k.rank, &state, &k.status, &k.category); err != nil {
				return fmt.Errorf("store: descriptions: %w", err)
			}
			k.state = register.State(state)
			from[id] = k
		}
		return mapErr(rows.Err())
	})
	if err != nil {
		return err
	}
	for _, d := range ds {
		if _, ok := from[d.ID]; !ok {
			return register.NotFound()
		}
	}
	seqs, err := t.nextChangeSeqs(ctx, len(ds))
	if err != nil {
		return err
	}
	row, q := "(?, ?, ?, ?, ?, ?)", `UPDATE descriptions SET state = v.column2, change_seq = v.column3,
		doc = json_set(descriptions.doc, '$.state', v.column2, '$.public_id', v.column4, '$.published_revision', v.column5,
		'$.publication_dt', v.column6) FROM (VALUES %s) AS v WHERE descriptions.id = v.column1`
	if t.s.dialect == postgres {
		row, q = "(?::text, ?::text, ?::bigint, ?::text, ?::int, ?::text)", `UPDATE descriptions AS d SET state = v.state,
			change_seq = v.seq, doc = d.doc || jsonb_build_object('state', v.state, 'public_id', v.public_id,
			'published_revision', v.rev, 'publication_dt', v.dt)
			FROM (VALUES %s) AS v(id, state, seq, public_id, rev, dt) WHERE d.id = v.id`
	}
	err = chunks(len(ds), func(lo, hi int) error {
		args := make([]any, 0, 6*(hi-lo))
		for i, d := range ds[lo:hi] {
			args = append(args, d.ID, string(d.State), seqs[lo+i], d.PublicID, d.PublishedRevision, d.PublicationDT)
		}
		res, err := t.exec(ctx, fmt.Sprintf(q, valuesList(row, hi-lo)), args...)
		if err != nil {
			return mapErr(fmt.Errorf("store: set description states: %w", err))
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: set description states: %w", err)
		} else if n != int64(hi-lo) {
			return register.NotFound()
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The counts move once per place, not once per description.
	delta := map[countKey]int{}
	for _, d := range ds {
		k := from[d.ID]
		to := k
		to.state = d.State
		if to != k {
			delta[k]--
			delta[to]++
		}
	}
	return t.addCounts(ctx, delta)
}

// nextChangeSeqs takes n change sequence numbers, in increasing order, under the write lock.
func (t *tx) nextChangeSeqs(ctx context.Context, n int) ([]int64, error) {
	if t.s.dialect != postgres {
		first, err := t.nextChangeSeq(ctx)
		if err != nil {
			return nil, err
		}
		seqs := make([]int64, n)
		for i := range seqs {
			seqs[i] = first + int64(i)
		}
		return seqs, nil
	}
	if err := t.writeLock(ctx); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, "SELECT nextval('description_change_seq') FROM generate_series(1, ?::int) ORDER BY 1", n)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: change seq: %w", err))
	}
	defer rows.Close()
	seqs := make([]int64, 0, n)
	for rows.Next() {
		var s int64
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: change seq: %w", err)
		}
		seqs = append(seqs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(fmt.Errorf("store: change seq: %w", err))
	}
	if len(seqs) != n {
		return nil, fmt.Errorf("store: change seq: %d of %d numbers", len(seqs), n)
	}
	return seqs, nil
}

// addCounts adds delta to description_counts, in key order. The caller holds the write lock.
func (t *tx) addCounts(ctx context.Context, delta map[countKey]int) error {
	keys := make([]countKey, 0, len(delta))
	for k, n := range delta {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.unit != b.unit {
			return a.unit < b.unit
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.state != b.state {
			return a.state < b.state
		}
		if a.status != b.status {
			return a.status < b.status
		}
		return a.category < b.category
	})
	for _, k := range keys {
		_, err := t.exec(ctx, `INSERT INTO description_counts (unit, level_rank, state, status, publication_category, n)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit, level_rank, state, status, publication_category)
			DO UPDATE SET n = description_counts.n + excluded.n`,
			k.unit, k.rank, string(k.state), k.status, k.category, delta[k])
		if err != nil {
			return mapErr(fmt.Errorf("store: description counts: %w", err))
		}
	}
	return nil
}

// AddTransitions does what AddTransition does for each of trs, in order, in a few statements.
func (t *tx) AddTransitions(ctx context.Context, trs []register.Transition) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?)"
	return chunks(len(trs), func(lo, hi int) error {
		args := make([]any, 0, 8*(hi-lo))
		for _, tr := range trs[lo:hi] {
			if tr.At.IsZero() {
				tr.At = t.now
			}
			args = append(args, tr.DescriptionID, tr.Revision, string(tr.Action), string(tr.From), string(tr.To),
				tr.Comment, tr.By, tv(tr.At))
		}
		_, err := t.exec(ctx, `INSERT INTO transitions (description_id, revision, action, from_state, to_state, comment,
			by_user, at) VALUES `+valuesList(row, hi-lo), args...)
		if err != nil {
			return descriptionMissing(err, "add transitions")
		}
		return nil
	})
}

// AppendAudits does what AppendAudit does for each of es, in order: one read of the chain's
// end, the hashes chained here, and a few multi-row inserts.
func (t *tx) AppendAudits(ctx context.Context, es []*register.AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	if err := t.writeLock(ctx); err != nil {
		return err
	}
	last, prev, err := t.auditTail(ctx)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.At.IsZero() {
			e.At = t.now
		}
		last++
		e.Seq, e.PrevHash, e.At = last, prev, micro(e.At)
		e.Hash = e.ComputeHash()
		prev = e.Hash
	}
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	return chunks(len(es), func(lo, hi int) error {
		args := make([]any, 0, 11*(hi-lo))
		for _, e := range es[lo:hi] {
			args = append(args, e.Seq, tv(e.At), e.Actor, e.Action, e.Object, e.Revision, e.Result, e.Origin, e.Detail,
				e.PrevHash, e.Hash)
		}
		_, err := t.exec(ctx, "INSERT INTO audit ("+auditColumns+") VALUES "+valuesList(row, hi-lo), args...)
		return mapErr(wrapf(err, "append audit"))
	})
}

// SetSettings does what SetSetting does for each pair of kv, in order (a later value for the
// same key wins), in a few statements.
func (t *tx) SetSettings(ctx context.Context, kv [][2]string) error {
	last := make(map[string]int, len(kv))
	for i, p := range kv {
		last[p[0]] = i
	}
	uniq := make([][2]string, 0, len(last))
	for i, p := range kv {
		if last[p[0]] == i {
			uniq = append(uniq, p)
		}
	}
	return chunks(len(uniq), func(lo, hi int) error {
		args := make([]any, 0, 2*(hi-lo))
		for _, p := range uniq[lo:hi] {
			args = append(args, p[0], p[1])
		}
		_, err := t.exec(ctx, "INSERT INTO settings (key, value) VALUES "+valuesList("(?, ?)", hi-lo)+
			" ON CONFLICT (key) DO UPDATE SET value = excluded.value", args...)
		return mapErr(wrapf(err, "set settings"))
	})
}
