package localdb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// pageSize is the page size of new files. Profiles (~1.5 KB each) make rows
// large: 8 KB pages halve the I/O calls of SQLite's default 4 KB, which
// roughly halved ImportLogins of 100k users; 16 KB and up made RecordLogin
// slower (more bytes per changed page) for no further gain.
var pageSize = 8192

// migration is one embedded schema step; applying it sets PRAGMA
// user_version to version.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations are the embedded steps in order; migrations()[i].version ==
// i+1. They are read on the first open, not at start-up: every kakaologin
// command links localdb, few open a database.
var migrations = sync.OnceValue(func() []migration { return mustLoadMigrations(migrationFiles) })

// migrationFunc completes, in the same transaction, a migration whose data
// change SQL cannot express; nil for the others.
func migrationFunc(version int) func(context.Context, *sql.Tx) error {
	switch version {
	case 3:
		return fillEmailKeys
	}
	return nil
}

// schemaVersion is the schema version this package writes and reads: the
// number of the last embedded migration (plus schemaVersionShift).
func schemaVersion() int { return len(migrations()) + schemaVersionShift }

// schemaVersionShift lets tests pretend to be an older or newer binary.
var schemaVersionShift int

// mustLoadMigrations reads migrations/NNNN_name.sql, numbered 1, 2, 3...
// without gaps. The files are compiled in, so a bad name is a build mistake.
func mustLoadMigrations(fsys fs.FS) []migration {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var ms []migration
	for i, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			panic(fmt.Sprintf("localdb: migration %s: want name %04d_*.sql", name, i+1))
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	return ms
}

// prepareSchema checks that the file is ours (see fileState.identify) and
// its schema version and, read-write, brings it up to schemaVersion. It
// reads before it writes anything, WAL switch included, so a file that is
// not ours, or is newer, is refused untouched.
func (db *DB) prepareSchema(ctx context.Context, prefix string) error {
	state, err := db.inspect(ctx)
	if err != nil {
		return classify(prefix, err)
	}
	version := state.version
	switch id := state.identify(); {
	case id == identityForeign:
		return newKind(ErrNotDatabase, nil,
			"%s: not a kakaologin database (a SQLite database of another application)", prefix)
	case version > schemaVersion():
		return newKind(ErrNewerSchema, nil,
			"%s: database schema version %d is newer than this kakaologin supports (%d)",
			prefix, version, schemaVersion())
	case db.readOnly && version == schemaVersion():
		return nil
	case db.readOnly && id == identityNew:
		return noDatabase(prefix, db.path)
	case db.readOnly:
		return newKind(ErrOlderSchema, nil,
			"%s: database schema version %d is older than this kakaologin's (%d); a read-only open cannot upgrade it",
			prefix, version, schemaVersion())
	case id == identityNew:
		// A new file: pick the page size while SQLite still can (before WAL
		// and the first table).
		if _, err := db.sql.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d", pageSize)); err != nil {
			return classify(prefix, err)
		}
	}
	if err := db.ensureWAL(ctx); err != nil {
		return classify(prefix, err)
	}
	if err := db.migrate(ctx, version); err != nil {
		return classify(prefix, err)
	}
	return nil
}

// ensureWAL switches the file to WAL journaling, a persistent setting, so
// readers never block the writer. Checked on every read-write open: the
// switch needs a moment without other connections and SQLite skips it,
// without error, when another one is reading; a later open then retries.
func (db *DB) ensureWAL(ctx context.Context) error {
	var mode string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if mode == "wal" {
		return nil
	}
	if err := db.lockWrite(ctx); err != nil {
		return err
	}
	defer db.unlockWrite()
	// The switch needs the file to itself and SQLite does not wait for
	// that (no busy handler): while another process holds a lock it fails
	// with SQLITE_BUSY. Retry within the busy timeout; if the file stays
	// busy, go on in rollback mode, which is correct, and a later open
	// switches it.
	deadline := time.Now().Add(BusyTimeout)
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		err := db.sql.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil || sqliteCode(err) != codeBusy {
			if err != nil {
				return fmt.Errorf("set WAL journal mode: %w", err)
			}
			return nil
		}
		if time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
	}
}

// migrate applies the migrations after version, each in its own IMMEDIATE
// transaction that re-reads user_version first, so concurrent openers apply
// each step exactly once.
func (db *DB) migrate(ctx context.Context, version int) error {
	for _, m := range migrations()[version:schemaVersion()] {
		if err := db.applyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, m migration) error {
	if err := db.lockWrite(ctx); err != nil {
		return err
	}
	defer db.unlockWrite()
	tx, err := db.sql.BeginTx(ctx, nil) // IMMEDIATE, see dsn
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version >= m.version {
		return nil // applied by another connection meanwhile
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if fn := migrationFunc(m.version); fn != nil {
		if err := fn(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
