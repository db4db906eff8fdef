package cmd

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/localdb"
)

// storeEnv is the environment of the user store commands: --db and
// --rules fall back to these.
var storeEnv = argvEnv{"KAKAOLOGIN_DB": "/env/users.db", "KAKAOLOGIN_RULES": "allauth"}

// storeCases are the --db and --output rows every user store command
// shares; path and format are what the options must hold.
func storeCases() []struct {
	argvCase
	path, format string
} {
	return []struct {
		argvCase
		path, format string
	}{
		{argvCase{name: "default store", env: argvEnv{"XDG_DATA_HOME": "/xdg"}}, "/xdg/kakaologin/users.db", "json"},
		{argvCase{name: "KAKAOLOGIN_DB", env: storeEnv}, "/env/users.db", "json"},
		{argvCase{name: "--db beats KAKAOLOGIN_DB", env: storeEnv, args: []string{"--db", "x.db", "-o", "table"}}, "x.db", "table"},
		{argvCase{name: "--output", env: storeEnv, args: []string{"--output", "json"}}, "/env/users.db", "json"},
		{argvCase{name: "bad --output", env: storeEnv, args: []string{"-o", "yaml"}, wantErr: `--output "yaml"`}, "", ""},
	}
}

func TestArgvUsersList(t *testing.T) {
	for _, tc := range storeCases() {
		var got *UsersListOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersList(f, func(_ context.Context, o *UsersListOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.DB != tc.path || got.Format != tc.format || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	_, err, _ := argvRun(t, nil, "", func(f *Factory) *cobra.Command { return NewCmdUsersList(f, nil) }, "extra")
	checkArgv(t, argvCase{name: "an argument", wantErr: "takes no arguments"}, err, "")
}

func TestArgvUsersAdd(t *testing.T) {
	for _, tc := range storeCases() {
		tc.args = append(tc.args, "--nickname", "n")
		var got *UsersAddOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersAdd(f, func(_ context.Context, o *UsersAddOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.DB != tc.path || got.Format != tc.format || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	for _, tc := range []struct {
		argvCase
		want localdb.NewUser
	}{
		{argvCase{name: "a local user", args: []string{"--email", "kim@example.com", "--email-verified", "--nickname", "kim"}},
			localdb.NewUser{Email: "kim@example.com", EmailVerified: true, Nickname: "kim"}},
		{argvCase{name: "another provider's user", args: []string{"--email", "g@example.com", "--provider", "google", "--uid", "1234"}},
			localdb.NewUser{Email: "g@example.com", Provider: "google", UID: "1234"}},
		{argvCase{name: "provider without uid", args: []string{"--nickname", "n", "--provider", "google"}, wantErr: "--provider and --uid go together"}, localdb.NewUser{}},
		{argvCase{name: "uid without provider", args: []string{"--nickname", "n", "--uid", "1"}, wantErr: "--provider and --uid go together"}, localdb.NewUser{}},
		{argvCase{name: "no nickname", args: []string{"--email", "a@example.com"}, wantErr: "--nickname is required"}, localdb.NewUser{}},
	} {
		var got *UsersAddOptions
		_, err, stderr := argvRun(t, storeEnv, "", func(f *Factory) *cobra.Command {
			return NewCmdUsersAdd(f, func(_ context.Context, o *UsersAddOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && got.User != tc.want {
			t.Errorf("%s: user %+v, want %+v", tc.name, got.User, tc.want)
		}
	}
}

func TestArgvUsersRecord(t *testing.T) {
	for _, tc := range storeCases() {
		tc.args = append(tc.args, "me.json")
		var got *UsersRecordOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersRecord(f, func(_ context.Context, o *UsersRecordOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.DB != tc.path || got.Format != tc.format || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	for _, tc := range []struct {
		argvCase
		profile      string
		rules        localdb.Rules
		requireEmail bool
	}{
		{argvCase{name: "a file", args: []string{"me.json"}}, "me.json", localdb.DefaultRules, false},
		{argvCase{name: "stdin", args: []string{"-"}}, "-", localdb.DefaultRules, false},
		{argvCase{name: "KAKAOLOGIN_RULES", env: storeEnv, args: []string{"me.json"}}, "me.json", localdb.RulesAllauth, false},
		{argvCase{name: "--rules beats KAKAOLOGIN_RULES", env: storeEnv, args: []string{"--rules", "lenient", "--require-email", "me.json"}},
			"me.json", localdb.RulesLenient, true},
		{argvCase{name: "--profile, the old spelling", args: []string{"--profile", "me.json"},
			warn: "warning: --profile is deprecated: give the file as the argument: kakaologin users record FILE\n"}, "me.json", localdb.DefaultRules, false},

		{argvCase{name: "no file", wantErr: "needs one FILE (- reads stdin)"}, "", "", false},
		{argvCase{name: "two files", args: []string{"a.json", "b.json"}, wantErr: "needs one FILE (- reads stdin)"}, "", "", false},
		{argvCase{name: "the file twice", args: []string{"--profile", "a.json", "b.json"}, warn: "deprecated", wantErr: "give the profile FILE once"}, "", "", false},
		{argvCase{name: "bad rules", args: []string{"--rules", "strict", "me.json"}, wantErr: "--rules"}, "", "", false},
		{argvCase{name: "bad KAKAOLOGIN_RULES", env: argvEnv{"KAKAOLOGIN_RULES": "strict"}, args: []string{"me.json"}, wantErr: "KAKAOLOGIN_RULES"}, "", "", false},
	} {
		var got *UsersRecordOptions
		_, err, stderr := argvRun(t, tc.env, "", func(f *Factory) *cobra.Command {
			return NewCmdUsersRecord(f, func(_ context.Context, o *UsersRecordOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.Profile != tc.profile || got.Rules != tc.rules || got.RequireEmail != tc.requireEmail) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}

func TestArgvUsersImport(t *testing.T) {
	for _, tc := range storeCases() {
		tc.args = append(tc.args, "profiles.json")
		var got *UsersImportOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersImport(f, func(_ context.Context, o *UsersImportOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.DB != tc.path || got.Format != tc.format || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	for _, tc := range []struct {
		argvCase
		file         string
		rules        localdb.Rules
		requireEmail bool
	}{
		{argvCase{name: "a file", args: []string{"profiles.json"}}, "profiles.json", localdb.DefaultRules, false},
		{argvCase{name: "stdin, rules from the environment", env: storeEnv, args: []string{"-"}}, "-", localdb.RulesAllauth, false},
		{argvCase{name: "flags", env: storeEnv, args: []string{"--rules", "seed", "--require-email", "p.jsonl"}}, "p.jsonl", localdb.RulesSeed, true},
		{argvCase{name: "no file", wantErr: "needs one FILE (- reads stdin)"}, "", "", false},
		{argvCase{name: "bad rules", args: []string{"--rules", "x", "p.json"}, wantErr: "--rules"}, "", "", false},
	} {
		var got *UsersImportOptions
		_, err, stderr := argvRun(t, tc.env, "", func(f *Factory) *cobra.Command {
			return NewCmdUsersImport(f, func(_ context.Context, o *UsersImportOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) && (got.File != tc.file || got.Rules != tc.rules || got.RequireEmail != tc.requireEmail) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}

func TestArgvUsersShow(t *testing.T) {
	for _, tc := range storeCases() {
		tc.args = append(tc.args, "kim@example.com")
		var got *UsersShowOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersShow(f, func(_ context.Context, o *UsersShowOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) &&
			(got.DB != tc.path || got.Format != tc.format || got.Key != "kim@example.com" || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	for _, args := range [][]string{nil, {"1", "2"}} {
		_, err, _ := argvRun(t, storeEnv, "", func(f *Factory) *cobra.Command { return NewCmdUsersShow(f, nil) }, args...)
		checkArgv(t, argvCase{name: "show " + strings.Join(args, " "), wantErr: "needs one user ID or email"}, err, "")
	}
}

func TestArgvUsersDelete(t *testing.T) {
	for _, tc := range storeCases() {
		tc.args = append(tc.args, "--yes", "3")
		var got *UsersDeleteOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUsersDelete(f, func(_ context.Context, o *UsersDeleteOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) &&
			(got.DB != tc.path || got.Format != tc.format || got.Key != "3" || !got.Yes || got.Prompt || got.IO != f.IO || got.Open == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
	for _, tc := range []argvCase{
		{name: "-y", args: []string{"-y", "3"}},
		// the tests' stdin is not a terminal: no one to ask
		{name: "not on a terminal, no --yes", args: []string{"3"}, wantErr: "not on a terminal, so no one can confirm the delete: pass --yes to delete without asking"},
		{name: "no user", args: []string{"--yes"}, wantErr: "needs one user ID or email"},
	} {
		var got *UsersDeleteOptions
		_, err, stderr := argvRun(t, storeEnv, "y\n", func(f *Factory) *cobra.Command {
			return NewCmdUsersDelete(f, func(_ context.Context, o *UsersDeleteOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc, err, stderr) && (!got.Yes || got.Prompt) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}
