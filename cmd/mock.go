package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// MockOptions are the settings of `kakaologin mock`.
type MockOptions struct {
	IO              *IOStreams
	Addr            string
	AllowRemote     bool
	AutoApprove     bool
	UsersFile       string
	App             emulator.App
	Consent         string
	AccessTokenTTL  time.Duration
	RefreshTokenTTL time.Duration
	Admin           mockAdmin // faults, clock, rate limit, admin key, request log
	Pages           mockPages // Kakao's account and consent pages, logout
	OIDC            bool      // OpenID Connect on for the app (default)
	AnyLoopbackPort bool      // a registered loopback redirect URI at any port
	SigningKeyFile  string    // PEM RSA key for id_tokens; default a fresh one
	// Ready, when set, receives the base URL once listening (tests).
	Ready func(baseURL string)

	Command    []string    // after --: run it against the emulator, exit with its status
	ReadyFile  string      // --ready-file: the base URL, written once serving
	RequestLog *requestLog // --verbose: one line per request on stderr
}

// NewCmdMock builds `kakaologin mock`. runF replaces runMock in tests.
func NewCmdMock(f *Factory, runF func(context.Context, *MockOptions) error) *cobra.Command {
	opts := &MockOptions{}
	var redirects []string
	c := &cobra.Command{
		Use:   "mock [flags] [-- CMD ARGS...]",
		Short: "Run a local emulator of Kakao's auth and API servers",
		Long: `Run a local emulator of Kakao's auth server (kauth.kakao.com) and API server
(kapi.kakao.com) on one loopback address: the same paths, JSON and KOE error
codes, so the whole login flow runs offline, in tests and in CI smoke checks.

It prints the base URL and the variables to export on stderr, and serves
until Ctrl-C. Point kakaologin (or your backend) at it with
KAKAOLOGIN_AUTH_URL and KAKAOLOGIN_API_URL. GET /_emulator/health answers
200 while it serves; --ready-file PATH gets the base URL once it does.

With -- CMD ARGS..., it runs CMD with KAKAOLOGIN_AUTH_URL,
KAKAOLOGIN_API_URL and KAKAO_REST_API_KEY (and KAKAO_CLIENT_SECRET when
set) in its environment, stops when CMD ends and exits with CMD's status:
a CI smoke check in one line. --verbose logs one line per request.

Test users are /v2/user/me responses (a JSON array, --test-users FILE): paste a
real response to test with it. The built-in users cover a full-consent user,
a user who declines email, an unverified email, an id above 2^53 and a user
who cancels: see GET /_emulator/users.`,
		Example: `  kakaologin mock
  kakaologin mock --addr 127.0.0.1:9000 --client-secret s3cret --test-users users.json
  KAKAO_REDIRECT_URI=http://localhost:8000/accounts/kakao/login/callback/ kakaologin mock
  kakaologin mock --addr 127.0.0.1:0 -- kakaologin login --headless --backend http://127.0.0.1:8000/accounts/kakao/login/finish/
  kakaologin mock --addr 127.0.0.1:0 --ready-file mock.url &`,
		Args: mockArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.IO = f.IO
			opts.Command = args
			if f.Trace != nil {
				opts.RequestLog = &requestLog{W: f.IO.ErrOut, ShowSecrets: f.Trace.ShowSecrets}
			}
			opts.App.ClientID = f.env(opts.App.ClientID, "KAKAO_REST_API_KEY")
			opts.App.ClientSecret = f.env(opts.App.ClientSecret, "KAKAO_CLIENT_SECRET")
			if len(redirects) == 0 {
				if env := f.Getenv("KAKAO_REDIRECT_URI"); env != "" {
					redirects = flow.SplitList(env)
				}
			}
			opts.App.RedirectURIs = redirects
			if err := opts.validate(); err != nil {
				return usageErrorf(err)
			}
			warnUnknownConsent(f.IO.ErrOut, opts.App.Consent)
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runMock(c.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8735", "address to listen on (loopback only unless --allow-remote; port 0: a free one)")
	fl.StringVar(&opts.ReadyFile, "ready-file", "", readyFileUsage)
	fl.BoolVar(&opts.AllowRemote, "allow-remote", false, "allow a non-loopback --addr and requests for any Host (without it, only localhost, 127.0.0.1 and [::1]: the emulator hands out tokens to anyone)")
	fl.BoolVar(&opts.AutoApprove, "auto-approve", false, "skip Kakao's account and consent pages: authorize redirects at once for the login_hint (else first) user, every item granted")
	fl.StringVar(&opts.UsersFile, "test-users", "", "test users file: a JSON array of /v2/user/me responses (default: the built-in users)")
	aliasFlag(f, c, "users", "test-users")
	fl.StringVar(&opts.App.ClientID, "client-id", "", "REST API key the emulator accepts (env KAKAO_REST_API_KEY, default "+emulator.DefaultClientID+")")
	fl.StringVar(&opts.App.ClientSecret, "client-secret", "", "client secret the emulator requires (env KAKAO_CLIENT_SECRET; default none: secret off)")
	fl.StringArrayVar(&redirects, "redirect-uri", nil, "registered redirect URI, repeatable (env KAKAO_REDIRECT_URI, comma separated; default "+emulator.DefaultRedirectURI+")")
	fl.StringVar(&opts.Consent, "consent", "", "consent items, comma separated, ':required' marks required ones (default profile_nickname:required,profile_image,account_email); an ID the emulator doesn't know is a custom item (see below)")
	fl.Int64Var(&opts.App.AppID, "app-id", 0, "app_id reported by access_token_info (default 1234567)")
	fl.DurationVar(&opts.AccessTokenTTL, "access-token-ttl", 21599*time.Second, "access token lifetime")
	fl.DurationVar(&opts.RefreshTokenTTL, "refresh-token-ttl", 5183999*time.Second, "refresh token lifetime")
	fl.BoolVar(&opts.AnyLoopbackPort, "any-loopback-port", false, "accept a registered loopback redirect URI at any port (RFC 8252 7.3), so that logins with --redirect-uri http://localhost:0/callback can run side by side; Kakao compares the port too, so this is off by default")
	fl.BoolVar(&opts.OIDC, "oidc", true, `OpenID Connect on for the app: scope=openid gets an id_token; --oidc=false answers it with KOE205 "Invalid scope: openid", as Kakao does for an app with OIDC off`)
	fl.StringVar(&opts.SigningKeyFile, "signing-key", "", "PEM RSA private key (2048 bits or more) that signs id_tokens, so they stay verifiable across restarts (default: a new key, made on first need)")
	c.Long += mockConsentHelp()
	opts.Admin.register(c)
	opts.Pages.register(c)
	return c
}

func (o *MockOptions) validate() error {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8735", o.Addr)
	}
	if !o.AllowRemote && !flow.IsLoopbackHost(host) {
		return fmt.Errorf("--addr %q is not a loopback address: the emulator hands out tokens to anyone who asks; pass --allow-remote to bind it anyway", o.Addr)
	}
	if o.AccessTokenTTL <= 0 || o.RefreshTokenTTL <= 0 {
		return errors.New("--access-token-ttl and --refresh-token-ttl must be positive")
	}
	for _, u := range o.App.RedirectURIs {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("--redirect-uri %q: want an http or https URL", u)
		}
	}
	items, err := parseConsent(o.Consent)
	if err != nil {
		return err
	}
	o.App.Consent = items
	return o.Pages.validate()
}

