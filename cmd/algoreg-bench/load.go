package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// An op is one kind of request the load generator sends. Do performs it (possibly several
// HTTP requests, each recorded through rec) and returns an error only for an unexpected
// outcome: a transport failure or a status the scenario does not allow.
type op struct {
	name   string
	weight int
	do     func(ctx context.Context, w *worker) error
}

// A worker is one simulated client: its own keep-alive connection pool, random source and
// latency samples.
type worker struct {
	id     int
	client *http.Client
	rnd    *rand.Rand
	// pace, when positive, is the least time between the starts of two operations of this
	// worker (a visitor's think time); zero runs closed-loop.
	pace    time.Duration
	samples map[string][]time.Duration
	errs    map[string]int
	notes   map[string]int // expected non-2xx outcomes, such as 412 on a stale PUT
	cut     map[string]int // operations still in flight when the run's time was up
	firstEr []string
	state   any // scenario data per worker
}

// rec records the latency of one request under name.
func (w *worker) rec(name string, d time.Duration) {
	w.samples[name] = append(w.samples[name], d)
}

// fail counts an unexpected outcome under name and keeps the first few messages.
func (w *worker) fail(name string, err error) {
	w.errs[name]++
	if len(w.firstEr) < 5 {
		w.firstEr = append(w.firstEr, strings.TrimSpace(fmt.Sprintf("%s: %v", name, err)))
	}
}

// loadConfig bounds a run: it stops after duration or after maxOps operations, whichever
// comes first, and never runs without at least one of the two bounds.
type loadConfig struct {
	workers  int
	duration time.Duration
	maxOps   int
	pace     time.Duration
	// sourceIP, when set, gives worker i its own loopback source address (127.0.0.x), so
	// per-client limits see distinct visitors.
	sourceIP func(i int) net.IP
	seed     uint64
	setup    func(w *worker) // prepares w.state before the clock starts
}

// opStats are the figures of one operation kind.
type opStats struct {
	Name          string
	Count         int
	Errors        int
	Expected      int // expected non-2xx outcomes (e.g. 412 conflicts, retried)
	Unfinished    int // still waiting for an answer when the run's time was up
	P50, P95, P99 time.Duration
	Max           time.Duration
	PerSecond     float64
}

// loadResult is the outcome of a run.
type loadResult struct {
	Elapsed  time.Duration
	Workers  int
	Ops      []opStats // per request name, sorted by name; the last one is "all"
	Errors   []string  // the first few error messages
	TotalErr int
	// ServerCPU is the CPU time the server process used during the run (0: not measured).
	ServerCPU time.Duration
}

