package cmd

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// doctorSetup is an emulator and the environment that points doctor at it,
// with a free loopback port registered as the redirect URI.
type doctorSetup struct {
	kakao *emulatortest.Kakao
	env   map[string]string
}

// newDoctorSetup registers app (its zero fields the emulator's defaults;
// no redirect URIs: the free port's) and serves it through wrap, if set.
func newDoctorSetup(t *testing.T, app emulator.App, wrap func(http.Handler) http.Handler) *doctorSetup {
	t.Helper()
	k, env := startKakao(t, emulatortest.WithWrap(wrap), emulatortest.WithConfig(func(c *emulator.Config) {
		if app.RedirectURIs == nil {
			app.RedirectURIs = c.App.RedirectURIs
		}
		c.App = app
	}))
	return &doctorSetup{kakao: k, env: env}
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

// closedURL is a loopback URL where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	return "http://127.0.0.1:" + freePort(t)
}

// runDoctorCLI runs `kakaologin doctor` with env and returns the exit code,
// the JSON report and stderr.
func runDoctorCLI(t *testing.T, env map[string]string, now func() time.Time, args ...string) (int, doctorReport, string) {
	t.Helper()
	f, stdout, stderr := bufferFactory(env)
	if now != nil {
		f.Now = now
	}
	code := runWith(t, f, append([]string{"doctor"}, args...)...)
	var r doctorReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("stdout is not the JSON report: %v\n%s\nstderr: %s", err, stdout, stderr)
	}
	return code, r, stderr.String()
}

func (r doctorReport) check(t *testing.T, name string) doctorCheck {
	t.Helper()
	for _, c := range r.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %q in %+v", name, r.Checks)
	return doctorCheck{}
}

var doctorCheckNames = []string{"REST API key", "client secret", "redirect URI", "auth URL", "API URL", "client credentials", "clock"}

func TestDoctorAgainstEmulator(t *testing.T) {
	for _, secret := range []string{"", "s3cret-value-never-printed"} {
		s := newDoctorSetup(t, emulator.App{ClientSecret: secret}, nil)
		f, stdout, stderr := bufferFactory(s.env)
		if code := runWith(t, f, "doctor"); code != 0 {
			t.Fatalf("secret %q: exit %d\n%s\n%s", secret, code, stdout, stderr)
		}
		if stderr.Len() != 0 {
			t.Errorf("stderr %q, want nothing", stderr)
		}
		if secret != "" && strings.Contains(stdout.String(), secret) {
			t.Error("the client secret was printed")
		}
		var r doctorReport
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if !r.OK || len(r.Checks) != len(doctorCheckNames) {
			t.Fatalf("report %+v", r)
		}
		for i, c := range r.Checks {
			if c.Name != doctorCheckNames[i] || c.Status != checkOK || c.Message == "" {
				t.Errorf("check %d: %+v, want %q ok", i, c, doctorCheckNames[i])
			}
		}
		uri := s.env["KAKAO_REDIRECT_URI"]
		if m := r.check(t, "redirect URI").Message; !strings.Contains(m, "register exactly "+uri+" for this REST API key") {
			t.Errorf("redirect URI message %q", m)
		}
		if m := r.check(t, "auth URL").Message; !strings.Contains(m, "token_endpoint "+s.kakao.URL+"/oauth/token") {
			t.Errorf("auth URL message %q", m)
		}
	}
}

// doctorCase is one doctor run against an emulator set up for it, and
// what its checklist must say.
type doctorCase struct {
	name     string
	app      emulator.App
	wrap     func(http.Handler) http.Handler // around the emulator
	env      map[string]string               // changes to the setup's environment; "closed" is a closed port
	apiWrap  func(http.Handler) http.Handler // a separate API server
	now      func() time.Time
	args     []string
	listenOn bool // occupy the redirect URI's port
	exit     int
	summary  string                // the stderr line of a failed run
	want     map[string]doctorWant // check name -> status and part of its message
}

type doctorWant struct{ status, msg string }

func runDoctorCases(t *testing.T, cases []doctorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, tc.run)
	}
}

