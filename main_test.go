package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs main itself when the test binary is started as kakaologin
// by a test below: signals are only testable on a real process.
func TestMain(m *testing.M) {
	if os.Getenv("KAKAOLOGIN_TEST_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// Ctrl-C exits 130 and SIGTERM 143, each with its one line on stderr.
func TestSignalExitCodes(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
		line string
	}{{syscall.SIGINT, 130, "kakaologin: interrupted"}, {syscall.SIGTERM, 143, "kakaologin: terminated"}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "login", "--client-id", "k", "--redirect-uri", "http://127.0.0.1:0/callback", "--no-browser", "--timeout", "20s")
			cmd.Env = append(os.Environ(), "KAKAOLOGIN_TEST_RUN_MAIN=1", "KAKAOLOGIN_AUTH_URL=http://127.0.0.1:1")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			timer := time.AfterFunc(15*time.Second, func() { cmd.Process.Kill() })
			defer timer.Stop()
			lines := bufio.NewScanner(stderr)
			var all []string
			for lines.Scan() { // the login waits for the browser once it printed the URL
				all = append(all, lines.Text())
				if strings.HasPrefix(lines.Text(), "Waiting up to") {
					break
				}
			}
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			for lines.Scan() {
				all = append(all, lines.Text())
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != c.code {
				t.Fatalf("%v: %v, want exit %d; stderr %q", c.sig, err, c.code, all)
			}
			if last := all[len(all)-1]; last != c.line {
				t.Errorf("last stderr line %q, want %q", last, c.line)
			}
		})
	}
}
