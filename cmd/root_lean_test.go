package cmd

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// runRoot runs args on root the way Run does and returns what cobra and
// the command said: the error and both streams.
func runRoot(ctx context.Context, build func(*Factory) *cobra.Command, args []string) string {
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:         &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Getenv:     func(string) string { return "" },
		HTTPClient: &http.Client{Timeout: time.Second},
		Now:        func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) },
	}
	root := build(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(&out)
	root.SetErr(&errOut)
	initCompletion(root)
	err := root.ExecuteContext(ctx)
	return fmt.Sprintf("error: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
}

// The root that Run builds for one command prints exactly what the whole
// tree prints: help and usage errors of every command and subcommand, and
// the commands that only print.
func TestLeanRootPrintsWhatTheWholeTreePrints(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cases := [][]string{
		{"version"}, {"-v", "version"}, {"--verbose=false", "version"}, {"version", "extra"},
		{"--help", "login"}, {"--version", "login"}, {"-h"}, {"--version"}, {},
		{"explain", "KOE006"}, {"--mock", "login"}, {"--foo", "version", "login"}, {"help", "login"}, {"help", "lgin"}, {"help", "users", "lst"},
		{"login", "extra"}, {"login", "--prompt", "bogus"}, {"mock", "--addr", "0.0.0.0:1"},
		{"completion", "bash"}, {"-", "login"}, {"--", "login"}, {"-h", "users"},
	}
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(slices.Clone(path), sub.Name())
			cases = append(cases, append(slices.Clone(p), "--help"), append(slices.Clone(p), "-h"),
				append(slices.Clone(p), "--no-such-flag"), append([]string{"-v"}, append(slices.Clone(p), "--help")...))
			if sub.HasSubCommands() {
				cases = append(cases, append(slices.Clone(p), "no-such-command"))
			}
			walk(sub, p)
		}
	}
	tree := NewCmdRoot(&Factory{IO: &IOStreams{}})
	initCompletion(tree)
	walk(tree, nil)
	if len(cases) < 100 {
		t.Fatalf("only %d cases: the walk missed the tree", len(cases))
	}
	lean := 0
	for _, args := range cases {
		if commandNamed(args) != "" {
			lean++
		}
		whole := runRoot(ctx, NewCmdRoot, args)
		got := runRoot(ctx, func(f *Factory) *cobra.Command { return newCmdRootFor(f, args) }, args)
		if got != whole {
			t.Errorf("kakaologin %q:\n--- lean root\n%s\n--- whole tree\n%s", args, got, whole)
		}
	}
	if lean < len(cases)/2 {
		t.Errorf("only %d of %d cases took the lean root", lean, len(cases))
	}
}

// Only a name that cobra will surely take for the command gives a lean root.
func TestCommandNamed(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, "version"},
		{[]string{"-v", "--show-secrets", "login", "--mock"}, "login"},
		{[]string{"--verbose=false", "token", "show"}, "token"},
		{[]string{"-h", "users"}, ""},        // cobra shows the root's help
		{[]string{"--version", "login"}, ""}, // and its version
		{nil, ""},
		{[]string{"help", "login"}, ""},
		{[]string{"completion", "bash"}, ""},
		{[]string{"__complete", "lo"}, ""},
		{[]string{"logn"}, ""},
		{[]string{"--mock", "login"}, ""},           // cobra takes login for --mock's value
		{[]string{"--foo", "version", "login"}, ""}, // and runs login
		{[]string{"-vh", "login"}, ""},
		{[]string{"-", "login"}, ""},
		{[]string{"--", "login"}, ""},
	} {
		if got := commandNamed(tc.args); got != tc.want {
			t.Errorf("commandNamed(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
	for _, c := range commands {
		if got := c.build(&Factory{IO: &IOStreams{}}).Name(); got != c.name {
			t.Errorf("command %q builds %q", c.name, got)
		}
	}
}
