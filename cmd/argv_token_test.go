package cmd

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// savedTokenEnv saves a token issued by the servers at authURL and apiURL
// and returns the environment that points the commands at the file.
func savedTokenEnv(t *testing.T, authURL, apiURL string) argvEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token.json")
	err := tokenfile.Save(path, &tokenfile.Saved{
		AccessToken: "saved-access", TokenType: "bearer", RefreshToken: "saved-refresh", IDToken: "saved.id.token",
		ExpiresAt: time.Now().Add(time.Hour), SavedAt: time.Now(), ClientID: "saved-key", AuthURL: authURL, APIURL: apiURL,
	})
	if err != nil {
		t.Fatal(err)
	}
	return argvEnv{"KAKAOLOGIN_TOKEN_FILE": path}
}

func with(env argvEnv, kv ...string) argvEnv {
	out := argvEnv{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// accessCase is a row of the access token rows every command that calls
// the API with one shares: where the token comes from, where it goes.
type accessCase struct {
	argvCase
	token, from, apiURL string
}

// accessCases are --token, KAKAO_ACCESS_TOKEN, the saved token and
// --api-url/KAKAOLOGIN_API_URL, in their order of precedence.
func accessCases(t *testing.T) []accessCase {
	saved := savedTokenEnv(t, "http://auth.test", "http://api.test")
	env := with(saved, "KAKAO_ACCESS_TOKEN", "env-token", "KAKAOLOGIN_API_URL", "http://api.test")
	return []accessCase{
		{argvCase{name: "saved token", env: with(saved, "KAKAOLOGIN_API_URL", "http://api.test/")}, "saved-access", "saved", "http://api.test/"},
		{argvCase{name: "KAKAO_ACCESS_TOKEN beats the saved token", env: env}, "env-token", "env", "http://api.test"},
		{argvCase{name: "--token beats KAKAO_ACCESS_TOKEN", env: env, args: []string{"--token", "flag-token", "--api-url", "http://other.test"}},
			"flag-token", "flag", "http://other.test"},
		{argvCase{name: "--token - reads stdin", env: env, args: []string{"--token", "-"}, stdin: " stdin-token \n"}, "stdin-token", "stdin", "http://api.test"},
		// a saved token goes back only to the server that issued it
		{argvCase{name: "saved token, another server", env: saved, wantErr: "was issued by http://api.test, not by https://kapi.kakao.com"}, "", "", ""},
		{argvCase{name: "no token", env: argvEnv{"KAKAOLOGIN_TOKEN_FILE": filepath.Join(t.TempDir(), "none.json")},
			wantErr: "no access token: pass it with a flag"}, "", "", ""},
		{argvCase{name: "a token with a newline", args: []string{"--token", "a\nb"}, wantErr: "has a control character"}, "", "", ""},
		{argvCase{name: "an argument", args: []string{"--token", "t", "extra"}, wantErr: "takes no arguments"}, "", "", ""},
	}
}

// checkAccess checks the token and API settings an access command got.
func checkAccess(t *testing.T, tc accessCase, f *Factory, in tokenInput, apiURL string, client any) {
	t.Helper()
	if in.value != tc.token || in.from != tc.from || apiURL != tc.apiURL || client != f.HTTPClient {
		t.Errorf("%s: token %q from %q, API %q; want %q from %q, API %q", tc.name, in.value, in.from, apiURL, tc.token, tc.from, tc.apiURL)
	}
}

func TestArgvProfile(t *testing.T) {
	for _, tc := range accessCases(t) {
		var got *ProfileOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdProfile(f, func(_ context.Context, o *ProfileOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) {
			checkAccess(t, tc, f, got.Token, got.Config.APIURL, got.Config.HTTPClient)
			if got.IO != f.IO || len(got.Params.PropertyKeys) != 0 || got.Params.SecureResource {
				t.Errorf("%s: options %+v", tc.name, *got)
			}
		}
	}
	var got *ProfileOptions
	_, err, _ := argvRun(t, argvEnv{"KAKAO_ACCESS_TOKEN": "t"}, "", func(f *Factory) *cobra.Command {
		return NewCmdProfile(f, func(_ context.Context, o *ProfileOptions) error { got = o; return nil })
	}, "--property-keys", "kakao_account.email, properties.nickname", "--secure-resource")
	if err != nil || !slices.Equal(got.Params.PropertyKeys, []string{"kakao_account.email", "properties.nickname"}) || !got.Params.SecureResource {
		t.Errorf("--property-keys, --secure-resource: %v, %+v", err, got)
	}
}

func TestArgvUserinfo(t *testing.T) {
	for _, tc := range accessCases(t) {
		var got *UserinfoOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdUserinfo(f, func(_ context.Context, o *UserinfoOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) {
			checkAccess(t, tc, f, got.Token, got.Config.APIURL, got.Config.HTTPClient)
		}
	}
}

func TestArgvLogoutUnlink(t *testing.T) {
	for _, unlink := range []bool{false, true} {
		newCmd := NewCmdLogout
		if unlink {
			newCmd = NewCmdUnlink
		}
		for _, tc := range accessCases(t) {
			var got *RevokeOptions
			f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
				return newCmd(f, func(_ context.Context, o *RevokeOptions) error { got = o; return nil })
			}, tc.args...)
			if checkArgv(t, tc.argvCase, err, stderr) {
				checkAccess(t, tc, f, got.Token, got.Config.APIURL, got.Config.HTTPClient)
				if got.Unlink != unlink {
					t.Errorf("%s: Unlink %t, want %t", tc.name, got.Unlink, unlink)
				}
			}
		}
	}
}

func TestArgvTokenInfo(t *testing.T) {
	for _, tc := range accessCases(t) {
		var got *TokenInfoOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdTokenInfo(f, func(_ context.Context, o *TokenInfoOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) {
			checkAccess(t, tc, f, got.Token, got.Config.APIURL, got.Config.HTTPClient)
			if got.Format != "json" || got.Now == nil {
				t.Errorf("%s: options %+v", tc.name, *got)
			}
		}
	}
	for args, want := range map[string]string{"-o table": "table", "--output json": "json"} {
		var got *TokenInfoOptions
		_, err, _ := argvRun(t, argvEnv{"KAKAO_ACCESS_TOKEN": "t"}, "", func(f *Factory) *cobra.Command {
			return NewCmdTokenInfo(f, func(_ context.Context, o *TokenInfoOptions) error { got = o; return nil })
		}, strings.Fields(args)...)
		if err != nil || got.Format != want {
			t.Errorf("%s: %v, format %+v", args, err, got)
		}
	}
}

func TestArgvTokenRefresh(t *testing.T) {
	saved := savedTokenEnv(t, "http://auth.test", "http://api.test")
	env := with(saved, "KAKAO_REFRESH_TOKEN", "env-refresh", "KAKAO_REST_API_KEY", "env-key", "KAKAO_CLIENT_SECRET", "env-secret",
		"KAKAOLOGIN_AUTH_URL", "http://auth.test")
	for _, tc := range []struct {
		argvCase
		token, from, key, secret, authURL string
	}{
		// a saved token brings the key it was saved with
		{argvCase{name: "saved token", env: with(saved, "KAKAOLOGIN_AUTH_URL", "http://auth.test")}, "saved-refresh", "saved", "saved-key", "", "http://auth.test"},
		{argvCase{name: "environment", env: env}, "env-refresh", "env", "env-key", "env-secret", "http://auth.test"},
		{argvCase{name: "flags", env: env, args: []string{"--refresh-token", "flag-refresh", "--client-id", "k", "--client-secret", "s", "--auth-url", "http://a"}},
			"flag-refresh", "flag", "k", "s", "http://a"},
		{argvCase{name: "stdin", env: env, args: []string{"--refresh-token", "-"}, stdin: "stdin-refresh\n"}, "stdin-refresh", "stdin", "env-key", "env-secret", "http://auth.test"},
		{argvCase{name: "no key", args: []string{"--refresh-token", "r"}, wantErr: "no REST API key: pass --client-id or set KAKAO_REST_API_KEY"}, "", "", "", "", ""},
		// the refresh grant sends the secret: only to the server that issued the saved token
		{argvCase{name: "saved token, another server", env: saved, wantErr: "was issued by http://auth.test, not by https://kauth.kakao.com"}, "", "", "", "", ""},
		{argvCase{name: "no token", env: argvEnv{"KAKAOLOGIN_TOKEN_FILE": filepath.Join(t.TempDir(), "none.json")}, wantErr: "no refresh token"}, "", "", "", "", ""},
	} {
		var got *TokenRefreshOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdTokenRefresh(f, func(_ context.Context, o *TokenRefreshOptions) error { got = o; return nil })
		}, tc.args...)
		if !checkArgv(t, tc.argvCase, err, stderr) {
			continue
		}
		c := got.Config
		if got.Refresh.value != tc.token || got.Refresh.from != tc.from || c.ClientID != tc.key || c.ClientSecret != tc.secret ||
			c.AuthURL != tc.authURL || c.HTTPClient != f.HTTPClient || got.IO != f.IO || got.Now == nil {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}

func TestArgvTokenShow(t *testing.T) {
	env := argvEnv{"KAKAOLOGIN_TOKEN_FILE": "/env/token.json"}
	for _, tc := range []struct {
		argvCase
		path, format string
		show         bool
	}{
		{argvCase{name: "defaults", env: argvEnv{"XDG_CONFIG_HOME": "/xdg"}}, "/xdg/kakaologin/token.json", "json", false},
		{argvCase{name: "KAKAOLOGIN_TOKEN_FILE, flags", env: env, args: []string{"--show-secrets", "-o", "table"}}, "/env/token.json", "table", true},
		{argvCase{name: "bad output", env: env, args: []string{"-o", "yaml"}, wantErr: `--output "yaml"`}, "", "", false},
		{argvCase{name: "an argument", env: env, args: []string{"extra"}, wantErr: "takes no arguments"}, "", "", false},
	} {
		var got *TokenShowOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdTokenShow(f, func(_ context.Context, o *TokenShowOptions) error { got = o; return nil })
		}, tc.args...)
		if checkArgv(t, tc.argvCase, err, stderr) &&
			(got.Path != tc.path || got.Format != tc.format || got.ShowSecrets != tc.show || got.IO != f.IO || got.Now == nil) {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}

func TestArgvTokenVerify(t *testing.T) {
	saved := savedTokenEnv(t, "http://auth.test", "http://api.test")
	env := with(saved, "KAKAO_REST_API_KEY", "env-key", "KAKAOLOGIN_AUTH_URL", "http://auth.test")
	for _, tc := range []struct {
		argvCase
		token, from, key, authURL, nonce string
	}{
		{argvCase{name: "saved id_token, its key", env: with(saved, "KAKAOLOGIN_AUTH_URL", "http://auth.test")}, "saved.id.token", "saved", "saved-key", "http://auth.test", ""},
		{argvCase{name: "saved id_token, environment", env: env, args: []string{"--nonce", "n1"}}, "saved.id.token", "saved", "env-key", "http://auth.test", "n1"},
		{argvCase{name: "argument and flags", env: env, args: []string{"a.b.c", "--client-id", "k", "--auth-url", "http://a"}}, "a.b.c", "flag", "k", "http://a", ""},
		{argvCase{name: "stdin", env: env, args: []string{"-"}, stdin: "s.t.u\n"}, "s.t.u", "stdin", "env-key", "http://auth.test", ""},
		{argvCase{name: "saved id_token, another server", env: saved, wantErr: "was issued by http://auth.test"}, "", "", "", "", ""},
		{argvCase{name: "no key", args: []string{"a.b.c"}, wantErr: "no REST API key"}, "", "", "", "", ""},
		{argvCase{name: "two arguments", env: env, args: []string{"a", "b"}, wantErr: "takes one id_token, got 2 arguments"}, "", "", "", "", ""},
		{argvCase{name: "empty argument", env: env, args: []string{""}, wantErr: "the id_token argument is empty"}, "", "", "", "", ""},
	} {
		var got *TokenVerifyOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdTokenVerify(f, func(_ context.Context, o *TokenVerifyOptions) error { got = o; return nil })
		}, tc.args...)
		if !checkArgv(t, tc.argvCase, err, stderr) {
			continue
		}
		c := got.Config
		if got.Token.value != tc.token || got.Token.from != tc.from || c.ClientID != tc.key || c.AuthURL != tc.authURL ||
			got.Verify.Nonce != tc.nonce || got.Verify.Now == nil || c.HTTPClient != f.HTTPClient || got.IO != f.IO {
			t.Errorf("%s: options %+v", tc.name, *got)
		}
	}
}
