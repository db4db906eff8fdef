package cmd

import (
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
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

// Regression: invalid UTF-8 was stored, oversize profiles too. Both are
// refused with exit 2 and a line naming the problem, before the store file
// is even created.
func TestUsersRefuseInvalidUTF8AndOversizeProfile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "users.db")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.json", "{\"id\":1,\"kakao_account\":{\"email\":\"a\xff@x.example\"}}")
	big := write("big.json", `{"id":2,"pad":"`+strings.Repeat("x", 70000)+`"}`)
	// Bad first: an import streams, and opens the store after its first
	// profile (users_import_stream.txtar has a bad profile further on).
	lines := write("lines.jsonl", "{\"id\":4,\"properties\":{\"nickname\":\"\xc3\"}}\n{\"id\":3}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "record", bad}, "not valid UTF-8"},
		{[]string{"users", "record", big}, "over the limit of 65536 bytes"},
		{[]string{"users", "import", lines}, "profile 1: profile of kakao 4 is not valid UTF-8"},
		{[]string{"users", "add", "--nickname", "n\xff"}, `nickname "n\xff" is not valid UTF-8`},
		{[]string{"users", "add", "--nickname", "n", "--email", "\xffa@x.example"}, "email"},
	} {
		code, stdout, stderr := runCLI(t, nil, append(tc.args, "--db", db)...)
		if code != ExitUsage || stdout != "" || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line with %q",
				strings.Join(tc.args[:2], " "), code, stdout, stderr, ExitUsage, tc.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the store was created (%v)", err)
	}
}

// Regression: a profile with invalid UTF-8 stored by an older version made
// `users list` print invalid JSON.
func TestUsersListStoredInvalidUTF8IsValidJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	if code, _, stderr := runCLI(t, nil, "users", "add", "--db", db, "--nickname", "a", "--provider", "kakao", "--uid", "1"); code != 0 {
		t.Fatal(stderr)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`UPDATE social_accounts SET profile = CAST(X'7b226964223a312c226e223a22ff227d' AS TEXT)`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"users", "list"}, {"users", "show", "1"}} {
		code, stdout, stderr := runCLI(t, nil, append(args, "--db", db, "--output", "json")...)
		if code != 0 || !utf8.ValidString(stdout) || !json.Valid([]byte(stdout)) || !strings.Contains(stdout, "\uFFFD") {
			t.Errorf("%s: exit %d, stdout %q (%s); want valid UTF-8 JSON with U+FFFD", args[1], code, stdout, stderr)
		}
	}
}
