package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// BackendBodyLimit is how much of a backend's answer Forward reads; the
// rest is dropped and BackendResponse.Truncated says so.
const BackendBodyLimit = 1 << 20

// Credential says what a login hands to a backend's social-login endpoint.
type Credential string

// The credentials a backend's social-login endpoint takes (the fields of
// dj-rest-auth's SocialLoginSerializer).
const (
	// SendAccessToken sends the Kakao access token: the backend fetches
	// the profile with it.
	SendAccessToken Credential = "access_token"
	// SendCode sends the authorization code, not exchanged, and the
	// redirect URI it was issued for: the backend exchanges it.
	SendCode Credential = "code"
	// SendIDToken sends the OIDC ID token with the access token it came
	// with (dj-rest-auth reads the access token; OIDC backends the ID token).
	SendIDToken Credential = "id_token"
)

// Credentials lists every Credential, in the order to document them.
var Credentials = []Credential{SendAccessToken, SendCode, SendIDToken}

// ErrNoIDToken is returned by SocialLoginFields for SendIDToken when the
// token response carries no id_token (OpenID Connect is off for the app,
// or the openid scope was not asked for or not granted).
var ErrNoIDToken = errors.New("the token response has no id_token: OpenID Connect is off for the app or the openid scope was not granted")

// Field is one name and value of a backend request body.
type Field struct {
	Name, Value string
}

// SocialLoginFields are the body fields for cred, in order: access_token;
// code and redirect_uri; or id_token and access_token. tok is needed for
// SendAccessToken and SendIDToken, code and redirectURI for SendCode.
// Errors: ErrNoIDToken, or an error naming what is missing.
func SocialLoginFields(cred Credential, tok *Token, code, redirectURI string) ([]Field, error) {
	switch cred {
	case SendAccessToken, SendIDToken:
		if tok == nil || tok.AccessToken == "" {
			return nil, errors.New("backend fields: no access token to send")
		}
		if cred == SendAccessToken {
			return []Field{{"access_token", tok.AccessToken}}, nil
		}
		if tok.IDToken == "" {
			return nil, ErrNoIDToken
		}
		return []Field{{"id_token", tok.IDToken}, {"access_token", tok.AccessToken}}, nil
	case SendCode:
		if code == "" {
			return nil, errors.New("backend fields: no authorization code to send")
		}
		f := []Field{{"code", code}}
		if redirectURI != "" {
			f = append(f, Field{"redirect_uri", redirectURI})
		}
		return f, nil
	}
	return nil, fmt.Errorf("backend fields: unknown credential %q", cred)
}

// BackendRequest is one POST to a backend's social-login endpoint.
type BackendRequest struct {
	URL    string  // http or https, with a host (see ParseBackendURL)
	JSON   bool    // a JSON object body; default a form body
	Fields []Field // sent in this order
}

// BackendResponse is a backend's answer, as received.
type BackendResponse struct {
	Status    int
	Header    http.Header
	Body      []byte // at most BackendBodyLimit bytes
	Truncated bool   // the body was longer than BackendBodyLimit
}

// JSONBody is the body when it is one JSON value (whatever the content
// type says), with surrounding white space dropped; ok is false otherwise.
func (r *BackendResponse) JSONBody() (body json.RawMessage, ok bool) {
	b := bytes.TrimSpace(r.Body)
	if len(b) == 0 || r.Truncated || !json.Valid(b) {
		return nil, false
	}
	return json.RawMessage(b), true
}

// BackendURLError is a backend URL Forward will not post to.
type BackendURLError struct {
	URL    string
	Reason string
}

func (e *BackendURLError) Error() string {
	return printable(fmt.Sprintf("backend URL %q: %s", e.URL, e.Reason))
}

const wantHTTP = "want an http or https URL, e.g. http://127.0.0.1:8000/accounts/kakao/login/finish/"

// ParseBackendURL checks that raw is an absolute http or https URL with a
// host. Errors are *BackendURLError.
func ParseBackendURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &BackendURLError{URL: raw, Reason: wantHTTP}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &BackendURLError{URL: raw, Reason: wantHTTP}
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, &BackendURLError{URL: raw, Reason: "no host"}
	}
	return u, nil
}

// BackendError is a backend that refused a login (a non-2xx answer, in
// Response) or could not be reached (Err: refused connection, DNS, TLS,
// timeout). It never wraps *url.Error: its own message names the URL.
type BackendError struct {
	URL      string // the URL posted to, password cut
	Status   int    // 0 when there was no answer
	Kind     BackendKind
	Response *BackendResponse // nil when there was no answer
	Err      error            // the cause when there was no answer
}

func (e *BackendError) Error() string {
	switch {
	case e.Response == nil && e.Kind == BackendTimeout:
		return printable(fmt.Sprintf("backend %s: timed out waiting for the answer", e.URL))
	case e.Response == nil:
		return printable(fmt.Sprintf("backend %s: %v", e.URL, e.Err))
	}
	return printable(fmt.Sprintf("backend %s answered HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status)))
}

func (e *BackendError) Unwrap() error { return e.Err }

// Forward posts req's fields to req.URL with client (its transport, e.g.
// a Tracer's, sees the request; its redirects are not followed: a 3xx is
// the answer) and returns the answer. A non-2xx answer is returned with a
// *BackendError; no answer at all is a *BackendError with Err set, or
// ctx's error when ctx was cancelled. A bad URL is a *BackendURLError.
func Forward(ctx context.Context, client *http.Client, req BackendRequest) (*BackendResponse, error) {
	u, err := ParseBackendURL(req.URL)
	if err != nil {
		return nil, err
	}
	shown := u.Redacted()
	body, contentType := encodeFields(req.Fields, req.JSON)
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(body))
	if err != nil {
		return nil, &BackendURLError{URL: req.URL, Reason: err.Error()}
	}
	hr.Header.Set("Content-Type", contentType)
	hr.Header.Set("Accept", "application/json")
	if client == nil {
		client = defaultHTTPClient
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(hr)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("backend %s: %w", shown, context.Cause(ctx))
		}
		return nil, noAnswer(shown, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, BackendBodyLimit+1))
	if err != nil {
		return nil, noAnswer(shown, fmt.Errorf("read the answer: %w", err))
	}
	out := &BackendResponse{Status: resp.StatusCode, Header: resp.Header, Body: data}
	if len(data) > BackendBodyLimit {
		out.Body, out.Truncated = data[:BackendBodyLimit], true
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		kind, _ := DiagnoseBackend(out)
		return out, &BackendError{URL: shown, Status: resp.StatusCode, Kind: kind, Response: out}
	}
	return out, nil
}

// noAnswer is the *BackendError for a request that got no answer; the
// *url.Error around the cause is dropped (the message names the URL).
func noAnswer(shown string, err error) *BackendError {
	kind := BackendUnreachable
	var uErr *url.Error
	if errors.As(err, &uErr) {
		if uErr.Timeout() {
			kind = BackendTimeout
		}
		err = uErr.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		kind = BackendTimeout
	}
	return &BackendError{URL: shown, Kind: kind, Err: err}
}

// encodeFields is the body and its content type: a form, or a JSON object
// of strings, fields in order either way.
func encodeFields(fields []Field, asJSON bool) (body, contentType string) {
	var b strings.Builder
	if !asJSON {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Value))
		}
		return b.String(), "application/x-www-form-urlencoded"
	}
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, f.Name)
		b.WriteByte(':')
		writeJSONString(&b, f.Value)
	}
	b.WriteByte('}')
	return b.String(), "application/json"
}