func (o *MockOptions) emulatorConfig() (emulator.Config, error) {
	cfg := emulator.Config{
		App:             o.App,
		AllowAnyHost:    o.AllowRemote, // else a DNS-rebinding page could use it
		AccessTokenTTL:  o.AccessTokenTTL,
		RefreshTokenTTL: o.RefreshTokenTTL,
	}
	o.Admin.apply(&cfg)
	o.Pages.apply(&cfg, o.AutoApprove)
	cfg.DisableOIDC = !o.OIDC
	cfg.AnyLoopbackPort = o.AnyLoopbackPort
	if o.SigningKeyFile != "" {
		pem, err := os.ReadFile(o.SigningKeyFile)
		if err != nil {
			return cfg, usageErrorf(fmt.Errorf("read --signing-key: %w", err))
		}
		if cfg.SigningKey, err = emulator.ParseSigningKey(pem); err != nil {
			return cfg, usageErrorf(fmt.Errorf("--signing-key %s: %w: give a PEM RSA private key (openssl genrsa 2048)", o.SigningKeyFile, err))
		}
	}
	if o.UsersFile != "" {
		users, err := readUsers(o.UsersFile)
		if err != nil {
			return cfg, err
		}
		cfg.Users = users
	}
	return cfg, nil
}

func readUsers(path string) ([]emulator.User, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErrorf(fmt.Errorf("read users file: %w", err))
	}
	users, err := emulator.ParseUsers(data)
	if err != nil {
		return nil, usageErrorf(fmt.Errorf("users file %s: %w", path, err))
	}
	return users, nil
}

