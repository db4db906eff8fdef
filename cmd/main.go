// Package cmd is the kakaologin command line: Cobra commands that turn
// flags into options, call flow, localdb and the emulator, and print.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/pkg/browser"
)

// Main runs kakaologin with args and returns the process exit code. It is
// the only place errors are printed: one line on stderr.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// pkg/browser passes xdg-open's own output through (to stdout by
	// default, which would break the one-JSON-document contract; its
	// "www-browser: not found" noise on stderr helps nobody): the opener
	// prints its own line with the error and the URL.
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	f := &Factory{
		IO:          newIOStreams(stdin, stdout, stderr, os.Getenv),
		Getenv:      os.Getenv,
		HTTPClient:  &http.Client{Timeout: 30 * time.Second},
		OpenBrowser: browser.OpenURL,
		Now:         time.Now,
	}
	return Run(ctx, f, args)
}

// Run executes the command tree with a prepared Factory.
func Run(ctx context.Context, f *Factory, args []string) int {
	root := newCmdRootFor(f, args)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	// Cobra ignores the errors of its own writes (help, usage): they are
	// kept here, so that help that could not be written is not a success.
	out := &errWriter{w: f.IO.Out}
	root.SetOut(out)
	root.SetErr(f.IO.ErrOut)
	initCompletion(root)
	err := root.ExecuteContext(ctx)
	if err == nil && out.err != nil {
		err = out.err
	}
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, errSilentExit) { // mock -- CMD: CMD has spoken for itself
		return exitCode(err)
	}
	// Code below returns ctx.Err(), context.Canceled whatever the signal:
	// the cause says which.
	var sig *signalError
	if errors.Is(err, context.Canceled) && !errors.As(err, &sig) && errors.As(context.Cause(ctx), &sig) {
		err = sig
	}
	var ee *exitError
	if !errors.As(err, &ee) && isCobraUsage(err) {
		err = usageErrorf(fmt.Errorf("%w (see kakaologin --help)", oneLineSuggestions(err)))
	}
	// Server answers, file contents and user input all end up in err: no
	// control character of theirs reaches the terminal raw.
	fmt.Fprintf(f.IO.ErrOut, "kakaologin: %s\n", sanitize(oneLine(message(err))))
	return exitCode(err)
}

// errWriter passes writes on and keeps the first error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}
