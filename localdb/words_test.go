package localdb

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// cliWords are what only a command line knows: its flags, its environment
// variables, its commands (kakaologin's, or any quoted one).
var cliWords = regexp.MustCompile("--[a-z]|\\bKAKAO(LOGIN)?_[A-Z]|`|" +
	`kakaologin (login|logout|users|token|mock|doctor|explain|userinfo)\b|\bupgrade kakaologin\b|\bcommand\b`)

// localdb is a library: its errors say what is wrong with the store, never
// which flag or command fixes it. cmd adds the fix, keyed on the sentinel
// (storeHint in cmd/errors.go).
func TestNoCLIWords(t *testing.T) {
	dir := t.TempDir()
	errs := map[string]error{}
	add := func(name string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		errs[name] = err
	}
	for _, err := range []error{ErrNotFound, ErrNoDatabase, ErrExists, ErrNotDatabase, ErrNewerSchema, ErrOlderSchema, ErrReadOnly, ErrInvalid} {
		add("sentinel "+err.Error(), err)
	}
	try := func(name, path string, opts Options) {
		t.Helper()
		db, err := open(testCtx(t), path, opts) // Open without its retries on ErrNotDatabase
		if err == nil {
			db.Close()
		}
		add(name, err)
	}

	try("empty path", "", Options{})
	try("no database", filepath.Join(dir, "missing.db"), Options{ReadOnly: true})
	try("directory", dir, Options{})
	if _, err := os.Stat(os.DevNull); err == nil && filepath.IsAbs(os.DevNull) {
		try("not a regular file", os.DevNull, Options{})
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("just some notes\n"), 0o600)
	try("not SQLite", text, Options{})
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, append([]byte("SQLite format 3\x00"), make([]byte, 4096)...), 0o600)
	try("corrupt", garbage, Options{})
	foreign := filepath.Join(dir, "app.db")
	sqliteFile(t, foreign, "CREATE TABLE orders (id INTEGER PRIMARY KEY)")
	try("foreign", foreign, Options{})

	newer := filepath.Join(dir, "newer.db")
	db := openAt(t, newer, nil)
	if _, err := db.sql.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	try("newer schema", newer, Options{})

	older := filepath.Join(dir, "older.db")
	openAt(t, older, nil).Close()
	schemaVersionShift++
	try("older schema", older, Options{ReadOnly: true})
	schemaVersionShift--

	ro, err := Open(testCtx(t), older, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ro.RecordLogin(testCtx(t), kakaoLogin(1, "", "a"))
	add("write on a read-only store", err)
	ro.Close()
	add("not writable", classify("open x.db", &fs.PathError{Op: "open", Path: "x.db", Err: fs.ErrPermission}))

	rw := openAt(t, filepath.Join(dir, "users.db"), nil)
	_, err = rw.FindUser(testCtx(t), "nobody@example.com")
	add("no such user", err)
	_, err = rw.RecordLogin(testCtx(t), Login{Provider: "kakao"})
	add("invalid login", err)

	for name, err := range errs {
		if w := cliWords.FindString(err.Error()); w != "" {
			t.Errorf("%s speaks CLI words (%q): %s", name, w, err)
		}
	}
	// The kinds stay as they were: cmd keys the fix on them.
	for name, kind := range map[string]error{"no database": ErrNoDatabase, "directory": ErrNotDatabase, "not SQLite": ErrNotDatabase,
		"corrupt": ErrNotDatabase, "foreign": ErrNotDatabase, "newer schema": ErrNewerSchema, "older schema": ErrOlderSchema,
		"write on a read-only store": ErrReadOnly, "not writable": ErrReadOnly, "empty path": ErrInvalid, "no such user": ErrNotFound} {
		if !errors.Is(errs[name], kind) {
			t.Errorf("%s: %v, want %v", name, errs[name], kind)
		}
	}
}
