package cmd

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/localdb"
)

// localdb says what is wrong with the store; the line on stderr adds the
// flag or command that fixes it (storeHint), as one line, exit 8 (or 2 for
// a store that does not exist yet).
func TestStoreErrorsNameTheFix(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("just some notes\n"), 0o600)
	newer := filepath.Join(dir, "newer.db")
	if code, _, stderr := runCLI(t, nil, "users", "add", "--db", newer, "--nickname", "a"); code != 0 {
		t.Fatal(stderr)
	}
	raw, err := sql.Open("sqlite", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		args      []string
		code      int
		what, fix string
	}{
		{[]string{"users", "list", "--db", text}, ExitStore,
			"open " + text + ": not a kakaologin database (not SQLite or corrupt)", "pass another --db path"},
		{[]string{"users", "add", "--db", dir, "--nickname", "b"}, ExitStore,
			"open " + dir + ": is a directory, not a kakaologin database", "pass another --db path"},
		{[]string{"users", "list", "--db", newer}, ExitStore,
			"open " + newer + ": database schema version 999 is newer than this kakaologin supports", "upgrade kakaologin or pass another --db path"},
		{[]string{"users", "show", "--db", missing, "1"}, ExitUsage,
			"open " + missing + ": no database at " + missing + " yet", "run `kakaologin login --record` or `kakaologin users add` first"},
	} {
		code, stdout, stderr := runCLI(t, nil, tc.args...)
		if code != tc.code || stdout != "" || !strings.HasPrefix(stderr, "kakaologin: "+tc.what) || !strings.HasSuffix(stderr, "; "+tc.fix+"\n") ||
			strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line %q ... %q", strings.Join(tc.args[:2], " "), code, stdout, stderr, tc.code, tc.what, tc.fix)
		}
	}
}

// Each kind of store error gets its fix, after "; "; a user that is not
// found is not a missing store: it gets where to look up the keys.
func TestStoreHint(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{localdb.ErrNoDatabase, "run `kakaologin login --record` or `kakaologin users add` first"},
		{localdb.ErrNotDatabase, "pass another --db path"},
		{localdb.ErrNewerSchema, "upgrade kakaologin or pass another --db path"},
		{localdb.ErrOlderSchema, "run a command that writes to it (e.g. `kakaologin login --record`) once to upgrade it"},
		{localdb.ErrReadOnly, "fix the permissions or pass another --db path"},
		{localdb.ErrNotFound, "kakaologin users list shows the ids and emails"},
		{localdb.ErrExists, ""},
		{localdb.ErrInvalid, ""},
		{errors.New("other"), ""},
	} {
		err := fmt.Errorf("record login x.db: %w", tc.err)
		got := explainError(err)
		want := err.Error()
		if tc.want != "" {
			want += "; " + tc.want
		}
		if got != want || storeHint(err) != tc.want {
			t.Errorf("%v: explainError = %q, want %q", tc.err, got, want)
		}
	}
}
