package service

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/report"
)

// Snapshots of the figures are kept as settings: one per publication run, one per report, and
// an index of their keys (oldest first), so a past report can be reproduced and a trend drawn.
const settingSnapshotIndex = "snapshots"

func snapshotKey(kind string, at time.Time) string {
	return "snapshot:" + kind + ":" + at.UTC().Format(time.RFC3339)
}

func reportKey(year int) string { return fmt.Sprintf("report:%d", year) }

// reportInput loads everything the figures count, for what a may see.
func (s *Service) reportInput(ctx context.Context, tx register.Tx, a Actor, year int) (report.Input, error) {
	in := report.Input{Year: year, Now: tx.Now(), Classifications: map[string]register.Classification{}, Assessments: map[string]register.Assessment{}}
	var err error
	if in.Units, err = tx.ListUnits(ctx); err != nil {
		return in, err
	}
	if in.Descriptions, _, err = tx.ListDescriptions(ctx, register.Filter{Scope: access.ListScope(a.User), Sort: "name"}); err != nil {
		return in, err
	}
	cs, err := tx.AllClassifications(ctx)
	if err != nil {
		return in, err
	}
	as, err := tx.AllAssessments(ctx)
	if err != nil {
		return in, err
	}
	// only what the caller may see: the maps are keyed by the visible descriptions
	for i := range in.Descriptions {
		id := in.Descriptions[i].ID
		if c, ok := cs[id]; ok {
			in.Classifications[id] = c
		}
		if a, ok := as[id]; ok {
			in.Assessments[id] = a
		}
	}
	in.Round, err = s.roundStatus(ctx, tx, year, in.Units)
	return in, err
}

// roundStatus returns the inventory round of the year in the report's terms (every unit of the
// register, complete or not), or nil when none was opened.
func (s *Service) roundStatus(ctx context.Context, tx register.Tx, year int, units []register.Unit) (*report.RoundStatus, error) {
	raw, err := tx.Setting(ctx, roundKey(year))
	if register.ErrorCode(err) == register.ENOTFOUND || (err == nil && raw == "") {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r Round
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return nil, fmt.Errorf("round %d: %w", year, err)
	}
	rs := &report.RoundStatus{Name: fmt.Sprintf("Inventarisatieronde %d", year)}
	for _, u := range units {
		ru := report.RoundUnit{Unit: u.Code}
		if c, ok := r.Units[u.Code]; ok && c.Complete {
			ru.Complete, ru.CompletedAt = true, c.At
		}
		rs.Units = append(rs.Units, ru)
	}
	return rs, nil
}

// TakeSnapshot stores the figures of the whole register now, labelled kind (e.g. "publish",
// "quarter"), and returns them.
func (s *Service) takeSnapshot(ctx context.Context, tx register.Tx, kind string) (report.Figures, error) {
	in, err := s.reportInput(ctx, tx, System("snapshot"), tx.Now().Year())
	if err != nil {
		return report.Figures{}, err
	}
	f := report.Compute(in)
	return f, s.saveSnapshot(ctx, tx, snapshotKey(kind, tx.Now()), f)
}

// snapshotOf stores the figures of the whole register from descriptions and assessments the
// caller already holds (a publication run), reading only units, classifications and the round.
func (s *Service) snapshotOf(ctx context.Context, tx register.Tx, kind string, all []register.Description, assessments map[string]register.Assessment) error {
	in := report.Input{Year: tx.Now().Year(), Now: tx.Now(), Descriptions: all, Assessments: assessments}
	var err error
	if in.Units, err = tx.ListUnits(ctx); err != nil {
		return err
	}
	if in.Classifications, err = tx.AllClassifications(ctx); err != nil {
		return err
	}
	if in.Round, err = s.roundStatus(ctx, tx, in.Year, in.Units); err != nil {
		return err
	}
	return s.saveSnapshot(ctx, tx, snapshotKey(kind, tx.Now()), report.Compute(in))
}

func (s *Service) saveSnapshot(ctx context.Context, tx register.Tx, key string, f report.Figures) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := tx.SetSetting(ctx, key, string(b)); err != nil {
		return err
	}
	idx, err := s.snapshotIndex(ctx, tx)
	if err != nil {
		return err
	}
	for _, k := range idx {
		if k == key {
			return nil
		}
	}
	idx = append(idx, key)
	b, _ = json.Marshal(idx)
	return tx.SetSetting(ctx, settingSnapshotIndex, string(b))
}

func (s *Service) snapshotIndex(ctx context.Context, tx register.Tx) ([]string, error) {
	raw, err := tx.Setting(ctx, settingSnapshotIndex)
	if err != nil && register.ErrorCode(err) != register.ENOTFOUND {
		return nil, err
	}
	var idx []string
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), &idx)
	}
	return idx, nil
}

