package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/defensie/algoreg/internal/register"
	"github.com/defensie/algoreg/internal/store"
)

// runBackup writes a consistent online copy of a SQLite register: serve may keep running.
func runBackup(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("backup")
	fs.String("db", DefaultDB, "database: sqlite:PAD (ALGOREG_DB)")
	out := fs.String("out", "", "het bestand voor de reservekopie (mag nog niet bestaan)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg backup --out BESTAND [--db sqlite:PAD]")
		return 2
	}
	dbURL := env.dbURL(fs)
	if !strings.HasPrefix(dbURL, "sqlite:") {
		fmt.Fprintln(env.Stderr, "algoreg: een PostgreSQL-register kopieert u online met pg_dump --format=custom (zie README, 'Running on PostgreSQL')")
		return 2
	}
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		return env.fail(1, err)
	}
	defer st.Close()
	if err := store.Backup(ctx, st, *out); err != nil {
		return env.fail(1, err)
	}
	sum, err := checkCopy(ctx, *out)
	if err != nil {
		_ = os.Remove(*out)
		return env.fail(1, fmt.Errorf("%w: %w", register.Errorf(register.EINVALID,
			"De reservekopie is niet bruikbaar en is verwijderd: %s", register.ErrorMessage(err)), err))
	}
	fmt.Fprintf(env.Stdout, "reservekopie geschreven: %s (%s)\n", *out, sum)
	return 0
}

// runRestore puts a backup in place of a SQLite database. It refuses a damaged backup, and a
// target that already holds a register unless --force. Stop serve before restoring.
func runRestore(ctx context.Context, env *Env, args []string) int {
	fs := env.flags("restore")
	fs.String("db", DefaultDB, "de database die de reservekopie wordt: sqlite:PAD (ALGOREG_DB)")
	from := fs.String("from", "", "de reservekopie (van algoreg backup)")
	force := fs.Bool("force", false, "overschrijf ook een database die al gegevens bevat")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *from == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "gebruik: algoreg restore --from BESTAND [--db sqlite:PAD] [--force]")
		return 2
	}
	dbURL := env.dbURL(fs)
	if !strings.HasPrefix(dbURL, "sqlite:") {
		fmt.Fprintln(env.Stderr, "algoreg: een PostgreSQL-register zet u terug met pg_restore in een lege database (zie README, 'Running on PostgreSQL')")
		return 2
	}
	target := strings.TrimPrefix(strings.TrimPrefix(dbURL, "sqlite:"), "//")
	if target == "" {
		fmt.Fprintln(env.Stderr, "algoreg: --db: het pad van het SQLite-bestand ontbreekt (sqlite:PAD)")
		return 2
	}
	if same(*from, target) {
		return env.fail(2, register.Errorf(register.EINVALID, "--from en --db zijn hetzelfde bestand."))
	}
	if !*force {
		if what, err := holdsData(ctx, target); err != nil {
			return env.fail(1, err)
		} else if what != "" {
			return env.fail(1, register.Errorf(register.ECONFLICT,
				"De database %s bevat al gegevens (%s); gebruik --force om die te overschrijven.", target, what))
		}
	}
	sum, err := restoreSQLite(ctx, *from, target)
	if err != nil {
		return env.fail(1, err)
	}
	fmt.Fprintf(env.Stdout, "teruggezet: %s uit %s (%s)\n", target, *from, sum)
	return 0
}

