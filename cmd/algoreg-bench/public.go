package main

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/public/publictest"
)

// publicOptions are the settings of `algoreg-bench public`.
type publicOptions struct {
	bin      string
	count    int
	duration time.Duration
	visitors int
	pace     time.Duration
	work     string
	doc      string
	seed     int64
}

func runPublic(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o publicOptions
	fs := flag.NewFlagSet("public", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.bin, "algoreg", "", "het gebouwde algoreg-programma (verplicht)")
	fs.IntVar(&o.count, "count", 0, "0: de echte publicatieronde op de demodata; anders een ondertekende fixturebundel met zoveel gegenereerde beschrijvingen")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "duur van de belasting")
	fs.IntVar(&o.visitors, "visitors", 64, "bezoekers, elk met een eigen loopbackadres (127.0.0.x)")
	fs.DurationVar(&o.pace, "pace", 100*time.Millisecond, "minimale tijd tussen de verzoeken van één bezoeker (de site staat 20/s per adres toe)")
	fs.StringVar(&o.work, "work", "", "werkmap (standaard: een tijdelijke map)")
	fs.StringVar(&o.doc, "doc", "", "schrijf de tabel in dit markdownbestand")
	fs.Int64Var(&o.seed, "seed", 1, "zaad van de belasting")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" {
		return fmt.Errorf("--algoreg ontbreekt: geef het gebouwde programma")
	}
	if o.visitors < 1 || o.visitors > 250 {
		return fmt.Errorf("--visitors moet 1 tot en met 250 zijn (één loopbackadres per bezoeker)")
	}
	if o.work != "" {
		if err := os.MkdirAll(o.work, 0o755); err != nil {
			return fmt.Errorf("werkmap: %w", err)
		}
	} else {
		d, err := os.MkdirTemp("", "algoreg-bench-public-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		o.work = d
	}
	log := func(format string, a ...any) { fmt.Fprintf(stderr, "bench: "+format+"\n", a...) }
	bundle := filepath.Join(o.work, "bundle")
	var pubKey, source string
	var err error
	if o.count == 0 {
		log("demo-register vullen en de echte publicatieronde draaien")
		if pubKey, err = publishDemo(ctx, o.bin, o.work, bundle); err != nil {
			return err
		}
		source = "the real publication run (`algoreg publish`) on the demo register (`algoreg serve --demo`)"
	} else {
		log("fixturebundel met %d beschrijvingen schrijven", o.count)
		if pubKey, err = writeFixture(bundle, o.count); err != nil {
			return err
		}
		source = fmt.Sprintf("a signed fixture bundle of %d generated descriptions (`publictest.Generate`, written by `publish.WriteBundle`)", o.count)
	}
	srv, err := startServer(ctx, o.bin, nil, filepath.Join(o.work, "serve-public.log"),
		"serve-public", "--bundle", bundle, "--public-key", pubKey, "--addr", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.stop()
	a := api{base: srv.base}
	ids, total, err := publicIDs(ctx, a)
	if err != nil {
		return err
	}
	log("serve-public luistert op %s met %d beschrijvingen", srv.base, total)

	cfg := loadConfig{workers: o.visitors, duration: o.duration, pace: o.pace, seed: uint64(o.seed),
		sourceIP: func(i int) net.IP { return net.IPv4(127, 0, 0, byte(2+i)) }}
	res, err := loadOn(ctx, srv, cfg, publicOps(a, ids))
	if err != nil {
		return err
	}
	mem, err := readMemory(srv.cmd.Process.Pid)
	if err != nil {
		return err
	}
	if err := srv.stop(); err != nil {
		log("serve-public stopte niet netjes: %v", err)
	}
	var b strings.Builder
	all := find(res, "all")
	label := "demo"
	if o.count > 0 {
		label = fmt.Sprintf("fixture-%d", o.count)
	}
	fmt.Fprintf(&b, "#### serve-public, %d descriptions (%s)\n\n%s\n\n", total, label, describeMachine().markdown())
	fmt.Fprintf(&b, "Bundle: %s. Command: `scripts/bench-load public%s` — %d visitors, each from its own loopback address "+
		"(127.0.0.2 upwards, because the site limits 20 requests/s per address) and at most one request per %s (%.0f requests/s offered), "+
		"keep-alive, %s. Mix: 10%% home page `/`, 30%% result page `/algoritmes?q=…`, 25%% API search `/api/v1/algorithms?q=…`, "+
		"25%% detail page `/algoritme/{id}`, 10%% API `/api/v1/algorithms/{id}`.\n\n",
		source, countFlag(o.count), o.visitors, o.pace, float64(o.visitors)/o.pace.Seconds(), o.duration)
	fmt.Fprintf(&b, "**Throughput %.0f requests/s, p50 %s, p99 %s, errors %d.** `serve-public` memory afterwards: VmRSS %s, VmHWM %s.\n\n",
		all.PerSecond, ms(all.P50), ms(all.P99), all.Errors, mb(mem.RSS), mb(mem.HWM))
	loadTable(&b, labelled{"public", res})
	fmt.Fprint(stdout, b.String())
	if o.doc != "" {
		if err := updateDoc(o.doc, "public-"+label, b.String()); err != nil {
			return err
		}
		log("%s bijgewerkt", o.doc)
	}
	return nil
}

func countFlag(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" --count %d", n)
}

