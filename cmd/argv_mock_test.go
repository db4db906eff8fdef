package cmd

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestArgvMock(t *testing.T) {
	env := argvEnv{"KAKAO_REST_API_KEY": "env-key", "KAKAO_CLIENT_SECRET": "env-secret",
		"KAKAO_REDIRECT_URI": "http://localhost:8000/a/,http://localhost:8000/b/"}
	for _, tc := range []struct {
		argvCase
		check func(*MockOptions) bool
	}{
		{argvCase{name: "defaults"}, func(o *MockOptions) bool {
			a := o.Admin
			return o.Addr == "127.0.0.1:8735" && !o.AllowRemote && !o.AutoApprove && o.UsersFile == "" && o.ReadyFile == "" &&
				o.App.ClientID == "" && o.App.ClientSecret == "" && len(o.App.RedirectURIs) == 0 && o.App.AppID == 0 && len(o.App.Consent) == 0 &&
				o.AccessTokenTTL == 21599*time.Second && o.RefreshTokenTTL == 5183999*time.Second && o.OIDC && o.SigningKeyFile == "" &&
				len(o.Command) == 0 && o.RequestLog == nil &&
				len(a.faults.list) == 0 && time.Duration(a.codeTTL) == emulator.DefaultCodeTTL && !a.rateLimit && a.adminKey == "" &&
				a.requestLog == emulator.DefaultRequestLogSize
		}},
		{argvCase{name: "environment", env: env}, func(o *MockOptions) bool {
			return o.App.ClientID == "env-key" && o.App.ClientSecret == "env-secret" &&
				slices.Equal(o.App.RedirectURIs, []string{"http://localhost:8000/a/", "http://localhost:8000/b/"})
		}},
		{argvCase{name: "flags beat the environment", env: env, args: []string{"--client-id", "k", "--client-secret", "s",
			"--redirect-uri", "http://localhost:1/cb", "--redirect-uri", "https://example.com/cb"}}, func(o *MockOptions) bool {
			return o.App.ClientID == "k" && o.App.ClientSecret == "s" &&
				slices.Equal(o.App.RedirectURIs, []string{"http://localhost:1/cb", "https://example.com/cb"})
		}},
		{argvCase{name: "the app", args: []string{"--consent", "profile_nickname:required,account_email", "--app-id", "42",
			"--access-token-ttl", "1h", "--refresh-token-ttl", "48h", "--oidc=false", "--signing-key", "k.pem", "--auto-approve"}},
			func(o *MockOptions) bool {
				return slices.Equal(o.App.Consent, []emulator.ConsentItem{{ID: "profile_nickname", Required: true}, {ID: "account_email"}}) &&
					o.App.AppID == 42 && o.AccessTokenTTL == time.Hour && o.RefreshTokenTTL == 48*time.Hour && !o.OIDC &&
					o.SigningKeyFile == "k.pem" && o.AutoApprove
			}},
		{argvCase{name: "a custom consent item", args: []string{"--consent", "account_email,shop_points:required"},
			warn: "warning: --consent shop_points: not a consent item the emulator knows (known: account_ci, account_email,"}, func(o *MockOptions) bool {
			return slices.Equal(o.App.Consent, []emulator.ConsentItem{{ID: "account_email"}, {ID: "shop_points", Required: true}})
		}},
		{argvCase{name: "listening", args: []string{"--addr", "0.0.0.0:0", "--allow-remote", "--ready-file", "mock.url"}}, func(o *MockOptions) bool {
			return o.Addr == "0.0.0.0:0" && o.AllowRemote && o.ReadyFile == "mock.url"
		}},
		{argvCase{name: "test users", args: []string{"--test-users", "users.json"}}, func(o *MockOptions) bool {
			return o.UsersFile == "users.json"
		}},
		{argvCase{name: "--users, the old spelling", args: []string{"--users", "users.json"},
			warn: "warning: --users is deprecated: use --test-users\n"}, func(o *MockOptions) bool {
			return o.UsersFile == "users.json"
		}},
		{argvCase{name: "instrument", args: []string{"--fault", "token:KOE237x1", "--fault", "me:-401,for=1m", "--code-ttl", "30s",
			"--rate-limit", "--admin-key", "ak", "--request-log", "0"}}, func(o *MockOptions) bool {
			a := o.Admin
			return len(a.faults.list) == 2 && a.faults.list[0].String() == "token:KOE237x1" && time.Duration(a.codeTTL) == 30*time.Second &&
				a.rateLimit && a.adminKey == "ak" && a.requestLog == 0
		}},
		{argvCase{name: "a command after --", args: []string{"--addr", "127.0.0.1:0", "--", "sh", "-c", "exit 0"}}, func(o *MockOptions) bool {
			return slices.Equal(o.Command, []string{"sh", "-c", "exit 0"})
		}},

		{argvCase{name: "remote address", args: []string{"--addr", "0.0.0.0:8735"}, wantErr: "not a loopback address"}, nil},
		{argvCase{name: "bad address", args: []string{"--addr", "8735"}, wantErr: "want HOST:PORT"}, nil},
		{argvCase{name: "zero lifetime", args: []string{"--access-token-ttl", "0s"}, wantErr: "must be positive"}, nil},
		{argvCase{name: "bad redirect URI", args: []string{"--redirect-uri", "ftp://x/cb"}, wantErr: "want an http or https URL"}, nil},
		{argvCase{name: "bad consent", args: []string{"--consent", "gender:maybe"}, wantErr: "after ':' only 'required' or 'optional'"}, nil},
		{argvCase{name: "an argument", args: []string{"extra"}, wantErr: "put it after --"}, nil},
		{argvCase{name: "nothing after --", args: []string{"--"}, wantErr: "no command after --"}, nil},
	} {
		var got *MockOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdMock(f, func(_ context.Context, o *MockOptions) error { got = o; return nil })
		}, tc.args...)
		if !checkArgv(t, tc.argvCase, err, stderr) {
			continue
		}
		if got.IO != f.IO {
			t.Errorf("%s: IO not passed on", tc.name)
		}
		if !tc.check(got) {
			t.Errorf("%s: %q gave options %+v", tc.name, tc.args, *got)
		}
	}

	// --verbose (the root's, through the factory's tracer) logs each request.
	var got *MockOptions
	argvRun(t, nil, "", func(f *Factory) *cobra.Command {
		f.enableTrace(true)
		return NewCmdMock(f, func(_ context.Context, o *MockOptions) error { got = o; return nil })
	})
	if got == nil || got.RequestLog == nil || !got.RequestLog.ShowSecrets {
		t.Errorf("with a tracer: request log %+v, want one showing secrets", got)
	}
}
