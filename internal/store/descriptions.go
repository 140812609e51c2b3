package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/defensie/algoreg/internal/register"
)

// descriptionArgs checks what the descriptions table needs besides the JSON document and
// returns the derived columns: the level's rank and the sort key of the name.
func descriptionArgs(d *register.Description) (rank int, nameKey string, err error) {
	rank = d.Classification.Rank()
	var problems []register.FieldProblem
	if rank < 0 {
		problems = append(problems, register.FieldProblem{Name: "classification",
			Reason: fmt.Sprintf("Onbekend rubriceringsniveau %q.", d.Classification)})
	}
	if !d.State.Valid() {
		problems = append(problems, register.FieldProblem{Name: "state", Reason: fmt.Sprintf("Onbekende status %q.", d.State)})
	}
	if strings.TrimSpace(d.Unit) == "" {
		problems = append(problems, register.FieldProblem{Name: "unit", Reason: "De eenheid ontbreekt."})
	}
	if len(problems) > 0 {
		return 0, "", register.Invalid(problems)
	}
	return rank, strings.ToLower(d.Name), nil
}

// marshalDescription encodes d. Text with a NUL character or invalid UTF-8 is refused in both
// dialects alike: PostgreSQL cannot store it, and encoding/json would silently replace it.
func marshalDescription(d *register.Description) ([]byte, error) {
	for _, s := range textFields(d) {
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return nil, register.Errorf(register.EINVALID,
				"De beschrijving bevat ongeldige tekens (een NUL-teken of ongeldige UTF-8).")
		}
	}
	doc, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("store: encode description: %w", err)
	}
	return doc, nil
}

func textFields(d *register.Description) []string {
	s := &d.Standard
	out := []string{s.Name, s.DescriptionShort, s.Organization, s.Status, s.BeginDate, s.EndDate, s.ContactEmail,
		s.Website, s.PublicationCategory, s.URL, s.Goal, s.Proportionality, s.HumanIntervention, s.Risks,
		s.LawfulBasis, s.ProcessIndexURL, s.Impacttoetsen, s.SourceData, s.MethodsAndModels, s.Provider,
		s.Publiccode, s.Lang, s.StandardVersion, s.SourceID, s.Tags, s.Lars,
		d.ID, d.Unit, d.InternalNotes, d.PublicationCategoryOverride, d.PublicationDT, d.PublicID, d.CreatedBy, d.UpdatedBy}
	out = append(out, s.Category...)
	for _, l := range [][]register.Link{s.LawfulBasisGrouping, s.ImpacttoetsenGrouping, s.SourceDataGrouping} {
		for _, x := range l {
			out = append(out, x.Title, x.Link)
		}
	}
	for _, p := range d.Owners {
		out = append(out, p.Name, p.Email, p.Role)
	}
	return out
}

// nextChangeSeq takes the next change sequence number, under the write lock so that sequence
// order is commit order: the change feed can then never skip a transaction that committed late.
func (t *tx) nextChangeSeq(ctx context.Context) (int64, error) {
	if err := t.writeLock(ctx); err != nil {
		return 0, err
	}
	q := "SELECT COALESCE(MAX(change_seq), 0) + 1 FROM descriptions"
	if t.s.dialect == postgres {
		q = "SELECT nextval('description_change_seq')"
	}
	var seq int64
	if err := t.queryRow(ctx, q).Scan(&seq); err != nil {
		return 0, mapErr(fmt.Errorf("store: change seq: %w", err))
	}
	return seq, nil
}

// countKey is a description's place in description_counts.
type countKey struct {
	unit     string
	rank     int
	state    register.State
	status   string
	category string
}

func keyOf(d *register.Description) countKey {
	return countKey{d.Unit, d.Classification.Rank(), d.State, d.Status, d.PublicationCategory}
}

// moveCount keeps description_counts right when a description enters (from nil), leaves or
// changes its place. The caller holds the write lock (nextChangeSeq takes it).
func (t *tx) moveCount(ctx context.Context, from, to *countKey) error {
	if from != nil && to != nil && *from == *to {
		return nil
	}
	if from != nil {
		if err := t.addCount(ctx, *from, -1); err != nil {
			return err
		}
	}
	if to != nil {
		return t.addCount(ctx, *to, 1)
	}
	return nil
}

// addCount adds delta to the count of place k.
func (t *tx) addCount(ctx context.Context, k countKey, delta int) error {
	_, err := t.exec(ctx, `INSERT INTO description_counts (unit, level_rank, state, status, publication_category, n)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (unit, level_rank, state, status, publication_category)
		DO UPDATE SET n = description_counts.n + excluded.n`,
		k.unit, k.rank, string(k.state), k.status, k.category, delta)
	if err != nil {
		return mapErr(fmt.Errorf("store: description counts: %w", err))
	}
	return nil
}

