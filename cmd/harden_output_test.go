package cmd

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TERM=dumb is a terminal that shows escape codes as text: no colour.
func TestNoColorOnDumbTerminal(t *testing.T) {
	for term, want := range map[string]bool{"dumb": false, "xterm-256color": true, "": true} {
		s := newIOStreams(strings.NewReader(""), os.Stdout, os.Stderr, func(k string) string {
			return map[string]string{"TERM": term}[k]
		})
		s.OutTTY = true // as on a terminal
		if got := s.ColorOut(); got != want {
			t.Errorf("TERM=%q: ColorOut() = %v, want %v", term, got, want)
		}
	}
}

// "completion" with a shell it does not know is a usage error, not help
// and exit 0.
func TestCompletionUnknownShell(t *testing.T) {
	code, stdout, stderr := runCLI(t, nil, "completion", "bogus")
	if code != ExitUsage || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, `kakaologin: completion: unknown shell "bogus": want one of bash, fish, powershell, zsh`) {
		t.Errorf("stderr = %q", stderr)
	}
	if code, stdout, _ := runCLI(t, nil, "completion", "bash"); code != 0 || !strings.Contains(stdout, "bash completion") {
		t.Errorf("completion bash: exit %d, stdout %.80q", code, stdout)
	}
}

// Help that could not be written is a failure (exit 1), not a success.
func TestHelpToDevFullExits1(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	defer full.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, args := range [][]string{{"--help"}, {"token", "--help"}, {"completion"}} {
		var errOut strings.Builder
		code := Main(ctx, args, strings.NewReader(""), full, &errOut)
		if code != ExitError || !strings.Contains(errOut.String(), "no space left on device") {
			t.Errorf("%v > /dev/full: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}
