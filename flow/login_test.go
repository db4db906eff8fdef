package flow_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// kakao is a test Kakao: the emulator behind a real loopback HTTP server,
// accepting the login's loopback redirect URI at whatever port its
// callback server takes, and the client config pointed at it.
type kakao struct {
	*emulatortest.Kakao
	cfg flow.Config
}

// newKakao starts an emulator that registers http://127.0.0.1:0/callback
// at any port, and a client config pointed at it. wrap, when set, sits in
// front of the emulator (to break it).
func newKakao(t *testing.T, secret string, wrap func(http.Handler) http.Handler) *kakao {
	t.Helper()
	return anyPortKakao(t, emulatortest.WithSecret(secret), emulatortest.WithWrap(wrap))
}

// anyPortKakao is newKakao with the scaffold's options: the redirect URI
// http://127.0.0.1:0/callback, registered at any port, then opts.
func anyPortKakao(t *testing.T, opts ...emulatortest.Option) *kakao {
	t.Helper()
	k := emulatortest.Start(t, append([]emulatortest.Option{
		emulatortest.WithRedirectURI("http://127.0.0.1:0/callback"),
		emulatortest.WithConfig(func(c *emulator.Config) { c.AnyLoopbackPort = true }),
	}, opts...)...)
	return &kakao{Kakao: k, cfg: flowConfig(k)}
}

// flowConfig is the client config that uses k: its app's credentials and
// redirect URI, both URLs pointed at it.
func flowConfig(k *emulatortest.Kakao) flow.Config {
	return flow.Config{ClientID: k.ClientID, ClientSecret: k.ClientSecret, RedirectURI: k.RedirectURI, AuthURL: k.URL, APIURL: k.URL}
}

// redirectURIOf returns the redirect_uri an authorize URL carries: the
// callback server's, port resolved. Openers call it, off the test's
// goroutine: it does not fail the test.
func redirectURIOf(authorizeURL string) string {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return ""
	}
	return u.Query().Get("redirect_uri")
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// browser plays the browser with a plain HTTP client: it loads the
// authorize URL and follows the redirects to the callback server.
func browser(ctx context.Context, authorizeURL string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, authorizeURL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil // the login ends through the callback, not here
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return nil
}

func TestLoginEndToEnd(t *testing.T) {
	k := newKakao(t, "s3cret", nil)
	var sent string
	open := func(ctx context.Context, u string) error {
		sent = redirectURIOf(u)
		return browser(ctx, u)
	}
	res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, open)
	if err != nil {
		t.Fatal(err)
	}
	if res.Token.TokenType != "bearer" || res.Token.AccessToken == "" || res.Token.RefreshToken == "" || res.Token.ExpiresIn != 21599 {
		t.Errorf("token = %+v", res.Token)
	}
	if !strings.HasPrefix(string(res.Token.Raw), `{"access_token":"`) {
		t.Errorf("raw token JSON not kept as sent: %s", res.Token.Raw)
	}
	var me struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(res.Profile, &me); err != nil || me.ID != 3958471203 {
		t.Errorf("profile = %s (%v)", res.Profile, err)
	}
	if res.RedirectURI != sent || strings.HasSuffix(sent, ":0/callback") {
		t.Errorf("RedirectURI = %q, want the one sent, port resolved: %q", res.RedirectURI, sent)
	}
	// The callback server is gone: the port is free again.
	if _, err := http.Get(res.RedirectURI); err == nil {
		t.Error("callback server still answers after the login")
	}
}

func TestLoginKeepsLargeIDExact(t *testing.T) {
	k := newKakao(t, "", nil)
	res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{LoginHint: "1376016924429759243"}, browser)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.Profile), `"id":1376016924429759243`) {
		t.Errorf("profile id not byte-exact: %s", res.Profile)
	}
}

