package service

import (
	"cmp"
	"context"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/defensie/algoreg/internal/access"
	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/search"
)

// ListQuery selects a page of descriptions.
type ListQuery struct {
	Q                   string
	Unit                string
	Status              string
	PublicationCategory string
	State               register.State
	Level               register.Level
	Sort                string // "-updated" (default; relevance when Q is set), "name", "unit"
	Page, PageSize      int    // Page from 1; PageSize 1..100 (default 20)
}

// ListDescriptions returns the page of descriptions that a may see and that match q, and the total
// number of those. Hidden descriptions are never counted.
func (s *Service) ListDescriptions(ctx context.Context, a Actor, q ListQuery) ([]register.Description, int, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 {
		q.PageSize = 20
	}
	f := register.Filter{
		Scope: access.ListScope(a.User), Unit: q.Unit, Status: q.Status, PublicationCategory: q.PublicationCategory,
		State: q.State, Level: q.Level, Sort: q.Sort, Offset: (q.Page - 1) * q.PageSize, Limit: q.PageSize,
	}
	if strings.TrimSpace(q.Q) == "" {
		var items []register.Description
		var total int
		err := s.view(ctx, func(tx register.Tx) error {
			var err error
			items, total, err = tx.ListDescriptions(ctx, f)
			return err
		})
		if err != nil {
			return nil, 0, err
		}
		if err := s.auditListRead(ctx, a, items); err != nil {
			return nil, 0, err
		}
		return items, total, nil
	}
	if err := s.index.await(ctx); err != nil {
		return nil, 0, err
	}
	if err := s.index.refresh(ctx, s.view); err != nil {
		return nil, 0, err
	}
	ids := s.index.search(a.User, q)
	total := len(ids)
	lo, hi := min(f.Offset, total), min(f.Offset+f.Limit, total)
	page := ids[lo:hi]
	if len(page) == 0 {
		return []register.Description{}, total, nil
	}
	var items []register.Description
	err := s.view(ctx, func(tx register.Tx) error {
		var err error
		items, _, err = tx.ListDescriptions(ctx, register.Filter{Scope: f.Scope, IDs: page})
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	if err := s.auditListRead(ctx, a, items); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// auditListRead records that a list showed classified descriptions (every read of a
// description above ongerubriceerd is audited): one entry naming them, committed before the
// page is returned (readAuditor).
func (s *Service) auditListRead(ctx context.Context, a Actor, items []register.Description) error {
	if detail, ok := listReadDetail(items); ok {
		return s.auditRead(ctx, a, "description.list", "descriptions", 0, detail)
	}
	return nil
}

// auditListReadTx is auditListRead within a transaction that is writing anyway.
func (s *Service) auditListReadTx(ctx context.Context, tx register.Tx, a Actor, items []register.Description) error {
	if detail, ok := listReadDetail(items); ok {
		return s.audit(ctx, tx, a, "description.list", "descriptions", 0, "ok", detail)
	}
	return nil
}

// listReadDetail is the detail of a list's read entry: the highest level and the ids of the
// classified descriptions shown; ok is false when none is classified.
func listReadDetail(items []register.Description) (detail string, ok bool) {
	var ids []string
	for i := range items {
		if items[i].Classification != register.Ongerubriceerd {
			ids = append(ids, items[i].ID)
		}
	}
	if len(ids) == 0 {
		return "", false
	}
	return string(Marking(items)) + ": " + strings.Join(ids, ","), true
}

// searchIndex is the in-memory full-text index of the descriptions. It follows the database
// through the change feed, so several instances on one database stay consistent.
type searchIndex struct {
	mu  sync.Mutex // serialises refreshes
	seq int64
	idx *search.Index

	// warming is set while serve builds the index in the background at start; ready is
	// closed once a refresh has completed.
	warming   atomic.Bool
	ready     chan struct{}
	readyOnce sync.Once

	metaMu sync.RWMutex
	meta   map[string]docMeta // id → what visibility, filters and sorting need
	kinds  []metaKind         // the distinct combinations of unit, level, state, status, category
	kindID map[metaKind]uint32
}

// docMeta is kept for every description of a large register, so it is small (32 bytes): the
// few distinct combinations of unit, level, state, status and category are stored once
// (metaKind) and referred to by number, the time as its seconds and nanoseconds. A map of
// 100,000 entries with the strings and time.Time inline took 35 MB; this one takes 13 MB.
type docMeta struct {
	name string
	sec  int64 // updated, Unix seconds
	nsec int32 // and nanoseconds
	kind uint32
}

// metaKind is what filters and visibility look at.
type metaKind struct {
	unit     string
	level    register.Level
	state    register.State
	status   string
	category string
}

func newSearchIndex() *searchIndex {
	return &searchIndex{idx: search.NewIndex(), meta: map[string]docMeta{}, kindID: map[metaKind]uint32{}, ready: make(chan struct{})}
}

// kindOf returns the number of k, adding it when new; the caller holds metaMu for writing.
func (x *searchIndex) kindOf(k metaKind) uint32 {
	if id, ok := x.kindID[k]; ok {
		return id
	}
	id := uint32(len(x.kinds))
	x.kinds = append(x.kinds, k)
	x.kindID[k] = id
	return id
}

// compareUpdated orders a and b by their updated times.
func compareUpdated(a, b docMeta) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	return cmp.Compare(a.nsec, b.nsec)
}

// refresh brings the index up to date with the change feed, reading in read-only transactions
// (view), so a build never holds up a writer; the documents of a batch are tokenised on every
// core and then added in feed order, so the index is the same however many cores there are.
func (x *searchIndex) refresh(ctx context.Context, view func(context.Context, func(register.Tx) error) error) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	for {
		var batch []register.Description
		var last int64
		err := view(ctx, func(tx register.Tx) error {
			var err error
			batch, last, err = tx.DescriptionsChangedSince(ctx, x.seq, 1000)
			return err
		})
		if err != nil {
			return err
		}
		analyzed := make([]search.Analyzed, len(batch))
		var wg sync.WaitGroup
		workers := min(runtime.GOMAXPROCS(0), 1+len(batch)/64)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(batch); i += workers {
					analyzed[i] = search.AnalyzeDoc(search.FromStandard(batch[i].ID, batch[i].Standard))
				}
			}()
		}
		wg.Wait()
		for i := range batch {
			d := &batch[i]
			x.idx.PutAnalyzed(analyzed[i])
			analyzed[i] = search.Analyzed{}
			k := metaKind{unit: d.Unit, level: d.Classification, state: d.State, status: d.Status, category: d.PublicationCategory}
			x.metaMu.Lock()
			x.meta[d.ID] = docMeta{name: d.Name, sec: d.UpdatedAt.Unix(), nsec: int32(d.UpdatedAt.Nanosecond()), kind: x.kindOf(k)}
			x.metaMu.Unlock()
		}
		if len(batch) == 0 || last <= x.seq {
			x.readyOnce.Do(func() { close(x.ready) })
			return nil
		}
		x.seq = last
	}
}

