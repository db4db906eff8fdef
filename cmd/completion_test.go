package cmd

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// complete runs `kakaologin __complete args...` as a shell would and
// returns the candidates and the directive.
func complete(t *testing.T, env argvEnv, args ...string) ([]string, cobra.ShellCompDirective) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:         &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Getenv:     func(k string) string { return env[k] },
		HTTPClient: &http.Client{Timeout: time.Second},
		Now:        time.Now,
	}
	if code := Run(ctx, f, append([]string{cobra.ShellCompRequestCmd}, args...)); code != 0 {
		t.Fatalf("__complete %q: exit %d: %s", args, code, errOut.String())
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	d, err := strconv.Atoi(strings.TrimPrefix(lines[len(lines)-1], ":"))
	if err != nil {
		t.Fatalf("__complete %q: no directive in %q", args, out.String())
	}
	return lines[:len(lines)-1], cobra.ShellCompDirective(d)
}

// Every flag that takes a value completes something deliberate: its
// values, or nothing at all, and file names only where a file goes.
func TestCompletionOfEveryFlag(t *testing.T) {
	fixedSets := []string{"output", "rules", "prompt", "backend-send", "scope", "consent", "fault"}
	fileNames := []string{"test-users", "signing-key", "ready-file", "db"}
	env := argvEnv{"XDG_DATA_HOME": t.TempDir()}
	seen := map[string]bool{}
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			p := append(slices.Clone(path), sub.Name())
			if sub.Name() == "explain" { // it parses its own flags: see TestCompletionOfExplain
				continue
			}
			sub.LocalFlags().VisitAll(func(fl *pflag.Flag) {
				if fl.Hidden || fl.NoOptDefVal != "" || fl.Name == "help" {
					return
				}
				seen[fl.Name] = true
				got, d := complete(t, env, append(slices.Clone(p), "--"+fl.Name, "")...)
				wantFiles := slices.Contains(fileNames, fl.Name)
				if files := d&cobra.ShellCompDirectiveNoFileComp == 0; files != wantFiles {
					t.Errorf("%s --%s: directive %d: files %t, want %t", strings.Join(p, " "), fl.Name, d, files, wantFiles)
				}
				if slices.Contains(fixedSets, fl.Name) && len(got) < 2 {
					t.Errorf("%s --%s: completions %q, want its values", strings.Join(p, " "), fl.Name, got)
				}
			})
			walk(sub, p)
		}
	}
	walk(NewCmdRoot(&Factory{IO: &IOStreams{}}), nil)
	for _, name := range append(fixedSets, fileNames...) {
		if !seen[name] {
			t.Errorf("no command has --%s", name)
		}
	}
}

func TestCompletionOfExplain(t *testing.T) {
	got, d := complete(t, nil, "explain", "")
	if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "KOE320\t") }) ||
		!slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "-402\t") }) || d != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("explain: %q %d", got, d)
	}
	for _, args := range [][]string{{"KOE006", ""}, {"-401", ""}, {"--list", ""}, {"-o", "table", "KOE006", ""}} {
		if got, _ := complete(t, nil, append([]string{"explain"}, args...)...); len(got) != 0 {
			t.Errorf("explain %q: %q, want nothing after the code", args, got)
		}
	}
	if got, _ := complete(t, nil, "explain", "-o", "table", ""); len(got) == 0 {
		t.Errorf("explain -o table: nothing, want the codes")
	}
}

// The fault targets offered are the emulator's.
func TestCompletionFaultTargets(t *testing.T) {
	for _, target := range faultTargets {
		if _, err := emulator.ParseFault(target + ":status=503"); err != nil {
			t.Errorf("--fault %s: %v", target, err)
		}
	}
}

// Completing user keys never creates the store, and stops at a bound.
func TestCompletionOfUserKeys(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/users.db"
	env := argvEnv{"KAKAOLOGIN_DB": db}
	if got, _ := complete(t, env, "users", "show", ""); len(got) != 0 {
		t.Errorf("no store: %q", got)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("completion created the store")
	}
	var profiles strings.Builder
	for i := 1; i <= maxUserCompletions+20; i++ {
		profiles.WriteString(`{"id":` + strconv.Itoa(i) + `,"kakao_account":{"email":"u` + strconv.Itoa(i) + `@example.com"}}` + "\n")
	}
	var out, errOut bytes.Buffer
	f := &Factory{IO: &IOStreams{In: strings.NewReader(profiles.String()), Out: &out, ErrOut: &errOut},
		Getenv: func(k string) string { return env[k] }, HTTPClient: http.DefaultClient, Now: time.Now}
	if code := Run(context.Background(), f, []string{"users", "import", "-"}); code != 0 {
		t.Fatalf("import: %s", errOut.String())
	}
	if got, _ := complete(t, env, "users", "delete", ""); len(got) != maxUserCompletions {
		t.Errorf("%d users offered, want %d", len(got), maxUserCompletions)
	}
	// emails ignoring case, as the store finds them
	if got, _ := complete(t, env, "users", "delete", "U11"); len(got) != 11 || got[0] != "u11@example.com\t11 kakao_11" || got[10] != "u119@example.com\t119 kakao_119" {
		t.Errorf("U11: %q", got)
	}
	if got, _ := complete(t, env, "users", "show", "1", ""); len(got) != 0 {
		t.Errorf("a second key: %q", got)
	}
}
