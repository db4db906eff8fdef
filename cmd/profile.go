package cmd

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// ProfileOptions are the settings of `kakaologin profile`.
type ProfileOptions struct {
	IO     *IOStreams
	Config flow.Config
	Token  tokenInput
	Params flow.MeParams
}

// NewCmdProfile builds `kakaologin profile`.
func NewCmdProfile(f *Factory, runF func(context.Context, *ProfileOptions) error) *cobra.Command {
	opts := &ProfileOptions{}
	var access accessFlags
	var keys string
	c := &cobra.Command{
		Use:   "profile",
		Short: "Fetch /v2/user/me with an access token",
		Long: `Fetch /v2/user/me and print Kakao's JSON as returned (ids exact).

The access token comes from, in order: --token (- reads one line from stdin),
KAKAO_ACCESS_TOKEN, the token saved by "kakaologin login --save".`,
		Example: `  kakaologin profile --token "$ACCESS_TOKEN"
  kakaologin token show --show-secrets | jq -r .access_token | kakaologin profile --token -
  kakaologin profile --property-keys kakao_account.email,kakao_account.profile`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			in, cfg, err := access.resolve(f)
			if err != nil {
				return err
			}
			opts.IO, opts.Token = f.IO, in
			opts.Config = cfg
			opts.Params.PropertyKeys = flow.SplitList(keys)
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runProfile(c.Context(), opts)
		},
	}
	access.register(c)
	c.Flags().StringVar(&keys, "property-keys", "", "only these keys, comma separated (e.g. kakao_account.email); sent as Kakao's JSON array")
	c.Flags().BoolVar(&opts.Params.SecureResource, "secure-resource", false, "ask for https image URLs")
	return c
}

func runProfile(ctx context.Context, opts *ProfileOptions) error {
	me, err := opts.Config.Me(ctx, opts.Token.value, opts.Params)
	if err != nil {
		return err
	}
	return writeJSON(opts.IO.Out, me, opts.IO.ColorOut())
}