// runLoad drives ops from cfg.workers concurrent workers until the bound is reached. Every
// worker keeps its connections alive between requests.
func runLoad(ctx context.Context, cfg loadConfig, ops []op) (*loadResult, error) {
	if cfg.duration <= 0 && cfg.maxOps <= 0 {
		return nil, fmt.Errorf("belasting zonder grens: geef een duur of een aantal verzoeken")
	}
	if cfg.duration <= 0 || cfg.duration > 2*time.Minute {
		cfg.duration = 2 * time.Minute // every run is bounded, whatever was asked
	}
	if cfg.workers < 1 {
		cfg.workers = 1
	}
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	if total <= 0 {
		return nil, fmt.Errorf("geen verzoeken om te versturen")
	}
	workers := make([]*worker, cfg.workers)
	for i := range workers {
		workers[i] = newWorker(i, cfg)
		if cfg.setup != nil {
			cfg.setup(workers[i])
		}
	}
	// The deadline stops new operations; the ones in flight finish (bounded by the client
	// timeout), so the last answer of every client is measured rather than cut off.
	deadline := time.Now().Add(cfg.duration)
	running := func() bool { return ctx.Err() == nil && time.Now().Before(deadline) }
	var (
		mu     sync.Mutex
		issued int
	)
	take := func() bool {
		if cfg.maxOps <= 0 {
			return true
		}
		mu.Lock()
		defer mu.Unlock()
		if issued >= cfg.maxOps {
			return false
		}
		issued++
		return true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			next := time.Now()
			for running() && take() {
				if w.pace > 0 {
					if d := min(time.Until(next), time.Until(deadline)); d > 0 {
						select {
						case <-ctx.Done():
							return
						case <-time.After(d):
						}
					}
					if !running() {
						return
					}
					next = time.Now().Add(w.pace)
				}
				o := pick(w.rnd, ops, total)
				if err := o.do(ctx, w); err != nil {
					if ctx.Err() != nil {
						w.cut[o.name]++ // interrupted (SIGINT): reported, not hidden
					} else {
						w.fail(o.name, err)
					}
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, w := range workers {
		w.client.CloseIdleConnections()
	}
	return summarise(workers, elapsed), nil
}

func newWorker(i int, cfg loadConfig) *worker {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if cfg.sourceIP != nil {
		dialer.LocalAddr = &net.TCPAddr{IP: cfg.sourceIP(i)}
	}
	tr := &http.Transport{
		DialContext:         dialer.DialContext,
		MaxIdleConns:        4,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  false,
	}
	return &worker{
		id:      i,
		client:  &http.Client{Transport: tr, Timeout: 30 * time.Second},
		rnd:     rand.New(rand.NewPCG(cfg.seed, uint64(i)+1)),
		pace:    cfg.pace,
		samples: map[string][]time.Duration{},
		errs:    map[string]int{},
		notes:   map[string]int{},
		cut:     map[string]int{},
	}
}

func pick(r *rand.Rand, ops []op, total int) op {
	n := r.IntN(total)
	for _, o := range ops {
		if n < o.weight {
			return o
		}
		n -= o.weight
	}
	return ops[len(ops)-1]
}

// summarise merges the workers' samples into per-request figures and an "all" row.
func summarise(workers []*worker, elapsed time.Duration) *loadResult {
	byName := map[string][]time.Duration{}
	errs := map[string]int{}
	notes := map[string]int{}
	cut := map[string]int{}
	res := &loadResult{Elapsed: elapsed, Workers: len(workers)}
	var all []time.Duration
	for _, w := range workers {
		for k, v := range w.samples {
			byName[k] = append(byName[k], v...)
			all = append(all, v...)
		}
		for k, v := range w.errs {
			errs[k] += v
			res.TotalErr += v
		}
		for k, v := range w.notes {
			notes[k] += v
		}
		for k, v := range w.cut {
			cut[k] += v
		}
		res.Errors = append(res.Errors, w.firstEr...)
	}
	if len(res.Errors) > 10 {
		res.Errors = res.Errors[:10]
	}
	names := make([]string, 0, len(byName))
	for k := range byName {
		names = append(names, k)
	}
	seen := map[string]bool{}
	for k := range byName {
		seen[k] = true
	}
	for _, m := range []map[string]int{errs, cut} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	for _, k := range names {
		s := stats(k, byName[k], elapsed)
		s.Errors, s.Expected, s.Unfinished = errs[k], notes[k], cut[k]
		res.Ops = append(res.Ops, s)
	}
	s := stats("all", all, elapsed)
	s.Errors = res.TotalErr
	for _, v := range notes {
		s.Expected += v
	}
	for _, v := range cut {
		s.Unfinished += v
	}
	res.Ops = append(res.Ops, s)
	return res
}

// stats computes the count, throughput and nearest-rank percentiles of samples.
func stats(name string, samples []time.Duration, elapsed time.Duration) opStats {
	s := opStats{Name: name, Count: len(samples)}
	if len(samples) == 0 {
		return s
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	s.P50 = percentile(sorted, 50)
	s.P95 = percentile(sorted, 95)
	s.P99 = percentile(sorted, 99)
	s.Max = sorted[len(sorted)-1]
	if elapsed > 0 {
		s.PerSecond = float64(len(samples)) / elapsed.Seconds()
	}
	return s
}

// percentile returns the nearest-rank p-th percentile of sorted (ascending) samples: the
// smallest sample such that at least p% of all samples are at or below it.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(sorted)) * p / 100))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}