func (tc doctorCase) run(t *testing.T) {
	s := newDoctorSetup(t, tc.app, tc.wrap)
	for k, v := range tc.env {
		if v == "closed" {
			v = closedURL(t)
		}
		s.env[k] = v
	}
	if tc.apiWrap != nil {
		api := httptest.NewServer(tc.apiWrap(nil))
		t.Cleanup(api.Close)
		s.env["KAKAOLOGIN_API_URL"] = api.URL
	}
	if tc.listenOn {
		ln, err := net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(s.env["KAKAO_REDIRECT_URI"], "http://"), "/callback"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ln.Close() })
	}
	code, r, stderr := runDoctorCLI(t, s.env, tc.now, tc.args...)
	if code != tc.exit {
		t.Errorf("exit %d, want %d (stderr %q)", code, tc.exit, stderr)
	}
	if r.OK != (tc.exit == 0) {
		t.Errorf("ok %v with exit %d", r.OK, code)
	}
	if tc.summary != "" && stderr != "kakaologin: "+tc.summary+"\n" {
		t.Errorf("stderr %q, want the summary %q", stderr, tc.summary)
	}
	if tc.exit == 0 && stderr != "" {
		t.Errorf("stderr %q, want nothing", stderr)
	}
	for name, w := range tc.want {
		c := r.check(t, name)
		if c.Status != w.status || !strings.Contains(c.Message, w.msg) {
			t.Errorf("%s: %s %q\nwant %s with %q", name, c.Status, c.Message, w.status, w.msg)
		}
	}
}

// answering replaces the emulator's answers on paths starting with prefix.
func answering(prefix string, status int, contentType, body string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h != nil && !strings.HasPrefix(r.URL.Path, prefix) {
				h.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			w.Write([]byte(body))
		})
	}
}

func TestDoctorKeyAndSecret(t *testing.T) {
	runDoctorCases(t, []doctorCase{
		{name: "missing key", env: map[string]string{"KAKAO_REST_API_KEY": ""}, exit: ExitUsage,
			summary: "doctor: 1 check failed: REST API key",
			want: map[string]doctorWant{
				"REST API key":       {checkFail, "no REST API key: pass --client-id or set KAKAO_REST_API_KEY"},
				"client credentials": {checkWarn, "not checked: no REST API key"},
			}},
		{name: "key format is only a lint", app: emulator.App{ClientID: "My-Key-0123"},
			want: map[string]doctorWant{
				"REST API key":       {checkWarn, `"My-Key…" (11 characters) is not 32 lower-case hex characters`},
				"client credentials": {checkOK, "accepts the REST API key"},
			}},
		{name: "unknown key", env: map[string]string{"KAKAO_REST_API_KEY": strings.Repeat("0", 32)}, exit: ExitUsage,
			summary: "doctor: 1 check failed: client credentials",
			want: map[string]doctorWant{
				"client credentials": {checkFail, "KOE101 invalid_client: Not exist client_id"},
			}},
		{name: "wrong client secret", app: emulator.App{ClientSecret: "right"}, env: map[string]string{"KAKAO_CLIENT_SECRET": "wrong"},
			exit: ExitUsage, summary: "doctor: 1 check failed: client credentials",
			want: map[string]doctorWant{
				"client secret":      {checkOK, "set (not shown)"},
				"client credentials": {checkFail, "KOE010 invalid_client: Bad client credentials: the key has its client secret on"},
			}},
		{name: "client secret needed", app: emulator.App{ClientSecret: "right"}, env: map[string]string{"KAKAO_CLIENT_SECRET": ""},
			exit: ExitUsage, summary: "doctor: 1 check failed: client credentials",
			want: map[string]doctorWant{
				"client secret":      {checkOK, "new REST API keys have it ON by default"},
				"client credentials": {checkFail, "KOE010"},
			}},
	})
}

func TestDoctorRedirectURI(t *testing.T) {
	runDoctorCases(t, []doctorCase{
		{name: "non-loopback redirect", args: []string{"--redirect-uri", "http://example.com:8734/callback"},
			exit: ExitUsage, summary: "doctor: 1 check failed: redirect URI",
			want: map[string]doctorWant{"redirect URI": {checkFail, "must be localhost, 127.0.0.1 or [::1]"}}},
		{name: "redirect without port", args: []string{"--redirect-uri", "http://localhost/callback"},
			exit: ExitUsage, want: map[string]doctorWant{"redirect URI": {checkFail, "give an explicit port"}}},
		{name: "port in use", listenOn: true, exit: ExitUsage, summary: "doctor: 1 check failed: redirect URI",
			want: map[string]doctorWant{"redirect URI": {checkFail, "is in use: stop what uses it"}}},
		{name: "port 0 with the emulator", args: []string{"--redirect-uri", "http://127.0.0.1:0/callback"},
			want: map[string]doctorWant{"redirect URI": {checkOK, "any free port, for an emulator only"}}},
	})
}

