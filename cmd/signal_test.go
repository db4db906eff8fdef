package cmd

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A command that waits for nothing starts no signal handling; any other
// command catches signals from its start, as does anything that asks the
// context for Done (a derived context included).
func TestSignalContextCatchesOnlyWhenAsked(t *testing.T) {
	caught := func(ctx context.Context) bool { return ctx.(*signalContext).ch != nil }
	f := &Factory{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Getenv: func(string) string { return "" }}

	ctx, stop := SignalContext(context.Background())
	defer stop()
	if code := Run(ctx, f, []string{"version"}); code != ExitOK || caught(ctx) {
		t.Errorf("version: exit %d, signals caught %v; want 0 and none", code, caught(ctx))
	}
	if code := Run(ctx, f, []string{"completion", "bash"}); code != ExitOK || caught(ctx) {
		t.Errorf("completion bash: exit %d, signals caught %v; want 0 and none", code, caught(ctx))
	}
	if code := Run(ctx, f, []string{"explain", "KOE006"}); code != ExitOK || !caught(ctx) {
		t.Errorf("explain: exit %d, signals caught %v; want 0, caught", code, caught(ctx))
	}

	ctx2, stop2 := SignalContext(context.Background())
	defer stop2()
	child, cancel := context.WithCancel(ctx2)
	defer cancel()
	if !caught(ctx2) || child.Err() != nil {
		t.Error("a derived context does not start catching signals")
	}
}

// Once caught, SIGTERM ends the context with the signal as its cause.
func TestSignalContextCause(t *testing.T) {
	ctx, stop := SignalContext(context.Background())
	defer stop()
	done := ctx.Done()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not end the context")
	}
	var sig *signalError
	if !errors.As(context.Cause(ctx), &sig) || sig.exitCode() != ExitTerminated || !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("cause %v, err %v; want SIGTERM (exit %d), context.Canceled", context.Cause(ctx), ctx.Err(), ExitTerminated)
	}
}
