package cmd

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// The argv tests check argv -> options apart from options -> output: each
// command is built with a runF that keeps the options it is handed and
// runs nothing, as the GitHub CLI's tests do.

// argvEnv is the environment of an argv test: what the command sees, and
// nothing of the developer's own.
type argvEnv map[string]string

// argvRun builds a command with newCmd, runs args on it with env and
// stdin, and returns the command's error and its stderr. Every argv test
// also checks that stdout stays empty: options are kept, nothing printed.
func argvRun(t *testing.T, env argvEnv, stdin string, newCmd func(*Factory) *cobra.Command, args ...string) (*Factory, error, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:          &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut},
		Getenv:      func(k string) string { return env[k] },
		HTTPClient:  &http.Client{Timeout: time.Second},
		OpenBrowser: func(string) error { t.Error("a browser was opened"); return nil },
		Now:         func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) },
	}
	c := newCmd(f)
	c.SetArgs(args)
	c.SetIn(f.IO.In)
	c.SetOut(&out)
	c.SetErr(&errOut)
	c.SilenceErrors, c.SilenceUsage = true, true
	err := c.Execute()
	if out.Len() > 0 {
		t.Errorf("%q: stdout %q, want nothing: runF prints nothing", args, out.String())
	}
	return f, err, errOut.String()
}

// argvCase is one row of an argv test: args (and env, stdin) in, and
// either a check of the options or the usage error expected.
type argvCase struct {
	name    string
	args    []string
	env     argvEnv
	stdin   string
	wantErr string // a usage error (exit 2) whose message holds this
	warn    string // stderr holds this (a deprecated spelling's warning)
}

// checkArgv runs a case and reports whether the options were captured
// (no error wanted); the caller then checks them.
func checkArgv(t *testing.T, tc argvCase, err error, stderr string) bool {
	t.Helper()
	if tc.warn != "" && !strings.Contains(stderr, tc.warn) {
		t.Errorf("%s: stderr %q, want %q", tc.name, stderr, tc.warn)
	}
	if tc.warn == "" && tc.wantErr == "" && stderr != "" {
		t.Errorf("%s: stderr %q, want nothing", tc.name, stderr)
	}
	if tc.wantErr != "" {
		if err == nil || exitCode(err) != ExitUsage || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: error %v (exit %d), want exit 2 with %q", tc.name, err, exitCode(err), tc.wantErr)
		}
		return false
	}
	if err != nil {
		t.Errorf("%s: %v", tc.name, err)
		return false
	}
	return true
}