func TestDoctorUnreachableServers(t *testing.T) {
	runDoctorCases(t, []doctorCase{
		{name: "unreachable auth URL", env: map[string]string{"KAKAOLOGIN_AUTH_URL": "closed"}, exit: ExitUsage,
			summary: "doctor: 1 check failed: auth URL",
			want: map[string]doctorWant{
				"auth URL":           {checkFail, "connection refused: check --auth-url (or KAKAOLOGIN_AUTH_URL) and the network"},
				"client credentials": {checkWarn, "not checked: the auth server did not answer"},
				"clock":              {checkOK, "API server's Date header"},
			}},
		{name: "unreachable servers", env: map[string]string{"KAKAOLOGIN_AUTH_URL": "closed", "KAKAOLOGIN_API_URL": "closed"}, exit: ExitUsage,
			summary: "doctor: 2 checks failed: auth URL, API URL",
			want: map[string]doctorWant{
				"API URL": {checkFail, "cannot reach http://127.0.0.1:"},
				"clock":   {checkWarn, "not checked: no server answered"},
			}},
	})
}

// The auth URL check reads the OIDC discovery document: anything but
// Kakao's is a warning (the credentials check still runs).
func TestDoctorDiscovery(t *testing.T) {
	runDoctorCases(t, []doctorCase{
		{name: "no discovery is a warning", wrap: answering("/.well-known/", http.StatusNotFound, "text/plain; charset=utf-8", "404 page not found"),
			want: map[string]doctorWant{
				"auth URL":           {checkWarn, "/.well-known/openid-configuration gave HTTP 404 (text/plain; charset=utf-8): no OIDC discovery"},
				"client credentials": {checkOK, "KOE320"},
			}},
		{name: "discovery not JSON", wrap: answering("/.well-known/", http.StatusOK, "text/html", "<!doctype html><title>Welcome</title>"),
			want: map[string]doctorWant{"auth URL": {checkWarn, "/.well-known/openid-configuration is not JSON (HTTP 200 (text/html)): is --auth-url the auth server"}}},
		{name: "discovery without issuer", wrap: answering("/.well-known/", http.StatusOK, "application/json", `{"token_endpoint":"x"}`),
			want: map[string]doctorWant{"auth URL": {checkWarn, "has no issuer or token_endpoint"}}},
		{name: "token endpoint elsewhere", wrap: answering("/.well-known/", http.StatusOK, "application/json", `{"issuer":"i","token_endpoint":"http://elsewhere.test/token"}`),
			want: map[string]doctorWant{"auth URL": {checkWarn, "its discovery says token_endpoint http://elsewhere.test/token, not http://127.0.0.1:"}}},
	})
}

// The API URL check asks /v2/user/me without a token: only Kakao's 401
// JSON error passes.
func TestDoctorAPIURL(t *testing.T) {
	runDoctorCases(t, []doctorCase{
		{name: "API URL answers HTML", apiWrap: answering("/", http.StatusOK, "text/html; charset=utf-8", "<!doctype html><title>Welcome to nginx!</title>"),
			exit: ExitUsage, summary: "doctor: 1 check failed: API URL",
			want: map[string]doctorWant{"API URL": {checkFail, "with HTTP 200 (text/html; charset=utf-8) instead of Kakao's 401 JSON error"}}},
		{name: "API URL answers a profile", apiWrap: answering("/", http.StatusOK, "application/json", `{"id":1}`),
			exit: ExitUsage, summary: "doctor: 1 check failed: API URL",
			want: map[string]doctorWant{"API URL": {checkFail, "with HTTP 200 (application/json) instead of Kakao's 401 JSON error"}}},
		{name: "Kakao's error with another status", apiWrap: answering("/", http.StatusBadRequest, "application/json", `{"msg":"bad","code":-2}`),
			want: map[string]doctorWant{"API URL": {checkWarn, `with HTTP 400 (code -2, "bad"), not 401 as Kakao does`}}},
	})
}

func TestDoctorClock(t *testing.T) {
	dated := func(d time.Duration) func(http.Handler) http.Handler {
		return func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", time.Now().Add(d).UTC().Format(http.TimeFormat))
				h.ServeHTTP(w, r)
			})
		}
	}
	runDoctorCases(t, []doctorCase{
		{name: "server clock 2 minutes ahead", wrap: dated(2 * time.Minute),
			want: map[string]doctorWant{"clock": {checkWarn, "the local clock is 2m0s behind the "}}},
		{name: "server clock 10 minutes behind", wrap: dated(-10 * time.Minute), exit: ExitUsage,
			summary: "doctor: 1 check failed: clock",
			want:    map[string]doctorWant{"clock": {checkFail, "the local clock is 10m0s ahead of the"}}},
		{name: "local clock 6 minutes ahead", now: func() time.Time { return time.Now().Add(6 * time.Minute) }, exit: ExitUsage,
			want: map[string]doctorWant{"clock": {checkFail, "6m0s ahead of"}}},
	})
}

