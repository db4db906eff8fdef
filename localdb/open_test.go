package localdb

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenCreatesPrivateFileAndDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "users.db")
	db := openAt(t, path, nil)
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got&^want != 0 {
			t.Errorf("%s: mode %v, want at most %v", p, got, want)
		}
	}
	if db.Path() != path {
		t.Errorf("Path() = %q", db.Path())
	}
}

func TestOpenPragmas(t *testing.T) {
	db := openTest(t, nil)
	ctx := testCtx(t)
	// Hold several pooled connections at once: each must carry the pragmas.
	var conns []*sql.Conn
	for range 3 {
		c, err := db.sql.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var mode string
		var fk, busy, sync int
		for q, dst := range map[string]any{
			"PRAGMA journal_mode": &mode, "PRAGMA foreign_keys": &fk,
			"PRAGMA busy_timeout": &busy, "PRAGMA synchronous": &sync,
		} {
			if err := c.QueryRowContext(ctx, q).Scan(dst); err != nil {
				t.Fatalf("conn %d: %s: %v", i, q, err)
			}
		}
		if mode != "wal" || fk != 1 || busy != 5000 || sync != 1 {
			t.Errorf("conn %d: journal_mode=%s foreign_keys=%d busy_timeout=%d synchronous=%d", i, mode, fk, busy, sync)
		}
		var page int
		if err := c.QueryRowContext(ctx, "PRAGMA page_size").Scan(&page); err != nil || page != pageSize {
			t.Errorf("conn %d: page_size %d, %v; want %d", i, page, err, pageSize)
		}
		c.Close()
	}
}

func TestOpenReopenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	for i := range 3 {
		db, err := Open(testCtx(t), path, Options{})
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if i == 0 {
			record(t, db, kakaoLogin(1, "a@example.com", "a"))
		}
		var v int
		if err := db.sql.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != schemaVersion() {
			t.Errorf("open %d: user_version %d, %v", i, v, err)
		}
		if n, err := db.CountUsers(testCtx(t)); n != 1 || err != nil {
			t.Errorf("open %d: %d users, %v", i, n, err)
		}
		db.Close()
	}
}

func TestOpenEmptyFileIsNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	record(t, openAt(t, path, nil), kakaoLogin(1, "", "a"))
}

// refuse checks that Open(path) fails with kind and leaves the file as it was.
func refuse(t *testing.T, path string, opts Options, kind error, msg string) {
	t.Helper()
	before := readFile(t, path)
	db, err := Open(testCtx(t), path, opts)
	if err == nil {
		db.Close()
		t.Fatalf("Open(%s) succeeded, want %v", path, kind)
	}
	t.Logf("refused: %v", err)
	if !errors.Is(err, kind) {
		t.Errorf("Open(%s) = %v, want %v", path, err, kind)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), msg) || strings.Contains(err.Error(), "\n") {
		t.Errorf("message %q: want one line naming %s and %q", err, path, msg)
	}
	if after := readFile(t, path); !bytes.Equal(before, after) {
		t.Errorf("Open changed the file (%d -> %d bytes)", len(before), len(after))
	}
}

func TestOpenNotDatabase(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("just some notes\nnot a database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	refuse(t, text, Options{}, ErrNotDatabase, "not a kakaologin database (not SQLite or corrupt)")
	refuse(t, text, Options{ReadOnly: true}, ErrNotDatabase, "not a kakaologin database (not SQLite or corrupt)")

	short := filepath.Join(dir, "short.db")
	if err := os.WriteFile(short, []byte("SQLite"), 0o600); err != nil {
		t.Fatal(err)
	}
	refuse(t, short, Options{}, ErrNotDatabase, "not SQLite or corrupt")

	// The right magic, then garbage: SQLite itself must reject it.
	garbage := filepath.Join(dir, "garbage.db")
	b := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xA5}, 4096)...)
	if err := os.WriteFile(garbage, b, 0o600); err != nil {
		t.Fatal(err)
	}
	refuse(t, garbage, Options{}, ErrNotDatabase, "not SQLite or corrupt")
}

func TestOpenForeignSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE orders (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	refuse(t, path, Options{}, ErrNotDatabase, "another application")
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.db")
	db := openAt(t, path, nil)
	record(t, db, kakaoLogin(1, "a@example.com", "a"))
	if _, err := db.sql.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	refuse(t, path, Options{}, ErrNewerSchema, "newer than this kakaologin supports")
	refuse(t, path, Options{ReadOnly: true}, ErrNewerSchema, "version 999")
}

func TestOpenOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "we?ird #dir %41", "users&db=1.db")
	db := openAt(t, path, nil)
	record(t, db, kakaoLogin(1, "", "a"))
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the given path: %v", err)
	}
}

func TestMigrationsEmbedded(t *testing.T) {
	if len(migrations()) == 0 || schemaVersion() != len(migrations()) {
		t.Fatalf("%d migrations, schema version %d", len(migrations()), schemaVersion())
	}
	for i, m := range migrations() {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d = %+v", i, m)
		}
	}
}

func TestFileKeyStableAcrossCreation(t *testing.T) {
	real, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(link, "a", "users.db")
	before := fileKey(path)
	openAt(t, path, nil)
	if after := fileKey(path); after != before || after != filepath.Join(real, "a", "users.db") {
		t.Errorf("fileKey: %q before creation, %q after; want %q", before, after, filepath.Join(real, "a", "users.db"))
	}
}