// newDescription sets what a new description gets when it has none: an ID, state concept,
// the transaction's time as CreatedAt and UpdatedAt, the creator as UpdatedBy; and revision 1.
func (t *tx) newDescription(d *register.Description) {
	if d.ID == "" {
		d.ID = newID()
	}
	if d.State == "" {
		d.State = register.StateConcept
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = t.now
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = d.CreatedAt
	}
	if d.UpdatedBy == "" {
		d.UpdatedBy = d.CreatedBy
	}
	d.CreatedAt, d.UpdatedAt = micro(d.CreatedAt), micro(d.UpdatedAt)
	d.Revision = 1
}

// CreateDescription inserts d as revision 1 with a snapshot. It assigns an ID when d has none,
// state concept when it has none, and CreatedAt/UpdatedAt (the transaction's time) when zero.
func (t *tx) CreateDescription(ctx context.Context, d *register.Description) error {
	t.newDescription(d)
	rank, nameKey, err := descriptionArgs(d)
	if err != nil {
		return err
	}
	doc, err := marshalDescription(d)
	if err != nil {
		return err
	}
	seq, err := t.nextChangeSeq(ctx)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO descriptions (id, unit, level_rank, state, status, publication_category, name,
		name_key, revision, updated_at, change_seq, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Unit, rank, string(d.State), d.Status, d.PublicationCategory, d.Name, nameKey, d.Revision,
		tv(d.UpdatedAt), seq, string(doc))
	if err != nil {
		err = conflict(fmt.Errorf("store: create description: %w", err), "Er bestaat al een beschrijving met id %s.", d.ID)
		if register.ErrorCode(err) == register.EINVALID {
			return fmt.Errorf("%w: %w", register.Invalid([]register.FieldProblem{
				{Name: "unit", Reason: fmt.Sprintf("Eenheid %s bestaat niet.", d.Unit)}}), err)
		}
		return err
	}
	k := keyOf(d)
	if err := t.moveCount(ctx, nil, &k); err != nil {
		return err
	}
	return t.saveRevision(ctx, d, doc)
}

func (t *tx) saveRevision(ctx context.Context, d *register.Description, doc []byte) error {
	_, err := t.exec(ctx, `INSERT INTO revisions (description_id, revision, saved_at, saved_by, snapshot)
		VALUES (?, ?, ?, ?, ?)`, d.ID, d.Revision, tv(d.UpdatedAt), d.UpdatedBy, string(doc))
	return mapErr(wrapf(err, "save revision %s/%d", d.ID, d.Revision))
}

// UpdateDescription stores d as revision d.Revision+1 when the stored revision is still
// d.Revision (ESTALE otherwise, ENOTFOUND when there is no such description). UpdatedAt becomes
// the transaction's time. What is not content stays as stored: CreatedAt and CreatedBy, and the
// publication fields (PublicID, PublishedRevision, PublicationDT), which only
// SetDescriptionState changes; an empty State keeps the stored state.
func (t *tx) UpdateDescription(ctx context.Context, d *register.Description) error {
	cur, err := t.Description(ctx, d.ID)
	if err != nil {
		return err
	}
	if cur.Revision != d.Revision {
		return staleError(d.ID, d.Revision, cur.Revision)
	}
	nd := *d
	nd.Revision = d.Revision + 1
	nd.CreatedAt, nd.CreatedBy = cur.CreatedAt, cur.CreatedBy
	nd.PublicID, nd.PublishedRevision, nd.PublicationDT = cur.PublicID, cur.PublishedRevision, cur.PublicationDT
	if nd.State == "" {
		nd.State = cur.State
	}
	nd.UpdatedAt = t.now
	rank, nameKey, err := descriptionArgs(&nd)
	if err != nil {
		return err
	}
	doc, err := marshalDescription(&nd)
	if err != nil {
		return err
	}
	seq, err := t.nextChangeSeq(ctx)
	if err != nil {
		return err
	}
	// The revision guard still matters on PostgreSQL: a concurrent writer may have committed
	// since the read above, and the UPDATE then re-checks the row and matches nothing.
	res, err := t.exec(ctx, `UPDATE descriptions SET unit = ?, level_rank = ?, state = ?, status = ?,
		publication_category = ?, name = ?, name_key = ?, revision = ?, updated_at = ?, change_seq = ?, doc = ?
		WHERE id = ? AND revision = ?`,
		nd.Unit, rank, string(nd.State), nd.Status, nd.PublicationCategory, nd.Name, nameKey, nd.Revision,
		tv(nd.UpdatedAt), seq, string(doc), nd.ID, d.Revision)
	if err != nil {
		err = mapErr(fmt.Errorf("store: update description: %w", err))
		if register.ErrorCode(err) == register.EINVALID {
			return fmt.Errorf("%w: %w", register.Invalid([]register.FieldProblem{
				{Name: "unit", Reason: fmt.Sprintf("Eenheid %s bestaat niet.", nd.Unit)}}), err)
		}
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: update description: %w", err)
	} else if n == 0 {
		return staleError(d.ID, d.Revision, -1)
	}
	from, to := keyOf(cur), keyOf(&nd)
	if err := t.moveCount(ctx, &from, &to); err != nil {
		return err
	}
	if err := t.saveRevision(ctx, &nd, doc); err != nil {
		return err
	}
	*d = nd
	return nil
}

