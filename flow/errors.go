package flow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// AuthError is an error answered by the auth server (kauth): the body
// {"error","error_description","error_code"} or a KOE error page.
type AuthError struct {
	Status      int    // HTTP status
	Err         string // OAuth error, e.g. "invalid_grant"
	Description string // error_description as sent
	Code        string // Kakao's KOE code, e.g. "KOE320"; may be empty
}

// Error is "KOExxx error: description", with the authorization code a
// KOE320 description quotes cut to a prefix (see Redact) and control
// characters escaped (the text is the server's).
func (e *AuthError) Error() string {
	var b strings.Builder
	if e.Code != "" {
		b.WriteString(e.Code + " ")
	}
	b.WriteString(e.Err)
	if e.Description != "" {
		b.WriteString(": " + cutCodes(e.Description, Redact))
	}
	return printable(b.String())
}

// APIError is an error answered by the API server (kapi): {"msg","code"}.
type APIError struct {
	Status int    // HTTP status
	Code   int    // Kakao's negative API error code, e.g. -401
	Msg    string // msg as sent
	Body   []byte // the whole body, for fields such as required_scopes
}

// Error is "API error <code>: <msg>", control characters of msg escaped.
func (e *APIError) Error() string {
	return fmt.Sprintf("API error %d: %s", e.Code, printable(e.Msg))
}

// RequiredScopes is the required_scopes list of the body, which Kakao
// sends with -402 (insufficient scopes): the consent items the call needs.
// Names that are empty or not plain scope names (letters, digits, '_',
// '-', '.', ':') are left out, since they came from a server. nil when the
// body has none or is not a JSON object.
func (e *APIError) RequiredScopes() []string {
	var m map[string]json.RawMessage
	var scopes []string
	if json.Unmarshal(e.Body, &m) != nil || json.Unmarshal(m["required_scopes"], &scopes) != nil {
		return nil
	}
	var out []string
	for _, s := range scopes {
		if scopeName(s) {
			out = append(out, s)
		}
	}
	return out
}

// scopeName reports whether s is a plain scope name such as account_email.
func scopeName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.:", r)
		if !ok {
			return false
		}
	}
	return true
}

// Server names which of Kakao's two servers a request went to.
type Server string

// The servers of Config: AuthURL and APIURL.
const (
	ServerAuth Server = "auth" // kauth: authorize, token, discovery, JWKS
	ServerAPI  Server = "api"  // kapi: /v2/user/me and the other API calls
)

// ProtocolError is an answer that is not what Kakao sends: a non-JSON page
// from a proxy, a 5xx, or malformed JSON.
type ProtocolError struct {
	Status      int
	ContentType string
	Snippet     string // start of the body, secrets cut, for the message
	Reason      string
	Server      Server // the server that answered; "" when not known
}

// HTML reports whether the answer was an HTML page (Content-Type
// text/html), as a web server that is not Kakao's answers.
func (e *ProtocolError) HTML() bool {
	mt, _, err := mime.ParseMediaType(e.ContentType)
	return err == nil && mt == "text/html"
}

// Error is the reason, the status and content type, and the snippet, with
// control characters escaped.
func (e *ProtocolError) Error() string {
	msg := e.Reason
	if e.Status != 0 {
		msg = fmt.Sprintf("%s (HTTP %d", msg, e.Status)
		if e.ContentType != "" {
			msg += ", " + e.ContentType
		}
		msg += ")"
	}
	if e.Snippet != "" {
		msg += ": " + e.Snippet
	}
	return printable(msg)
}

// CallbackError is an error delivered to the redirect URI by the authorize
// step, e.g. access_denied when the user pressed Cancel.
type CallbackError struct {
	Err         string // e.g. "access_denied", "consent_required"
	Description string
	Code        string // error_code, when Kakao appends one
}

// Error is "authorization failed: error: description", with control
// characters escaped (the values came in the callback URL).
func (e *CallbackError) Error() string {
	msg := "authorization failed: " + e.Err
	if e.Description != "" {
		msg += ": " + e.Description
	}
	return printable(msg)
}

// Denied reports whether the user (not the configuration) stopped the login.
func (e *CallbackError) Denied() bool {
	switch e.Err {
	case "access_denied", "consent_required", "login_required", "interaction_required":
		return true
	}
	return false
}

var (
	// ErrStateMismatch is returned when the callback's state is not the one sent.
	ErrStateMismatch = errors.New("state mismatch: the callback did not come from this login (possible CSRF or a stale browser tab); start the login again")
	// ErrNotLoopback is returned for a redirect URI whose host is not loopback.
	ErrNotLoopback = errors.New("redirect URI host must be localhost, 127.0.0.1 or [::1]: the callback server only listens on loopback")
)

// decodeAuthError turns a non-2xx kauth answer into *AuthError, or
// *ProtocolError when the body is not Kakao's JSON.
func decodeAuthError(status int, header http.Header, body []byte) error {
	m, ok := exactObject(header, body)
	var e AuthError
	if ok && stringField(m, "error", &e.Err) && stringField(m, "error_description", &e.Description) &&
		stringField(m, "error_code", &e.Code) && (e.Err != "" || e.Code != "") {
		e.Status = status
		return &e
	}
	return unexpected(ServerAuth, status, header, body, "the auth server answered with an unexpected body instead of a Kakao error")
}

// decodeAPIError turns a non-2xx kapi answer into *APIError, or
// *ProtocolError when the body is not Kakao's JSON.
func decodeAPIError(status int, header http.Header, body []byte) error {
	m, ok := exactObject(header, body)
	var msg string
	if raw, has := m["code"]; ok && has && stringField(m, "msg", &msg) {
		if code, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64); err == nil && code == int64(int(code)) {
			return &APIError{Status: status, Code: int(code), Msg: msg, Body: body}
		}
	}
	return unexpected(ServerAPI, status, header, body, "the API server answered with an unexpected body instead of a Kakao error")
}

// exactObject decodes a JSON error body into its members, keyed exactly as
// sent: Kakao's keys are lower case, and encoding/json's case-insensitive
// matching would read "Code" or "ERROR" as if Kakao had sent them.
func exactObject(header http.Header, body []byte) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if !IsJSON(header) || json.Unmarshal(body, &m) != nil || m == nil {
		return nil, false
	}
	return m, true
}

// stringField sets *dst to m[key] when it is a JSON string, leaves it ""
// when the key is missing or null, and reports false for any other type.
func stringField(m map[string]json.RawMessage, key string, dst *string) bool {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return true
	}
	return json.Unmarshal(raw, dst) == nil
}

func unexpected(server Server, status int, header http.Header, body []byte, reason string) error {
	if status >= 500 {
		reason = "the server failed (try again later)"
	}
	return &ProtocolError{Status: status, ContentType: header.Get("Content-Type"), Snippet: snippet(body), Reason: reason, Server: server}
}

// IsJSON reports whether a response's Content-Type is JSON: application/json
// or a +json type, with any parameters, or missing (some proxies drop it).
func IsJSON(h http.Header) bool {
	ct := h.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// snippet is the first line of body, shortened, for error messages.
// Secrets are cut as in a trace (redactBody), and a body that is neither
// JSON nor a form and names a secret is not quoted at all: a server may
// echo the client secret or a token in an error.
func snippet(body []byte) string {
	s := strings.TrimSpace(redactBody(body, Redact, mayHoldSecret))
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	const max = 120
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return printable(s)
}
