package cmd

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/localdb"
)

// The flags several commands share, each with its environment fallback:
// the app and its servers, the access token, the user store and its rules.

// appFlags are the app and endpoint settings every Kakao command takes.
// Each flag falls back to an environment variable (the names a Django
// backend's settings already use), then to a default.
type appFlags struct {
	clientID, clientSecret, redirectURI string
	authURL, apiURL                     string
}

func (a *appFlags) register(c *cobra.Command, withRedirect bool) {
	fl := c.Flags()
	fl.StringVar(&a.clientID, "client-id", "", "REST API key of the Kakao app (env KAKAO_REST_API_KEY)")
	fl.StringVar(&a.clientSecret, "client-secret", "", "client secret, when the key has it on (env KAKAO_CLIENT_SECRET; prefer the env var: flags show in ps)")
	if withRedirect {
		fl.StringVar(&a.redirectURI, "redirect-uri", "", "loopback redirect URI registered for the key (env KAKAO_REDIRECT_URI, default "+flow.DefaultRedirectURI+")")
	}
	fl.StringVar(&a.authURL, "auth-url", "", "auth server base URL (env KAKAOLOGIN_AUTH_URL, default "+flow.DefaultAuthURL+")")
	fl.StringVar(&a.apiURL, "api-url", "", "API server base URL (env KAKAOLOGIN_API_URL, default "+flow.DefaultAPIURL+")")
}

// config resolves flags, then environment, then defaults.
func (a *appFlags) config(f *Factory) flow.Config {
	return flow.Config{
		ClientID:     f.env(a.clientID, "KAKAO_REST_API_KEY"),
		ClientSecret: f.env(a.clientSecret, "KAKAO_CLIENT_SECRET"),
		RedirectURI:  f.env(a.redirectURI, "KAKAO_REDIRECT_URI"),
		AuthURL:      f.env(a.authURL, "KAKAOLOGIN_AUTH_URL"),
		APIURL:       f.env(a.apiURL, "KAKAOLOGIN_API_URL"),
		HTTPClient:   f.HTTPClient,
		Now:          f.Now,
		Trace:        f.Trace,
	}
}

// accessFlags are the flags of a command that calls Kakao's API with an
// access token: --api-url and --token (no key or secret is needed).
type accessFlags struct {
	apiURL string
	token  string
}

func (a *accessFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&a.apiURL, "api-url", "", "API server base URL (env KAKAOLOGIN_API_URL, default "+flow.DefaultAPIURL+")")
	c.Flags().StringVar(&a.token, "token", "", "access token (- reads stdin; env KAKAO_ACCESS_TOKEN; default the saved token)")
}

// resolve finds the token and the config to use it with.
func (a *accessFlags) resolve(f *Factory) (tokenInput, flow.Config, error) {
	in, err := f.accessToken(a.token)
	if err != nil {
		return tokenInput{}, flow.Config{}, err
	}
	cfg := flow.Config{APIURL: f.env(a.apiURL, "KAKAOLOGIN_API_URL"), HTTPClient: f.HTTPClient, Trace: f.Trace}
	if err := sameServer(in, savedAPIURL(in), cfg.APIURL, flow.DefaultAPIURL, "--api-url", "KAKAOLOGIN_API_URL"); err != nil {
		return tokenInput{}, flow.Config{}, err
	}
	return in, withSaved(cfg, in), nil
}

// dbFlag is the --db flag of the commands that use the local user store.
type dbFlag struct{ path string }

func (d *dbFlag) register(c *cobra.Command) {
	c.Flags().StringVar(&d.path, "db", "", "user store (SQLite) path (env KAKAOLOGIN_DB, default $XDG_DATA_HOME/kakaologin/users.db)")
}

// resolve is --db, then KAKAOLOGIN_DB, then the XDG data directory.
func (d *dbFlag) resolve(f *Factory) (string, error) {
	if p := f.env(d.path, "KAKAOLOGIN_DB"); p != "" {
		return p, nil
	}
	dir := f.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", usageErrorf(fmt.Errorf("no home directory for the user store: pass --db PATH"))
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "kakaologin", "users.db"), nil
}

