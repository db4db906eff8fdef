package flow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

func backendContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// recorded is what a fake backend received.
type recorded struct {
	method, contentType, accept, body string
}

// fakeBackend answers every request with status, content type and body,
// and sends what it received on got.
func fakeBackend(t *testing.T, status int, contentType, body string) (string, <-chan recorded) {
	t.Helper()
	got := make(chan recorded, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- recorded{r.Method, r.Header.Get("Content-Type"), r.Header.Get("Accept"), string(b)}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/accounts/kakao/login/finish/", got
}

func TestForwardForm(t *testing.T) {
	u, got := fakeBackend(t, 200, "application/json", `{"access":"a.b.c","refresh":"d.e.f","user":{"pk":1}}`)
	resp, err := flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: u, Fields: []flow.Field{
		{"code", "c0de&x"}, {"redirect_uri", "http://localhost:8734/callback"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.method != "POST" || r.contentType != "application/x-www-form-urlencoded" || r.accept != "application/json" {
		t.Errorf("request = %+v", r)
	}
	if want := "code=c0de%26x&redirect_uri=http%3A%2F%2Flocalhost%3A8734%2Fcallback"; r.body != want {
		t.Errorf("body = %q, want %q", r.body, want)
	}
	body, ok := resp.JSONBody()
	if resp.Status != 200 || !ok || !strings.Contains(string(body), `"access":"a.b.c"`) {
		t.Errorf("resp = %d %s", resp.Status, resp.Body)
	}
	if kind, known := flow.DiagnoseBackend(resp); kind != flow.BackendOK || !known {
		t.Errorf("diagnosis = %s %v", kind, known)
	}
}

func TestForwardJSON(t *testing.T) {
	u, got := fakeBackend(t, 200, "application/json", `{}`)
	_, err := flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: u, JSON: true, Fields: []flow.Field{
		{"id_token", "h.p.s"}, {"access_token", `tok"<&>`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if want := `{"id_token":"h.p.s","access_token":"tok\"<&>"}`; r.body != want || r.contentType != "application/json" {
		t.Errorf("body = %s (%s), want %s", r.body, r.contentType, want)
	}
}

func TestSocialLoginFields(t *testing.T) {
	tok := &flow.Token{AccessToken: "AT", IDToken: "ID"}
	for _, c := range []struct {
		cred flow.Credential
		tok  *flow.Token
		want string
	}{
		{flow.SendAccessToken, tok, "[{access_token AT}]"},
		{flow.SendIDToken, tok, "[{id_token ID} {access_token AT}]"},
		{flow.SendCode, nil, "[{code CODE} {redirect_uri http://localhost:8734/callback}]"},
	} {
		f, err := flow.SocialLoginFields(c.cred, c.tok, "CODE", "http://localhost:8734/callback")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(strings.ReplaceAll(fmtFields(f), "  ", " ")); got != c.want {
			t.Errorf("%s: %s, want %s", c.cred, got, c.want)
		}
	}
	if _, err := flow.SocialLoginFields(flow.SendIDToken, &flow.Token{AccessToken: "AT"}, "", ""); !errors.Is(err, flow.ErrNoIDToken) {
		t.Errorf("no id_token: %v", err)
	}
	if _, err := flow.SocialLoginFields(flow.SendCode, tok, "", ""); err == nil {
		t.Error("code mode without a code: no error")
	}
	if _, err := flow.SocialLoginFields("password", tok, "", ""); err == nil {
		t.Error("unknown credential: no error")
	}
}

func fmtFields(f []flow.Field) string {
	var b strings.Builder
	b.WriteString("[")
	for i, x := range f {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + x.Name + " " + x.Value + "}")
	}
	return b.String() + "]"
}

func TestParseBackendURL(t *testing.T) {
	for raw, want := range map[string]string{
		"ftp://x/finish/":    "want an http or https URL",
		"127.0.0.1:8000/x":   "want an http or https URL",
		"/accounts/finish/":  "want an http or https URL",
		"http:///finish/":    "no host",
		"http://:8000/x":     "no host",
		"http://a b/":        "want an http or https URL",
		"javascript:alert()": "want an http or https URL",
	} {
		_, err := flow.ParseBackendURL(raw)
		var ue *flow.BackendURLError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), raw) {
			t.Errorf("ParseBackendURL(%q) = %v, want a *BackendURLError %q naming the URL", raw, err, want)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8000/accounts/kakao/login/finish/", "https://api.example.com/x", "http://backend:8000/"} {
		if _, err := flow.ParseBackendURL(ok); err != nil {
			t.Errorf("ParseBackendURL(%q) = %v", ok, err)
		}
	}
	_, err := flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: "file:///etc/passwd"})
	var ue *flow.BackendURLError
	if !errors.As(err, &ue) {
		t.Errorf("Forward(file:) = %v", err)
	}
}

// Each answer of a django-allauth + dj-rest-auth backend is recognised.
func TestDiagnoseBackend(t *testing.T) {
	nfe := func(msg string) string { return `{"non_field_errors":["` + msg + `"]}` }
	for _, c := range []struct {
		status int
		body   string
		want   flow.BackendKind
		known  bool
	}{
		{200, `{"access":"x","refresh":"y","user":{}}`, flow.BackendOK, true},
		{200, `<html>signup form</html>`, flow.BackendNotJSON, true},
		{204, ``, flow.BackendNotJSON, true},
		{400, nfe("User is already registered with this e-mail address."), flow.BackendEmailExists, true},
		{400, nfe("A user is already registered with this email address."), flow.BackendEmailExists, true},
		{400, nfe("Incorrect value"), flow.BackendIncorrectValue, true},
		{400, nfe("Incorrect input. access_token or code is required."), flow.BackendMissingInput, true},
		{400, nfe("Failed to exchange code for access token"), flow.BackendCodeExchangeFailed, true},
		{400, `{"error":"invalid_grant","error_description":"authorization code not found for code=abc","error_code":"KOE320"}`, flow.BackendCodeReused, true},
		{400, nfe("Failed to exchange code for access token: KOE320 invalid_grant"), flow.BackendCodeReused, true},
		{400, `{"detail":"KOE006 redirect_uri mismatch"}`, flow.BackendKakaoError, true},
		{500, "<html><pre>TypeError: OAuth2Provider.get_scope() takes 1 positional argument but 2 were given</pre>", flow.BackendGetScope, true},
		{500, "TypeError at /finish/\nOAuth2Client.__init__() got multiple values for argument &#x27;scope_delimiter&#x27;", flow.BackendScopeDelimiter, true},
		{500, "IntegrityError at /accounts/kakao/login/finish/\nUNIQUE constraint failed: accounts_user.email", flow.BackendIntegrity, true},
		{500, "<h1>Server Error (500)</h1>", flow.BackendServerError, false},
		{502, "Bad Gateway", flow.BackendServerError, false},
		{403, "<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>", flow.BackendCSRF, true},
		{403, `{"detail":"Authentication credentials were not provided."}`, flow.BackendAuthRequired, true},
		{401, `{"detail":"Given token not valid for any token type"}`, flow.BackendAuthRequired, true},
		{302, ``, flow.BackendRedirect, true},
		{404, "<h1>Not Found</h1>", flow.BackendNotFound, true},
		{405, `{"detail":"Method \"POST\" not allowed."}`, flow.BackendMethodNotAllowed, true},
		{415, `{"detail":"Unsupported media type \"application/x-www-form-urlencoded\" in request."}`, flow.BackendUnsupportedMediaType, true},
		{400, `{"email":["Enter a valid email address."]}`, flow.BackendRefused, false},
		// "Incorrect value" must be the message, not a part of one.
		{400, `{"detail":"Incorrect value for field x"}`, flow.BackendRefused, false},
	} {
		kind, known := flow.DiagnoseBackend(&flow.BackendResponse{Status: c.status, Body: []byte(c.body)})
		if kind != c.want || known != c.known {
			t.Errorf("%d %s: %s %v, want %s %v", c.status, c.body, kind, known, c.want, c.known)
		}
	}
	r := &flow.BackendResponse{Status: 400, Body: []byte(`{"detail":"kakao said KOE006"}`)}
	if code := r.KakaoCode(); code != "KOE006" {
		t.Errorf("KakaoCode = %q", code)
	}
}

// A non-2xx answer comes back whole, with a *BackendError that names the
// URL (password cut) and the kind.
func TestForwardNon2xx(t *testing.T) {
	body := `{"non_field_errors":["User is already registered with this e-mail address."]}`
	u, _ := fakeBackend(t, 400, "application/json", body)
	pu, _ := url.Parse(u)
	pu.User = url.UserPassword("admin", "hunter2")
	resp, err := flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: pu.String(), Fields: []flow.Field{{"access_token", "x"}}})
	var be *flow.BackendError
	if !errors.As(err, &be) || be.Status != 400 || be.Kind != flow.BackendEmailExists || be.Response != resp {
		t.Fatalf("err = %#v", err)
	}
	if string(resp.Body) != body || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("resp = %s %v", resp.Body, resp.Header)
	}
	if msg := err.Error(); strings.Contains(msg, "hunter2") || !strings.Contains(msg, "/accounts/kakao/login/finish/ answered HTTP 400 Bad Request") {
		t.Errorf("message = %q", msg)
	}
}

