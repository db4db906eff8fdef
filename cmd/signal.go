package cmd

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// signalError is the cause of a context ended by a signal: Ctrl-C (SIGINT)
// exits 130, SIGTERM 143, as shells report a process killed by them. It
// is context.Canceled to everything that only asks whether it was cancelled.
type signalError struct{ sig os.Signal }

func (e *signalError) Error() string {
	if e.sig == syscall.SIGTERM {
		return "terminated"
	}
	return "interrupted"
}

func (e *signalError) Unwrap() error { return context.Canceled }

func (e *signalError) exitCode() int {
	if e.sig == syscall.SIGTERM {
		return ExitTerminated
	}
	return ExitInterrupted
}

// SignalContext is signal.NotifyContext for SIGINT and SIGTERM that keeps
// which signal came as the context's cause, so that Run exits with the
// code that signal calls for. stop releases the signals.
func SignalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			cancel(&signalError{sig: sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}
