package cmd

import (
	"path/filepath"
	"strings"
	"testing"
)

// Run prints "kakaologin: " before every error line: an error that starts
// with the command's name does not say kakaologin again.
func TestErrorLinesSayKakaologinOnce(t *testing.T) {
	env := map[string]string{"KAKAOLOGIN_DB": filepath.Join(t.TempDir(), "users.db")}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "delete", "99"},
			"kakaologin: users delete: not on a terminal, so no one can confirm the delete: pass --yes to delete without asking\n"},
		{[]string{"mock", "--", "no-such-command-kakaologin"},
			`kakaologin: mock -- no-such-command-kakaologin: exec: "no-such-command-kakaologin": executable file not found in $PATH` + "\n"},
		{[]string{"mock", "--"}, "kakaologin: mock: no command after -- (see kakaologin mock --help)\n"},
		{[]string{"explain"}, "kakaologin: explain: give one error code such as KOE006 or -401, or --list (see kakaologin explain --help)\n"},
		{[]string{"token", "verify", ""}, "kakaologin: token verify: the id_token argument is empty (see kakaologin token verify --help)\n"},
		{[]string{"completion", "bogus"}, `kakaologin: completion: unknown shell "bogus": want one of bash, fish, powershell, zsh (see kakaologin completion --help)` + "\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, env, tc.args...)
			if code != ExitUsage || stderr != tc.want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, ExitUsage, tc.want)
			}
		})
	}
}
