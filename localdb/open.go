// Package localdb is kakaologin's local user store: a SQLite file that keeps
// users and their social accounts the way django-allauth does, and decides
// for each recorded login what such a backend would have done: signup,
// signin or conflict.
//
// The package owns the SQL and nothing else; it knows provider profiles only
// as opaque JSON. Every public method runs in one transaction, so a failed
// call leaves nothing half-written. A DB is safe for concurrent use, and
// several DBs, in this process or others, may share one file: writers queue
// on a 5 s busy timeout instead of failing.
package localdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options configures Open. The zero value opens read-write on the wall clock.
type Options struct {
	// Now returns the current time. Default: time.Now. Stored times are UTC,
	// RFC 3339, truncated to whole seconds.
	Now func() time.Time

	// ReadOnly opens the store without writing anything: no file or
	// directory is created and no migration runs. A missing (or empty) file
	// is then ErrNoDatabase (which matches ErrNotFound too), a file with an
	// older schema ErrOlderSchema, and every write method fails with
	// ErrReadOnly. Used by listing commands.
	ReadOnly bool
}

// DB is an open store. It is safe for concurrent use by multiple goroutines.
type DB struct {
	sql      *sql.DB
	path     string // as given to Open, for messages
	key      string // file identity in the open registry
	now      func() time.Time
	readOnly bool
	close    sync.Once

	writeTurn chan struct{} // shared by the DBs on this file, see registry

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared on the pool, by query
}

// BusyTimeout is how long a write waits for another connection's lock
// before failing with SQLITE_BUSY.
const BusyTimeout = 5 * time.Second

// Open opens the store at path. Read-write (the default), it creates the
// file (mode 0600) and its parent directories (0700) if missing, treats an
// existing empty file as new, switches the file to WAL and applies the
// pending migrations. See Options.ReadOnly for the read-only mode.
//
// Errors: ErrNotDatabase for a file that is not SQLite, is corrupt, or is
// another application's SQLite database (ours have application_id
// 0x4B4B4C47, or, from before it, a user_version and our tables); ErrNewerSchema for a database written by a
// newer kakaologin; ErrReadOnly when the file or its directory is not
// writable; with ReadOnly, ErrNoDatabase (an ErrNotFound) and
// ErrOlderSchema. In every one of these cases the file is left as it was.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	// Another process may be creating the same new file right now; what it
	// has written so far can look like no database. A file that really is
	// not ours fails the same way every time, so a few retries cost only
	// the error path.
	for delay := 20 * time.Millisecond; ; delay *= 2 {
		db, err := open(ctx, path, opts)
		if !errors.Is(err, ErrNotDatabase) || delay > 400*time.Millisecond {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(delay):
		}
	}
}

func open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, invalidf("open: empty database path")
	}
	prefix := "open " + path
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	db := &DB{path: path, key: fileKey(abs), now: opts.Now, readOnly: opts.ReadOnly}
	if db.now == nil {
		db.now = time.Now
	}
	db.writeTurn, err = acquire(db.key, func() error { return probe(prefix, abs, opts.ReadOnly) })
	if err != nil {
		return nil, err
	}
	err = db.connect(ctx, prefix, dsn(abs, opts.ReadOnly, false))
	if err != nil && opts.ReadOnly && errors.Is(err, ErrReadOnly) {
		// A WAL reader must create the -shm file next to the database; in a
		// directory it cannot write, read the file as immutable instead.
		db.sql.Close()
		err = db.connect(ctx, prefix, dsn(abs, true, true))
	}
	if err != nil {
		if db.sql != nil {
			db.sql.Close()
		}
		release(db.key)
		return nil, err
	}
	return db, nil
}

func (db *DB) connect(ctx context.Context, prefix, dsn string) error {
	var err error
	if db.sql, err = sql.Open("sqlite", dsn); err != nil {
		return fmt.Errorf("%s: %w", prefix, err)
	}
	return db.prepareSchema(ctx, prefix)
}

// Close closes the store. Calling it again does nothing and returns nil.
func (db *DB) Close() error {
	var err error
	db.close.Do(func() {
		db.closeStmts()
		err = db.sql.Close()
		release(db.key)
	})
	return err
}

// Path returns the path the store was opened with.
func (db *DB) Path() string { return db.path }

// dsn builds a modernc.org/sqlite URI DSN. Per-connection settings go in
// _pragma parameters so every pooled connection gets them; _txlock makes
// read-write transactions BEGIN IMMEDIATE, so writers queue on the busy
// timeout instead of failing with SQLITE_BUSY on a lock upgrade. No
// mmap_size: mapping the file counts every page read in the process's
// resident memory (150 MB for 100k users listed) and measured no faster
// than pread for the one sequential scan that matters. The journal mode and page size are not here: they
// are persistent, set by prepareSchema once the file is known to be ours.
//
// immutable (read-only only) tells SQLite that nobody changes the file, so
// it reads without locks or the -shm file: for a directory we cannot write.
func dsn(abs string, readOnly, immutable bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:///C:/dir/x.db
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("mode", "ro")
		q.Add("_pragma", "query_only(1)")
	}
	if immutable {
		q.Set("immutable", "1")
	}
	return (&url.URL{Scheme: "file", Path: p, RawQuery: q.Encode()}).String()
}
