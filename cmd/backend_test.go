package cmd

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

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

const backendRedirect = "http://localhost:8734/callback" // registered, never listened on

func backendTestContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// startEmulator serves a real emulator on loopback and returns its URL;
// it registers backendRedirect, where nothing listens: the tests take the
// code from the redirect.
func startEmulator(t *testing.T) string {
	t.Helper()
	return emulatortest.Start(t, emulatortest.WithRedirectURI(backendRedirect)).URL
}

// authorizeCode plays the browser with a plain HTTP client: it loads the
// emulator's authorize URL (no PKCE, as a front end that hands the code to
// its backend) and takes the code from the redirect, without following it.
func authorizeCode(t *testing.T, ctx context.Context, base, hint, scope string) string {
	t.Helper()
	q := url.Values{"response_type": {"code"}, "client_id": {emulator.DefaultClientID}, "redirect_uri": {backendRedirect}, "login_hint": {hint}}
	if scope != "" {
		q.Set("scope", scope)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/oauth/authorize?"+q.Encode(), nil)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d, Location %q: no code", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code")
}

// kakaoToken is a real token of the emulator user hint.
func kakaoToken(t *testing.T, ctx context.Context, base, hint, scope string) *flow.Token {
	t.Helper()
	cfg := flow.Config{ClientID: emulator.DefaultClientID, AuthURL: base, APIURL: base}
	tok, err := cfg.Exchange(ctx, authorizeCode(t, ctx, base, hint, scope), "", backendRedirect)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// refusedURL is a loopback URL where nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String()
}

func testBackendFlags(u string) *backendFlags {
	return &backendFlags{URL: u, Send: "access_token", Timeout: 5 * time.Second}
}

// forward runs forwardToBackend with a plain client, stderr captured.
func forward(t *testing.T, ctx context.Context, b *backendFlags, tok *flow.Token, code string) (*backendOutput, error, string) {
	t.Helper()
	var stderr bytes.Buffer
	out, err := forwardToBackend(ctx, defaultTestClient(), &stderr, b, tok, code, backendRedirect)
	return out, err, stderr.String()
}

// wantBackendFailure checks exit 9, the kind, the hint in the error line
// and the diagnosis in the output.
func wantBackendFailure(t *testing.T, out *backendOutput, err error, kind flow.BackendKind, hintPart string) {
	t.Helper()
	if code := exitCode(err); code != ExitBackend {
		t.Fatalf("exit %d, want %d: %v", code, ExitBackend, err)
	}
	var be *flow.BackendError
	if !errors.As(err, &be) || be.Kind != kind {
		t.Fatalf("err = %v, want a *flow.BackendError of kind %s", err, kind)
	}
	line := message(err)
	if !strings.Contains(line, hintPart) || strings.Contains(line, "--auth-url") {
		t.Errorf("error line %q, want %q in it (and no Kakao URL flags)", line, hintPart)
	}
	if out == nil || out.Diagnosis == nil || out.Diagnosis.Kind != kind || !strings.Contains(out.Diagnosis.Hint, hintPart) {
		t.Errorf("output diagnosis = %+v", out)
	}
}

// outputJSON is the "backend" member as login prints it.
func outputJSON(t *testing.T, out *backendOutput) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := writeValue(&buf, map[string]any{"backend": out}, false); err != nil {
		t.Fatal(err)
	}
	var doc map[string]map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	return doc["backend"]
}

