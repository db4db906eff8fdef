package cmd

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildKakaologin builds the real binary: signals need main's
// SignalContext, which the test binary run as `kakaologin` does not have.
func buildKakaologin(ctx context.Context, t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "kakaologin")
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, "..").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Ctrl-C and SIGTERM to a real kakaologin mock process, with and without a
// command: the command gets the signal, kakaologin exits with the status
// that calls for, the emulator stops and the ready file goes.
func TestMockSignalsRealProcess(t *testing.T) {
	needSh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bin := buildKakaologin(ctx, t)

	for _, c := range []struct {
		name    string
		sig     syscall.Signal
		command string // "" for none
		want    int
	}{
		{"SIGTERM to mock -- CMD", syscall.SIGTERM, `trap 'echo TERM > "$WORK/got"; exit 143' TERM`, ExitTerminated},
		{"SIGINT to mock -- CMD", syscall.SIGINT, `trap 'echo INT > "$WORK/got"; exit 130' INT`, ExitInterrupted},
		{"SIGTERM, CMD exits 0", syscall.SIGTERM, `trap 'echo TERM > "$WORK/got"; exit 0' TERM`, ExitTerminated},
		{"SIGTERM, CMD exits 5", syscall.SIGTERM, `trap 'echo TERM > "$WORK/got"; exit 5' TERM`, 5},
		{"SIGINT to mock", syscall.SIGINT, "", ExitOK},
		{"SIGTERM to mock", syscall.SIGTERM, "", ExitOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			dir := t.TempDir()
			ready := filepath.Join(dir, "ready")
			args := []string{"mock", "--addr", "127.0.0.1:0", "--ready-file", ready}
			if c.command != "" {
				args = append(args, "--", "sh", "-c", c.command+`; echo up > "$WORK/started"; while :; do sleep 0.02; done`)
			}
			p := exec.CommandContext(ctx, bin, args...)
			p.Env = append(os.Environ(), "WORK="+dir)
			var stderr bytes.Buffer
			p.Stderr = &stderr
			if err := p.Start(); err != nil {
				t.Fatal(err)
			}
			if c.command != "" {
				waitFile(ctx, t, filepath.Join(dir, "started"))
			}
			waitFile(ctx, t, ready)
			data, _ := os.ReadFile(ready)
			base := strings.TrimSpace(string(data))
			if !healthy(base) {
				t.Fatalf("the emulator at %q does not serve", base)
			}
			p.Process.Signal(c.sig)
			err := p.Wait()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr.String())
			}
			if c.command != "" {
				got, _ := os.ReadFile(filepath.Join(dir, "got"))
				if want := map[syscall.Signal]string{syscall.SIGINT: "INT\n", syscall.SIGTERM: "TERM\n"}[c.sig]; string(got) != want {
					t.Errorf("the command got %q, want %q", got, want)
				}
				if c.want == 5 && strings.Contains(stderr.String(), "kakaologin: ") {
					t.Errorf("an error line for the command's own status:\n%s", stderr.String())
				}
			}
			if healthy(base) {
				t.Error("the emulator still serves")
			}
			if _, err := os.Stat(ready); !os.IsNotExist(err) {
				t.Errorf("the ready file is still there: %v", err)
			}
		})
	}
}

func healthy(base string) bool {
	c := &http.Client{Timeout: time.Second}
	resp, err := c.Get(base + "/_emulator/health")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
