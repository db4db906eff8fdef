package flow

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Callback is what the authorize step delivered to the redirect URI.
type Callback struct {
	Code  string
	State string
}

// CallbackServer is the loopback HTTP server behind the redirect URI. It
// accepts exactly one authorize response on the redirect path.
type CallbackServer struct {
	redirectURI string // as given, port resolved
	path        string // the path callbacks arrive on
	state       string
	srv         *http.Server
	lns         []net.Listener
	once        sync.Once // taken by the one answer that carries state
	result      chan callbackResult
	trace       *Tracer
	onIgnored   atomic.Pointer[func(reason string)]
	closeOnce   sync.Once
	closeErr    error
}

type callbackResult struct {
	cb  Callback
	err error
}

// ErrPortInUse is wrapped when the redirect URI's port is taken.
var ErrPortInUse = errors.New("port already in use")

// ListenError is a failure to listen on the redirect URI's host and port.
// Err wraps ErrPortInUse when the port is taken, and otherwise the
// system's error and ErrBadRedirectURI (the URI names an address this
// machine cannot listen on). Either way another port is the fix.
type ListenError struct {
	Addr string // host:port that could not be listened on
	Err  error
}

// Error is "listen on <addr>: <cause>".
func (e *ListenError) Error() string { return "listen on " + e.Addr + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *ListenError) Unwrap() error { return e.Err }

// Port is the port of Addr.
func (e *ListenError) Port() string {
	_, port, _ := net.SplitHostPort(e.Addr)
	return port
}

// ListenCallback starts the callback server on the host and port of the
// redirect URI raw (see ParseRedirectURI), on loopback only, before any
// browser is opened. For "localhost" it listens on 127.0.0.1 and on [::1]
// with the same port, since browsers may resolve localhost to either (the
// IPv6 twin is skipped only where the machine has no IPv6 loopback). It
// draws the random state that the callback must carry (see State). trace,
// when not nil, records the callback request. Errors: those of
// ParseRedirectURI, or a *ListenError wrapping ErrPortInUse for a taken
// port and ErrBadRedirectURI for any other listen failure.
func ListenCallback(raw string, trace *Tracer) (*CallbackServer, error) {
	redirect, err := ParseRedirectURI(raw)
	if err != nil {
		return nil, err
	}
	hosts := []string{redirect.Hostname()}
	if strings.EqualFold(hosts[0], "localhost") {
		hosts = []string{"127.0.0.1", "::1"}
	}
	s := &CallbackServer{state: NewState(), path: redirect.Path, result: make(chan callbackResult, 1), trace: trace}
	if s.path == "" {
		s.path = "/"
	}
	port := redirect.Port()
	for i, host := range hosts {
		addr := net.JoinHostPort(host, port)
		ln, err := net.Listen("tcp", addr)
		switch {
		case err == nil:
		case i > 0 && (errors.Is(err, syscall.EADDRNOTAVAIL) || errors.Is(err, syscall.EAFNOSUPPORT)):
			continue // no IPv6 loopback here
		case errors.Is(err, syscall.EADDRINUSE):
			s.closeListeners()
			return nil, &ListenError{Addr: addr, Err: ErrPortInUse}
		default:
			s.closeListeners()
			cause := err
			if u := errors.Unwrap(err); u != nil {
				cause = u // the OpError's text repeats the address
			}
			return nil, &ListenError{Addr: addr, Err: fmt.Errorf("%w: %w", cause, ErrBadRedirectURI)}
		}
		s.lns = append(s.lns, ln)
		port = strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) // resolves port 0 once for all hosts
	}
	// Kakao compares redirect URIs as strings: keep raw, with the port
	// actually listened on in place of a 0.
	s.redirectURI = raw
	if redirect.Port() != port {
		s.redirectURI = strings.Replace(raw, redirect.Host, net.JoinHostPort(redirect.Hostname(), port), 1)
	}
	// One answer is all it takes: no keep-alive, and a client that does not
	// send its request line and headers at once is cut off soon.
	s.srv = &http.Server{Handler: http.HandlerFunc(s.handle), ReadHeaderTimeout: 5 * time.Second}
	s.srv.SetKeepAlivesEnabled(false)
	for _, ln := range s.lns {
		go s.srv.Serve(ln) //nolint:errcheck // Serve ends with ErrServerClosed on Close
	}
	return s, nil
}

func (s *CallbackServer) closeListeners() {
	for _, ln := range s.lns {
		ln.Close()
	}
}

// State is the random state the callback must carry back.
func (s *CallbackServer) State() string { return s.state }

// RedirectURI is the redirect URI with the port actually listened on.
func (s *CallbackServer) RedirectURI() string { return s.redirectURI }