func TestBackendFlagsResolve(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // "" for no error
	}{
		{nil, ""},
		{[]string{"--backend", "http://127.0.0.1:8000/accounts/kakao/login/finish/"}, ""},
		{[]string{"--backend", "https://api.example.com/x", "--backend-send", "id_token", "--backend-json", "--backend-timeout", "1m"}, ""},
		{[]string{"--backend", "http://127.0.0.1:8000/x", "--backend-send", "code"}, ""},
		{[]string{"--backend-json"}, "--backend-json only goes with --backend URL"},
		{[]string{"--backend-send", "code"}, "--backend-send only goes with --backend URL"},
		{[]string{"--backend", "ftp://x/y"}, `--backend: backend URL "ftp://x/y": want an http or https URL`},
		{[]string{"--backend", "127.0.0.1:8000/finish/"}, "want an http or https URL"},
		{[]string{"--backend", "http:///finish/"}, "no host"},
		{[]string{"--backend", "http://h/x", "--backend-send", "password"}, `--backend-send "password" is not one of access_token, code, id_token`},
		{[]string{"--backend", "http://h/x", "--backend-timeout", "0s"}, "--backend-timeout must be positive"},
		{[]string{"--backend", "http://h/x", "--backend-send", "code", "--save"}, "--save cannot go with it"},
		{[]string{"--backend", "http://h/x", "--backend-send", "code", "--record"}, "--record cannot go with it"},
	} {
		var b backendFlags
		c2 := &cobra.Command{Use: "login", RunE: func(c *cobra.Command, _ []string) error { return b.resolve(c) }}
		b.register(c2)
		c2.Flags().Bool("save", false, "")
		c2.Flags().Bool("record", false, "")
		c2.Flags().Bool("mock", false, "")
		c2.SetArgs(c.args)
		c2.SetOut(io.Discard)
		c2.SetErr(io.Discard)
		err := c2.Execute()
		if c.want == "" {
			if err != nil {
				t.Errorf("%v: %v", c.args, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || exitCode(err) != ExitUsage {
			t.Errorf("%v: err = %v (exit %d), want usage error %q", c.args, err, exitCode(err), c.want)
		}
	}
}

func TestBackendFlagsShapeTheLogin(t *testing.T) {
	off := backendFlags{Send: "id_token"}
	if !off.exchangesCode() || len(off.scopes([]string{"account_email"})) != 1 {
		t.Error("without --backend the login is unchanged")
	}
	id := backendFlags{URL: "http://h/x", Send: "id_token"}
	if got := id.scopes([]string{"account_email"}); strings.Join(got, " ") != "account_email openid" {
		t.Errorf("id_token scopes = %v", got)
	}
	if got := id.scopes([]string{"openid"}); len(got) != 1 {
		t.Errorf("openid twice: %v", got)
	}
	code := backendFlags{URL: "http://h/x", Send: "code"}
	if code.exchangesCode() {
		t.Error("--backend-send code: the login must not exchange the code (KOE320 for the backend)")
	}
	if at := (backendFlags{URL: "http://h/x", Send: "access_token"}); !at.exchangesCode() {
		t.Error("access_token: the login exchanges the code")
	}
}

// The example's first two answers: signup, then signin of the same user,
// as a form and as JSON; the output has the answer whole.
func TestForwardToBackendSignupThenSignin(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	d, finish := newFakeDjango(t, kakao)

	out, err, stderr := forward(t, ctx, testBackendFlags(finish), kakaoToken(t, ctx, kakao, "kakao.tester@example.com", ""), "")
	if err != nil || stderr != "" {
		t.Fatalf("err = %v, stderr %q", err, stderr)
	}
	doc := outputJSON(t, out)
	if doc["url"] != finish || doc["status"] != 200.0 || strings.Join(asStrings(doc["sent"]), ",") != "access_token" {
		t.Errorf("backend = %v", doc)
	}
	headers, _ := doc["headers"].(map[string]any)
	if headers["Content-Type"] != "application/json" || headers["Set-Cookie"] != "sessionid" {
		t.Errorf("headers = %v (Set-Cookie: names only)", headers)
	}
	body, _ := doc["body"].(map[string]any)
	user, _ := body["user"].(map[string]any)
	if body["access"] == nil || body["refresh"] == nil || user["email"] != "kakao.tester@example.com" {
		t.Errorf("body = %v", doc["body"])
	}
	if _, ok := doc["diagnosis"]; ok {
		t.Errorf("a 200 has a diagnosis: %v", doc)
	}

	b := testBackendFlags(finish)
	b.JSON = true
	out2, err, _ := forward(t, ctx, b, kakaoToken(t, ctx, kakao, "kakao.tester@example.com", ""), "")
	if err != nil {
		t.Fatal(err)
	}
	var again struct{ User struct{ PK int } }
	json.Unmarshal(out2.Body, &again)
	if again.User.PK != int(user["pk"].(float64)) {
		t.Errorf("signin: pk %d, signup gave %v", again.User.PK, user["pk"])
	}
	if got := d.fields(); len(got) != 2 || got[0].Get("access_token") == "" || got[1].Get("access_token") == "" {
		t.Errorf("the backend received %v", got)
	}
}

func asStrings(v any) []string {
	var s []string
	for _, x := range v.([]any) {
		s = append(s, x.(string))
	}
	return s
}

// dj-rest-auth's 400 for an email that belongs to a local user.
func TestForwardToBackendEmailExists(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	d, finish := newFakeDjango(t, kakao)
	d.seedLocalUser("kakao.tester@example.com")
	out, err, _ := forward(t, ctx, testBackendFlags(finish), kakaoToken(t, ctx, kakao, "kakao.tester@example.com", ""), "")
	wantBackendFailure(t, out, err, flow.BackendEmailExists, "belongs to a user without a Kakao social account")
	if !strings.Contains(message(err), "0.63.1 to 0.63.6") || !strings.Contains(message(err), "answered HTTP 400 Bad Request") {
		t.Errorf("line = %q", message(err))
	}
	doc := outputJSON(t, out)
	if b, _ := json.Marshal(doc["body"]); string(b) != `{"non_field_errors":["User is already registered with this e-mail address."]}` {
		t.Errorf("body = %s: the whole answer must be in the output", b)
	}
}

// A backend pointed at another Kakao cannot fetch the profile: "Incorrect value".
func TestForwardToBackendIncorrectValue(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	other := startEmulator(t)
	_, finish := newFakeDjango(t, other)
	tok := kakaoToken(t, ctx, kakao, "kakao.tester@example.com", "")
	out, err, _ := forward(t, ctx, testBackendFlags(finish), tok, "")
	wantBackendFailure(t, out, err, flow.BackendIncorrectValue, "is it pointed at the same Kakao or emulator as kakaologin?")
	if strings.Contains(message(err), "--mock") {
		t.Error("the --mock hint without --mock")
	}
	b := testBackendFlags(finish)
	b.mock = true
	_, err, _ = forward(t, ctx, b, tok, "")
	if !strings.Contains(message(err), "with --mock the emulator lives only inside this command") {
		t.Errorf("--mock: line = %q", message(err))
	}
}

// --backend-send code: the code goes to the backend unexchanged, with the
// redirect URI; the backend exchanges it. A code exchanged twice fails,
// told as dj-rest-auth tells it or as a relayed KOE320.
func TestForwardToBackendCode(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	d, finish := newFakeDjango(t, kakao)
	b := testBackendFlags(finish)
	b.Send = "code"
	code := authorizeCode(t, ctx, kakao, "1376016924429759243", "")
	out, err, _ := forward(t, ctx, b, nil, code)
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != 200 || strings.Join(out.Sent, ",") != "code,redirect_uri" {
		t.Errorf("out = %+v", out)
	}
	if got := d.fields()[0]; got.Get("code") != code || got.Get("redirect_uri") != backendRedirect || got.Has("access_token") {
		t.Errorf("the backend received %v", got)
	}

	out, err, _ = forward(t, ctx, b, nil, code)
	wantBackendFailure(t, out, err, flow.BackendCodeExchangeFailed, "a code is single use")

	d.relayKakao = true
	out, err, _ = forward(t, ctx, b, nil, code)
	wantBackendFailure(t, out, err, flow.BackendCodeReused, "KOE320: the code was exchanged twice")
	if !strings.Contains(string(out.Body), `"error_code":"KOE320"`) {
		t.Errorf("body = %s", out.Body)
	}
}

// --backend-send id_token sends the ID token with the access token; a
// token without one (OpenID Connect off) is exit 6 before any request.
func TestForwardToBackendIDToken(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	d, finish := newFakeDjango(t, kakao)
	b := testBackendFlags(finish)
	b.Send = "id_token"
	tok := kakaoToken(t, ctx, kakao, "kakao.tester@example.com", strings.Join(b.scopes(nil), " "))
	if tok.IDToken == "" {
		t.Fatal("scope openid gave no id_token")
	}
	out, err, _ := forward(t, ctx, b, tok, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.fields()[0]; got.Get("id_token") != tok.IDToken || got.Get("access_token") != tok.AccessToken || strings.Join(out.Sent, ",") != "id_token,access_token" {
		t.Errorf("the backend received %v, sent %v", got, out.Sent)
	}

	out, err, _ = forward(t, ctx, b, &flow.Token{AccessToken: tok.AccessToken}, "")
	if out != nil || exitCode(err) != ExitProtocol || !errors.Is(err, flow.ErrNoIDToken) || !strings.Contains(err.Error(), "OpenID Connect") {
		t.Errorf("no id_token: out %v, err %v (exit %d)", out, err, exitCode(err))
	}
	if len(d.fields()) != 1 {
		t.Error("a request was sent without an id_token")
	}
}

// staticBackend answers every request with status, content type and body.
func staticBackend(t *testing.T, status int, contentType, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/accounts/kakao/login/finish/"
}

// 500s: the known dj-rest-auth/allauth TypeErrors, a constraint, and one
// nobody can tell (DEBUG off).
func TestForwardToBackendServerErrors(t *testing.T) {
	ctx := backendTestContext(t)
	tok := &flow.Token{AccessToken: "access-token-0123456789"}
	for _, c := range []struct {
		body string
		kind flow.BackendKind
		hint string
	}{
		{"<html><title>TypeError at /accounts/kakao/login/finish/</title><pre>OAuth2Provider.get_scope() takes 1 positional argument but 2 were given</pre></html>",
			flow.BackendGetScope, "upgrade to dj-rest-auth 7.0.2 with django-allauth 64.0.0 or later"},
		{"<pre>OAuth2Client.__init__() got multiple values for argument &#x27;scope_delimiter&#x27;</pre>",
			flow.BackendScopeDelimiter, "dj-rest-auth 7.0.1 with django-allauth 0.62 or later"},
		{"<pre>IntegrityError at /accounts/kakao/login/finish/\nUNIQUE constraint failed: accounts_user.email</pre>",
			flow.BackendIntegrity, "a second user without email"},
		{"<!doctype html><h1>Server Error (500)</h1>", flow.BackendServerError, "see its log for the traceback"},
	} {
		out, err, _ := forward(t, ctx, testBackendFlags(staticBackend(t, 500, "text/html", c.body)), tok, "")
		wantBackendFailure(t, out, err, c.kind, c.hint)
		var text string
		if json.Unmarshal(out.Body, &text) != nil || text != c.body {
			t.Errorf("%s: body = %s, want the page as a JSON string", c.kind, out.Body)
		}
	}
}

// A body that is not JSON: a 2xx is still a success, with a warning; a
// proxy's 502 is a failure with the text in the output.
func TestForwardToBackendNotJSON(t *testing.T) {
	ctx := backendTestContext(t)
	tok := &flow.Token{AccessToken: "access-token-0123456789"}
	out, err, stderr := forward(t, ctx, testBackendFlags(staticBackend(t, 200, "text/html; charset=utf-8", "<form>sign up</form>")), tok, "")
	if err != nil || !strings.Contains(stderr, "warning: the backend answered HTTP 200 with a body that is not JSON (text/html; charset=utf-8)") {
		t.Errorf("err = %v, stderr = %q", err, stderr)
	}
	if string(out.Body) != `"<form>sign up</form>"` {
		t.Errorf("body = %s", out.Body)
	}
	out, err, _ = forward(t, ctx, testBackendFlags(staticBackend(t, 502, "text/plain", "Bad Gateway\n")), tok, "")
	wantBackendFailure(t, out, err, flow.BackendServerError, "see its log for the traceback")
	if string(out.Body) != `"Bad Gateway\n"` || out.Status != 502 {
		t.Errorf("out = %d %s", out.Status, out.Body)
	}
}

func TestForwardToBackendSlow(t *testing.T) {
	ctx := backendTestContext(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	b := testBackendFlags(srv.URL + "/finish/")
	b.Timeout = 300 * time.Millisecond
	out, err, _ := forward(t, ctx, b, &flow.Token{AccessToken: "access-token-0123456789"}, "")
	wantBackendFailure(t, out, err, flow.BackendTimeout, "no answer within 300ms")
	if !strings.Contains(message(err), srv.URL+"/finish/") || !strings.Contains(out.Error, srv.URL) {
		t.Errorf("line %q, output error %q: want the URL", message(err), out.Error)
	}
}

func TestForwardToBackendRefused(t *testing.T) {
	ctx := backendTestContext(t)
	u := refusedURL(t) + "/accounts/kakao/login/finish/"
	out, err, _ := forward(t, ctx, testBackendFlags(u), &flow.Token{AccessToken: "access-token-0123456789"}, "")
	wantBackendFailure(t, out, err, flow.BackendUnreachable, "is the backend running")
	if line := message(err); !strings.Contains(line, "backend "+u) || !strings.Contains(line, "connection refused") {
		t.Errorf("line = %q", line)
	}
	if doc := outputJSON(t, out); doc["status"] != nil || doc["error"] == nil || doc["url"] != u {
		t.Errorf("output = %v", doc)
	}
}

// Ctrl-C during the backend call is an interruption (130), not exit 9.
func TestForwardToBackendInterrupted(t *testing.T) {
	// The body is read first: the server notices a closed connection only then.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.ReadAll(r.Body); <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(backendTestContext(t))
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err, _ := forward(t, ctx, testBackendFlags(srv.URL), &flow.Token{AccessToken: "access-token-0123456789"}, "")
	if !errors.Is(err, context.Canceled) || exitCode(err) != ExitInterrupted {
		t.Errorf("err = %v, exit %d", err, exitCode(err))
	}
}

// A token for a backend on another host over plain http gets a warning.
func TestForwardToBackendPlainHTTPWarning(t *testing.T) {
	ctx := backendTestContext(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSONStatus(w, 200, map[string]int{}) }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, u.Host)
	}}}
	var stderr bytes.Buffer
	b := testBackendFlags("http://backend.example:8000/finish/")
	if _, err := forwardToBackend(ctx, client, &stderr, b, &flow.Token{AccessToken: "access-token-0123456789"}, "", ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "warning: --backend http://backend.example:8000/finish/ is plain http") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// --verbose traces the backend call with the Kakao calls' redaction.
func TestForwardToBackendTraced(t *testing.T) {
	ctx := backendTestContext(t)
	kakao := startEmulator(t)
	_, finish := newFakeDjango(t, kakao)
	tok := kakaoToken(t, ctx, kakao, "kakao.tester@example.com", "")
	var trace bytes.Buffer
	f := &Factory{IO: &IOStreams{ErrOut: &trace}, HTTPClient: defaultTestClient()}
	f.enableTrace(false)
	if _, err := forwardToBackend(ctx, f.HTTPClient, io.Discard, testBackendFlags(finish), tok, "", ""); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	if strings.Contains(out, tok.AccessToken) || strings.Contains(out, "session-secret-0123456789") {
		t.Errorf("the trace shows a secret:\n%s", out)
	}
	for _, want := range []string{"> POST " + finish, "access_token=" + flow.Redact(tok.AccessToken), "< 200 OK"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
}

// Django's APPEND_SLASH answers a POST without the trailing slash with a
// redirect: the line says to add it; another redirect is shown as it is.
func TestForwardToBackendRedirect(t *testing.T) {
	ctx := backendTestContext(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/accounts/kakao/login/finish" {
			http.Redirect(w, r, "/accounts/kakao/login/finish/", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, "/accounts/login/?next="+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	tok := &flow.Token{AccessToken: "access-token-0123456789"}
	out, err, _ := forward(t, ctx, testBackendFlags(srv.URL+"/accounts/kakao/login/finish"), tok, "")
	wantBackendFailure(t, out, err, flow.BackendRedirect, `redirected to "/accounts/kakao/login/finish/": add the trailing slash`)
	if out.Headers["Location"] != "/accounts/kakao/login/finish/" || out.Status != 301 {
		t.Errorf("out = %+v", out)
	}
	out, err, _ = forward(t, ctx, testBackendFlags(srv.URL+"/api/finish/"), tok, "")
	wantBackendFailure(t, out, err, flow.BackendRedirect, `redirected to "/accounts/login/?next=/api/finish/" instead of answering`)
}