// publicOps is what visitors of the public site do.
func publicOps(a api, ids []string) []op {
	qs := func(w *worker) string {
		return url.Values{"q": {searchTerms[w.rnd.IntN(len(searchTerms))]}}.Encode()
	}
	return []op{
		{name: "home", weight: 10, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "home", "/")
			return err
		}},
		{name: "results page", weight: 30, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "results page", "/algoritmes?"+qs(w))
			return err
		}},
		{name: "api search", weight: 25, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "api search", "/api/v1/algorithms?"+qs(w))
			return err
		}},
		{name: "detail page", weight: 25, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "detail page", "/algoritme/"+url.PathEscape(ids[w.rnd.IntN(len(ids))]))
			return err
		}},
		{name: "api get", weight: 10, do: func(ctx context.Context, w *worker) error {
			_, err := a.get(ctx, w, "api get", "/api/v1/algorithms/"+url.PathEscape(ids[w.rnd.IntN(len(ids))]))
			return err
		}},
	}
}

// publicIDs reads the ids of (up to 2,000 of) the published descriptions through the public API.
func publicIDs(ctx context.Context, a api) ([]string, int, error) {
	var ids []string
	total := 0
	for page := 1; page <= 20; page++ {
		var p struct {
			Items []struct {
				SourceID string `json:"source_id"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if err := a.fetchJSON(ctx, fmt.Sprintf("/api/v1/algorithms?pageSize=100&page=%d", page), &p); err != nil {
			return nil, 0, err
		}
		total = p.Total
		for _, it := range p.Items {
			ids = append(ids, it.SourceID)
		}
		if page*100 >= p.Total {
			break
		}
	}
	if len(ids) == 0 {
		return nil, 0, fmt.Errorf("de bundel bevat geen beschrijvingen")
	}
	return ids, total, nil
}

// writeFixture writes a signed fixture bundle of n generated descriptions and the PEM public
// key that signed it; it returns the key's path.
func writeFixture(dir string, n int) (string, error) {
	if _, err := publictest.Write(dir, publictest.Generate(n)); err != nil {
		return "", err
	}
	pub, _ := publictest.Key()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("publieke sleutel: %w", err)
	}
	path := filepath.Join(filepath.Dir(dir), "fixture.pub")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o644); err != nil {
		return "", fmt.Errorf("publieke sleutel: %w", err)
	}
	return path, nil
}

// publishDemo fills a new register with the demo data (`serve --demo`, stopped once it
// listens), generates a signing key and runs `algoreg publish`; it returns the public key.
func publishDemo(ctx context.Context, bin, work, bundle string) (string, error) {
	db := "sqlite:" + filepath.Join(work, "demo.db")
	srv, err := startServer(ctx, bin, []string{"ALGOREG_DB=" + db}, filepath.Join(work, "serve-demo.log"),
		"serve", "--demo", "--addr", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	if err := srv.stop(); err != nil {
		return "", fmt.Errorf("demo-server stoppen: %w", err)
	}
	keys := filepath.Join(work, "keys")
	if _, _, _, err := runCLI(ctx, bin, nil, "", []int{0}, "keys", "generate", "--dir", keys); err != nil {
		return "", err
	}
	out, _, _, err := runCLI(ctx, bin, []string{"ALGOREG_DB=" + db}, "", []int{0}, "publish", "--out", bundle, "--key", filepath.Join(keys, "bundle-signing.key"))
	if err != nil {
		return "", err
	}
	_ = out
	return filepath.Join(keys, "bundle-signing.pub"), nil
}
