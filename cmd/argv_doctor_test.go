package cmd

import (
	"context"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

func TestArgvDoctor(t *testing.T) {
	env := argvEnv{"KAKAO_REST_API_KEY": "env-key", "KAKAO_CLIENT_SECRET": "env-secret", "KAKAO_REDIRECT_URI": "http://localhost:9000/cb",
		"KAKAOLOGIN_AUTH_URL": "http://auth.test", "KAKAOLOGIN_API_URL": "http://api.test"}
	for _, tc := range []struct {
		argvCase
		check func(*DoctorOptions) bool
	}{
		// Unset settings stay unset: the doctor shows the defaults login would use.
		{argvCase{name: "defaults"}, func(o *DoctorOptions) bool {
			c := o.Config
			return c.ClientID == "" && c.ClientSecret == "" && c.RedirectURI == "" && c.AuthURL == "" && c.APIURL == "" &&
				o.Timeout == 5*time.Second && o.Format == "json"
		}},
		{argvCase{name: "environment", env: env}, func(o *DoctorOptions) bool {
			c := o.Config
			return c.ClientID == "env-key" && c.ClientSecret == "env-secret" && c.RedirectURI == "http://localhost:9000/cb" &&
				c.AuthURL == "http://auth.test" && c.APIURL == "http://api.test"
		}},
		{argvCase{name: "flags beat the environment", env: env, args: []string{"--client-id", "k", "--client-secret", "s",
			"--redirect-uri", "http://localhost:1/cb", "--auth-url", "http://a", "--api-url", "http://b", "-o", "table", "--request-timeout", "2s"}},
			func(o *DoctorOptions) bool {
				c := o.Config
				return c.ClientID == "k" && c.ClientSecret == "s" && c.RedirectURI == "http://localhost:1/cb" && c.AuthURL == "http://a" &&
					c.APIURL == "http://b" && o.Format == "table" && o.Timeout == 2*time.Second
			}},
		{argvCase{name: "--timeout, the old spelling", args: []string{"--timeout", "2s"},
			warn: "warning: --timeout is deprecated: use --request-timeout\n"}, func(o *DoctorOptions) bool {
			return o.Timeout == 2*time.Second
		}},
		{argvCase{name: "zero timeout", args: []string{"--request-timeout", "0s"}, wantErr: "--request-timeout must be positive"}, nil},
		{argvCase{name: "bad output", args: []string{"-o", "yaml"}, wantErr: `--output "yaml"`}, nil},
		{argvCase{name: "an argument", args: []string{"extra"}, wantErr: "takes no arguments"}, nil},
	} {
		var got *DoctorOptions
		f, err, stderr := argvRun(t, tc.env, tc.stdin, func(f *Factory) *cobra.Command {
			return NewCmdDoctor(f, func(_ context.Context, o *DoctorOptions) error { got = o; return nil })
		}, tc.args...)
		if !checkArgv(t, tc.argvCase, err, stderr) {
			continue
		}
		if got.IO != f.IO || got.HTTPClient != f.HTTPClient || got.Now == nil {
			t.Errorf("%s: the factory's dependencies were not passed on", tc.name)
		}
		if !tc.check(got) {
			t.Errorf("%s: %q gave options %+v", tc.name, tc.args, *got)
		}
	}
}
