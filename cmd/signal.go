package cmd

import (
	"context"
	"os"
	"os/signal"
	"sync"
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
//
// The signals are caught from the first call to the context's Done or Err
// (or a derived context's: context.WithCancel and its kin, HTTP requests
// and database/sql all ask for Done), which the root command makes before
// any command that may wait runs. A command that waits for nothing, such as
// version, then starts no signal-handling goroutines, whose threads cost
// some 0.4 ms, an eighth of its start-up; a signal before that ends the
// process as one before main does, by the signal, which shells report as
// the same 130 or 143.
func SignalContext(parent context.Context) (ctx context.Context, stop func()) {
	inner, cancel := context.WithCancelCause(parent)
	s := &signalContext{Context: inner, cancel: cancel}
	return s, s.stop
}

// signalContext is a cancellable context that catches SIGINT and SIGTERM
// from the first call to Done or Err.
type signalContext struct {
	context.Context
	cancel context.CancelCauseFunc
	once   sync.Once
	ch     chan os.Signal // nil until caught
	done   chan struct{}
}

func (s *signalContext) catch() {
	s.once.Do(func() {
		s.ch, s.done = make(chan os.Signal, 1), make(chan struct{})
		signal.Notify(s.ch, os.Interrupt, syscall.SIGTERM)
		go func() {
			select {
			case sig := <-s.ch:
				s.cancel(&signalError{sig: sig})
			case <-s.done:
			}
		}()
	})
}

func (s *signalContext) Done() <-chan struct{} {
	s.catch()
	return s.Context.Done()
}

func (s *signalContext) Err() error {
	s.catch()
	return s.Context.Err()
}

func (s *signalContext) stop() {
	s.once.Do(func() {}) // nothing is caught after stop
	if s.ch != nil {
		signal.Stop(s.ch)
		close(s.done)
	}
	s.cancel(nil)
}
