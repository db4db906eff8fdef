package emulator

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultRequestLogSize is how many requests the request log keeps by default.
const DefaultRequestLogSize = 1000

// maxLoggedValue bounds a logged path or non-secret parameter, in bytes.
const maxLoggedValue = 256

// Request is one request in the emulator's request log. Secrets never
// appear in full: client_secret, code, code_verifier, access_token,
// refresh_token and id_token values, and the credential of the
// Authorization header, are cut to their first 6 characters and "…"
// (8 bytes or fewer become "***"). Other values are cut to 256 bytes.
type Request struct {
	// Seq numbers requests from 1 in arrival order; Reset starts again.
	Seq uint64 `json:"seq"`
	// Time is when the request arrived, on the emulator's clock.
	Time time.Time `json:"time"`
	// Method and Path are the request line's (Path without the query).
	Method string `json:"method"`
	Path   string `json:"path"`
	// Status is the status answered.
	Status int `json:"status"`
	// Auth is how the client authenticated: client_secret_post,
	// client_secret_basic or none (client_id only) at /oauth/token;
	// bearer, access_token_param or admin_key at the API; "" otherwise.
	Auth string `json:"auth,omitempty"`
	// Authorization is the Authorization header, its credential cut.
	Authorization string `json:"authorization,omitempty"`
	// Params are the OAuth and Kakao parameters sent, from the query and
	// a form body: see loggedParams.
	Params map[string]string `json:"params,omitempty"`
	// Fault is the fault that answered (or delayed) the request, in its
	// one-line form.
	Fault string `json:"fault,omitempty"`
}

// loggedParams are the parameters the log keeps; secret ones are cut to a
// prefix. Anything else a client sends (template_object, ...) is left out.
var loggedParams = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"grant_type": false, "client_id": false, "redirect_uri": false, "response_type": false,
		"scope": false, "prompt": false, "login_hint": false, "state": false, "nonce": false,
		"code_challenge": false, "code_challenge_method": false, "service_terms": false,
		"property_keys": false, "secure_resource": false, "target_id_type": false, "target_id": false,
		"scopes": false, "limit": false, "order": false, "from_id": false, "logout_redirect_uri": false,
		"client_secret": true, "code": true, "code_verifier": true,
		"access_token": true, "refresh_token": true, "id_token": true,
	}
})

// requestLog is a ring of the latest requests; safe for concurrent use.
type requestLog struct {
	mu      sync.Mutex
	size    int // capacity; 0 means off
	ring    []Request
	start   int // index of the oldest entry
	seq     uint64
	dropped uint64
}

// on reports whether the log keeps requests.
func (l *requestLog) on() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.size > 0
}

// add logs r, which arrived at at, was answered with status, and sent
// body (a form body read by peekForm, or nil).
func (l *requestLog) add(r *http.Request, status int, at time.Time, fault string, body []byte) {
	req := Request{Time: at.UTC(), Method: cut(r.Method, 16), Path: cut(r.URL.Path, maxLoggedValue),
		Status: status, Fault: fault}
	params := paramsOf(r, body)
	for k, secret := range loggedParams() {
		v := params.Get(k)
		if v == "" {
			continue
		}
		if req.Params == nil {
			req.Params = make(map[string]string)
		}
		if secret {
			req.Params[k] = redact(v)
		} else {
			req.Params[k] = cut(v, maxLoggedValue)
		}
	}
	req.Auth, req.Authorization = authOf(r, params)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.size == 0 {
		return
	}
	l.seq++
	req.Seq = l.seq
	if len(l.ring) < l.size {
		l.ring = append(l.ring, req)
		return
	}
	l.ring[l.start] = req
	l.start = (l.start + 1) % l.size
	l.dropped++
}

// peekForm reads a POST form body of up to maxFormBytes for the log and
// puts it back, so the handler reads the same bytes. It returns nil for
// other requests and larger bodies. (Reading the body after the handler
// answered is unreliable in HTTP/1: the server may have closed it.)
func peekForm(r *http.Request) []byte {
	if r.Method != http.MethodPost || r.Body == nil {
		return nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return nil
	}
	buf, _ := io.ReadAll(io.LimitReader(r.Body, maxFormBytes+1))
	r.Body = readCloser{io.MultiReader(bytes.NewReader(buf), r.Body), r.Body}
	if len(buf) > maxFormBytes {
		return nil
	}
	return buf
}

type readCloser struct {
	io.Reader
	io.Closer
}

// paramsOf is what the request sent: the form body, then the query (so
// that Get prefers the body, as the token endpoint does).
func paramsOf(r *http.Request, body []byte) url.Values {
	v, _ := url.ParseQuery(string(body)) // a bad body logs what parsed
	for k, vs := range r.URL.Query() {
		v[k] = append(v[k], vs...)
	}
	return v
}

// authOf names the client's authentication and cuts the Authorization
// header's credential.
func authOf(r *http.Request, f url.Values) (string, string) {
	h := r.Header.Get("Authorization")
	if h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		logged := cut(scheme, 16) + " " + redact(strings.TrimSpace(cred))
		switch strings.ToLower(scheme) {
		case "basic":
			return "client_secret_basic", logged
		case "bearer":
			return "bearer", logged
		case "kakaoak":
			return "admin_key", logged
		}
		return "", logged
	}
	switch {
	case f.Get("access_token") != "":
		return "access_token_param", ""
	case f.Get("client_secret") != "":
		return "client_secret_post", ""
	case r.URL.Path == "/oauth/token" && f.Get("client_id") != "":
		return "none", ""
	}
	return "", ""
}

// redact keeps the first 6 characters of a secret and "…"; a secret of 8
// bytes or fewer becomes "***" (its prefix would give too much away).
func redact(s string) string {
	if len(s) <= 8 {
		return "***"
	}
	n := 6
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// cut shortens s to at most n bytes on a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// RequestFilter selects requests from the log; zero fields select all.
type RequestFilter struct {
	// Path is an endpoint name, an exact path or a prefix ending in "*",
	// as in Fault.Target.
	Path string
	// Since keeps requests that arrived at or after it (emulator clock).
	Since time.Time
	// After keeps requests whose Seq is greater.
	After uint64
}

// Requests returns the logged requests that f selects, oldest first, and
// how many older requests the log has dropped to stay within
// Config.RequestLogSize.
func (e *Emulator) Requests(f RequestFilter) ([]Request, uint64) {
	match := Fault{Target: f.Path}
	l := &e.log
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Request
	for i := range l.ring {
		q := l.ring[(l.start+i)%len(l.ring)]
		if q.Seq <= f.After || q.Time.Before(f.Since) || f.Path != "" && !match.matches(q.Path) {
			continue
		}
		q.Params = clonedParams(q.Params)
		out = append(out, q)
	}
	return out, l.dropped
}

func clonedParams(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// clear forgets every entry and restarts the numbering.
func (l *requestLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring, l.start, l.seq, l.dropped = nil, 0, 0, 0
}

// setSize sets the capacity; n <= 0 turns the log off.
func (l *requestLog) setSize(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.size = max(n, 0)
	l.ring, l.start = nil, 0
}
