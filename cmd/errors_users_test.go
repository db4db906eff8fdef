package cmd

import (
	"path/filepath"
	"testing"
)

// A users command that cannot find its file or its user says what to give
// or where to look.
func TestUsersErrorLinesHaveAFix(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KAKAOLOGIN_DB": filepath.Join(dir, "users.db")}
	if code, _, stderr := runCLI(t, env, "users", "add", "--email", "kim@example.com", "--nickname", "kim"); code != ExitOK {
		t.Fatalf("users add: exit %d: %s", code, stderr)
	}
	missing := filepath.Join(dir, "nosuch.json")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "import", missing},
			"kakaologin: read " + missing + ": no such file or directory: give the path of a JSON file of /v2/user/me profiles, or - for stdin\n"},
		{[]string{"users", "record", missing},
			"kakaologin: read " + missing + ": no such file or directory: give the path of a JSON file of one /v2/user/me profile, or - for stdin\n"},
		{[]string{"users", "show", "999"}, "kakaologin: find user: no user with id 999; kakaologin users list shows the ids and emails\n"},
		{[]string{"users", "show", "lee@example.com"}, "kakaologin: find user: no user with email lee@example.com; kakaologin users list shows the ids and emails\n"},
	} {
		code, stdout, stderr := runCLI(t, env, tc.args...)
		if code != ExitUsage || stderr != tc.want || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, stdout, stderr, ExitUsage, tc.want)
		}
	}
}
