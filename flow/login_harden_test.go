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

// dialCallback opens a TCP connection to the callback server of
// authorizeURL, as a browser's pre-connect does, and closes it at the end
// of the test. Openers call it, off the test's goroutine: it returns its
// failure rather than failing the test.
func dialCallback(ctx context.Context, t *testing.T, authorizeURL string) (net.Conn, error) {
	u, err := url.Parse(redirectURIOf(authorizeURL))
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { conn.Close() })
	return conn, nil
}

// A browser's idle pre-connect must not hold up a login that has its answer.
func TestLoginIdleConnectionDoesNotDelay(t *testing.T) {
	ctx := testContext(t)
	k := newKakao(t, "", nil)
	var idle net.Conn
	open := func(ctx context.Context, u string) error {
		conn, err := dialCallback(ctx, t, u)
		if err != nil {
			return err
		}
		idle = conn
		return browser(ctx, u)
	}
	start := time.Now()
	if _, err := k.cfg.Login(ctx, flow.AuthorizeParams{}, open); err != nil {
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
	timeout := errors.New("timed out")
	const limit = 300 * time.Millisecond
	ctx, cancel := context.WithTimeoutCause(testContext(t), limit, timeout)
	defer cancel()
	loris := func(ctx context.Context, u string) error {
		conn, err := dialCallback(ctx, t, u)
		if err != nil {
			return err
		}
		if _, err := conn.Write([]byte("GET /callback?code=x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")); err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	}
	start := time.Now()
	_, err := k.cfg.Login(ctx, flow.AuthorizeParams{}, loris)
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
