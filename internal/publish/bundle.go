package publish

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/defensie/algoreg/internal/exchange"
	"github.com/defensie/algoreg/internal/register"
)

// The files of a publication bundle, and nothing else.
const (
	FileJSON     = "algorithms.json"
	FileCSV      = "algorithms.csv"
	FileXLSX     = "algorithms.xlsx"
	FileManifest = "manifest.json"

	// BundleFormat is the manifest's format tag.
	BundleFormat = "algoreg-bundle/1"
)

// dataFiles are the files the manifest lists, with their hashes.
var dataFiles = []string{FileJSON, FileCSV, FileXLSX}

// ErrBundle is in the chain of every error about an invalid or tampered bundle.
var ErrBundle = errors.New("ongeldige publicatiebundel")

// Manifest describes a bundle: when, what and by which rule versions, signed with Ed25519.
//
// The signature is Ed25519 over the manifest's canonical bytes WITHOUT the signature: the
// output of json.Marshal on this struct with Signature set to "" (so omitempty drops the key).
// json.Marshal writes the fields in struct order and the Files map with sorted keys, so the
// bytes do not depend on how manifest.json itself is laid out.
type Manifest struct {
	Format       string             `json:"format"`
	CreatedAt    string             `json:"created_at"` // RFC 3339, UTC
	Organization string             `json:"organization"`
	Count        int                `json:"count"`
	Files        map[string]FileSum `json:"files"`
	RuleVersion  string             `json:"rule_version"`
	ModelVersion string             `json:"model_version"`
	KeyID        string             `json:"key_id"`     // hex of the first 8 bytes of SHA-256 of the public key
	PublicKey    string             `json:"public_key"` // base64 (standard) of the Ed25519 public key
	Signature    string             `json:"signature,omitempty"`
}

// FileSum is the hash and size of one file of the bundle.
type FileSum struct {
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// SignedBytes returns the bytes the signature covers (see Manifest).
func (m *Manifest) SignedBytes() ([]byte, error) {
	c := *m
	c.Signature = ""
	return json.Marshal(c)
}

// Meta is what a publication run tells the bundle about itself.
type Meta struct {
	RuleVersion, ModelVersion, Organization string
	CreatedAt                               time.Time
}

// PublicItem is one description as algorithms.json carries it: the v1.0 fields and the
// publication time. Empty values are written as JSON null.
type PublicItem struct {
	register.Standard
	PublicationDT string `json:"publication_dt"`
}

// MarshalJSON writes exactly the v1.0 AlgorithmIn field names, in schema order, with null for
// empty values.
func (p PublicItem) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p.wire()); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// wireItem fixes the JSON layout of a public item: pointers and nil slices become null.
type wireItem struct {
	Name                  *string       `json:"name"`
	DescriptionShort      *string       `json:"description_short"`
	Organization          *string       `json:"organization"`
	Category              []string      `json:"category"`
	Status                *string       `json:"status"`
	BeginDate             *string       `json:"begin_date"`
	EndDate               *string       `json:"end_date"`
	ContactEmail          *string       `json:"contact_email"`
	Website               *string       `json:"website"`
	PublicationCategory   *string       `json:"publication_category"`
	URL                   *string       `json:"url"`
	Goal                  *string       `json:"goal"`
	Proportionality       *string       `json:"proportionality"`
	HumanIntervention     *string       `json:"human_intervention"`
	Risks                 *string       `json:"risks"`
	LawfulBasis           *string       `json:"lawful_basis"`
	LawfulBasisGrouping   []wireLink    `json:"lawful_basis_grouping"`
	ProcessIndexURL       *string       `json:"process_index_url"`
	ImpacttoetsenGrouping []wireLinkOpt `json:"impacttoetsen_grouping"`
	Impacttoetsen         *string       `json:"impacttoetsen"`
	SourceData            *string       `json:"source_data"`
	SourceDataGrouping    []wireLink    `json:"source_data_grouping"`
	MethodsAndModels      *string       `json:"methods_and_models"`
	Provider              *string       `json:"provider"`
	Publiccode            *string       `json:"publiccode"`
	Lang                  *string       `json:"lang"`
	StandardVersion       *string       `json:"standard_version"`
	SourceID              *string       `json:"source_id"`
	Tags                  *string       `json:"tags"`
	Lars                  *string       `json:"lars"`
	PublicationDT         *string       `json:"publication_dt"`
}