func TestCheckRedirectPortZero(t *testing.T) {
	c := checkRedirect("http://127.0.0.1:0/callback", flow.DefaultAuthURL)
	if c.Status != checkWarn || !strings.Contains(c.Message, "port 0 (any free port) cannot work with Kakao") {
		t.Errorf("against Kakao: %+v", c)
	}
	c = checkRedirect("http://[::1]:0/", "http://127.0.0.1:8735")
	if c.Status != checkOK {
		t.Errorf("against an emulator: %+v", c)
	}
}

func TestDoctorTimeout(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(hang.Close)
	s := newDoctorSetup(t, emulator.App{}, nil)
	s.env["KAKAOLOGIN_API_URL"] = hang.URL
	start := time.Now()
	code, r, _ := runDoctorCLI(t, s.env, nil, "--request-timeout", "200ms")
	if code != ExitUsage {
		t.Errorf("exit %d", code)
	}
	if c := r.check(t, "API URL"); c.Status != checkFail || !strings.Contains(c.Message, "no answer within 200ms") {
		t.Errorf("API URL: %+v", c)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestDoctorTable(t *testing.T) {
	s := newDoctorSetup(t, emulator.App{}, nil)
	s.env["KAKAO_REST_API_KEY"] = "NOT-HEX"
	s.env["KAKAOLOGIN_API_URL"] = closedURL(t)
	f, stdout, stderr := bufferFactory(s.env)
	f.IO.OutTTY = true
	f.IO.NoColor, f.IO.Columns = true, 1000 // one line a check (wrapping and colour: table_test.go)
	if code := runWith(t, f, "doctor"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != len(doctorCheckNames) {
		t.Fatalf("table:\n%s", stdout)
	}
	for i, prefix := range []string{"!  REST API key ", "✓  client secret ", "✓  redirect URI ", "✓  auth URL ", "✗  API URL ", "✗  client credentials ", "✓  clock "} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %q, want it to start with %q", lines[i], prefix)
		}
	}
	if !strings.Contains(stderr.String(), "doctor: 2 checks failed: API URL, client credentials") {
		t.Errorf("stderr %q", stderr)
	}
}

func TestDoctorArgsToOptions(t *testing.T) {
	env := map[string]string{"KAKAO_REST_API_KEY": "env-key", "KAKAO_CLIENT_SECRET": "env-secret", "KAKAOLOGIN_API_URL": "http://api.test"}
	f, _, _ := bufferFactory(env)
	var got *DoctorOptions
	c := NewCmdDoctor(f, func(_ context.Context, o *DoctorOptions) error { got = o; return nil })
	c.SetArgs([]string{"--client-id", "flag-key", "--redirect-uri", "http://localhost:9/cb", "--request-timeout", "2s", "-o", "table"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	cfg := got.Config
	if cfg.ClientID != "flag-key" || cfg.ClientSecret != "env-secret" || cfg.RedirectURI != "http://localhost:9/cb" ||
		cfg.APIURL != "http://api.test" || cfg.AuthURL != "" || got.Timeout != 2*time.Second || got.Format != "table" ||
		got.HTTPClient != f.HTTPClient || got.Now == nil {
		t.Errorf("options %+v", got)
	}

	for args, want := range map[string]string{
		"--request-timeout 0s": "--request-timeout must be positive",
		"extra":                "takes no arguments",
		"-o yaml":              `--output "yaml"`,
	} {
		f, stdout, stderr := bufferFactory(nil)
		if code := runWith(t, f, append([]string{"doctor"}, strings.Fields(args)...)...); code != ExitUsage || stdout.Len() != 0 ||
			!strings.Contains(stderr.String(), want) {
			t.Errorf("doctor %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", args, code, stdout, stderr, want)
		}
	}
}

func TestCheckKeyNeverShowsAWholeKey(t *testing.T) {
	admin := "ADMINKEY" + strings.Repeat("9", 32) // an admin key pasted by mistake is a secret
	c := checkKey(admin)
	if c.Status != checkWarn || strings.Contains(c.Message, admin) || !strings.Contains(c.Message, `"ADMINK…" (40 characters)`) {
		t.Errorf("%+v", c)
	}
}
