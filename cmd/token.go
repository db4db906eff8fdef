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

// newCmdToken groups the token commands.
func newCmdToken(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "token",
		Short: "Inspect, refresh, show and verify tokens",
		Args:  subcommandArgs,
		RunE: func(c *cobra.Command, args []string) error {
			return usageErrorf(fmt.Errorf("kakaologin token needs a subcommand: info, refresh, show or verify (see kakaologin token --help)"))
		},
	}
	c.AddCommand(NewCmdTokenInfo(f, nil), NewCmdTokenRefresh(f, nil), NewCmdTokenShow(f, nil), NewCmdTokenVerify(f, nil))
	return c
}

// TokenInfoOptions are the settings of `kakaologin token info`.
type TokenInfoOptions struct {
	IO     *IOStreams
	Now    func() time.Time
	Config flow.Config
	Token  tokenInput
	Format string // json or table
}

// NewCmdTokenInfo builds `kakaologin token info`.
func NewCmdTokenInfo(f *Factory, runF func(context.Context, *TokenInfoOptions) error) *cobra.Command {
	opts := &TokenInfoOptions{}
	var access accessFlags
	var out outputFlag
	c := &cobra.Command{
		Use:   "info",
		Short: "Who the access token belongs to and how long it is valid",
		Long: `Call /v1/user/access_token_info and print id, expires_in (seconds left) and
app_id as Kakao returned them, plus expires_at (absolute, UTC).`,
		Example: `  kakaologin token info --token "$ACCESS_TOKEN"`,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			in, cfg, err := access.resolve(f)
			if err != nil {
				return err
			}
			opts.IO, opts.Now, opts.Token = f.IO, f.Now, in
			opts.Config = cfg
			if opts.Format, err = out.format(f.IO); err != nil {
				return err
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runTokenInfo(c.Context(), opts)
		},
	}
	access.register(c)
	out.register(c)
	return c
}

func runTokenInfo(ctx context.Context, opts *TokenInfoOptions) error {
	info, _, err := opts.Config.AccessTokenInfo(ctx, opts.Token.value)
	if err != nil {
		return err
	}
	now := opts.Now()
	warnLifetime(opts.IO.ErrOut, "expires_in", info.ExpiresIn, now)
	out := struct {
		flow.TokenInfo
		ExpiresAt time.Time `json:"expires_at"`
	}{info, time.Time{}}
	out.ExpiresAt, _ = expiryAt(now, info.ExpiresIn)
	return writeData(opts.IO, opts.Format, out)
}

// TokenRefreshOptions are the settings of `kakaologin token refresh`.
type TokenRefreshOptions struct {
	IO      *IOStreams
	Now     func() time.Time
	Config  flow.Config
	Refresh tokenInput
}

// NewCmdTokenRefresh builds `kakaologin token refresh`.
func NewCmdTokenRefresh(f *Factory, runF func(context.Context, *TokenRefreshOptions) error) *cobra.Command {
	opts := &TokenRefreshOptions{}
	var app appFlags
	var refresh string
	c := &cobra.Command{
		Use:   "refresh",
		Short: "Get a new access token with the refresh token",
		Long: `Use the refresh grant and print Kakao's JSON as returned. Kakao sends a new
refresh token only when the old one has less than a month left; otherwise the
old one stays valid. stderr says which happened.

The refresh token comes from --refresh-token (- reads stdin),
KAKAO_REFRESH_TOKEN, or the saved token; a saved token is updated in place.`,
		Example: `  kakaologin token refresh
  kakaologin token refresh --refresh-token "$REFRESH_TOKEN" --client-id KEY`,
		Args: noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			in, err := f.resolveToken("--refresh-token", refresh, "KAKAO_REFRESH_TOKEN", "refresh token", func(s *tokenfile.Saved) string { return s.RefreshToken })
			if err != nil {
				return err
			}
			opts.IO, opts.Now, opts.Refresh = f.IO, f.Now, in
			opts.Config = withSaved(app.config(f), in)
			// The refresh grant carries the client secret: only to the
			// configured auth server, and only with a token it issued.
			if err := sameServer(in, savedAuthURL(in), opts.Config.AuthURL, flow.DefaultAuthURL, "--auth-url", "KAKAOLOGIN_AUTH_URL"); err != nil {
				return err
			}
			if opts.Config.ClientID == "" {
				return usageErrorf(fmt.Errorf("no REST API key: pass --client-id or set KAKAO_REST_API_KEY (the refresh grant needs it)"))
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runTokenRefresh(c.Context(), opts)
		},
	}
	app.register(c, false)
	c.Flags().StringVar(&refresh, "refresh-token", "", "refresh token (- reads stdin; env KAKAO_REFRESH_TOKEN; default the saved token)")
	return c
}

func runTokenRefresh(ctx context.Context, opts *TokenRefreshOptions) error {
	tok, err := opts.Config.Refresh(ctx, opts.Refresh.value)
	if err != nil {
		return err
	}
	if tok.RefreshToken != "" {
		fmt.Fprintln(opts.IO.ErrOut, "Kakao issued a new refresh token (the old one had less than a month left): use the new one.")
	} else {
		fmt.Fprintln(opts.IO.ErrOut, "Kakao kept the refresh token (more than a month left): keep using the old one.")
	}
	now := opts.Now()
	lifetimeWarnings(opts.IO.ErrOut, tok, now)
	var saveErr error
	if s := opts.Refresh.saved; s != nil {
		next := savedFrom(tok, opts.Config, now)
		if tok.RefreshToken == "" { // not rotated: keep the old one and its expiry
			next.RefreshToken, next.RefreshTokenExpiresAt = s.RefreshToken, s.RefreshTokenExpiresAt
		}
		if next.Scope == "" {
			next.Scope = s.Scope
		}
		if saveErr = tokenfile.Save(opts.Refresh.path, next); saveErr == nil {
			fmt.Fprintf(opts.IO.ErrOut, "Updated the saved token %s.\n", opts.Refresh.path)
		}
	}
	// Printed even when saving failed: a rotated refresh token exists
	// nowhere else, and Kakao has already revoked the old one.
	err = writeJSON(opts.IO.Out, tok.Raw, opts.IO.ColorOut())
	if saveErr != nil {
		keep := "the new access token is on stdout; the saved refresh token still works"
		if tok.RefreshToken != "" {
			keep = "keep the new refresh_token printed on stdout: the old one no longer works"
		}
		return errors.Join(fmt.Errorf("%w: the saved token was not updated: %s", saveErr, keep), err)
	}
	return err
}