// restoreSQLite copies from next to target, checks and migrates the copy, and only then renames
// it over target, so target is either the old database or the complete restored one.
func restoreSQLite(ctx context.Context, from, target string) (string, error) {
	if _, err := os.Stat(from); err != nil {
		return "", register.Errorf(register.EINVALID, "--from: het bestand %s kan niet worden gelezen.", from)
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), filepath.Base(target)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("terugzetten: tijdelijk bestand: %w", err)
	}
	tmpPath := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			for _, p := range []string{tmpPath, tmpPath + "-wal", tmpPath + "-shm"} {
				_ = os.Remove(p)
			}
		}
	}()
	if err := copyInto(tmp, from); err != nil {
		return "", err
	}
	sum, err := checkCopy(ctx, tmpPath)
	if err != nil {
		return "", fmt.Errorf("%w: %w", register.Errorf(register.EINVALID,
			"%s is geen bruikbare reservekopie: %s", from, register.ErrorMessage(err)), err)
	}
	// An older backup gets the current schema; then the copy is folded back into one file
	// (no -wal beside it), so the rename below moves the whole database at once.
	st, err := store.Open(ctx, "sqlite:"+tmpPath)
	if err != nil {
		return "", err
	}
	if err := store.Migrate(ctx, st); err != nil {
		st.Close()
		return "", err
	}
	if err := st.Close(); err != nil {
		return "", fmt.Errorf("terugzetten: %w", err)
	}
	if err := singleFile(ctx, tmpPath); err != nil {
		return "", err
	}
	// A -wal left by the old database must never be replayed onto the restored one.
	for _, p := range []string{target + "-wal", target + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("terugzetten: %w", err)
		}
	}
	if err := os.Rename(tmpPath, target); err != nil {
		return "", fmt.Errorf("terugzetten: %w", err)
	}
	ok = true
	syncDir(filepath.Dir(target))
	return sum, nil
}

func copyInto(dst *os.File, from string) error {
	src, err := os.Open(from)
	if err != nil {
		dst.Close()
		return fmt.Errorf("terugzetten: %w", err)
	}
	defer src.Close()
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("terugzetten: kopiëren: %w", err)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return fmt.Errorf("terugzetten: %w", err)
	}
	return dst.Close()
}

// openRaw opens a SQLite file for the checks below, without the store's settings (and so
// without switching it to WAL).
func openRaw(path string, readOnly bool) (*sql.DB, error) {
	q := "?_pragma=busy_timeout(5000)"
	if readOnly {
		q += "&mode=ro"
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+q)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// checkCopy proves that a copy is a whole register: SQLite's integrity check passes, the
// register's tables are there and its audit chain verifies. It returns a short summary.
func checkCopy(ctx context.Context, path string) (string, error) {
	db, err := openRaw(path, false)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return "", register.Errorf(register.EINVALID, "het is geen SQLite-database (%v)", err)
	}
	if res != "ok" {
		return "", register.Errorf(register.EINVALID, "de integriteitscontrole van SQLite faalt: %s", res)
	}
	var descriptions, revisions, audit int64
	if err := db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM descriptions), (SELECT count(*) FROM revisions), (SELECT count(*) FROM audit)").
		Scan(&descriptions, &revisions, &audit); err != nil {
		return "", register.Errorf(register.EINVALID, "het is geen algoritmeregister (%v)", err)
	}
	db.Close()
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		return "", err
	}
	defer st.Close()
	broken, err := store.VerifyAudit(ctx, st)
	if err != nil {
		return "", err
	}
	if broken != 0 {
		return "", register.Errorf(register.EINVALID, "de audittrail is gebroken vanaf regel %d", broken)
	}
	return fmt.Sprintf("%d beschrijvingen, %d revisies, %d auditregels; integriteit en audittrail in orde", descriptions, revisions, audit), nil
}

// singleFile checkpoints a SQLite file and leaves it in rollback-journal mode, so no -wal
// holds part of it. The store switches it back to WAL when it next opens it.
func singleFile(ctx context.Context, path string) error {
	db, err := openRaw(path, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("terugzetten: checkpoint: %w", err)
	}
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return fmt.Errorf("terugzetten: journal_mode: %w", err)
	}
	return db.Close()
}

// holdsData says what a database file already holds ("" when it does not exist, is empty, or
// is a register without users, descriptions or audit entries).
func holdsData(ctx context.Context, path string) (string, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("terugzetten: %w", err)
	}
	db, err := openRaw(path, true)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var users, descriptions, audit int64
	err = db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM descriptions), (SELECT count(*) FROM audit)").
		Scan(&users, &descriptions, &audit)
	if err != nil {
		return "een bestand dat geen leeg register is", nil
	}
	if users+descriptions+audit == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d gebruikers, %d beschrijvingen, %d auditregels", users, descriptions, audit), nil
}

func same(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(fa, fb)
}

// syncDir makes a rename durable; failure only weakens durability, never correctness.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
