package cmd

import (
	"crypto/sha256"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Regression: `sqlite3 o.db 'create table n(x); pragma user_version=1'`
// then `users add --db o.db` switched the file to WAL and failed with exit
// 1 "no such table". A foreign file is refused with exit 8, untouched.
func TestUsersAddRefusesForeignSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE n(x)", "PRAGMA user_version = 1"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	before := sha256.Sum256(mustRead(t, path))

	for _, args := range [][]string{
		{"users", "add", "--db", path, "--nickname", "z"},
		{"users", "list", "--db", path},
	} {
		code, stdout, stderr := runCLI(t, nil, args...)
		if code != ExitStore || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit %d and no output", strings.Join(args[:2], " "), code, stdout, ExitStore)
		}
		if !strings.Contains(stderr, "not a kakaologin database") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: stderr %q, want one line saying it is not a kakaologin database", strings.Join(args[:2], " "), stderr)
		}
	}
	if after := sha256.Sum256(mustRead(t, path)); after != before {
		t.Error("the foreign database was modified")
	}
	if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
		t.Errorf("a -wal file was created next to the foreign database (%v)", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