// searchWait is how long a search waits for the index that serve is still building at start
// before it answers 503 with Retry-After: well within the server's write timeout, so the
// client gets an answer instead of a closed connection.
var searchWait = 15 * time.Second

// await waits for the first build while serve is building the index in the background; when
// nothing is building (a command, a test, or a failed warm-up) the caller's refresh builds it.
func (x *searchIndex) await(ctx context.Context) error {
	select {
	case <-x.ready:
		return nil
	default:
	}
	if !x.warming.Load() {
		return nil
	}
	t := time.NewTimer(searchWait)
	defer t.Stop()
	select {
	case <-x.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return register.Errorf(register.EUNAVAILABLE, "De zoekindex wordt na het starten nog opgebouwd (%d beschrijvingen tot nu toe); probeer het over enkele seconden opnieuw. Lijsten zonder zoekterm werken al.", x.idx.Len())
	}
}

// search returns the ids of the visible, matching descriptions, best first (or in q.Sort order).
func (x *searchIndex) search(u *register.User, q ListQuery) []string {
	x.metaMu.RLock()
	defer x.metaMu.RUnlock()
	allow := func(id string) bool {
		dm, ok := x.meta[id]
		if !ok {
			return false
		}
		m := &x.kinds[dm.kind]
		return access.Visible(u, m.unit, m.level) &&
			(q.Unit == "" || q.Unit == m.unit) && (q.Status == "" || q.Status == m.status) &&
			(q.PublicationCategory == "" || q.PublicationCategory == m.category) &&
			(q.State == "" || q.State == m.state) && (q.Level == "" || q.Level == m.level)
	}
	hits := x.idx.Search(q.Q, allow, 0)
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	if q.Sort != "" {
		slices.SortStableFunc(ids, func(a, b string) int {
			ma, mb := x.meta[a], x.meta[b]
			switch q.Sort {
			case "name":
				return cmp.Compare(strings.ToLower(ma.name), strings.ToLower(mb.name))
			case "unit":
				return cmp.Compare(x.kinds[ma.kind].unit, x.kinds[mb.kind].unit)
			case "updated":
				return compareUpdated(ma, mb)
			default: // -updated
				return compareUpdated(mb, ma)
			}
		})
	}
	return ids
}

// WarmSearch builds the full-text index now, so the first search after a start does not wait
// for it; serve calls it in the background. Errors are left for the first search to report.
func (s *Service) WarmSearch(ctx context.Context) {
	s.index.warming.Store(true)
	defer s.index.warming.Store(false)
	if err := s.index.refresh(ctx, s.view); err != nil && ctx.Err() == nil {
		s.log.Warn("zoekindex opbouwen mislukt; de eerste zoekvraag probeert het opnieuw", "err", err)
	}
	// Building the index of a large register leaves hundreds of megabytes of garbage behind;
	// give it back to the system now rather than keep it as the heap's headroom.
	debug.FreeOSMemory()
}
