package cmd

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
	"github.com/kakaologin/kakaologin/localdb"
)

// LoginOptions are the settings of one `kakaologin login`.
type LoginOptions struct {
	IO          *IOStreams
	HTTPClient  *http.Client
	OpenBrowser func(string) error
	Now         func() time.Time

	Config    flow.Config
	Params    flow.AuthorizeParams
	Timeout   time.Duration
	NoBrowser bool
	Headless  bool
	Mock      bool
	MockUsers string // users file for the in-process emulator
	Save      bool   // write the token to the token file
	TokenPath string

	Record       bool          // run the signup/signin decision on the local store
	RequireEmail bool          // with Record: no email is a conflict
	Rules        localdb.Rules // with Record: the backend rules to decide by
	DB           string        // the store's path
	OpenDB       func(ctx context.Context, path string, readOnly bool) (*localdb.DB, error)

	Backend backendFlags // --backend URL: hand the login to the developer's backend
	Decline declineFlag  // --decline: items the headless player unticks
}

var validPrompts = []string{"login", "none", "create", "select_account", "cert"}

// NewCmdLogin builds `kakaologin login`. runF replaces runLogin in tests.
func NewCmdLogin(f *Factory, runF func(context.Context, *LoginOptions) error) *cobra.Command {
	opts := &LoginOptions{}
	var app appFlags
	var scope, prompt, terms string
	var db dbFlag
	var rules rulesFlag
	c := &cobra.Command{
		Use:   "login",
		Short: "Log in with Kakao and print the token and profile as JSON",
		Long: `Log in with Kakao: start a callback server on the loopback redirect URI, open
the authorize page in the browser (random state, PKCE S256), exchange the code
and fetch /v2/user/me. stdout gets {"token": ..., "profile": ...} exactly as
Kakao sent them; everything else goes to stderr.

The redirect URI (default ` + flow.DefaultRedirectURI + `) must be registered
for the REST API key in the Kakao Developers console, exactly, port included.

--mock runs the whole flow offline against an in-process emulator: no key,
no network, no browser, any free port.`,
		Example: `  kakaologin login --mock
  KAKAO_REST_API_KEY=... kakaologin login
  kakaologin login --client-id KEY --scope account_email --prompt login
  kakaologin login --no-browser --timeout 10m`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.IO, opts.HTTPClient, opts.OpenBrowser, opts.Now = f.IO, f.HTTPClient, f.OpenBrowser, f.Now
			opts.Config = app.config(f)
			if opts.Mock {
				// The in-process emulator registers the key and the redirect
				// URI it is given, at any port. A redirect URI exported for a
				// real backend (KAKAO_REDIRECT_URI, maybe on a port that
				// backend holds) must not apply: only the flag, else any
				// free port.
				opts.Config.ClientID = cmp.Or(opts.Config.ClientID, emulator.DefaultClientID)
				opts.Config.RedirectURI = cmp.Or(app.redirectURI, mockRedirectURI)
			}
			opts.Params.Scopes = flow.SplitList(scope)
			opts.Params.Prompt = flow.SplitList(prompt)
			opts.Params.ServiceTerms = flow.SplitList(terms)
			if err := opts.Backend.resolve(c); err != nil {
				return err
			}
			opts.Params.Scopes = opts.Backend.scopes(opts.Params.Scopes)
			if rules.name != "" && !opts.Record {
				return usageErrorf(errors.New("--rules only goes with --record"))
			}
			if opts.Record {
				path, err := db.resolve(f)
				if err != nil {
					return err
				}
				opts.DB, opts.OpenDB = path, f.openDB
				if opts.Rules, err = rules.resolve(f); err != nil {
					return err
				}
			}
			if opts.Save {
				path, err := f.tokenPath()
				if err != nil {
					return err
				}
				opts.TokenPath = path
			}
			if err := opts.validate(); err != nil {
				return usageErrorf(err)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runLogin(c.Context(), opts)
		},
	}
	app.register(c, true)
	fl := c.Flags()
	fl.StringVar(&scope, "scope", "", "extra consent items to ask for, comma or space separated (e.g. account_email,openid)")
	fl.StringVar(&prompt, "prompt", "", "comma separated: "+strings.Join(validPrompts, ", "))
	fl.StringVar(&opts.Params.LoginHint, "login-hint", "", "pre-fill the Kakao Account login field; the emulator picks the test user by email or id")
	fl.StringVar(&terms, "service-terms", "", "Kakao Sync service-terms tags, comma separated")
	fl.StringVar(&opts.Params.Nonce, "nonce", "", "OIDC nonce to send (default with --scope openid: a random one)")
	fl.DurationVar(&opts.Timeout, "timeout", 5*time.Minute, "how long to wait for the login to come back to the callback, with a browser or without (then exit 4)")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "print the authorize URL on stderr instead of opening a browser")
	fl.BoolVar(&opts.Headless, "headless", false, "follow the authorize URL with an HTTP client instead of a browser (emulator only)")
	fl.BoolVar(&opts.Mock, "mock", false, "run against an in-process emulator: offline, no key, implies --headless")
	fl.StringVar(&opts.MockUsers, "test-users", "", "with --mock: test users file, a JSON array of /v2/user/me responses (default: the built-in users)")
	aliasFlag(f, c, "mock-users", "test-users")
	fl.BoolVar(&opts.Record, "record", false, "store the user in the local user store as a backend would: signup, signin or conflict (exit 7)")
	fl.BoolVar(&opts.RequireEmail, "require-email", false, "with --record: "+requireEmailUsage)
	db.register(c)
	rules.register(c)
	opts.Backend.register(c)
	opts.Decline.register(c)
	fl.BoolVar(&opts.Save, "save", false, "save the token (mode 0600, KAKAOLOGIN_TOKEN_FILE or $XDG_CONFIG_HOME/kakaologin/token.json) for the commands that take one: profile, userinfo, token, logout, unlink")
	return c
}

