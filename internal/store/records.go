package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

// descriptionMissing turns a foreign-key failure on description_id into ENOTFOUND.
func descriptionMissing(err error, op string) error {
	err = mapErr(fmt.Errorf("store: %s: %w", op, err))
	if register.ErrorCode(err) == register.EINVALID {
		return fmt.Errorf("%w: %w", register.NotFound(), err)
	}
	return err
}

// ---- transitions

func (t *tx) AddTransition(ctx context.Context, tr register.Transition) error {
	if tr.At.IsZero() {
		tr.At = t.now
	}
	_, err := t.exec(ctx, `INSERT INTO transitions (description_id, revision, action, from_state, to_state, comment,
		by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tr.DescriptionID, tr.Revision, string(tr.Action),
		string(tr.From), string(tr.To), tr.Comment, tr.By, tv(tr.At))
	if err != nil {
		return descriptionMissing(err, "add transition")
	}
	return nil
}

// Transitions lists the workflow steps of a description, oldest first.
func (t *tx) Transitions(ctx context.Context, id string) ([]register.Transition, error) {
	rows, err := t.query(ctx, `SELECT revision, action, from_state, to_state, comment, by_user, at FROM transitions
		WHERE description_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: transitions: %w", err))
	}
	defer rows.Close()
	var ts []register.Transition
	for rows.Next() {
		tr := register.Transition{DescriptionID: id}
		var action, from, to string
		if err := rows.Scan(&tr.Revision, &action, &from, &to, &tr.Comment, &tr.By, scanTime{&tr.At}); err != nil {
			return nil, fmt.Errorf("store: transitions: %w", err)
		}
		tr.Action, tr.From, tr.To = register.Action(action), register.State(from), register.State(to)
		ts = append(ts, tr)
	}
	return ts, mapErr(rows.Err())
}

// ---- classification and assessment: the current one per description, as JSON

func (t *tx) SaveClassification(ctx context.Context, c register.Classification) error {
	if c.At.IsZero() {
		c.At = t.now
	}
	c.At = micro(c.At)
	return t.saveDoc(ctx, "classifications", c.DescriptionID, c, c.At)
}

func (t *tx) Classification(ctx context.Context, id string) (*register.Classification, error) {
	var c register.Classification
	if err := t.loadDoc(ctx, "classifications", id, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func (t *tx) SaveAssessment(ctx context.Context, a register.Assessment) error {
	if a.At.IsZero() {
		a.At = t.now
	}
	a.At = micro(a.At)
	return t.saveDoc(ctx, "assessments", a.DescriptionID, a, a.At)
}

func (t *tx) Assessment(ctx context.Context, id string) (*register.Assessment, error) {
	var a register.Assessment
	if err := t.loadDoc(ctx, "assessments", id, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

func (t *tx) AllClassifications(ctx context.Context) (map[string]register.Classification, error) {
	out := map[string]register.Classification{}
	err := t.allDocs(ctx, "classifications", func(id string, doc []byte) error {
		var c register.Classification
		if err := json.Unmarshal(doc, &c); err != nil {
			return err
		}
		out[id] = c
		return nil
	})
	return out, err
}

func (t *tx) AllAssessments(ctx context.Context) (map[string]register.Assessment, error) {
	out := map[string]register.Assessment{}
	err := t.allDocs(ctx, "assessments", func(id string, doc []byte) error {
		var a register.Assessment
		if err := json.Unmarshal(doc, &a); err != nil {
			return err
		}
		out[id] = a
		return nil
	})
	return out, err
}

func (t *tx) AssessmentsDue(ctx context.Context, until string) ([]register.Assessment, error) {
	q := `SELECT description_id, COALESCE(json_extract(doc, '$.decision'), ''), json_extract(doc, '$.review_on')
		FROM assessments WHERE json_extract(doc, '$.review_on') <> '' AND json_extract(doc, '$.review_on') <= ?`
	if t.s.dialect == postgres {
		q = `SELECT description_id, COALESCE(doc->>'decision', ''), doc->>'review_on'
			FROM assessments WHERE doc->>'review_on' <> '' AND doc->>'review_on' <= ?`
	}
	rows, err := t.query(ctx, q, until)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: assessments due: %w", err))
	}
	defer rows.Close()
	var out []register.Assessment
	for rows.Next() {
		var a register.Assessment
		if err := rows.Scan(&a.DescriptionID, &a.Decision, &a.ReviewOn); err != nil {
			return nil, mapErr(fmt.Errorf("store: assessments due: %w", err))
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// allDocs calls fn with every document of table (a constant).
func (t *tx) allDocs(ctx context.Context, table string, fn func(id string, doc []byte) error) error {
	rows, err := t.query(ctx, "SELECT description_id, doc FROM "+table)
	if err != nil {
		return mapErr(fmt.Errorf("store: list %s: %w", table, err))
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var doc []byte
		if err := rows.Scan(&id, &doc); err != nil {
			return mapErr(fmt.Errorf("store: list %s: %w", table, err))
		}
		if err := fn(id, doc); err != nil {
			return fmt.Errorf("store: decode %s %s: %w", table, id, err)
		}
	}
	return mapErr(rows.Err())
}

// saveDoc upserts v as the JSON document of description id in table (a constant).
func (t *tx) saveDoc(ctx context.Context, table, id string, v any, at time.Time) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", table, err)
	}
	_, err = t.exec(ctx, "INSERT INTO "+table+` (description_id, doc, at) VALUES (?, ?, ?)
		ON CONFLICT (description_id) DO UPDATE SET doc = excluded.doc, at = excluded.at`, id, string(doc), tv(at))
	if err != nil {
		return descriptionMissing(err, "save "+table)
	}
	return nil
}

func (t *tx) loadDoc(ctx context.Context, table, id string, v any) error {
	var doc []byte
	if err := t.queryRow(ctx, "SELECT doc FROM "+table+" WHERE description_id = ?", id).Scan(&doc); err != nil {
		return mapErr(fmt.Errorf("store: %s %s: %w", table, id, err))
	}
	if err := json.Unmarshal(doc, v); err != nil {
		return fmt.Errorf("store: decode %s: %w", table, err)
	}
	return nil
}