func TestLoginSendsStateAndPKCE(t *testing.T) {
	k := newKakao(t, "", nil)
	var seen url.Values
	open := func(ctx context.Context, u string) error {
		parsed, _ := url.Parse(u)
		seen = parsed.Query()
		return browser(ctx, u)
	}
	if _, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{Scopes: []string{"account_email"}, Prompt: []string{"login"}}, open); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"response_type": "code", "code_challenge_method": "S256", "scope": "account_email", "prompt": "login"} {
		if seen.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, seen.Get(k), want)
		}
	}
	if len(seen.Get("state")) < 43 || len(seen.Get("code_challenge")) != 43 {
		t.Errorf("state %q / code_challenge %q too short", seen.Get("state"), seen.Get("code_challenge"))
	}
}

// forgedFirst plays a page that sends the browser to the callback with a
// forged state before the real answer arrives.
func forgedFirst(t *testing.T) flow.Opener {
	return func(ctx context.Context, u string) error {
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		q := loc.Query()
		q.Set("state", "attacker")
		loc.RawQuery = q.Encode()
		forged, err := http.Get(loc.String())
		if err != nil {
			return err
		}
		forged.Body.Close()
		if forged.StatusCode != http.StatusBadRequest {
			t.Errorf("forged answer = %d, want 400", forged.StatusCode)
		}
		return browser(ctx, u)
	}
}

func TestLoginIgnoresForgedState(t *testing.T) {
	k := newKakao(t, "", nil)
	res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, forgedFirst(t))
	if err != nil || res.Token.AccessToken == "" {
		t.Fatalf("Login = %v, want the real answer to complete the login", err)
	}
}

// OnIgnored reaches the callback server Login starts: the forged answer is
// reported, the real one is not.
func TestLoginOnIgnoredReportsForgedAnswer(t *testing.T) {
	k := newKakao(t, "", nil)
	var mu sync.Mutex
	var reasons []string
	report := flow.OnIgnored(func(reason string) {
		mu.Lock()
		defer mu.Unlock()
		reasons = append(reasons, reason)
	})
	if _, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, forgedFirst(t), report); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(reasons) != 1 || !strings.Contains(reasons[0], "another login's state (an authorization code)") {
		t.Errorf("reported %q, want the one forged answer", reasons)
	}
}

// A headless client gets no second answer: the ignored one ends its login.
func TestLoginHeadlessForgedStateEnds(t *testing.T) {
	k := newKakao(t, "", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			if loc, err := url.Parse(rec.Header().Get("Location")); err == nil && loc.Query().Has("state") {
				q := loc.Query()
				q.Set("state", "attacker")
				loc.RawQuery = q.Encode()
				rec.Header().Set("Location", loc.String())
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
		})
	})
	start := time.Now()
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, func(ctx context.Context, u string) error {
		return flow.FollowAuthorize(ctx, nil, u)
	})
	if !errors.Is(err, flow.ErrStateMismatch) {
		t.Fatalf("err = %v, want ErrStateMismatch", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %s: the headless login waited for an answer that cannot come", time.Since(start))
	}
}

func TestLoginDenied(t *testing.T) {
	k := newKakao(t, "", nil)
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{LoginHint: "cancel@example.com"}, browser)
	var cbErr *flow.CallbackError
	if !errors.As(err, &cbErr) || cbErr.Err != "access_denied" || !cbErr.Denied() {
		t.Fatalf("err = %v, want access_denied", err)
	}
}

