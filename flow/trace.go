package flow

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Tracer writes every HTTP request and response of a flow, and the
// callback the browser delivers, to W in the order they happen. Secrets
// (client secret, authorization code, PKCE verifier, access, refresh and
// ID tokens, Authorization and cookie headers) are cut to a short prefix
// unless ShowSecrets is set, so two values can still be told apart.
//
// Bodies are redacted after decoding: JSON (also with "\/" escapes) and
// form bodies, whatever their content type, field by field; a body that is
// neither is shown only when it names no secret and holds none of the
// secrets seen so far. Control characters a server sent are escaped.
type Tracer struct {
	W           io.Writer
	ShowSecrets bool
	mu          sync.Mutex

	seenMu sync.Mutex
	seen   map[string]bool // secrets cut so far
}

// isSecretHeader reports whether a header (in canonical form) carries a
// secret.
func isSecretHeader(key string) bool {
	switch key {
	case "Authorization", "Cookie", "Set-Cookie":
		return true
	}
	return false
}

// Transport wraps base (http.DefaultTransport when nil) so that every
// round trip is traced.
func (t *Tracer) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return traceTransport{t: t, base: base}
}

type traceTransport struct {
	t    *Tracer
	base http.RoundTripper
}

func (tt traceTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	tt.t.print(">", r.Method+" "+tt.t.redactURL(r.URL.String()), r.Header, reqBody)
	start := time.Now()
	resp, err := tt.base.RoundTrip(r)
	if err != nil {
		tt.t.print("!", fmt.Sprintf("%s %s failed after %s: %v", r.Method, tt.t.redactURL(r.URL.String()), ms(time.Since(start)), err), nil, nil)
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	tt.t.print("<", fmt.Sprintf("%s (%s)", resp.Status, ms(time.Since(start))), resp.Header, body)
	return resp, nil
}

// traceOpen records the authorize URL handed to the browser.
func (t *Tracer) traceOpen(authorizeURL string) {
	if t == nil {
		return
	}
	t.print("*", "open authorize URL "+t.redactURL(authorizeURL), nil, nil)
}

// traceCallback records the request the browser made to the callback server.
func (t *Tracer) traceCallback(r *http.Request, status int) {
	if t == nil {
		return
	}
	t.print("*", fmt.Sprintf("callback %s %s -> %d", r.Method, t.redactURL(r.URL.String()), status), nil, nil)
}

func (t *Tracer) print(mark, line string, h http.Header, body []byte) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", mark, printable(line))
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(&b, "%s %s: %s\n", mark, printable(k), printable(t.redactHeader(k, v)))
		}
	}
	if len(body) > 0 {
		fmt.Fprintf(&b, "%s\n%s %s\n", mark, mark, printableBody(t.redactBody(body)))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.W, b.String())
}

// cut is Redact unless ShowSecrets; it remembers what it cut, so that a
// body that cannot be decoded is not shown when it holds one of them.
func (t *Tracer) cut(s string) string {
	if t.ShowSecrets {
		return s
	}
	if len(s) > 8 {
		t.seenMu.Lock()
		if t.seen == nil {
			t.seen = map[string]bool{}
		}
		t.seen[s] = true
		t.seenMu.Unlock()
	}
	return Redact(s)
}

// mayHold reports whether undecodable text names a secret or holds one
// already cut.
func (t *Tracer) mayHold(s string) bool {
	if mayHoldSecret(s) {
		return true
	}
	t.seenMu.Lock()
	defer t.seenMu.Unlock()
	for v := range t.seen {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

func (t *Tracer) redactHeader(k, v string) string {
	if k == "Location" || k == "Referer" {
		return t.redactURL(v)
	}
	if !isSecretHeader(http.CanonicalHeaderKey(k)) {
		return v
	}
	if scheme, cred, ok := strings.Cut(v, " "); ok && !strings.Contains(scheme, "=") {
		return scheme + " " + t.cut(cred)
	}
	return t.cut(v)
}

func (t *Tracer) redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return raw
	}
	u.RawQuery = redactPairs(u.RawQuery, t.cut)
	return u.String()
}

func (t *Tracer) redactBody(body []byte) string {
	if t.ShowSecrets {
		return string(body)
	}
	return redactBody(body, t.cut, t.mayHold)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