// A redirect is the answer, not followed: a POST turned into a GET on a
// login page would hide what happened.
func TestForwardDoesNotFollowRedirects(t *testing.T) {
	followed := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login/" {
			followed = true
			return
		}
		http.Redirect(w, r, "/login/?next=/finish", http.StatusFound)
	}))
	defer srv.Close()
	resp, err := flow.Forward(backendContext(t), srv.Client(), flow.BackendRequest{URL: srv.URL + "/finish"})
	var be *flow.BackendError
	if !errors.As(err, &be) || be.Kind != flow.BackendRedirect || followed {
		t.Fatalf("err = %v, followed = %v", err, followed)
	}
	if loc := resp.Header.Get("Location"); loc != "/login/?next=/finish" {
		t.Errorf("Location = %q", loc)
	}
}

func TestForwardTruncatesLargeBodies(t *testing.T) {
	big := strings.Repeat("x", flow.BackendBodyLimit+10)
	u, _ := fakeBackend(t, 200, "text/plain", big)
	resp, err := flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || len(resp.Body) != flow.BackendBodyLimit {
		t.Errorf("truncated = %v, %d bytes", resp.Truncated, len(resp.Body))
	}
	if _, ok := resp.JSONBody(); ok {
		t.Error("a truncated body passed for JSON")
	}
}

func TestForwardRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	u := "http://" + addr + "/accounts/kakao/login/finish/"
	_, err = flow.Forward(backendContext(t), nil, flow.BackendRequest{URL: u})
	var be *flow.BackendError
	if !errors.As(err, &be) || be.Kind != flow.BackendUnreachable || be.Response != nil {
		t.Fatalf("err = %#v", err)
	}
	var uErr *url.Error
	if errors.As(err, &uErr) {
		t.Error("the error wraps *url.Error: callers would name the wrong server")
	}
	if msg := err.Error(); !strings.Contains(msg, u) || !strings.Contains(msg, "refused") {
		t.Errorf("message = %q, want the URL and 'refused'", msg)
	}
}

func TestForwardTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	// the caller's deadline
	ctx, cancel := context.WithTimeout(backendContext(t), 200*time.Millisecond)
	defer cancel()
	_, err := flow.Forward(ctx, nil, flow.BackendRequest{URL: srv.URL + "/slow"})
	var be *flow.BackendError
	if !errors.As(err, &be) || be.Kind != flow.BackendTimeout || !strings.Contains(err.Error(), srv.URL+"/slow") {
		t.Errorf("deadline: err = %v", err)
	}
	// the client's own timeout
	_, err = flow.Forward(backendContext(t), &http.Client{Timeout: 200 * time.Millisecond}, flow.BackendRequest{URL: srv.URL + "/slow"})
	if !errors.As(err, &be) || be.Kind != flow.BackendTimeout {
		t.Errorf("client timeout: err = %v", err)
	}
}

// Cancelling (Ctrl-C) is not a backend failure: the cancellation comes back.
func TestForwardCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(backendContext(t))
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := flow.Forward(ctx, nil, flow.BackendRequest{URL: srv.URL})
	var be *flow.BackendError
	if !errors.Is(err, context.Canceled) || errors.As(err, &be) {
		t.Errorf("err = %v, want context.Canceled and no *BackendError", err)
	}
}

// --verbose traces the backend call like the Kakao calls: the token sent
// is cut in the request body, form or JSON.
func TestForwardIsTracedWithRedaction(t *testing.T) {
	const token = "kakao-access-token-0123456789abcdef"
	for _, asJSON := range []bool{false, true} {
		u, _ := fakeBackend(t, 400, "application/json", `{"non_field_errors":["Incorrect value"]}`)
		var trace bytes.Buffer
		tr := &flow.Tracer{W: &trace}
		client := &http.Client{Transport: tr.Transport(nil)}
		_, err := flow.Forward(backendContext(t), client, flow.BackendRequest{URL: u, JSON: asJSON, Fields: []flow.Field{{"access_token", token}}})
		var be *flow.BackendError
		if !errors.As(err, &be) {
			t.Fatalf("err = %v", err)
		}
		out := trace.String()
		if strings.Contains(out, token) {
			t.Errorf("json=%v: the trace shows the token:\n%s", asJSON, out)
		}
		cut := map[bool]string{false: "access_token=kakao-…", true: `"access_token":"kakao-…"`}[asJSON]
		for _, want := range []string{"> POST " + u, cut, "< 400 Bad Request", "Incorrect value"} {
			if !strings.Contains(out, want) {
				t.Errorf("json=%v: trace lacks %q:\n%s", asJSON, want, out)
			}
		}
	}
}

func TestBackendResponseJSONBody(t *testing.T) {
	r := &flow.BackendResponse{Body: []byte("  {\"a\": 1}\n")}
	b, ok := r.JSONBody()
	if !ok || !json.Valid(b) || string(b) != `{"a": 1}` {
		t.Errorf("JSONBody = %s %v", b, ok)
	}
	for _, body := range []string{"", "Server Error (500)", "{"} {
		if _, ok := (&flow.BackendResponse{Body: []byte(body)}).JSONBody(); ok {
			t.Errorf("%q passed for JSON", body)
		}
	}
}