func TestLoginTimeout(t *testing.T) {
	k := newKakao(t, "", nil)
	timeout := errors.New("timed out")
	ctx, cancel := context.WithTimeoutCause(testContext(t), 50*time.Millisecond, timeout)
	defer cancel()
	idle := func(ctx context.Context, _ string) error { <-ctx.Done(); return nil }
	start := time.Now()
	_, err := k.cfg.Login(ctx, flow.AuthorizeParams{}, idle)
	if !errors.Is(err, timeout) {
		t.Fatalf("err = %v, want the timeout cause", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("timeout took %s", time.Since(start))
	}
}

func TestLoginOpenerErrorEndsWait(t *testing.T) {
	k := newKakao(t, "", nil)
	boom := errors.New("cannot show URL")
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, func(context.Context, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the opener's error", err)
	}
}

func TestLoginRefusesNonLoopbackRedirect(t *testing.T) {
	cfg := flow.Config{ClientID: "x", RedirectURI: "http://example.com:8734/callback"}
	_, err := cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
	if !errors.Is(err, flow.ErrNotLoopback) {
		t.Fatalf("err = %v, want ErrNotLoopback", err)
	}
}

func TestLoginPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cfg := flow.Config{ClientID: "x", RedirectURI: "http://" + ln.Addr().String() + "/callback"}
	if _, err := cfg.Login(testContext(t), flow.AuthorizeParams{}, browser); !errors.Is(err, flow.ErrPortInUse) {
		t.Fatalf("err = %v, want ErrPortInUse", err)
	}
}

func TestLoginWrongSecret(t *testing.T) {
	k := newKakao(t, "s3cret", nil)
	k.cfg.ClientSecret = "wrong"
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE010" || a.Status != 401 {
		t.Fatalf("err = %v, want KOE010", err)
	}
}

// breakToken replaces the token endpoint's answer.
func breakToken(status int, contentType, body string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/oauth/token" {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			io.WriteString(w, body)
		})
	}
}

func TestLoginBrokenTokenEndpoint(t *testing.T) {
	for name, tc := range map[string]struct {
		status      int
		contentType string
		body        string
		want        string
	}{
		"malformed JSON":  {200, "application/json;charset=UTF-8", `{"access_token":`, "malformed token response"},
		"wrong type":      {200, "application/json;charset=UTF-8", `{"access_token":"SECRET-AT-123456","expires_in":"x"}`, "malformed token response"},
		"text token":      {200, "text/plain", `{"access_token":"SECRET-AT-123456"}`, "not JSON"},
		"no access token": {200, "application/json;charset=UTF-8", `{"token_type":"bearer"}`, "no access_token"},
		"5xx":             {503, "text/html", "<html>Service Unavailable</html>", "server failed"},
		"proxy page":      {400, "text/html", "<html>blocked</html>", "unexpected body"},
	} {
		t.Run(name, func(t *testing.T) {
			k := newKakao(t, "", breakToken(tc.status, tc.contentType, tc.body))
			_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
			var p *flow.ProtocolError
			if !errors.As(err, &p) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ProtocolError containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("a token from the response leaked into the error: %v", err)
			}
		})
	}
}

func TestLoginKakaoErrorBody(t *testing.T) {
	body := `{"error":"invalid_grant","error_description":"authorization code not found for code=x","error_code":"KOE320"}`
	k := newKakao(t, "", breakToken(400, "application/json;charset=UTF-8", body))
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, browser)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE320" || a.Err != "invalid_grant" {
		t.Fatalf("err = %v, want KOE320", err)
	}
}

func TestFollowAuthorizeErrorPage(t *testing.T) {
	k := newKakao(t, "", nil)
	k.cfg.RedirectURI = "http://127.0.0.1:1/not-registered"
	sess := k.cfg.NewSession("st", "http://127.0.0.1:1/not-registered", flow.AuthorizeParams{})
	err := flow.FollowAuthorize(testContext(t), nil, sess.URL)
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE006" {
		t.Fatalf("err = %v, want KOE006", err)
	}
}

func TestFollowAuthorizeLoginPage(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><form>Kakao Account login</form></html>")
	}))
	defer page.Close()
	err := flow.FollowAuthorize(testContext(t), nil, page.URL+"/oauth/authorize?client_id=x")
	if !errors.Is(err, flow.ErrNeedsPerson) {
		t.Fatalf("err = %v, want ErrNeedsPerson", err)
	}
}
