package flow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func listenTest(t *testing.T) *CallbackServer {
	t.Helper()
	srv, err := ListenCallback("http://127.0.0.1:0/callback", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func get(t *testing.T, rawURL string) (int, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func waitTest(t *testing.T, srv *CallbackServer) (Callback, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Wait(ctx)
}

func TestCallbackDeliversCodeOnce(t *testing.T) {
	srv := listenTest(t)
	if len(srv.State()) < 43 { // 32 bytes base64url: 256 bits
		t.Fatalf("state %q is shorter than 256 bits", srv.State())
	}
	cbURL := srv.RedirectURI() + "?code=abc&state=" + srv.State()
	status, body := get(t, cbURL)
	if status != 200 || !strings.Contains(body, "Login complete") {
		t.Fatalf("first callback = %d %q", status, body)
	}
	cb, err := waitTest(t, srv)
	if err != nil || cb.Code != "abc" {
		t.Fatalf("Wait = %+v, %v", cb, err)
	}
	if status, _ := get(t, cbURL); status != http.StatusGone {
		t.Errorf("second callback status = %d, want 410", status)
	}
}

func TestCallbackIgnoresForeignState(t *testing.T) {
	srv := listenTest(t)
	reasons := make(chan string, 1)
	srv.OnIgnored(func(reason string) { reasons <- reason })
	status, body := get(t, srv.RedirectURI()+"?code=abc&state=forged")
	if status != http.StatusBadRequest || !strings.Contains(body, "ignored") {
		t.Errorf("forged answer = %d %q, want 400 saying it was ignored", status, body)
	}
	select {
	case r := <-reasons:
		if !strings.Contains(r, "another login's state") {
			t.Errorf("reason = %q", r)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the ignored answer was not reported")
	}
	// The login goes on: the real answer still gets through.
	get(t, srv.RedirectURI()+"?code=real&state="+srv.State())
	if cb, err := waitTest(t, srv); err != nil || cb.Code != "real" {
		t.Fatalf("Wait = %+v, %v, want the real code", cb, err)
	}
}

func TestCallbackErrorRedirect(t *testing.T) {
	srv := listenTest(t)
	get(t, srv.RedirectURI()+"?error=access_denied&error_description=User%20denied%20access&state="+srv.State())
	_, err := waitTest(t, srv)
	var cbErr *CallbackError
	if !errors.As(err, &cbErr) || cbErr.Err != "access_denied" || !cbErr.Denied() || cbErr.Description != "User denied access" {
		t.Fatalf("Wait error = %#v", err)
	}
}

func TestCallbackIgnoresOtherPaths(t *testing.T) {
	srv := listenTest(t)
	u, _ := url.Parse(srv.RedirectURI())
	if status, _ := get(t, "http://"+u.Host+"/favicon.ico"); status != http.StatusNotFound {
		t.Errorf("favicon status = %d, want 404", status)
	}
	get(t, srv.RedirectURI()+"?code=c1&state="+srv.State())
	if cb, err := waitTest(t, srv); err != nil || cb.Code != "c1" {
		t.Fatalf("Wait = %+v, %v", cb, err)
	}
}

func TestCallbackPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	u, _ := url.Parse("http://" + ln.Addr().String() + "/callback")
	_, err = ListenCallback(u.String(), nil)
	if !errors.Is(err, ErrPortInUse) || !strings.Contains(err.Error(), u.Port()) {
		t.Fatalf("ListenCallback on a taken port = %v, want ErrPortInUse naming the port", err)
	}
	var lErr *ListenError
	if !errors.As(err, &lErr) || lErr.Addr != ln.Addr().String() || lErr.Port() != u.Port() {
		t.Fatalf("%#v, want a *ListenError for %s", err, ln.Addr())
	}
	if want := "listen on " + ln.Addr().String() + ": port already in use"; err.Error() != want {
		t.Errorf("message %q, want %q (the caller adds how to fix it)", err, want)
	}
}

func TestCallbackListensOnLoopbackOnly(t *testing.T) {
	srv, err := ListenCallback("http://localhost:0/callback", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, ln := range srv.lns {
		if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
			t.Errorf("listening on %s, not loopback", ip)
		}
	}
}

func TestCallbackWaitEndsWithCause(t *testing.T) {
	srv := listenTest(t)
	cause := errors.New("my timeout")
	ctx, cancel := context.WithTimeoutCause(context.Background(), 10*time.Millisecond, cause)
	defer cancel()
	if _, err := srv.Wait(ctx); !errors.Is(err, cause) {
		t.Errorf("Wait = %v, want the context cause", err)
	}
}

// Kakao's error redirects carry state (RFC 6749 §4.1.2.1, and the
// authorize step's failure redirect in
// https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api; the
// emulator sends it): an error without state is some other page's, and is
// ignored.
func TestCallbackErrorWithoutStateIgnored(t *testing.T) {
	srv := listenTest(t)
	status, _ := get(t, srv.RedirectURI()+"?error=access_denied&error_description=User%20denied%20access")
	if status != http.StatusBadRequest {
		t.Errorf("status = %d, want 400", status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := srv.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %v, want no answer yet (the state-less error must not end the login)", err)
	}
}

func TestCallbackKeepsRedirectURIAsGiven(t *testing.T) {
	for _, raw := range []string{"http://127.0.0.1:0", "http://127.0.0.1:0/cb{", "http://127.0.0.1:0/a/{x}/{x}", "http://127.0.0.1:0/cb%20x", "http://127.0.0.1:0//cb"} {
		srv, err := ListenCallback(raw, nil)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		u, _ := url.Parse(srv.RedirectURI())
		if want := strings.Replace(raw, ":0", ":"+u.Port(), 1); srv.RedirectURI() != want {
			t.Errorf("RedirectURI = %q, want %q", srv.RedirectURI(), want)
		}
		get(t, srv.RedirectURI()+"?code=c&state="+srv.State())
		if cb, err := waitTest(t, srv); err != nil || cb.Code != "c" {
			t.Errorf("%s: Wait = %+v, %v", raw, cb, err)
		}
		srv.Close()
	}
}

func TestCallbackRefusesTakenIPv6Twin(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback here")
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, err = ListenCallback(fmt.Sprintf("http://localhost:%d/callback", port), nil)
	if !errors.Is(err, ErrPortInUse) {
		t.Fatalf("err = %v: another process on [::1] would receive the code", err)
	}
}

func TestListenErrorsAreConfigurationErrors(t *testing.T) {
	for _, raw := range []string{"http://localhost/callback", "https://localhost:1/cb", "http://localhost:99999/cb", "http://localhost:1/cb?x=1", "http://example.com:1/cb"} {
		if _, err := ListenCallback(raw, nil); !errors.Is(err, ErrBadRedirectURI) {
			t.Errorf("%s: %v does not wrap ErrBadRedirectURI", raw, err)
		}
	}
}

func TestCallbackUpperCaseLocalhost(t *testing.T) {
	srv, err := ListenCallback("http://LOCALHOST:0/callback", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.RedirectURI(), "http://LOCALHOST:") {
		t.Errorf("RedirectURI = %q, want the host as given", srv.RedirectURI())
	}
	u, _ := url.Parse(srv.RedirectURI())
	get(t, "http://127.0.0.1:"+u.Port()+"/callback?code=c&state="+srv.State())
	if cb, err := waitTest(t, srv); err != nil || cb.Code != "c" {
		t.Fatalf("Wait = %+v, %v", cb, err)
	}
}
