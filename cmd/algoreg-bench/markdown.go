package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// ms formats a latency in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// mb formats bytes in (decimal) megabytes, the unit of the targets.
func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func verdict(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// loadTable renders per-request figures of one or more runs as one markdown table.
func loadTable(b *strings.Builder, rows ...labelled) {
	b.WriteString("| phase | request | clients | duration | requests | req/s | p50 | p95 | p99 | max | errors | expected 412 | unfinished at end | server CPU per request |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, r := range rows {
		if r.res == nil {
			continue
		}
		for _, s := range r.res.Ops {
			if s.Name == "all" && len(r.res.Ops) == 2 {
				continue // one request kind: the "all" row repeats it
			}
			cpu := "–"
			if r.res.ServerCPU > 0 && s.Count > 0 && (s.Name == "all" || len(r.res.Ops) == 2) {
				cpu = ms(r.res.ServerCPU / time.Duration(s.Count))
			}
			fmt.Fprintf(b, "| %s | %s | %d | %s | %d | %.0f | %s | %s | %s | %s | %d | %d | %d | %s |\n",
				r.label, s.Name, r.res.Workers, secs(r.res.Elapsed), s.Count, s.PerSecond, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.Errors, s.Expected, s.Unfinished, cpu)
		}
	}
	for _, r := range rows {
		if r.res != nil && len(r.res.Errors) > 0 {
			fmt.Fprintf(b, "\nFirst errors (%s):\n\n", r.label)
			for _, e := range r.res.Errors {
				fmt.Fprintf(b, "- `%s`\n", strings.ReplaceAll(e, "`", "'"))
			}
		}
	}
}

type labelled struct {
	label string
	res   *loadResult
}

func find(r *loadResult, name string) opStats {
	if r == nil {
		return opStats{}
	}
	for _, s := range r.Ops {
		if s.Name == name {
			return s
		}
	}
	return opStats{}
}

func (r *coreResult) markdown() string {
	var b strings.Builder
	o := r.opts
	db := map[string]string{"sqlite": "SQLite (embedded, pure Go)", "postgres": "PostgreSQL"}[o.db]
	fmt.Fprintf(&b, "#### %s\n\n%s\n\n", db, r.machine.markdown())
	fmt.Fprintf(&b, "Command: `scripts/bench-core %s` (%d generated descriptions, seed %d, %d clients, %s per phase).\n\n",
		o.db, o.n, o.seed, o.workers, o.phase)
	get, list, create := find(r.get, "get"), find(r.list, "list"), find(r.create, "create")
	b.WriteString("| figure | target | measured | met |\n|---|---|---|:-:|\n")
	if o.reuse {
		b.WriteString("| imports | | not measured in this run (`--reuse`) | |\n")
	} else {
		fmt.Fprintf(&b, "| real CSV imported into an empty database (wall clock, process start included) | < 1 s | %s (CPU %s; %d imported, %d rejected) | %s |\n",
			secs(r.csv.wall), secs(r.csv.cpu), r.csv.imported, r.csv.rejected, verdict(r.csv.wall < time.Second))
		fmt.Fprintf(&b, "| %d generated descriptions imported into an empty database | < 30 s | %s (CPU %s; %d imported, %d rejected) | %s |\n",
			o.n, secs(r.gen.wall), secs(r.gen.cpu), r.gen.imported, r.gen.rejected, verdict(r.gen.wall < 30*time.Second && r.gen.imported == o.n))
	}
	latency := func(what, target string, limit time.Duration, one, many opStats) {
		for _, c := range []struct {
			clients string
			s       opStats
		}{{"1 client", one}, {fmt.Sprintf("%d clients", o.workers), many}} {
			fmt.Fprintf(&b, "| %s, p95, %s | %s | %s (p50 %s, p99 %s, %.0f req/s, %d errors) | %s |\n",
				what, c.clients, target, ms(c.s.P95), ms(c.s.P50), ms(c.s.P99), c.s.PerSecond, c.s.Errors,
				verdict(c.s.Count > 0 && c.s.P95 < limit && c.s.Errors == 0 && c.s.Unfinished == 0))
		}
	}
	latency("get by id", "< 2 ms", 2*time.Millisecond, find(r.get1, "get"), get)
	latency("filtered list page (`unit`, `status`, `page`)", "< 20 ms", 20*time.Millisecond, find(r.list1, "list"), list)
	fmt.Fprintf(&b, "| creates through the API | ≥ 500/s | %.0f/s (p50 %s, p95 %s, %d errors) | %s |\n",
		create.PerSecond, ms(create.P50), ms(create.P95), create.Errors, verdict(create.PerSecond >= 500 && create.Errors == 0 && create.Unfinished == 0))
	fmt.Fprintf(&b, "| `serve` resident memory after the load | < 150 MB | VmRSS %s, peak VmHWM %s (just after start: %s; once the search index was ready: %s) | %s |\n",
		mb(r.endRSS.RSS), mb(r.endRSS.HWM), mb(r.startRSS.RSS), mb(r.readyRSS.RSS), verdict(r.endRSS.HWM < 150*1000*1000))
	if r.mix != nil {
		fmt.Fprintf(&b, "| `serve` resident memory after the mixed load (search index of the register built) | < 150 MB | VmRSS %s, peak VmHWM %s | %s |\n",
			mb(r.mixRSS.RSS), mb(r.mixRSS.HWM), verdict(r.mixRSS.HWM < 150*1000*1000))
	}
	fmt.Fprintf(&b, "\nThe first search, sent just after `serve` started, answered after %s (it waits for the full-text index of the register); the phases below ran after it.\n\n", secs(r.firstSearch))
	loadTable(&b, labelled{"get (1 client)", r.get1}, labelled{"list (1 client)", r.list1},
		labelled{"get", r.get}, labelled{"list", r.list}, labelled{"create", r.create})
	if r.mix != nil {
		fmt.Fprintf(&b, "\n##### Mixed load on %s (issue 9)\n\n", db)
		m := r.mix
		all := find(m.load, "all")
		fmt.Fprintf(&b, "%d users (editors of %s, clearance stg-confidentieel), %d clients (two per user), %s; 80%% reads "+
			"(30 get, 20 filtered list, 30 search `q=`), 20%% writes (10 create, 10 update = GET then PUT with If-Match; "+
			"a 412 is an expected conflict, re-read and retried). On the same %d-description register, after the phases above.\n\n",
			len(m.users), strings.Join(mixedUnits, ", "), m.workers, secs(m.load.Elapsed), o.n)
		fmt.Fprintf(&b, "**Throughput %.0f requests/s, p50 %s, p99 %s, errors %d** (expected 412 conflicts: %d; requests unfinished when the time was up: %d). "+
			"`serve` memory afterwards: VmRSS %s, VmHWM %s.\n\n",
			all.PerSecond, ms(all.P50), ms(all.P99), all.Errors, all.Expected, all.Unfinished, mb(r.mixRSS.RSS), mb(r.mixRSS.HWM))
		loadTable(&b, labelled{"mixed", m.load})
	}
	return b.String()
}

// updateDoc replaces the block between the markers of section in the markdown file at path,
// or appends the block (with its markers) when the file has none yet. Text outside the
// markers, written by people, is left alone.
func updateDoc(path, section, block string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("%s lezen: %w", path, err)
	}
	out, err := replaceSection(string(old), section, block)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		return fmt.Errorf("%s schrijven: %w", path, err)
	}
	return nil
}

// replaceSection puts block between "<!-- bench:SECTION:begin -->" and
// "<!-- bench:SECTION:end -->" in doc.
func replaceSection(doc, section, block string) (string, error) {
	begin := "<!-- bench:" + section + ":begin -->"
	end := "<!-- bench:" + section + ":end -->"
	if !strings.HasSuffix(block, "\n") {
		block += "\n"
	}
	i := strings.Index(doc, begin)
	j := strings.Index(doc, end)
	switch {
	case i < 0 && j < 0:
		if doc != "" && !strings.HasSuffix(doc, "\n") {
			doc += "\n"
		}
		if doc != "" {
			doc += "\n"
		}
		return doc + begin + "\n" + block + end + "\n", nil
	case i < 0 || j < 0 || j < i:
		return "", fmt.Errorf("markeringen van sectie %q zijn onvolledig of staan in de verkeerde volgorde", section)
	case strings.Count(doc, begin) > 1 || strings.Count(doc, end) > 1:
		return "", fmt.Errorf("sectie %q staat meer dan eens in het document", section)
	}
	return doc[:i+len(begin)] + "\n" + block + doc[j:], nil
}
