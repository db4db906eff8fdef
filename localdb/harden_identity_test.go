package localdb

import (
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// sqliteFile creates a SQLite file at path by running stmts on a plain
// connection, as another application (or the sqlite3 shell) would.
func sqliteFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// refuseUntouched checks that Open(path) fails with ErrNotDatabase and that
// the file's bytes are unchanged and no -wal or -shm file appeared.
func refuseUntouched(t *testing.T, path string, opts Options) {
	t.Helper()
	before := sha256.Sum256(readFile(t, path))
	db, err := Open(testCtx(t), path, opts)
	if err == nil {
		db.Close()
		t.Fatalf("Open(%s, %+v) succeeded, want ErrNotDatabase", path, opts)
	}
	if !errors.Is(err, ErrNotDatabase) {
		t.Errorf("Open(%s, %+v) = %v, want ErrNotDatabase", path, opts, err)
	}
	if after := sha256.Sum256(readFile(t, path)); after != before {
		t.Errorf("Open(%+v) changed the file", opts)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); !os.IsNotExist(err) {
			t.Errorf("Open(%+v) left %s%s (%v)", opts, path, suffix, err)
		}
	}
}

// Regression: a foreign database whose user_version happens to be ours was
// taken for ours, switched to WAL and then failed with "no such table".
func TestOpenForeignSQLiteWithOurUserVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.db")
	sqliteFile(t, path, "CREATE TABLE n(x)", "PRAGMA user_version = 1")
	refuseUntouched(t, path, Options{})
	refuseUntouched(t, path, Options{ReadOnly: true})
}

// A file with tables named like ours but other columns is not ours either.
func TestOpenForeignSQLiteWithOurTableNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.db")
	sqliteFile(t, path, "CREATE TABLE users(name TEXT)", "CREATE TABLE social_accounts(x)", "PRAGMA user_version = 1")
	refuseUntouched(t, path, Options{})
}

// Another application's id refuses the file even with our tables in it.
func TestOpenForeignApplicationID(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.db")
	sqliteFile(t, path, migrations()[0].sql, "PRAGMA user_version = 1", "PRAGMA application_id = 42")
	refuseUntouched(t, path, Options{})
	refuseUntouched(t, path, Options{ReadOnly: true})
}

// A file of another application at a version above ours is foreign, not
// "newer": only our own files can be newer.
func TestOpenForeignHighUserVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.db")
	sqliteFile(t, path, "CREATE TABLE n(x)", "PRAGMA user_version = 999")
	refuseUntouched(t, path, Options{})
}
