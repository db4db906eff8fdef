package flow

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Tracer writes every HTTP request and response of a flow, and the
// callback the browser delivers, to W in the order they happen. Secrets
// (client secret, authorization code, PKCE verifier, access, refresh and
// ID tokens, Authorization and cookie headers) are cut to a short prefix
// unless ShowSecrets is set, so two values can still be told apart.
type Tracer struct {
	W           io.Writer
	ShowSecrets bool
	mu          sync.Mutex
}

// secretParams are the query, form and JSON keys whose values are secret.
var secretParams = map[string]bool{
	"client_secret": true, "code": true, "code_verifier": true,
	"access_token": true, "refresh_token": true, "id_token": true,
}

var secretHeaders = map[string]bool{"Authorization": true, "Cookie": true, "Set-Cookie": true}

var jsonSecret = regexp.MustCompile(`"(client_secret|code|code_verifier|access_token|refresh_token|id_token)"(\s*:\s*)"([^"\\]*)"`)

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
	tt.t.print(">", r.Method+" "+tt.t.redactURL(r.URL.String()), r.Header, reqBody, r.Header.Get("Content-Type"))
	start := time.Now()
	resp, err := tt.base.RoundTrip(r)
	if err != nil {
		tt.t.print("!", fmt.Sprintf("%s %s failed after %s: %v", r.Method, tt.t.redactURL(r.URL.String()), ms(time.Since(start)), err), nil, nil, "")
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	tt.t.print("<", fmt.Sprintf("%s (%s)", resp.Status, ms(time.Since(start))), resp.Header, body, resp.Header.Get("Content-Type"))
	return resp, nil
}

// traceOpen records the authorize URL handed to the browser.
func (t *Tracer) traceOpen(authorizeURL string) {
	if t == nil {
		return
	}
	t.print("*", "open authorize URL "+t.redactURL(authorizeURL), nil, nil, "")
}

// traceCallback records the request the browser made to the callback server.
func (t *Tracer) traceCallback(r *http.Request, status int) {
	if t == nil {
		return
	}
	t.print("*", fmt.Sprintf("callback %s %s -> %d", r.Method, t.redactURL(r.URL.String()), status), nil, nil, "")
}

func (t *Tracer) print(mark, line string, h http.Header, body []byte, contentType string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", mark, line)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(&b, "%s %s: %s\n", mark, k, t.redactHeader(k, v))
		}
	}
	if len(body) > 0 {
		fmt.Fprintf(&b, "%s\n%s %s\n", mark, mark, t.redactBody(body, contentType))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.W, b.String())
}

func (t *Tracer) cut(s string) string {
	if t.ShowSecrets {
		return s
	}
	return Redact(s)
}

// Redact shortens a secret to its first 6 characters and "…", so two
// values can still be told apart; a value of 8 bytes or fewer becomes
// "***" (its prefix would give too much away), "" stays "".
func Redact(s string) string {
	if s == "" {
		return ""
	}
	if len(s) <= 8 {
		return "***"
	}
	cut := 6
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func (t *Tracer) redactHeader(k, v string) string {
	if k == "Location" || k == "Referer" {
		return t.redactURL(v)
	}
	if !secretHeaders[http.CanonicalHeaderKey(k)] {
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
	u.RawQuery = t.redactPairs(u.RawQuery)
	return u.String()
}

// redactPairs cuts secret values in a query or form string, keeping order.
func (t *Tracer) redactPairs(s string) string {
	pairs := strings.Split(s, "&")
	for i, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if key, err := url.QueryUnescape(k); ok && err == nil && secretParams[key] {
			if val, err := url.QueryUnescape(v); err == nil {
				pairs[i] = k + "=" + url.QueryEscape(t.cut(val))
			}
		}
	}
	return strings.Join(pairs, "&")
}

func (t *Tracer) redactBody(body []byte, contentType string) string {
	s := string(body)
	if strings.HasPrefix(contentType, "application/x-www-form-urlencoded") {
		return t.redactPairs(s)
	}
	return jsonSecret.ReplaceAllStringFunc(s, func(m string) string {
		g := jsonSecret.FindStringSubmatch(m)
		return `"` + g[1] + `"` + g[2] + `"` + t.cut(g[3]) + `"`
	})
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
