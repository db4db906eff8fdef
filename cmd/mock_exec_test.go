package cmd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func needSh(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs a POSIX sh")
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh")
	}
}

// mockExecSetup is a real emulator served as `kakaologin mock` serves it.
type mockExecSetup struct {
	srv    *http.Server
	base   string
	served <-chan error
	stderr bytes.Buffer
	stdout bytes.Buffer
}

func newMockExecSetup(t *testing.T) *mockExecSetup {
	t.Helper()
	o := &MockOptions{Addr: "127.0.0.1:0", AccessTokenTTL: time.Hour, RefreshTokenTTL: time.Hour}
	if err := o.validate(); err != nil {
		t.Fatal(err)
	}
	srv, base, served, err := o.serve(o.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &mockExecSetup{srv: srv, base: base, served: served}
}

// run is runMockExec with sh -c script, in dir.
func (m *mockExecSetup) run(ctx context.Context, t *testing.T, dir, script string) error {
	t.Helper()
	streams := &IOStreams{In: strings.NewReader(""), Out: &m.stdout, ErrOut: &m.stderr}
	env := append(mockEnv(m.base, emulator.DefaultClientID, "s3cret-value"), "WORK="+dir)
	return runMockExec(ctx, streams, m.srv, m.served, m.base, env, []string{"sh", "-c", script})
}

// serving reports whether the emulator still answers its health path.
func (m *mockExecSetup) serving() bool {
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get(m.base + "/_emulator/health")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}

func mockExecContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitFile waits for path to exist (the child got that far).
func waitFile(ctx context.Context, t *testing.T, path string) {
	t.Helper()
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never appeared", path)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// The command finds the emulator in its environment, its streams are
// passed through, and kakaologin exits with its status.
func TestMockExecEnvironmentAndStatus(t *testing.T) {
	needSh(t)
	ctx := mockExecContext(t)
	m := newMockExecSetup(t)
	dir := t.TempDir()
	err := m.run(ctx, t, dir, `echo "$KAKAOLOGIN_AUTH_URL $KAKAOLOGIN_API_URL $KAKAO_REST_API_KEY $KAKAO_CLIENT_SECRET" > "$WORK/env"; echo to-stdout; echo to-stderr >&2; exit 3`)
	if code := exitCode(err); code != 3 || !errors.Is(err, errSilentExit) {
		t.Fatalf("err = %v (exit %d), want a silent exit 3", err, code)
	}
	env, _ := os.ReadFile(filepath.Join(dir, "env"))
	if want := m.base + " " + m.base + " " + emulator.DefaultClientID + " s3cret-value\n"; string(env) != want {
		t.Errorf("environment = %q, want %q", env, want)
	}
	if m.stdout.String() != "to-stdout\n" || !strings.Contains(m.stderr.String(), "to-stderr\n") {
		t.Errorf("stdout %q, stderr %q", m.stdout.String(), m.stderr.String())
	}
	if !strings.Contains(m.stderr.String(), "kakaologin mock: Kakao emulator on "+m.base+"; running sh -c") {
		t.Errorf("stderr lacks the start line: %q", m.stderr.String())
	}
	if m.serving() {
		t.Error("the emulator still serves after the command ended")
	}
}

// The command can use the emulator while it runs: a real login through it.
func TestMockExecEmulatorServesTheCommand(t *testing.T) {
	needSh(t)
	ctx := mockExecContext(t)
	m := newMockExecSetup(t)
	dir := t.TempDir()
	// sh has no HTTP client: the health answer is fetched by the test
	// while the command waits for the go-ahead file.
	done := make(chan error, 1)
	go func() {
		done <- m.run(ctx, t, dir, `echo up > "$WORK/started"; while [ ! -f "$WORK/go" ]; do sleep 0.02; done`)
	}()
	waitFile(ctx, t, filepath.Join(dir, "started"))
	if !m.serving() {
		t.Error("the emulator does not serve while the command runs")
	}
	os.WriteFile(filepath.Join(dir, "go"), nil, 0o644)
	if err := <-done; err != nil {
		t.Errorf("exit 0: err = %v", err)
	}
	if m.serving() {
		t.Error("the emulator still serves after the command ended")
	}
}

// A command killed by a signal: 128+N, as a shell reports it.
func TestMockExecCommandKilledBySignal(t *testing.T) {
	needSh(t)
	m := newMockExecSetup(t)
	err := m.run(mockExecContext(t), t, t.TempDir(), `kill -KILL $$`)
	if code := exitCode(err); code != 128+9 {
		t.Errorf("err = %v, exit %d, want 137", err, code)
	}
	if m.serving() {
		t.Error("the emulator still serves")
	}
}

// Ctrl-C or SIGTERM to kakaologin: the command gets the same signal, and
// kakaologin exits with its status; the emulator stops.
func TestMockExecPassesSignalsOn(t *testing.T) {
	needSh(t)
	for _, c := range []struct {
		sig     syscall.Signal
		name    string
		onTrap  string
		want    int
		wantErr error
	}{
		{syscall.SIGTERM, "TERM", "exit 0", ExitTerminated, nil}, // exits 0: the interruption still shows
		{syscall.SIGINT, "INT", "exit 130", ExitInterrupted, errSilentExit},
		{syscall.SIGTERM, "TERM", "exit 7", 7, errSilentExit}, // its own status wins
	} {
		ctx, cancel := context.WithCancelCause(mockExecContext(t))
		m := newMockExecSetup(t)
		dir := t.TempDir()
		done := make(chan error, 1)
		go func() {
			done <- m.run(ctx, t, dir, `trap 'echo `+c.name+` > "$WORK/got"; `+c.onTrap+`' `+c.name+`; echo up > "$WORK/started"; while :; do sleep 0.02; done`)
		}()
		waitFile(ctx, t, filepath.Join(dir, "started"))
		cancel(&signalError{sig: c.sig})
		err := <-done
		got, _ := os.ReadFile(filepath.Join(dir, "got"))
		if string(got) != c.name+"\n" {
			t.Errorf("%s: the command got %q", c.name, got)
		}
		if code := exitCode(err); code != c.want || (c.wantErr != nil && !errors.Is(err, c.wantErr)) {
			t.Errorf("%s, command %q: err = %v, exit %d, want %d", c.name, c.onTrap, err, code, c.want)
		}
		if m.serving() {
			t.Errorf("%s: the emulator still serves", c.name)
		}
	}
}

// The emulator stopping first stops the command and is an error.
func TestMockExecEmulatorDiesFirst(t *testing.T) {
	needSh(t)
	ctx := mockExecContext(t)
	m := newMockExecSetup(t)
	dir := t.TempDir()
	done := make(chan error, 1)
	go func() {
		done <- m.run(ctx, t, dir, `trap 'echo TERM > "$WORK/got"; exit 143' TERM; echo up > "$WORK/started"; while :; do sleep 0.02; done`)
	}()
	waitFile(ctx, t, filepath.Join(dir, "started"))
	m.srv.Close()
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "emulator stopped while sh ran") || exitCode(err) != ExitError {
		t.Errorf("err = %v (exit %d)", err, exitCode(err))
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "got")); string(got) != "TERM\n" {
		t.Errorf("the command got %q, want TERM", got)
	}
}

