package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

// TokenVerifyOptions are the settings of `kakaologin token verify`.
type TokenVerifyOptions struct {
	IO     *IOStreams
	Config flow.Config // ClientID is the expected aud, AuthURL the issuer
	Token  tokenInput
	Verify flow.VerifyOptions
}

// NewCmdTokenVerify builds `kakaologin token verify`.
func NewCmdTokenVerify(f *Factory, runF func(context.Context, *TokenVerifyOptions) error) *cobra.Command {
	opts := &TokenVerifyOptions{}
	var clientID, authURL string
	c := &cobra.Command{
		Use:   "verify [ID_TOKEN|-]",
		Short: "Verify an OpenID Connect id_token and print its header and claims",
		Long: `Verify an id_token as a backend must before trusting it, and print
{"header": {...}, "claims": {...}, "verified": true} with the header and
claims exactly as signed.

The checks: an RS256 JWT; iss is the auth server (--auth-url,
KAKAOLOGIN_AUTH_URL, default https://kauth.kakao.com); aud is the REST API
key (--client-id, KAKAO_REST_API_KEY); the signature verifies with the key
the token's kid names in <auth server>/.well-known/jwks.json; exp has not
passed; the nonce is --nonce when given. A failed check is one line on
stderr naming it, nothing on stdout, and exit 5.

The id_token is the argument (- reads one line from stdin), else the one
saved by "kakaologin login --scope openid --save".`,
		Example: `  kakaologin token verify "$ID_TOKEN"
  kakaologin login --scope openid | jq -r .token.id_token | kakaologin token verify -
  kakaologin token verify --nonce "$NONCE"      # the saved id_token`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErrorf(fmt.Errorf("%s takes one id_token, got %d arguments (see %s --help)", c.CommandPath(), len(args), c.CommandPath()))
			}
			if len(args) == 1 && args[0] == "" {
				return usageErrorf(fmt.Errorf("%s: the id_token argument is empty (see %s --help)", errPrefix(c), c.CommandPath()))
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			in, err := f.idToken(arg)
			if err != nil {
				return err
			}
			cfg := flow.Config{
				ClientID:   f.env(clientID, "KAKAO_REST_API_KEY"),
				AuthURL:    f.env(authURL, "KAKAOLOGIN_AUTH_URL"),
				HTTPClient: f.HTTPClient,
				Trace:      f.Trace,
			}
			// A saved token is checked against the server that issued it
			// only: against another, every check would fail for the wrong reason.
			if err := sameServer(in, savedAuthURL(in), cfg.AuthURL, flow.DefaultAuthURL, "--auth-url", "KAKAOLOGIN_AUTH_URL"); err != nil {
				return err
			}
			opts.Config = withSaved(cfg, in)
			if opts.Config.ClientID == "" {
				return usageErrorf(fmt.Errorf("no REST API key: pass --client-id or set KAKAO_REST_API_KEY (the id_token's aud must name it)"))
			}
			opts.IO, opts.Token, opts.Verify.Now = f.IO, in, f.Now
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runTokenVerify(c.Context(), opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&clientID, "client-id", "", "REST API key the id_token must be issued to (env KAKAO_REST_API_KEY; for the saved id_token, default the key it was saved with)")
	fl.StringVar(&authURL, "auth-url", "", "auth server base URL, the expected iss (env KAKAOLOGIN_AUTH_URL, default "+flow.DefaultAuthURL+")")
	fl.StringVar(&opts.Verify.Nonce, "nonce", "", "the nonce sent to authorize (login --nonce); checked when given")
	return c
}

func runTokenVerify(ctx context.Context, opts *TokenVerifyOptions) error {
	idt, err := opts.Config.VerifyIDToken(ctx, opts.Token.value, opts.Verify)
	if err != nil {
		return err
	}
	return writeValue(opts.IO.Out, idt, opts.IO.ColorOut())
}

// idTokenHint says how to fix a failed id_token check (cmd/errors.go
// adds it to the error line); "" for an unknown check.
func idTokenHint(check string) string {
	switch check {
	case flow.CheckMalformed:
		return "pass the id_token field of the token response, whole (not the access token)"
	case flow.CheckSignature:
		return "the id_token must be used exactly as the token endpoint returned it"
	case flow.CheckUnknownKID:
		return "verify it against the server that issued it (--auth-url, KAKAOLOGIN_AUTH_URL); kakaologin mock signs with a new key each time it starts"
	case flow.CheckIssuer:
		return "verify it against the server that issued it: --auth-url or KAKAOLOGIN_AUTH_URL"
	case flow.CheckAudience:
		return "pass the REST API key of the app it was issued to: --client-id or KAKAO_REST_API_KEY"
	case flow.CheckExpiry:
		return "log in again, or refresh the token (kakaologin token refresh), for a new id_token"
	case flow.CheckNonce:
		return "pass the --nonce sent to login; another nonce means the id_token belongs to another login (or is replayed)"
	}
	return ""
}

// idToken finds the id_token to verify: arg ("-" for one line of stdin),
// else the saved token's. It is checked like every token (see checkToken).
func (f *Factory) idToken(arg string) (tokenInput, error) {
	if arg != "" {
		return f.resolveToken("the argument", arg, "", "id_token", nil)
	}
	path, err := f.tokenPath()
	if err != nil {
		return tokenInput{}, err
	}
	saved, err := tokenfile.Load(path)
	if errors.Is(err, tokenfile.ErrNotSaved) {
		return tokenInput{}, usageErrorf(fmt.Errorf("no id_token: pass it as the argument (- reads stdin), or run kakaologin login --scope openid --save"))
	}
	if err != nil {
		return tokenInput{}, usageErrorf(loadHint(err))
	}
	if saved.IDToken == "" {
		return tokenInput{}, usageErrorf(fmt.Errorf("the saved token at %s has no id_token: log in again with --scope openid --save", path))
	}
	if err := checkToken(saved.IDToken); err != nil {
		return tokenInput{}, usageErrorf(fmt.Errorf("the id_token from the saved token %s %w", path, err))
	}
	return tokenInput{value: saved.IDToken, from: "saved", saved: saved, path: path}, nil
}
