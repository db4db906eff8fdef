package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// UserinfoOptions are the settings of `kakaologin userinfo`.
type UserinfoOptions struct {
	IO     *IOStreams
	Config flow.Config
	Token  tokenInput
}

// NewCmdUserinfo builds `kakaologin userinfo`.
func NewCmdUserinfo(f *Factory, runF func(context.Context, *UserinfoOptions) error) *cobra.Command {
	opts := &UserinfoOptions{}
	var access accessFlags
	c := &cobra.Command{
		Use:   "userinfo",
		Short: "Fetch the OpenID Connect userinfo (/v1/oidc/userinfo) with an access token",
		Long: `Fetch /v1/oidc/userinfo and print Kakao's JSON as returned: sub and the
claims the user consented to (nickname, picture, email and email_verified,
name, gender, birthdate, phone_number...). The access token must come from
a login with --scope openid.

The access token comes from, in order: --token (- reads one line from stdin),
KAKAO_ACCESS_TOKEN, the token saved by "kakaologin login --save".`,
		Example: `  kakaologin login --scope openid --save && kakaologin userinfo
  kakaologin userinfo --token "$ACCESS_TOKEN"`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			in, cfg, err := access.resolve(f)
			if err != nil {
				return err
			}
			opts.IO, opts.Token, opts.Config = f.IO, in, cfg
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runUserinfo(c.Context(), opts)
		},
	}
	access.register(c)
	return c
}

func runUserinfo(ctx context.Context, opts *UserinfoOptions) error {
	info, err := opts.Config.UserInfo(ctx, opts.Token.value)
	if needsOpenID(err) {
		return fmt.Errorf("%w (the token's login did not ask for openid: log in again with --scope openid)", err)
	}
	if err != nil {
		return err
	}
	return writeJSON(opts.IO.Out, info, opts.IO.ColorOut())
}

// needsOpenID reports a -402 whose required_scopes name openid: the
// catalogue's fix speaks of consent items, the missing one here is openid.
func needsOpenID(err error) bool {
	var apErr *flow.APIError
	if !errors.As(err, &apErr) || apErr.Code != -402 {
		return false
	}
	var body struct {
		RequiredScopes []string `json:"required_scopes"`
	}
	return json.Unmarshal(apErr.Body, &body) == nil && slices.Contains(body.RequiredScopes, "openid")
}