// wireLink is a grouped-list entry whose link the schema requires.
type wireLink struct {
	Title string `json:"title"`
	Link  string `json:"link"`
}

// wireLinkOpt is a grouped-list entry whose link may be null (impacttoetsen_grouping).
type wireLinkOpt struct {
	Title string  `json:"title"`
	Link  *string `json:"link"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (p *PublicItem) wire() wireItem {
	s := &p.Standard
	w := wireItem{
		Name: nullable(s.Name), DescriptionShort: nullable(s.DescriptionShort), Organization: nullable(s.Organization),
		Status: nullable(s.Status), BeginDate: nullable(s.BeginDate), EndDate: nullable(s.EndDate),
		ContactEmail: nullable(s.ContactEmail), Website: nullable(s.Website),
		PublicationCategory: nullable(s.PublicationCategory), URL: nullable(s.URL), Goal: nullable(s.Goal),
		Proportionality: nullable(s.Proportionality), HumanIntervention: nullable(s.HumanIntervention),
		Risks: nullable(s.Risks), LawfulBasis: nullable(s.LawfulBasis), ProcessIndexURL: nullable(s.ProcessIndexURL),
		Impacttoetsen: nullable(s.Impacttoetsen), SourceData: nullable(s.SourceData),
		MethodsAndModels: nullable(s.MethodsAndModels), Provider: nullable(s.Provider),
		Publiccode: nullable(s.Publiccode), Lang: nullable(s.Lang), StandardVersion: nullable(s.StandardVersion),
		SourceID: nullable(s.SourceID), Tags: nullable(s.Tags), Lars: nullable(s.Lars),
		PublicationDT: nullable(p.PublicationDT),
	}
	if len(s.Category) > 0 {
		w.Category = s.Category
	}
	for _, l := range s.LawfulBasisGrouping {
		w.LawfulBasisGrouping = append(w.LawfulBasisGrouping, wireLink{l.Title, l.Link})
	}
	for _, l := range s.ImpacttoetsenGrouping {
		w.ImpacttoetsenGrouping = append(w.ImpacttoetsenGrouping, wireLinkOpt{l.Title, nullable(l.Link)})
	}
	for _, l := range s.SourceDataGrouping {
		w.SourceDataGrouping = append(w.SourceDataGrouping, wireLink{l.Title, l.Link})
	}
	return w
}

// WriteBundle writes the publication bundle of items (already public views, see PublicView)
// into dir, signed with key, and returns its manifest. publicationDT gives each item's
// publication time by source_id. Items are ordered by name; every item needs a unique source_id.
//
// The run is atomic: everything is written and synced in a temporary directory beside dir,
// then the previous bundle is renamed away, the new one renamed in, and the old one removed.
// A failed run leaves the previous bundle as it was. An existing dir that holds anything other
// than bundle files is refused rather than replaced.
func WriteBundle(dir string, items []register.Standard, publicationDT map[string]string, meta Meta, key ed25519.PrivateKey) (*Manifest, error) {
	st, err := StageBundle(dir, items, publicationDT, meta, key)
	if err != nil {
		return nil, err
	}
	if err := st.Install(); err != nil {
		return nil, err
	}
	if err := st.Keep(); err != nil {
		return nil, err
	}
	return st.Manifest, nil
}

// StagedBundle is a bundle written, synced and signed beside its directory but not yet in
// place: Install puts it there, Discard removes it. A publication run stages the bundle while
// it records the state changes, and installs it only when they are all done.
type StagedBundle struct {
	Manifest *Manifest
	dir, tmp string
	old      string // the previous bundle, set aside by Install until Keep or Restore
	existed  bool
	done     bool
}

// StageBundle does everything WriteBundle does except putting the bundle in place: the caller
// must call Install or Discard.
func StageBundle(dir string, items []register.Standard, publicationDT map[string]string, meta Meta, key ed25519.PrivateKey) (*StagedBundle, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("bundel: geen geldige Ed25519-sleutel om mee te ondertekenen")
	}
	sorted, err := orderItems(items)
	if err != nil {
		return nil, err
	}
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("bundel: map %s: %w", parent, err)
	}
	if _, err := checkReplaceable(dir); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return nil, fmt.Errorf("bundel: tijdelijke map: %w", err)
	}
	st := &StagedBundle{dir: dir, tmp: tmp}
	ok := false
	defer func() {
		if !ok {
			st.Discard()
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("bundel: %w", err)
	}

	m := &Manifest{Format: BundleFormat, Organization: meta.Organization, Count: len(sorted),
		Files: map[string]FileSum{}, RuleVersion: meta.RuleVersion, ModelVersion: meta.ModelVersion}
	created := meta.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	m.CreatedAt = created.UTC().Format(time.RFC3339)

	writers := map[string]func(io.Writer) error{
		FileJSON: func(w io.Writer) error { return writeJSONItems(w, sorted, publicationDT) },
		FileCSV:  func(w io.Writer) error { return exchange.WriteNationalCSV(w, sorted) },
		FileXLSX: func(w io.Writer) error { return exchange.WriteNationalXLSX(w, sorted) },
	}
	// The three files are independent: written side by side, on every processor.
	sums := make([]FileSum, len(dataFiles))
	errs := make([]error, len(dataFiles))
	var wg sync.WaitGroup
	for i, name := range dataFiles {
		wg.Go(func() { sums[i], errs[i] = writeFile(filepath.Join(tmp, name), writers[name]) })
	}
	wg.Wait()
	for i, name := range dataFiles {
		if errs[i] != nil {
			return nil, fmt.Errorf("bundel: %s: %w", name, errs[i])
		}
		m.Files[name] = sums[i]
	}

	pub := key.Public().(ed25519.PublicKey)
	m.KeyID = KeyID(pub)
	m.PublicKey = base64.StdEncoding.EncodeToString(pub)
	signed, err := m.SignedBytes()
	if err != nil {
		return nil, fmt.Errorf("bundel: manifest: %w", err)
	}
	m.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, signed))
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("bundel: manifest: %w", err)
	}
	if _, err := writeFile(filepath.Join(tmp, FileManifest), func(w io.Writer) error {
		_, err := w.Write(append(mb, '\n'))
		return err
	}); err != nil {
		return nil, fmt.Errorf("bundel: %s: %w", FileManifest, err)
	}
	if err := syncDir(tmp); err != nil {
		return nil, fmt.Errorf("bundel: %w", err)
	}
	st.Manifest, ok = m, true
	return st, nil
}

// Install puts the staged bundle in place of the previous one (see WriteBundle). After a
// failure the previous bundle is as it was and the staged one is removed.
func (st *StagedBundle) Install() error {
	if st.done {
		return errors.New("bundel: al geplaatst of verworpen")
	}
	defer st.Discard()
	exists, err := checkReplaceable(st.dir)
	if err != nil {
		return err
	}
	if err := beforeSwap(st.tmp); err != nil {
		return fmt.Errorf("bundel: %w", err)
	}
	old, err := swap(st.tmp, st.dir, exists)
	if err != nil {
		return err
	}
	st.done, st.old, st.existed = true, old, exists
	if err := syncDir(filepath.Dir(st.dir)); err != nil {
		return fmt.Errorf("bundel: %w", err)
	}
	return nil
}

// Keep removes the previous bundle that Install set aside: the new one stays. A publication
// run calls it once its transaction has committed.
func (st *StagedBundle) Keep() error {
	if st.old == "" {
		return nil
	}
	old := st.old
	st.old = ""
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("bundel: vorige bundel opruimen (%s): %w", old, err)
	}
	return nil
}

// Restore undoes Install: the previous bundle is put back (or, when there was none, the new
// one removed). A publication run calls it when its transaction did not commit, so the
// directory and the states never disagree.
func (st *StagedBundle) Restore() error {
	if !st.done || st.tmp == "" {
		return nil
	}
	if !st.existed {
		st.tmp = ""
		return os.RemoveAll(st.dir)
	}
	if st.old == "" {
		return nil
	}
	failed, err := os.MkdirTemp(filepath.Dir(st.dir), "."+filepath.Base(st.dir)+".failed-")
	if err != nil {
		return fmt.Errorf("bundel: terugzetten: %w", err)
	}
	_ = os.Remove(failed)
	if err := os.Rename(st.dir, failed); err != nil {
		return fmt.Errorf("bundel: terugzetten: %w", err)
	}
	if err := os.Rename(st.old, st.dir); err != nil {
		return fmt.Errorf("bundel: vorige bundel terugzetten (staat in %s): %w", st.old, err)
	}
	st.old, st.tmp = "", ""
	_ = os.RemoveAll(failed)
	return syncDir(filepath.Dir(st.dir))
}

// Discard removes a staged bundle that was not installed; after Install it does nothing.
func (st *StagedBundle) Discard() {
	if st == nil || st.done {
		return
	}
	st.done = true
	_ = os.RemoveAll(st.tmp)
}

// orderItems returns the items ordered by name (then source_id), refusing a missing or
// duplicate source_id: the public site addresses descriptions by it.
func orderItems(items []register.Standard) ([]register.Standard, error) {
	sorted := append([]register.Standard(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Name != sorted[j].Name {
			return sorted[i].Name < sorted[j].Name
		}
		return sorted[i].SourceID < sorted[j].SourceID
	})
	seen := make(map[string]bool, len(sorted))
	for _, s := range sorted {
		if s.SourceID == "" {
			return nil, fmt.Errorf("bundel: beschrijving „%s” heeft geen source_id (publieke id)", s.Name)
		}
		if seen[s.SourceID] {
			return nil, fmt.Errorf("bundel: source_id %s komt meer dan eens voor", s.SourceID)
		}
		seen[s.SourceID] = true
	}
	return sorted, nil
}

// writeJSONItems writes algorithms.json: a JSON array, one item per line.
func writeJSONItems(w io.Writer, items []register.Standard, publicationDT map[string]string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for i := range items {
		sep := "\n"
		if i > 0 {
			sep = ",\n"
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		it := PublicItem{Standard: items[i], PublicationDT: publicationDT[items[i].SourceID]}
		// Encode appends a newline; the separator logic above tolerates it as whitespace.
		if err := enc.Encode(it.wire()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

// hashWriter counts and hashes what passes through it.
type hashWriter struct {
	h hash.Hash
	n int64
}

func (hw *hashWriter) Write(p []byte) (int, error) {
	hw.h.Write(p)
	hw.n += int64(len(p))
	return len(p), nil
}

// writeFile creates path, lets fn write it, syncs it and returns its hash and size.
func writeFile(path string, fn func(io.Writer) error) (FileSum, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return FileSum{}, err
	}
	hw := &hashWriter{h: sha256.New()}
	bw := bufio.NewWriterSize(io.MultiWriter(f, hw), 256<<10)
	if err := fn(bw); err != nil {
		f.Close()
		return FileSum{}, err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return FileSum{}, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return FileSum{}, err
	}
	if err := f.Close(); err != nil {
		return FileSum{}, err
	}
	return FileSum{SHA256: hex.EncodeToString(hw.h.Sum(nil)), Bytes: hw.n}, nil
}

// checkReplaceable reports whether dir exists, refusing one that holds anything but bundle files.
func checkReplaceable(dir string) (bool, error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("bundel: %w", err)
	}
	if !fi.IsDir() {
		return false, fmt.Errorf("bundel: %s bestaat en is geen map", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("bundel: %w", err)
	}
	for _, e := range entries {
		if !isBundleFile(e.Name()) || !e.Type().IsRegular() {
			return false, fmt.Errorf("bundel: %s bevat %s, dat geen deel van een bundel is; kies een lege map of een bestaande bundel", dir, e.Name())
		}
	}
	return true, nil
}

func isBundleFile(name string) bool {
	return name == FileManifest || name == FileJSON || name == FileCSV || name == FileXLSX
}

// swap puts the finished tmp in place of dir: the old bundle is renamed away first and put
// back if the new one cannot be renamed in.
// swap puts tmp in dir's place and returns where the previous bundle was set aside ("" when
// there was none); the caller removes or restores it.
func swap(tmp, dir string, exists bool) (string, error) {
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			return "", fmt.Errorf("bundel: %s plaatsen: %w", dir, err)
		}
		return "", nil
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return "", fmt.Errorf("bundel: %w", err)
	}
	if err := os.Remove(old); err != nil {
		return "", fmt.Errorf("bundel: %w", err)
	}
	if err := os.Rename(dir, old); err != nil {
		return "", fmt.Errorf("bundel: vorige bundel opzijzetten: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return "", fmt.Errorf("bundel: nieuwe bundel plaatsen: %w; vorige bundel staat in %s (terugzetten mislukt: %v)", err, old, rerr)
		}
		return "", fmt.Errorf("bundel: nieuwe bundel plaatsen: %w", err)
	}
	return old, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("map %s synchroniseren: %w", dir, err)
	}
	return nil
}

// beforeSwap lets a test make a run fail after every file is written; nil in production use.
var beforeSwap = func(tmp string) error { return nil }

// maxManifestBytes bounds what VerifyBundle reads of manifest.json.
const maxManifestBytes = 1 << 20

// VerifyBundle checks a bundle: exactly the four files, every hash and size, and the
// signature against trusted. When trusted is nil the signature is checked against the
// manifest's own public_key, which proves integrity but not origin: callers should warn.
// Errors wrap ErrBundle and name the file and the problem, in Dutch.
func VerifyBundle(dir string, trusted ed25519.PublicKey) (*Manifest, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: map %s: %w", ErrBundle, dir, err)
	}
	present := map[string]bool{}
	for _, e := range entries {
		if !isBundleFile(e.Name()) {
			return nil, fmt.Errorf("%w: onverwacht bestand %s; een bundel bevat alleen %s, %s, %s en %s", ErrBundle, e.Name(), FileJSON, FileCSV, FileXLSX, FileManifest)
		}
		if !e.Type().IsRegular() {
			return nil, fmt.Errorf("%w: %s is geen gewoon bestand", ErrBundle, e.Name())
		}
		present[e.Name()] = true
	}
	for _, name := range append([]string{FileManifest}, dataFiles...) {
		if !present[name] {
			return nil, fmt.Errorf("%w: bestand %s ontbreekt", ErrBundle, name)
		}
	}
	m, err := readManifest(filepath.Join(dir, FileManifest))
	if err != nil {
		return nil, err
	}
	if err := verifySignature(m, trusted); err != nil {
		return nil, err
	}
	for _, name := range dataFiles {
		if err := checkFile(filepath.Join(dir, name), name, m.Files[name]); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func readManifest(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBundle, FileManifest, err)
	}
	defer f.Close()
	dec := json.NewDecoder(io.LimitReader(f, maxManifestBytes))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %s is geen geldig manifest: %w", ErrBundle, FileManifest, err)
	}
	if m.Format != BundleFormat {
		return nil, fmt.Errorf("%w: %s: onbekend formaat %q (verwacht %q)", ErrBundle, FileManifest, m.Format, BundleFormat)
	}
	if len(m.Files) != len(dataFiles) {
		return nil, fmt.Errorf("%w: %s: het manifest noemt %d bestanden in plaats van %d", ErrBundle, FileManifest, len(m.Files), len(dataFiles))
	}
	for _, name := range dataFiles {
		if _, ok := m.Files[name]; !ok {
			return nil, fmt.Errorf("%w: %s: het manifest noemt %s niet", ErrBundle, FileManifest, name)
		}
	}
	return &m, nil
}

func verifySignature(m *Manifest, trusted ed25519.PublicKey) error {
	raw, err := base64.StdEncoding.DecodeString(m.PublicKey)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return fmt.Errorf("%w: %s: public_key is geen Ed25519-sleutel", ErrBundle, FileManifest)
	}
	pub := ed25519.PublicKey(raw)
	if m.KeyID != KeyID(pub) {
		return fmt.Errorf("%w: %s: key_id %s hoort niet bij public_key", ErrBundle, FileManifest, m.KeyID)
	}
	if trusted != nil && !pub.Equal(trusted) {
		return fmt.Errorf("%w: %s: ondertekend met een andere sleutel (key_id %s) dan de vertrouwde (key_id %s)", ErrBundle, FileManifest, m.KeyID, KeyID(trusted))
	}
	sig, err := base64.StdEncoding.DecodeString(m.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return fmt.Errorf("%w: %s: de handtekening ontbreekt of is onleesbaar", ErrBundle, FileManifest)
	}
	signed, err := m.SignedBytes()
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBundle, FileManifest, err)
	}
	if !ed25519.Verify(pub, signed, sig) {
		return fmt.Errorf("%w: %s: de handtekening klopt niet; het manifest is gewijzigd of met een andere sleutel ondertekend", ErrBundle, FileManifest)
	}
	return nil
}

func checkFile(path, name string, want FileSum) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBundle, name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("%w: %s lezen: %w", ErrBundle, name, err)
	}
	return compareSum(name, want, n, h.Sum(nil))
}

func compareSum(name string, want FileSum, n int64, sum []byte) error {
	if n != want.Bytes {
		return fmt.Errorf("%w: %s is %d bytes, het manifest zegt %d; het bestand is gewijzigd", ErrBundle, name, n, want.Bytes)
	}
	if hex.EncodeToString(sum) != want.SHA256 {
		return fmt.Errorf("%w: %s: de SHA-256 komt niet overeen met het manifest; het bestand is gewijzigd", ErrBundle, name)
	}
	return nil
}

// LoadBundle verifies the bundle (see VerifyBundle) and returns its manifest and items. The
// items are parsed from the same bytes whose hash is checked, so a file swapped after the
// verification is not read unnoticed.
func LoadBundle(dir string, trusted ed25519.PublicKey) (*Manifest, []PublicItem, error) {
	m, err := VerifyBundle(dir, trusted)
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(filepath.Join(dir, FileJSON))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s: %w", ErrBundle, FileJSON, err)
	}
	sum := sha256.Sum256(b)
	if err := compareSum(FileJSON, m.Files[FileJSON], int64(len(b)), sum[:]); err != nil {
		return nil, nil, err
	}
	var items []PublicItem
	if err := json.Unmarshal(b, &items); err != nil {
		return nil, nil, fmt.Errorf("%w: %s is geen geldige lijst van beschrijvingen: %w", ErrBundle, FileJSON, err)
	}
	if len(items) != m.Count {
		return nil, nil, fmt.Errorf("%w: %s bevat %d beschrijvingen, het manifest zegt %d", ErrBundle, FileJSON, len(items), m.Count)
	}
	return m, items, nil
}
