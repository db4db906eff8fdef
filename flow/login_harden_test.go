package flow_test

import (
	"context"
	"errors"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// dialCallback opens a TCP connection to the callback server, as a
// browser's pre-connect does, and closes it at the end of the test.
func dialCallback(ctx context.Context, t *testing.T, srv *flow.CallbackServer) net.Conn {
	t.Helper()
	u, _ := url.Parse(srv.RedirectURI())
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// A browser's idle pre-connect must not hold up a login that has its answer.
func TestLoginIdleConnectionDoesNotDelay(t *testing.T) {
	ctx := testContext(t)
	k := newKakao(t, "", nil)
	idle := dialCallback(ctx, t, k.srv)
	start := time.Now()
	if _, err := k.cfg.LoginOn(ctx, k.srv, flow.AuthorizeParams{}, browser); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("login took %s with an idle connection open, want well under 1s", took)
	}
	// And the server let go of it.
	idle.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := idle.Read(make([]byte, 1)); isTimeout(err) {
		t.Error("the idle connection is still open after the login")
	}
}

// A client that never finishes its request must not keep the login past
// its timeout.
func TestLoginSlowLorisDoesNotExtendTimeout(t *testing.T) {
	k := newKakao(t, "", nil)
	loris := dialCallback(testContext(t), t, k.srv)
	if _, err := loris.Write([]byte("GET /callback?code=x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")); err != nil {
		t.Fatal(err)
	}
	timeout := errors.New("timed out")
	const limit = 300 * time.Millisecond
	ctx, cancel := context.WithTimeoutCause(testContext(t), limit, timeout)
	defer cancel()
	start := time.Now()
	_, err := k.cfg.LoginOn(ctx, k.srv, flow.AuthorizeParams{}, func(ctx context.Context, _ string) error { <-ctx.Done(); return nil })
	if !errors.Is(err, timeout) {
		t.Fatalf("err = %v, want the timeout", err)
	}
	if took := time.Since(start); took > limit+500*time.Millisecond {
		t.Errorf("login ended after %s, want about its %s timeout", took, limit)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
