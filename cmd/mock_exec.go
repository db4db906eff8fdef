package cmd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// `kakaologin mock [flags] -- CMD ARGS...` runs CMD against the emulator,
// as `firebase emulators:exec` does: the emulator serves while CMD runs,
// CMD finds it in its environment, and kakaologin exits with CMD's status.

// childGrace is how long CMD has to exit after the signal kakaologin got
// was passed on to it, before it is killed.
const childGrace = 10 * time.Second

// errSilentExit marks kakaologin's exit with the status of the command it
// ran: that command has said what it had to say, so Run prints no line.
var errSilentExit = errors.New("the command run under kakaologin mock exited with a non-zero status")

// exitSilently is an error that makes kakaologin exit with code.
func exitSilently(code int) error {
	return &exitError{code: code, err: fmt.Errorf("%w (%d)", errSilentExit, code)}
}

// mockArgs takes arguments only after --, and only a command that can be
// found: `kakaologin mock -- CMD ARGS...`.
func mockArgs(c *cobra.Command, args []string) error {
	dash := c.ArgsLenAtDash()
	switch {
	case dash < 0 && len(args) == 0:
		return nil
	case dash != 0:
		return usageErrorf(fmt.Errorf("%s takes no arguments, got %q; to run a command against the emulator, put it after --: kakaologin mock [flags] -- CMD ARGS... (see %s --help)", c.CommandPath(), args[0], c.CommandPath()))
	case len(args) == 0:
		return usageErrorf(fmt.Errorf("%s: no command after -- (see %s --help)", errPrefix(c), c.CommandPath()))
	}
	if _, err := exec.LookPath(args[0]); err != nil {
		return usageErrorf(fmt.Errorf("%s -- %s: %w", errPrefix(c), args[0], err))
	}
	return nil
}

// mockEnv is this process's environment plus what points a client at the
// emulator at base: the variables kakaologin reads, and the key and
// secret the emulator accepts.
func mockEnv(base, clientID, clientSecret string) []string {
	env := append(os.Environ(),
		"KAKAOLOGIN_AUTH_URL="+base, "KAKAOLOGIN_API_URL="+base, "KAKAO_REST_API_KEY="+clientID)
	if clientSecret != "" {
		env = append(env, "KAKAO_CLIENT_SECRET="+clientSecret)
	}
	return env
}

// runMockExec runs argv with env while srv serves the emulator at base,
// then stops the emulator, whatever ended the command. It returns nil
// when the command exits 0, exitSilently with its status otherwise (128+N
// when killed by signal N), the signal's error when kakaologin was
// interrupted and the command still exited 0, and an error when the
// emulator stopped serving first (the command is then stopped too).
func runMockExec(ctx context.Context, streams *IOStreams, srv *http.Server, served <-chan error, base string, env, argv []string) error {
	defer stopEmulator(srv)
	fmt.Fprintf(streams.ErrOut, "kakaologin mock: Kakao emulator on %s; running %s\n", base, commandLine(argv))
	code, serveErr, err := runMockCommand(ctx, streams, served, env, argv)
	switch {
	case err != nil:
		return err
	case serveErr != nil:
		return fmt.Errorf("emulator stopped while %s ran: %w", sanitize(argv[0]), serveErr)
	}
	var sig *signalError
	if code == 0 && errors.As(context.Cause(ctx), &sig) {
		return sig
	}
	if code != 0 {
		return exitSilently(code)
	}
	return nil
}

// commandLine is argv on one short line: a multi-line sh -c script
// becomes its first 80 characters, white space collapsed.
func commandLine(argv []string) string {
	s := oneLine(strings.Join(argv, " "))
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return sanitize(s)
}

// runMockCommand starts argv with the streams passed through and waits
// for it. When ctx ends, the command gets the signal that ended it
// (SIGINT or SIGTERM; SIGTERM for any other end), and SIGKILL after
// childGrace. When served reports first (the emulator stopped), the
// command gets SIGTERM and serveErr says why.
func runMockCommand(ctx context.Context, streams *IOStreams, served <-chan error, env, argv []string) (code int, serveErr, err error) {
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	c := exec.CommandContext(runCtx, argv[0], argv[1:]...)
	c.Env = env
	c.Stdin, c.Stdout, c.Stderr = streams.In, streams.Out, streams.ErrOut
	c.Cancel = func() error {
		var sig *signalError
		if errors.As(context.Cause(runCtx), &sig) {
			return c.Process.Signal(sig.sig)
		}
		return c.Process.Signal(syscall.SIGTERM)
	}
	c.WaitDelay = childGrace
	if ctx.Err() != nil { // interrupted before the start: not a failure to run
		return 0, nil, context.Cause(ctx)
	}
	if err := c.Start(); err != nil {
		return 0, nil, usageErrorf(fmt.Errorf("mock: run %s: %w", sanitize(argv[0]), err))
	}
	stopped := make(chan error, 1)
	go func() {
		select {
		case err := <-served:
			stopped <- err
			cancel(err)
		case <-runCtx.Done():
		}
	}()
	werr := c.Wait()
	cancel(nil)
	select {
	case serveErr = <-stopped:
	default:
	}
	if c.ProcessState == nil {
		return 0, serveErr, fmt.Errorf("mock: wait for %s: %w", sanitize(argv[0]), werr)
	}
	return exitStatus(c.ProcessState), serveErr, nil
}

// exitStatus is a finished process's status as a shell reports it: its
// exit code, or 128+N when signal N killed it.
func exitStatus(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// stopEmulator lets requests in flight finish (5 s at most), then closes.
func stopEmulator(srv *http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if srv.Shutdown(ctx) != nil {
		srv.Close()
	}
}
