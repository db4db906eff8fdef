package cmd

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// requestLog is `mock --verbose`: one line per emulator request on W,
// with the method, path, status, time and the parameters that say what
// the request was (query and form), secrets cut to a prefix as in the
// client's trace unless ShowSecrets. A nil *requestLog logs nothing.
type requestLog struct {
	W           io.Writer
	ShowSecrets bool
	mu          sync.Mutex
}

// loggedParams are the parameters shown, in this order; the others
// (state, nonce, code_challenge...) only make the line longer.
var loggedParams = []string{
	"response_type", "client_id", "redirect_uri", "scope", "prompt", "login_hint",
	"grant_type", "code", "code_verifier", "client_secret", "refresh_token",
	"access_token", "id_token", "target_id_type", "target_id", "property_keys",
}

// formPeekLimit is how much of a form body is read for the log; the
// emulator gets the whole body either way.
const formPeekLimit = 64 << 10

// wrap returns h with every request logged; h itself when l is nil.
func (l *requestLog) wrap(h http.Handler) http.Handler {
	if l == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		params := l.params(r)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		line := fmt.Sprintf("kakaologin mock: %s %s -> %d (%.1f ms)", sanitize(r.Method), sanitize(r.URL.Path), rec.status, float64(time.Since(start))/float64(time.Millisecond))
		if params != "" {
			line += " " + params
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		io.WriteString(l.W, line+"\n")
	})
}

// params is the logged parameters of r as k=v pairs, from the query, the
// form body (restored for the handler) and the Authorization header.
func (l *requestLog) params(r *http.Request) string {
	vals := r.URL.Query()
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); r.Body != nil && mt == "application/x-www-form-urlencoded" {
		peek, _ := io.ReadAll(io.LimitReader(r.Body, formPeekLimit))
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(peek), r.Body), r.Body}
		if form, err := url.ParseQuery(string(peek)); err == nil {
			for k, v := range form {
				vals[k] = append(vals[k], v...)
			}
		}
	}
	var parts []string
	for _, k := range loggedParams {
		for _, v := range vals[k] {
			parts = append(parts, k+"="+sanitize(l.cut(k, v)))
		}
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, cred, ok := strings.Cut(auth, " ")
		if !ok {
			scheme, cred = "", auth
		}
		parts = append(parts, "authorization="+sanitize(strings.TrimSpace(scheme+" "+l.cut("access_token", cred))))
	}
	return strings.Join(parts, " ")
}

func (l *requestLog) cut(key, v string) string {
	if l.ShowSecrets || !flow.IsSecretParam(key) {
		return v
	}
	return flow.Redact(v)
}

// statusRecorder keeps the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote && code >= 200 { // 1xx answers come before the status
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