func (s *Service) loadSnapshot(ctx context.Context, tx register.Tx, key string) (*report.Figures, error) {
	raw, err := tx.Setting(ctx, key)
	if register.ErrorCode(err) == register.ENOTFOUND || raw == "" {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f report.Figures
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", key, err)
	}
	return &f, nil
}

// YearReport builds the yearly progress report. For the current year the figures are computed
// now and kept as that year's report snapshot; for a past year the kept snapshot is used, so
// the report is reproduced exactly. Previous is last year's report; the trend takes the last
// snapshot of each quarter of the year.
func (s *Service) YearReport(ctx context.Context, a Actor, year int) (*report.Report, bool, error) {
	if !access.CanGlobal(a.User, access.Report) {
		return nil, false, register.Errorf(register.EFORBIDDEN, "U mag geen voortgangsrapportage maken.")
	}
	var rep report.Report
	reproduced := false
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		now := tx.Now()
		if year < 2000 || year > now.Year() {
			return register.Invalid([]register.FieldProblem{problem("year", fmt.Sprintf("moet een jaar tussen 2000 en %d zijn", now.Year()))})
		}
		whole := a.User != nil && a.User.Scope().AllUnits && a.User.Clearance == register.StgZeerGeheim
		kept, err := s.loadSnapshot(ctx, tx, reportKey(year))
		if err != nil {
			return err
		}
		switch {
		case year < now.Year() && kept != nil && whole:
			rep.Current, reproduced = *kept, true
		default:
			in, err := s.reportInput(ctx, tx, a, year)
			if err != nil {
				return err
			}
			rep.Current = report.Compute(in)
			if whole && year == now.Year() {
				if err := s.saveSnapshot(ctx, tx, reportKey(year), rep.Current); err != nil {
					return err
				}
			}
		}
		if whole {
			if rep.Previous, err = s.loadSnapshot(ctx, tx, reportKey(year-1)); err != nil {
				return err
			}
			if rep.Trend, err = s.quarterTrend(ctx, tx, year); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "report", fmt.Sprintf("report:%d", year), 0, "ok", "rubricering "+string(rep.Marking()))
	})
	return &rep, reproduced, err
}

// quarterTrend picks, for each quarter end of the year up to now, the last snapshot taken at or
// before it.
func (s *Service) quarterTrend(ctx context.Context, tx register.Tx, year int) ([]report.Figures, error) {
	idx, err := s.snapshotIndex(ctx, tx)
	if err != nil {
		return nil, err
	}
	type snap struct {
		key string
		at  time.Time
	}
	var snaps []snap
	for _, k := range idx {
		if j := indexTime(k); j > 0 {
			if t, err := time.Parse(time.RFC3339, k[j:]); err == nil {
				snaps = append(snaps, snap{k, t})
			}
		}
	}
	sort.Slice(snaps, func(i, j int) bool { return snaps[i].at.Before(snaps[j].at) })
	var out []report.Figures
	for q := 1; q <= 4; q++ {
		end := time.Date(year, time.Month(3*q)+1, 1, 0, 0, 0, 0, time.UTC)
		var pick string
		for _, sn := range snaps {
			if sn.at.Year() == year && sn.at.Before(end) {
				pick = sn.key
			}
		}
		if pick == "" {
			continue
		}
		f, err := s.loadSnapshot(ctx, tx, pick)
		if err != nil {
			return nil, err
		}
		if f != nil && (len(out) == 0 || out[len(out)-1].AsOf != f.AsOf) {
			out = append(out, *f)
		}
	}
	return out, nil
}

// indexTime finds where the RFC 3339 time starts in a snapshot key (after "snapshot:KIND:").
func indexTime(k string) int {
	const p = "snapshot:"
	if len(k) <= len(p) {
		return -1
	}
	for i := len(p); i < len(k); i++ {
		if k[i] == ':' {
			return i + 1
		}
	}
	return -1
}

// Progress computes the progress figures per unit and in total over what a may see: the
// overview for coordinators, approvers, administrators and the CIO office.
func (s *Service) Progress(ctx context.Context, a Actor, year int) (*report.Figures, error) {
	if !access.CanGlobal(a.User, access.Report) {
		return nil, register.Errorf(register.EFORBIDDEN, "U mag het voortgangsoverzicht niet inzien.")
	}
	var out report.Figures
	err := s.store.Tx(ctx, func(tx register.Tx) error {
		if year == 0 {
			year = tx.Now().Year()
		}
		in, err := s.reportInput(ctx, tx, a, year)
		if err != nil {
			return err
		}
		out = report.Compute(in)
		return nil
	})
	return &out, err
}