// OnIgnored sets fn to be called, from the server's goroutine, for each
// request to the callback path that the server answered but ignored: one
// without this login's state (a stale tab, another web page) or addressed
// to a host that is not loopback. reason is one line in which everything
// the request supplied is quoted with control characters escaped. Such
// requests never end the login. Default: nil (only the Tracer sees them).
func (s *CallbackServer) OnIgnored(fn func(reason string)) {
	if fn == nil {
		s.onIgnored.Store(nil)
		return
	}
	s.onIgnored.Store(&fn)
}

// Wait blocks until the callback carrying this login's state arrives, ctx
// ends, or the server is closed. Answers without that state are ignored
// (see OnIgnored) and Wait keeps waiting. It returns *CallbackError for an
// error redirect and ctx's cause when ctx ends first.
func (s *CallbackServer) Wait(ctx context.Context) (Callback, error) {
	select {
	case r := <-s.result:
		return r.cb, r.err
	case <-ctx.Done():
		return Callback{}, context.Cause(ctx)
	}
}

// Close stops the server and drops every connection at once, idle ones
// included (a browser's pre-connect, a client that never finishes its
// request). The one answer's page is written completely before Wait
// returns it, so closing after Wait cuts nothing. Close may be called
// more than once.
func (s *CallbackServer) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.srv.Close() })
	return s.closeErr
}

func (s *CallbackServer) handle(w http.ResponseWriter, r *http.Request) {
	if !loopbackHostHeader(r.Host) {
		// A DNS-rebinding page reaches this port under its own name.
		s.trace.traceCallback(r, http.StatusMisdirectedRequest)
		if r.URL.Path == s.path {
			s.ignored(fmt.Sprintf("it was addressed to host %s, not to a loopback address", quoteUntrusted(r.Host)))
		}
		http.Error(w, "kakaologin's callback server only answers requests for localhost, 127.0.0.1 or [::1]", http.StatusMisdirectedRequest)
		return
	}
	if r.URL.Path != s.path {
		http.NotFound(w, r) // e.g. /favicon.ico: not the callback
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(s.state)) != 1 {
		// Anyone can send the browser here; only the authorize server
		// knows the state. Say so, and keep waiting for the real answer.
		s.trace.traceCallback(r, http.StatusBadRequest)
		s.ignored(ignoredReason(q)) // before the page: a client that read it knows it was reported
		w.Header().Set(ignoredHeader, "ignored")
		writePage(w, http.StatusBadRequest, "Answer ignored", "kakaologin ignored this answer: it does not carry the state of the login in progress (it came from an old tab or another page). Finish the login in the tab kakaologin opened.")
		return
	}
	res := parseCallback(q)
	first := false
	s.once.Do(func() { first = true })
	status, title, msg := http.StatusOK, "Login complete", "kakaologin received the authorization code. You can close this tab."
	switch {
	case !first:
		status, title, msg = http.StatusGone, "Already done", "This login already received its answer. You can close this tab."
	case res.err != nil:
		status, title, msg = http.StatusBadRequest, "Login failed", res.err.Error()+". Details are in the terminal."
	}
	s.trace.traceCallback(r, status)
	// The whole page goes out before the result is delivered, so a
	// headless client reads it complete even as the login moves on.
	writePage(w, status, title, msg)
	if !first {
		return
	}
	s.result <- res
}

// ignored reports an ignored answer to the OnIgnored function, if any.
func (s *CallbackServer) ignored(reason string) {
	if fn := s.onIgnored.Load(); fn != nil {
		(*fn)(reason)
	}
}

// parseCallback reads an authorize response whose state was checked: a
// code, or an error.
func parseCallback(q url.Values) callbackResult {
	if e := q.Get("error"); e != "" {
		return callbackResult{err: &CallbackError{Err: e, Description: q.Get("error_description"), Code: q.Get("error_code")}}
	}
	code := q.Get("code")
	if code == "" {
		return callbackResult{err: &CallbackError{Err: "invalid_request", Description: "the callback carried neither code nor error"}}
	}
	return callbackResult{cb: Callback{Code: code, State: q.Get("state")}}
}

// writePage writes a whole HTML page and flushes it: the connection closes
// after it.
func writePage(w http.ResponseWriter, status int, title, msg string) {
	page := renderPage(title, msg)
	w.Header().Set("Connection", "close")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(status)
	w.Write(page)
	http.NewResponseController(w).Flush()
}

func renderPage(title, msg string) []byte {
	return fmt.Appendf(nil, "<!doctype html><meta charset=utf-8><title>kakaologin: %s</title><h1>%s</h1><p>%s</p>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}