func TestMockExecCannotStart(t *testing.T) {
	m := newMockExecSetup(t)
	dir := t.TempDir()
	notExec := filepath.Join(dir, "script.sh")
	os.WriteFile(notExec, []byte("#!/bin/sh\n"), 0o644)
	err := runMockExec(mockExecContext(t), &IOStreams{Out: io.Discard, ErrOut: io.Discard}, m.srv, m.served, m.base, nil, []string{notExec})
	if exitCode(err) != ExitUsage || !strings.Contains(err.Error(), "mock: run "+notExec) {
		t.Errorf("err = %v (exit %d)", err, exitCode(err))
	}
	if m.serving() {
		t.Error("the emulator still serves")
	}
}

func TestMockArgs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--", "go", "version"}, ""},
		{[]string{"serve"}, `takes no arguments, got "serve"; to run a command against the emulator, put it after --`},
		{[]string{"--"}, "no command after --"},
		{[]string{"--", "no-such-command-kakaologin"}, `mock -- no-such-command-kakaologin: exec: "no-such-command-kakaologin": executable file not found`},
	} {
		var got []string
		c2 := &cobra.Command{Use: "mock", Args: mockArgs, RunE: func(_ *cobra.Command, args []string) error { got = args; return nil }}
		c2.SetArgs(c.args)
		c2.SetOut(io.Discard)
		c2.SetErr(io.Discard)
		err := c2.Execute()
		if c.want == "" {
			if err != nil {
				t.Errorf("%v: %v", c.args, err)
			} else if len(c.args) > 0 && strings.Join(got, " ") != "go version" {
				t.Errorf("%v: command %v", c.args, got)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || exitCode(err) != ExitUsage {
			t.Errorf("%v: err = %v (exit %d), want usage error %q", c.args, err, exitCode(err), c.want)
		}
	}
}

func TestMockEnv(t *testing.T) {
	t.Setenv("KAKAO_CLIENT_SECRET", "")
	env := mockEnv("http://127.0.0.1:1", "key", "")
	last := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		last[k] = v
	}
	if last["KAKAOLOGIN_AUTH_URL"] != "http://127.0.0.1:1" || last["KAKAOLOGIN_API_URL"] != "http://127.0.0.1:1" || last["KAKAO_REST_API_KEY"] != "key" || last["KAKAO_CLIENT_SECRET"] != "" {
		t.Errorf("env = %v", last)
	}
	if last["PATH"] == "" {
		t.Error("the environment is not passed on")
	}
}

func TestCommandLine(t *testing.T) {
	script := "\n  run.sh 8000 >log 2>&1 & backend=$!\n  trap \"kill $backend\" EXIT\n  until grep -q ready log; do sleep 0.2; done\n  kakaologin login --headless\n"
	got := commandLine([]string{"sh", "-ec", script})
	if strings.ContainsAny(got, "\n\t") || len([]rune(got)) != 80 || !strings.HasPrefix(got, "sh -ec run.sh 8000 >log 2>&1 & backend=$! trap") || !strings.HasSuffix(got, "…") {
		t.Errorf("commandLine = %q", got)
	}
	if got := commandLine([]string{"sh", "-c", "exit 3"}); got != "sh -c exit 3" {
		t.Errorf("commandLine = %q", got)
	}
}