// serve starts the emulator o describes on addr (see serveEmulator).
func (o *MockOptions) serve(addr string) (*http.Server, string, <-chan error, error) {
	cfg, err := o.emulatorConfig()
	if err != nil {
		return nil, "", nil, err
	}
	return serveEmulator(cfg, addr, o.RequestLog)
}

// serveEmulator starts an emulator for cfg on addr, its requests logged
// to log when not nil, and returns its server, its base URL and the
// channel Serve's end is reported on.
func serveEmulator(cfg emulator.Config, addr string, log *requestLog) (*http.Server, string, <-chan error, error) {
	em, err := emulator.New(cfg)
	if err != nil {
		return nil, "", nil, usageErrorf(fmt.Errorf("emulator config: %w", err))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", nil, usageErrorf(fmt.Errorf("listen on %s: %w: pick another --addr", addr, err))
	}
	srv := &http.Server{Handler: log.wrap(em), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	return srv, "http://" + ln.Addr().String(), served, nil
}

func runMock(ctx context.Context, o *MockOptions) error {
	ready := readyFile{path: o.ReadyFile}
	if err := ready.clear(); err != nil { // a stale URL must not look ready
		return err
	}
	srv, base, served, err := o.serve(o.Addr)
	if err != nil {
		return err
	}
	if err := ready.write(base); err != nil {
		srv.Close()
		return err
	}
	defer ready.remove()
	key, redirects := o.App.ClientID, o.App.RedirectURIs
	if key == "" {
		key = emulator.DefaultClientID
	}
	if len(redirects) == 0 {
		redirects = []string{emulator.DefaultRedirectURI}
	}
	if len(o.Command) > 0 {
		if o.Ready != nil {
			o.Ready(base)
		}
		return runMockExec(ctx, o.IO, srv, served, base, mockEnv(base, key, o.App.ClientSecret), o.Command)
	}
	fmt.Fprintf(o.IO.ErrOut, "kakaologin mock: Kakao emulator listening on %s\n\n  export KAKAOLOGIN_AUTH_URL=%s\n  export KAKAOLOGIN_API_URL=%s\n  export KAKAO_REST_API_KEY=%s\n\nRegistered redirect URIs: %s\n%sPress Ctrl-C to stop.\n",
		base, base, base, key, strings.Join(redirects, ", "), o.Pages.describe(o.AutoApprove))
	if o.Ready != nil {
		o.Ready(base)
	}
	select {
	case err := <-served:
		return fmt.Errorf("emulator: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("stop emulator: %w", err)
	}
	fmt.Fprintln(o.IO.ErrOut, "kakaologin mock: stopped")
	return nil
}

// mockRedirectURI is the redirect URI of `login --mock` without
// --redirect-uri: any free port.
const mockRedirectURI = "http://127.0.0.1:0/callback"

// startLoginMock starts the in-process emulator of `login --mock` on a
// free loopback port and returns its base URL. It registers cfg's key,
// secret and redirect URI, the last at any port (the callback server takes
// its port later, in Login), and serves the users of usersFile (default:
// the built-in users). With pages false it approves at once (AutoApprove);
// --decline needs the pages.
func startLoginMock(cfg flow.Config, usersFile string, pages bool) (base string, stop func(), err error) {
	// The login's own check comes first, so that a bad --redirect-uri gets
	// the same error with --mock as without.
	if _, err := flow.ParseRedirectURI(cfg.RedirectURI); err != nil {
		return "", nil, err
	}
	ecfg := emulator.Config{
		App: emulator.App{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURIs: []string{cfg.RedirectURI},
		},
		AutoApprove:     !pages,
		AnyLoopbackPort: true,
		RequestLogSize:  -1, // nobody can ask this private emulator for its log
	}
	if usersFile != "" {
		if ecfg.Users, err = readUsers(usersFile); err != nil {
			return "", nil, err
		}
	}
	srv, base, _, err := serveEmulator(ecfg, "127.0.0.1:0", nil)
	if err != nil {
		return "", nil, err
	}
	return base, func() { srv.Close() }, nil
}
