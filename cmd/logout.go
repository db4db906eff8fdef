package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// RevokeOptions are the settings of `kakaologin logout` and `unlink`.
type RevokeOptions struct {
	IO     *IOStreams
	Config flow.Config
	Token  tokenInput
	Unlink bool
}

// NewCmdLogout builds `kakaologin logout`.
func NewCmdLogout(f *Factory, runF func(context.Context, *RevokeOptions) error) *cobra.Command {
	return newCmdRevoke(f, runF, false, "logout", "Log the user out: revoke the access and refresh tokens (POST /v1/user/logout)",
		`Revoke the user's tokens for this app (POST /v1/user/logout) and print
Kakao's {"id": ...}. The Kakao Account session in the browser stays. The
saved token, when it was the one revoked, is deleted.`)
}

// NewCmdUnlink builds `kakaologin unlink`.
func NewCmdUnlink(f *Factory, runF func(context.Context, *RevokeOptions) error) *cobra.Command {
	return newCmdRevoke(f, runF, true, "unlink", "Disconnect the user from the app (POST /v1/user/unlink)",
		`Disconnect the user from the app (POST /v1/user/unlink): the tokens are
revoked and consent is withdrawn, so the next login shows the consent screen
again. Prints Kakao's {"id": ...}. The saved token, when it was the one
used, is deleted.`)
}

func newCmdRevoke(f *Factory, runF func(context.Context, *RevokeOptions) error, unlink bool, use, short, long string) *cobra.Command {
	opts := &RevokeOptions{Unlink: unlink}
	var access accessFlags
	c := &cobra.Command{
		Use:     use,
		Short:   short,
		Long:    long + "\n\nThe access token comes from --token (- reads stdin), KAKAO_ACCESS_TOKEN or the saved token.",
		Example: "  kakaologin " + use + "\n  kakaologin " + use + ` --token "$ACCESS_TOKEN"`,
		Args:    noArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			in, cfg, err := access.resolve(f)
			if err != nil {
				return err
			}
			opts.IO, opts.Token = f.IO, in
			opts.Config = cfg
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runRevoke(c.Context(), f, opts)
		},
	}
	access.register(c)
	return c
}

func runRevoke(ctx context.Context, f *Factory, opts *RevokeOptions) error {
	call := opts.Config.Logout
	if opts.Unlink {
		call = opts.Config.Unlink
	}
	body, err := call(ctx, opts.Token.value)
	if err != nil {
		return err
	}
	ferr := forgetSaved(f, opts.Token)
	// Kakao's answer is printed even when the file could not be deleted:
	// the revoke itself happened.
	err = writeJSON(opts.IO.Out, json.RawMessage(body), opts.IO.ColorOut())
	if ferr != nil {
		return errors.Join(fmt.Errorf("the token is revoked, but %w", ferr), err)
	}
	return err
}

// forgetSaved deletes the saved token when it holds the revoked token: the
// file it was read from, or, for a token given otherwise, the saved file
// if it holds the same access token.
func forgetSaved(f *Factory, in tokenInput) error {
	if in.saved == nil {
		path, err := f.tokenPath()
		if err != nil {
			return nil // no place for saved tokens: nothing to forget
		}
		saved, err := tokenfile.Load(path)
		if err != nil || saved.AccessToken != in.value {
			return nil
		}
		in.path = path
	}
	if err := tokenfile.Remove(in.path); err != nil {
		return fmt.Errorf("%w: delete %s yourself", err, in.path)
	}
	fmt.Fprintf(f.IO.ErrOut, "Deleted the saved token %s.\n", in.path)
	return nil
}
