package cmd

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// TokenShowOptions are the settings of `kakaologin token show`.
type TokenShowOptions struct {
	IO          *IOStreams
	Now         func() time.Time
	Path        string
	ShowSecrets bool
	Format      string // json or table
}

// NewCmdTokenShow builds `kakaologin token show`.
func NewCmdTokenShow(f *Factory, runF func(context.Context, *TokenShowOptions) error) *cobra.Command {
	opts := &TokenShowOptions{}
	var out outputFlag
	c := &cobra.Command{
		Use:   "show",
		Short: "Print the saved token with the time left",
		Long: `Print the token saved by "kakaologin login --save" (or updated by "token
refresh"), with the seconds left on each token. Tokens are shortened to a
prefix unless --show-secrets is given. The file is KAKAOLOGIN_TOKEN_FILE, or
$XDG_CONFIG_HOME/kakaologin/token.json (mode 0600).`,
		Example: `  kakaologin token show
  kakaologin token show --show-secrets | jq -r .access_token`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			path, err := f.tokenPath()
			if err != nil {
				return err
			}
			opts.IO, opts.Now, opts.Path = f.IO, f.Now, path
			if opts.Format, err = out.format(f.IO); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runTokenShow(opts)
		},
	}
	out.register(c)
	c.Flags().BoolVar(&opts.ShowSecrets, "show-secrets", false, "print the tokens in full (default: a 6-character prefix); no --verbose needed")
	return c
}

func runTokenShow(opts *TokenShowOptions) error {
	s, err := tokenfile.Load(opts.Path)
	if err != nil {
		if errors.Is(err, tokenfile.ErrNotSaved) {
			return usageErrorf(fmt.Errorf("%w: run kakaologin login --save first", err))
		}
		return usageErrorf(loadHint(err))
	}
	now := opts.Now()
	out := struct {
		*tokenfile.Saved
		ExpiresIn             int64  `json:"expires_in"`
		RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
		Path                  string `json:"path"`
	}{Saved: s, Path: opts.Path, ExpiresIn: secondsLeft(s.ExpiresAt, now)}
	if !s.RefreshTokenExpiresAt.IsZero() {
		out.RefreshTokenExpiresIn = secondsLeft(s.RefreshTokenExpiresAt, now)
	}
	if !opts.ShowSecrets {
		s.AccessToken, s.RefreshToken, s.IDToken = flow.Redact(s.AccessToken), flow.Redact(s.RefreshToken), flow.Redact(s.IDToken)
	}
	return writeData(opts.IO, opts.Format, out)
}

// secondsLeft is the whole seconds until t, 0 once past.
func secondsLeft(t, now time.Time) int64 {
	return max(0, int64(t.Sub(now)/time.Second))
}