// storeFlags are the flags of the user store commands: --db and --output.
type storeFlags struct {
	db  dbFlag
	out outputFlag
}

func (s *storeFlags) register(c *cobra.Command) {
	s.db.register(c)
	s.out.register(c)
}

// resolve returns the store's path and the output format.
func (s *storeFlags) resolve(f *Factory) (path, format string, err error) {
	if path, err = s.db.resolve(f); err != nil {
		return "", "", err
	}
	format, err = s.out.format(f.IO)
	return path, format, err
}

// requireEmailUsage is the help of --require-email, on every command that
// records: login --record, users record, users import.
const requireEmailUsage = "a profile without email is a conflict (email_required), as for a backend that requires email"

// rulesFlag is --rules, the backend rules a recorded login is decided by,
// on every command that records: login --record, users record, users import.
type rulesFlag struct{ name string }

func (r *rulesFlag) register(c *cobra.Command) {
	names := make([]string, len(localdb.AllRules))
	for i, x := range localdb.AllRules {
		names[i] = string(x)
	}
	c.Flags().StringVar(&r.name, "rules", "", fmt.Sprintf(
		"backend rules to decide by: %s (env KAKAOLOGIN_RULES, default %s; see kakaologin users --help)",
		strings.Join(names, ", "), localdb.DefaultRules))
}

// resolve is --rules, then KAKAOLOGIN_RULES, then the default.
func (r *rulesFlag) resolve(f *Factory) (localdb.Rules, error) {
	rules, err := localdb.ParseRules(f.env(r.name, "KAKAOLOGIN_RULES"))
	if err != nil {
		from := "--rules"
		if r.name == "" {
			from = "KAKAOLOGIN_RULES"
		}
		return "", usageErrorf(fmt.Errorf("%s: %w", from, err))
	}
	return rules, nil
}

// Renamed flags. An old spelling keeps working as a hidden flag that says,
// on stderr, what replaced it. pflag's MarkDeprecated would say so through
// cobra's output writer, which Run points at stdout, the data contract.

// aliasFlag adds --old, hidden, as a deprecated spelling of c's flag
// --name (defined before): setting it sets --name.
func aliasFlag(f *Factory, c *cobra.Command, old, name string) {
	to := c.Flags().Lookup(name)
	if to == nil {
		panic("aliasFlag: no flag --" + name)
	}
	c.Flags().AddFlag(&pflag.Flag{
		Name: old, Usage: "deprecated: use --" + name,
		Value: &aliasValue{to: to}, DefValue: to.DefValue, NoOptDefVal: to.NoOptDefVal,
	})
	deprecateFlag(f, c, old, "use --"+name)
}

// deprecateFlag hides c's flag --old and makes setting it warn on stderr,
// instead saying what to do.
func deprecateFlag(f *Factory, c *cobra.Command, old, instead string) {
	fl := c.Flags().Lookup(old)
	fl.Hidden = true
	fl.Value = &deprecatedValue{Value: fl.Value, warn: func() {
		fmt.Fprintf(f.IO.ErrOut, "warning: --%s is deprecated: %s\n", old, instead)
	}}
}

// aliasValue sets the flag it stands for.
type aliasValue struct{ to *pflag.Flag }

func (a *aliasValue) Set(s string) error {
	if err := a.to.Value.Set(s); err != nil {
		return err
	}
	a.to.Changed = true
	return nil
}

func (a *aliasValue) String() string { return a.to.Value.String() }
func (a *aliasValue) Type() string   { return a.to.Value.Type() }

// deprecatedValue warns once, the first time it is set.
type deprecatedValue struct {
	pflag.Value
	warn   func()
	warned bool
}

func (d *deprecatedValue) Set(s string) error {
	if !d.warned {
		d.warned = true
		d.warn()
	}
	return d.Value.Set(s)
}