func (o *LoginOptions) validate() error {
	if o.Timeout <= 0 {
		return fmt.Errorf("--timeout must be positive, got %s", o.Timeout)
	}
	for _, p := range o.Params.Prompt {
		if !slices.Contains(validPrompts, p) {
			return fmt.Errorf("--prompt %q is not one of %s", p, strings.Join(validPrompts, ", "))
		}
	}
	if o.RequireEmail && !o.Record {
		return errors.New("--require-email only goes with --record")
	}
	if err := o.Decline.validate(o.Headless || o.Mock); err != nil {
		return err
	}
	if o.MockUsers != "" && !o.Mock {
		return errors.New("--test-users only goes with --mock")
	}
	if !o.Mock && o.Config.ClientID == "" {
		return errors.New("no REST API key: pass --client-id or set KAKAO_REST_API_KEY (or try --mock to run offline)")
	}
	return nil
}

// loginOutput is the stdout document: Kakao's JSON kept byte for byte,
// the verified id_token decoded, with --record what the store decided and
// with --backend what the backend answered. --backend-send code has no
// token: the backend exchanged the code.
type loginOutput struct {
	Token   json.RawMessage   `json:"token,omitempty"`
	IDToken *flow.IDToken     `json:"id_token,omitempty"`
	Profile json.RawMessage   `json:"profile,omitempty"`
	User    *localdb.Decision `json:"user,omitempty"`
	Backend *backendOutput    `json:"backend,omitempty"`
}

func runLogin(ctx context.Context, opts *LoginOptions) error {
	parent := ctx // the backend call has its own timeout, not the login's
	var store *localdb.DB
	if opts.Record { // before the login: an unusable store fails fast
		var err error
		if store, err = opts.OpenDB(ctx, opts.DB, false); err != nil {
			return err
		}
		defer store.Close()
	}
	cfg := opts.Config
	if opts.Mock {
		base, stop, err := startLoginMock(cfg, opts.MockUsers, opts.Decline.showsPages())
		if err != nil {
			return err
		}
		defer stop()
		cfg.AuthURL, cfg.APIURL = base, base
	}
	ctx, cancel := context.WithTimeoutCause(ctx, opts.Timeout, errTimeout)
	defer cancel()
	prompt := &loginPrompt{opts: opts}
	loginOpts := []flow.LoginOption{flow.OnIgnored(prompt.warnIgnored)}
	if !opts.Backend.exchangesCode() {
		loginOpts = append(loginOpts, flow.CodeOnly()) // the backend exchanges it
	}
	res, err := cfg.Login(ctx, opts.Params, prompt.open, loginOpts...)
	prompt.done()
	if err != nil {
		err = &redirectURIError{uri: cfg.RedirectURI, err: err}
	}
	if err == nil && res.Code != "" {
		return forwardCode(parent, opts, res)
	}
	if res != nil && res.Token != nil && opts.Save {
		if serr := tokenfile.Save(opts.TokenPath, savedFrom(res.Token, cfg, opts.Now())); serr != nil {
			err = errors.Join(err, serr)
		} else {
			fmt.Fprintf(opts.IO.ErrOut, "Saved the token to %s.\n", opts.TokenPath)
			if opts.Mock {
				fmt.Fprintln(opts.IO.ErrOut, "warning: --mock's emulator stops with this command, so the saved token will not work for profile, token or logout: run kakaologin mock and log in with --headless --save to keep working with one")
			}
		}
	}
	if res == nil || res.Token == nil {
		return err
	}
	out := loginOutput{Token: res.Token.Raw, IDToken: res.IDToken, Profile: res.Profile}
	if err == nil && store != nil {
		err = record(ctx, store, opts, &out)
	}
	if err == nil && opts.Backend.enabled() {
		out.Backend, err = forwardToBackend(parent, opts.HTTPClient, opts.IO.ErrOut, &opts.Backend, res.Token, "", res.RedirectURI)
	}
	// The token is printed even when a later step failed: nothing is lost.
	if werr := writeValue(opts.IO.Out, out, opts.IO.ColorOut()); werr != nil && err == nil {
		err = werr
	}
	return err
}

// forwardCode is login --backend-send code: the code, unexchanged, goes
// to the backend, and its answer is the output.
func forwardCode(ctx context.Context, opts *LoginOptions, res *flow.LoginResult) error {
	var out loginOutput
	var err error
	out.Backend, err = forwardToBackend(ctx, opts.HTTPClient, opts.IO.ErrOut, &opts.Backend, nil, res.Code, res.RedirectURI)
	if out.Backend == nil {
		return err
	}
	if werr := writeValue(opts.IO.Out, out, opts.IO.ColorOut()); werr != nil && err == nil {
		err = werr
	}
	return err
}