func staleError(id string, have, current int) error {
	if current < 0 {
		return register.Errorf(register.ESTALE,
			"Beschrijving %s is intussen door iemand anders gewijzigd; u bewerkte revisie %d. Laad de beschrijving opnieuw.", id, have)
	}
	return register.Errorf(register.ESTALE,
		"Beschrijving %s is intussen gewijzigd: u bewerkte revisie %d, de huidige is %d. Laad de beschrijving opnieuw.",
		id, have, current)
}

// SetDescriptionState sets the state and the publication fields (PublicID, PublishedRevision,
// PublicationDT) of the stored description to d's, without a new content revision; the
// change feed sees it. ENOTFOUND when there is no such description.
func (t *tx) SetDescriptionState(ctx context.Context, d *register.Description) error {
	if !d.State.Valid() {
		return register.Invalid([]register.FieldProblem{{Name: "state", Reason: fmt.Sprintf("Onbekende status %q.", d.State)}})
	}
	if !utf8.ValidString(d.PublicID+d.PublicationDT) || strings.ContainsRune(d.PublicID+d.PublicationDT, 0) {
		return register.Errorf(register.EINVALID, "De beschrijving bevat ongeldige tekens (een NUL-teken of ongeldige UTF-8).")
	}
	// Only the place in the lists is read, and the stored document is patched in the database:
	// a publication run changes thousands of states, and decoding and re-encoding every whole
	// document was most of its time.
	var from countKey
	var state string
	err := t.queryRow(ctx, "SELECT unit, level_rank, state, status, publication_category FROM descriptions WHERE id = ?", d.ID).
		Scan(&from.unit, &from.rank, &state, &from.status, &from.category)
	if err != nil {
		return mapErr(fmt.Errorf("store: description %s: %w", d.ID, err))
	}
	from.state = register.State(state)
	seq, err := t.nextChangeSeq(ctx)
	if err != nil {
		return err
	}
	q := `UPDATE descriptions SET state = ?, change_seq = ?,
		doc = json_set(doc, '$.state', ?, '$.public_id', ?, '$.published_revision', ?, '$.publication_dt', ?) WHERE id = ?`
	if t.s.dialect == postgres {
		q = `UPDATE descriptions SET state = ?, change_seq = ?,
			doc = doc || jsonb_build_object('state', ?::text, 'public_id', ?::text, 'published_revision', ?::int, 'publication_dt', ?::text) WHERE id = ?`
	}
	res, err := t.exec(ctx, q, string(d.State), seq, string(d.State), d.PublicID, d.PublishedRevision, d.PublicationDT, d.ID)
	if err != nil {
		return mapErr(fmt.Errorf("store: set description state: %w", err))
	}
	if err := affected(res, "set description state"); err != nil {
		return err
	}
	to := from
	to.state = d.State
	return t.moveCount(ctx, &from, &to)
}

// Description returns the current version of a description (ENOTFOUND when there is none).
// Visibility is the caller's business: use ListDescriptions with a scope for that.
func (t *tx) Description(ctx context.Context, id string) (*register.Description, error) {
	var doc []byte
	if err := t.queryRow(ctx, "SELECT doc FROM descriptions WHERE id = ?", id).Scan(&doc); err != nil {
		return nil, mapErr(fmt.Errorf("store: description %s: %w", id, err))
	}
	return t.s.docs.decode(doc)
}

// decodeDescription decodes a stored document: through decodeFast when it can, which gives
// the same result several times faster, else through encoding/json.
func decodeDescription(doc []byte) (*register.Description, error) {
	if d, ok := decodeFast(doc); ok {
		return d, nil
	}
	var d register.Description
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("store: decode description: %w", err)
	}
	return &d, nil
}

