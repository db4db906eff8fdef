package cmd

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
	"github.com/kakaologin/kakaologin/localdb"
)

func TestArgvLogin(t *testing.T) {
	key := argvEnv{"KAKAO_REST_API_KEY": "env-key"}
	all := argvEnv{
		"KAKAO_REST_API_KEY": "env-key", "KAKAO_CLIENT_SECRET": "env-secret", "KAKAO_REDIRECT_URI": "http://localhost:9000/cb",
		"KAKAOLOGIN_AUTH_URL": "http://auth.test", "KAKAOLOGIN_API_URL": "http://api.test",
		"KAKAOLOGIN_DB": "/env/users.db", "KAKAOLOGIN_RULES": "lenient", "KAKAOLOGIN_TOKEN_FILE": "/env/token.json",
	}
	for _, tc := range []struct {
		argvCase
		check func(*LoginOptions) bool
	}{
		{argvCase{name: "defaults", env: key}, func(o *LoginOptions) bool {
			return o.Config.ClientID == "env-key" && o.Config.ClientSecret == "" && o.Config.RedirectURI == "" &&
				o.Config.AuthURL == "" && o.Config.APIURL == "" && o.Timeout == 5*time.Minute &&
				!o.Mock && !o.Headless && !o.NoBrowser && !o.Record && !o.Save && o.DB == "" && o.Rules == "" &&
				o.Backend.URL == "" && o.Backend.Send == "access_token" && o.Backend.Timeout == 30*time.Second
		}},
		{argvCase{name: "environment", env: all}, func(o *LoginOptions) bool {
			return o.Config.ClientID == "env-key" && o.Config.ClientSecret == "env-secret" && o.Config.RedirectURI == "http://localhost:9000/cb" &&
				o.Config.AuthURL == "http://auth.test" && o.Config.APIURL == "http://api.test"
		}},
		{argvCase{name: "flags beat the environment", env: all, args: []string{"--client-id", "k", "--client-secret", "s",
			"--redirect-uri", "http://127.0.0.1:7/cb", "--auth-url", "http://a", "--api-url", "http://b"}}, func(o *LoginOptions) bool {
			return o.Config.ClientID == "k" && o.Config.ClientSecret == "s" && o.Config.RedirectURI == "http://127.0.0.1:7/cb" &&
				o.Config.AuthURL == "http://a" && o.Config.APIURL == "http://b"
		}},
		{argvCase{name: "authorize parameters", env: key, args: []string{"--scope", "account_email, openid", "--prompt", "login,select_account",
			"--login-hint", "kim@example.com", "--service-terms", "a,b", "--nonce", "n1", "--timeout", "10m", "--no-browser", "--headless"}},
			func(o *LoginOptions) bool {
				p := o.Params
				return slices.Equal(p.Scopes, []string{"account_email", "openid"}) && slices.Equal(p.Prompt, []string{"login", "select_account"}) &&
					p.LoginHint == "kim@example.com" && slices.Equal(p.ServiceTerms, []string{"a", "b"}) && p.Nonce == "n1" &&
					o.Timeout == 10*time.Minute && o.NoBrowser && o.Headless
			}},
		// --mock ignores KAKAO_REDIRECT_URI (it may name a real backend's port) but not the flag.
		{argvCase{name: "mock", env: argvEnv{"KAKAO_REDIRECT_URI": "http://localhost:8000/cb"}, args: []string{"--mock"}}, func(o *LoginOptions) bool {
			return o.Mock && o.Config.ClientID == emulator.DefaultClientID && o.Config.RedirectURI == mockRedirectURI && o.MockUsers == ""
		}},
		{argvCase{name: "mock with a redirect URI", args: []string{"--mock", "--redirect-uri", "http://127.0.0.1:7/cb", "--client-id", "k"}}, func(o *LoginOptions) bool {
			return o.Config.RedirectURI == "http://127.0.0.1:7/cb" && o.Config.ClientID == "k"
		}},
		{argvCase{name: "test users", args: []string{"--mock", "--test-users", "users.json"}}, func(o *LoginOptions) bool {
			return o.MockUsers == "users.json"
		}},
		{argvCase{name: "--mock-users, the old spelling", args: []string{"--mock", "--mock-users", "users.json"},
			warn: "warning: --mock-users is deprecated: use --test-users\n"}, func(o *LoginOptions) bool {
			return o.MockUsers == "users.json"
		}},
		{argvCase{name: "record, environment", env: all, args: []string{"--record", "--require-email"}}, func(o *LoginOptions) bool {
			return o.Record && o.RequireEmail && o.DB == "/env/users.db" && o.Rules == localdb.RulesLenient && o.OpenDB != nil
		}},
		{argvCase{name: "record, flags", env: all, args: []string{"--record", "--db", "x.db", "--rules", "allauth"}}, func(o *LoginOptions) bool {
			return o.DB == "x.db" && o.Rules == localdb.RulesAllauth
		}},
		{argvCase{name: "record, defaults", env: argvEnv{"KAKAO_REST_API_KEY": "k", "XDG_DATA_HOME": "/xdg"}, args: []string{"--record"}}, func(o *LoginOptions) bool {
			return o.DB == "/xdg/kakaologin/users.db" && o.Rules == localdb.DefaultRules
		}},
		{argvCase{name: "save", env: all, args: []string{"--save"}}, func(o *LoginOptions) bool {
			return o.Save && o.TokenPath == "/env/token.json"
		}},
		{argvCase{name: "backend", env: key, args: []string{"--backend", "http://127.0.0.1:8000/finish/", "--backend-json",
			"--backend-send", "id_token", "--backend-timeout", "5s", "--scope", "account_email"}}, func(o *LoginOptions) bool {
			b := o.Backend
			return b.URL == "http://127.0.0.1:8000/finish/" && b.JSON && b.Send == "id_token" && b.Timeout == 5*time.Second &&
				slices.Equal(o.Params.Scopes, []string{"account_email", "openid"}) // an ID token needs openid
		}},

		{argvCase{name: "no key", wantErr: "no REST API key: pass --client-id or set KAKAO_REST_API_KEY"}, nil},
		{argvCase{name: "bad prompt", env: key, args: []string{"--prompt", "login,bogus"}, wantErr: `--prompt "bogus" is not one of`}, nil},
		{argvCase{name: "zero timeout", env: key, args: []string{"--timeout", "0s"}, wantErr: "--timeout must be positive"}, nil},
		{argvCase{name: "test users without mock", env: key, args: []string{"--test-users", "u.json"}, wantErr: "--test-users only goes with --mock"}, nil},
		{argvCase{name: "rules without record", env: key, args: []string{"--rules", "seed"}, wantErr: "--rules only goes with --record"}, nil},
		{argvCase{name: "bad rules", env: key, args: []string{"--record", "--rules", "strict"}, wantErr: "--rules"}, nil},
		{argvCase{name: "bad rules from the environment", env: argvEnv{"KAKAO_REST_API_KEY": "k", "KAKAOLOGIN_RULES": "strict"}, args: []string{"--record"},
			wantErr: "KAKAOLOGIN_RULES"}, nil},
		{argvCase{name: "require-email without record", env: key, args: []string{"--require-email"}, wantErr: "--require-email only goes with --record"}, nil},
		{argvCase{name: "backend flag without backend", env: key, args: []string{"--backend-json"}, wantErr: "--backend-json only goes with --backend URL"}, nil},
		{argvCase{name: "bad backend-send", env: key, args: []string{"--backend", "http://127.0.0.1:8000/f/", "--backend-send", "password"},
			wantErr: `--backend-send "password" is not one of`}, nil},
		{argvCase{name: "backend code with save", env: key, args: []string{"--backend", "http://127.0.0.1:8000/f/", "--backend-send", "code", "--save"},
			wantErr: "--save cannot go with it"}, nil},
	} {
		var got *LoginOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdLogin(f, func(_ context.Context, o *LoginOptions) error { got = o; return nil })
		}, tc.args...)
		if !checkArgv(t, tc.argvCase, err, stderr) {
			continue
		}
		if got.IO != f.IO || got.HTTPClient != f.HTTPClient || got.Now == nil || got.OpenBrowser == nil || got.Config.HTTPClient != f.HTTPClient {
			t.Errorf("%s: the factory's dependencies were not passed on: %+v", tc.name, got)
		}
		if !tc.check(got) {
			t.Errorf("%s: %q gave options %+v", tc.name, tc.args, *got)
		}
	}
}