// sortOrders are the orders ListDescriptions knows, as columns of the page subquery; ties are
// broken by id so pages are stable.
var sortOrders = map[string]string{
	"-updated": "updated_at DESC, id DESC",
	"updated":  "updated_at, id",
	"name":     "name_key, id",
	"-name":    "name_key DESC, id DESC",
	"unit":     "unit, name_key, id",
	"-unit":    "unit DESC, name_key, id",
}

// ListDescriptions returns one page of the descriptions that match f and lie within f.Scope,
// and the number of all that match (the same conditions, scope included: a record outside the
// scope is never counted). With IDs and no Sort, the page keeps the order of IDs.
func (t *tx) ListDescriptions(ctx context.Context, f register.Filter) ([]register.Description, int, error) {
	var problems []register.FieldProblem
	order, ok := sortOrders[f.Sort]
	if f.Sort == "" {
		order = sortOrders["-updated"]
	} else if !ok {
		problems = append(problems, register.FieldProblem{Name: "sort",
			Reason: fmt.Sprintf("Onbekende sortering %q: kies name, -name, updated, -updated, unit of -unit.", f.Sort)})
	}
	if f.State != "" && !f.State.Valid() {
		problems = append(problems, register.FieldProblem{Name: "state", Reason: fmt.Sprintf("Onbekende status %q.", f.State)})
	}
	if f.Level != "" && !f.Level.Valid() {
		problems = append(problems, register.FieldProblem{Name: "classification",
			Reason: fmt.Sprintf("Onbekend rubriceringsniveau %q.", f.Level)})
	}
	if f.Offset < 0 {
		problems = append(problems, register.FieldProblem{Name: "offset", Reason: "De positie mag niet negatief zijn."})
	}
	if f.Limit < 0 {
		problems = append(problems, register.FieldProblem{Name: "limit", Reason: "Het aantal mag niet negatief zijn."})
	}
	if len(problems) > 0 {
		return nil, 0, register.Invalid(problems)
	}

	// An empty scope sees nothing; say so without asking the database.
	maxRank := f.Scope.MaxLevel.Rank()
	if maxRank < 0 || (!f.Scope.AllUnits && len(f.Scope.Units) == 0) || (f.IDs != nil && len(f.IDs) == 0) {
		return nil, 0, nil
	}

	from := "descriptions d"
	ord := "0" // the position in IDs, when given
	var args []any
	if f.IDs != nil {
		ids, _ := json.Marshal(dedupe(f.IDs))
		if t.s.dialect == postgres {
			from = "descriptions d JOIN jsonb_array_elements_text(?::jsonb) WITH ORDINALITY AS j(value, ord) ON j.value = d.id"
			ord = "j.ord"
		} else {
			// CROSS JOIN makes SQLite walk the ids and look each up by primary key, instead of
			// scanning every description and probing the list (quadratic on a large register)
			from = "json_each(?) AS j CROSS JOIN descriptions d ON d.id = j.value"
			ord = "j.key"
		}
		if f.Sort == "" {
			order = "ord"
		}
		args = append(args, string(ids))
	}
	var where []string
	if maxRank < len(register.Levels)-1 { // the highest clearance sees every level
		where = append(where, "d.level_rank <= ?")
		args = append(args, maxRank)
	}
	if !f.Scope.AllUnits {
		where = append(where, "d.unit IN ("+placeholders(len(f.Scope.Units))+")")
		for _, u := range f.Scope.Units {
			args = append(args, u)
		}
	}
	for _, c := range []struct {
		col, val string
	}{{"d.unit", f.Unit}, {"d.status", f.Status}, {"d.publication_category", f.PublicationCategory}, {"d.state", string(f.State)}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	if f.Level != "" {
		where = append(where, "d.level_rank = ?")
		args = append(args, f.Level.Rank())
	}
	cond := " FROM " + from
	if len(where) > 0 {
		cond += " WHERE " + strings.Join(where, " AND ")
	}

	// The page is chosen in a subquery that an index can answer alone (it selects only the id,
	// so an index on the filter and sort columns covers it: no row of the wide table is read for
	// the rows skipped by OFFSET); only the page's rows are then read from the table, and
	// sorted again by the same columns of those rows.
	q := "SELECT d.id AS id, " + ord + " AS ord" + cond + " ORDER BY " + order
	pageArgs := append([]any(nil), args...)
	if f.Limit > 0 {
		q += " LIMIT ?"
		pageArgs = append(pageArgs, f.Limit)
	} else if f.Offset > 0 && t.s.dialect == sqlite {
		q += " LIMIT -1"
	}
	if f.Offset > 0 {
		q += " OFFSET ?"
		pageArgs = append(pageArgs, f.Offset)
	}
	outer := "p.ord"
	if order != "ord" {
		outer = prefixed("d.", order)
	}
	q = "SELECT d.doc FROM (" + q + ") p JOIN descriptions d ON d.id = p.id ORDER BY " + outer
	rows, err := t.query(ctx, q, pageArgs...)
	if err != nil {
		return nil, 0, mapErr(fmt.Errorf("store: list descriptions: %w", err))
	}
	defer rows.Close()
	var ds []register.Description
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, 0, fmt.Errorf("store: list descriptions: %w", err)
		}
		d, err := t.s.docs.decode(doc)
		if err != nil {
			return nil, 0, err
		}
		ds = append(ds, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, mapErr(fmt.Errorf("store: list descriptions: %w", err))
	}
	rows.Close()

	// A short page (not empty, or the first) already tells the total.
	if f.Limit == 0 || (len(ds) < f.Limit && (len(ds) > 0 || f.Offset == 0)) {
		return ds, f.Offset + len(ds), nil
	}
	// Without an IDs restriction every condition is on a column of description_counts, so the
	// total is a sum over that small table.
	countQ := "SELECT COUNT(*)" + cond
	if f.IDs == nil {
		countQ = "SELECT CAST(COALESCE(SUM(d.n), 0) AS BIGINT) FROM description_counts d" + strings.TrimPrefix(cond, " FROM "+from)
	}
	var total int
	if err := t.queryRow(ctx, countQ, args...).Scan(&total); err != nil {
		return nil, 0, mapErr(fmt.Errorf("store: count descriptions: %w", err))
	}
	return ds, total, nil
}

// prefixed qualifies every column of an ORDER BY list with prefix.
func prefixed(prefix, order string) string {
	parts := strings.Split(order, ", ")
	for i, p := range parts {
		parts[i] = prefix + p
	}
	return strings.Join(parts, ", ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Revisions lists every saved revision of a description, newest first (ENOTFOUND when there
// is no such description).
func (t *tx) Revisions(ctx context.Context, id string) ([]register.Revision, error) {
	rows, err := t.query(ctx, `SELECT revision, saved_at, saved_by, snapshot FROM revisions
		WHERE description_id = ? ORDER BY revision DESC`, id)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: revisions: %w", err))
	}
	defer rows.Close()
	var rs []register.Revision
	for rows.Next() {
		r := register.Revision{DescriptionID: id}
		var doc []byte
		if err := rows.Scan(&r.Revision, scanTime{&r.SavedAt}, &r.SavedBy, &doc); err != nil {
			return nil, fmt.Errorf("store: revisions: %w", err)
		}
		d, err := decodeDescription(doc)
		if err != nil {
			return nil, err
		}
		r.Snapshot = *d
		rs = append(rs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(fmt.Errorf("store: revisions: %w", err))
	}
	if len(rs) == 0 {
		return nil, register.NotFound()
	}
	return rs, nil
}

// RevisionOf returns the snapshot of one revision (ENOTFOUND when there is none).
func (t *tx) RevisionOf(ctx context.Context, id string, rev int) (*register.Description, error) {
	var doc []byte
	err := t.queryRow(ctx, "SELECT snapshot FROM revisions WHERE description_id = ? AND revision = ?", id, rev).Scan(&doc)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: revision %s/%d: %w", id, rev, err))
	}
	return decodeDescription(doc)
}

// DescriptionsChangedSince returns the current version of every description changed after
// sequence number after, in sequence order, at most limit (0: all), and the highest sequence
// returned (after itself when nothing changed).
func (t *tx) DescriptionsChangedSince(ctx context.Context, after int64, limit int) ([]register.Description, int64, error) {
	q, args := "SELECT change_seq, doc FROM descriptions WHERE change_seq > ? ORDER BY change_seq", []any{after}
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, after, mapErr(fmt.Errorf("store: changes: %w", err))
	}
	defer rows.Close()
	var ds []register.Description
	last := after
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&last, &doc); err != nil {
			return nil, after, fmt.Errorf("store: changes: %w", err)
		}
		d, err := decodeDescription(doc)
		if err != nil {
			return nil, after, err
		}
		ds = append(ds, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, after, mapErr(fmt.Errorf("store: changes: %w", err))
	}
	return ds, last, nil
}
