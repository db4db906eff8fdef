package flow

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	jose "github.com/go-jose/go-jose/v4"
)

// IDToken is an OpenID Connect id_token that passed every check of
// VerifyIDToken, as JSON {"header","claims","verified"}.
type IDToken struct {
	// Header is the JOSE header exactly as signed (alg, kid, typ in the
	// token's own order).
	Header json.RawMessage `json:"header"`
	// Claims is the payload exactly as signed: key order and number text
	// are kept.
	Claims json.RawMessage `json:"claims"`
	// Verified is true when every check passed; VerifyIDToken returns no
	// token otherwise.
	Verified bool `json:"verified"`
}

// VerifyOptions are the optional settings of VerifyIDToken.
type VerifyOptions struct {
	// Nonce, when set, must equal the token's nonce claim (the nonce sent
	// to /oauth/authorize). "" skips the check: a token with a nonce passes.
	Nonce string
	// Now is the clock exp is checked against; default Config.Now, else
	// time.Now.
	Now func() time.Time
}

// The checks of VerifyIDToken, as named in IDTokenError.Check.
const (
	CheckMalformed  = "malformed"   // not a compact JWS with JSON header and claims
	CheckSignature  = "signature"   // not RS256, or not signed by the key its kid names
	CheckUnknownKID = "unknown kid" // the issuer's JWKS has no key with the token's kid
	CheckIssuer     = "issuer"      // iss is not the auth server's base URL
	CheckAudience   = "audience"    // aud does not name the client id
	CheckExpiry     = "expiry"      // exp has passed (or is missing)
	CheckNonce      = "nonce"       // nonce is not the one expected
)

// IDTokenError is an id_token that failed one check of VerifyIDToken.
type IDTokenError struct {
	Check string // one of the Check constants
	Err   error  // what was wrong
}

// Error is "invalid id_token: <check>: <detail>", on one line, control
// characters escaped (the detail may quote the token's claims).
func (e *IDTokenError) Error() string {
	return printable("invalid id_token: " + e.Check + ": " + e.Err.Error())
}

func (e *IDTokenError) Unwrap() error { return e.Err }

func idTokenErrorf(check, format string, args ...any) *IDTokenError {
	return &IDTokenError{Check: check, Err: fmt.Errorf(format, args...)}
}

// VerifyIDToken checks an id_token with github.com/coreos/go-oidc/v3 and
// returns its header and claims. The issuer is the auth server's base URL
// (DefaultAuthURL for Kakao, the emulator's URL otherwise) and the keys are
// fetched from <issuer>/.well-known/jwks.json on every call. The checks:
// a compact RS256 JWS with JSON header and claims; iss equal to the issuer
// and aud naming c.ClientID (both compared before the keys are fetched, so
// a token from another server or app is named as such); a key in the JWKS
// with the token's kid whose signature verifies; exp not before
// opts.Now() (go-oidc's check, with no leeway); the nonce when
// opts.Nonce is set.
//
// A failed check is an *IDTokenError. Fetching the JWKS fails with the
// errors of the other calls: *AuthError, *ProtocolError, or the HTTP
// client's error. An empty c.ClientID is an error before anything else.
func (c Config) VerifyIDToken(ctx context.Context, raw string, opts VerifyOptions) (*IDToken, error) {
	if opts.Now == nil {
		opts.Now = c.Now
	}
	if c.ClientID == "" {
		return nil, errors.New("verify id_token: no client id (REST API key) to check aud against")
	}
	issuer := c.authURL()
	tok, err := parseIDToken(raw)
	if err != nil {
		return nil, err
	}
	if tok.claims.Iss != issuer {
		return nil, idTokenErrorf(CheckIssuer, "iss is %s, want %q (the auth server)", clip(tok.claims.Iss), issuer)
	}
	if !slices.Contains(tok.claims.Aud, c.ClientID) {
		return nil, idTokenErrorf(CheckAudience, "aud is %s, not the client id %q", clip(strings.Join(tok.claims.Aud, " ")), c.ClientID)
	}
	keys, err := c.fetchJWKS(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify id_token: %w", err)
	}
	ks := &keySet{keys: keys, url: c.jwksURL()}
	verifier := oidc.NewVerifier(issuer, ks, &oidc.Config{
		ClientID:             c.ClientID,
		SupportedSigningAlgs: []string{string(jose.RS256)},
		Now:                  opts.Now,
	})
	verified, err := verifier.Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	switch {
	case ks.failed != nil: // go-oidc flattens the key set's error to text
		return nil, ks.failed
	case errors.As(err, &expired):
		if expired.Expiry.IsZero() {
			return nil, idTokenErrorf(CheckExpiry, "the token has no exp claim")
		}
		now := time.Now
		if opts.Now != nil {
			now = opts.Now
		}
		return nil, idTokenErrorf(CheckExpiry, "expired at %s (now %s)", expired.Expiry.UTC().Format(time.RFC3339), now().UTC().Format(time.RFC3339))
	case err != nil:
		// iss and aud passed above and the signature verified: what go-oidc
		// still refuses is in the claims' form (a bad exp type, nbf...).
		return nil, &IDTokenError{Check: CheckMalformed, Err: err}
	}
	if opts.Nonce != "" && verified.Nonce != opts.Nonce {
		if verified.Nonce == "" {
			return nil, idTokenErrorf(CheckNonce, "the token has no nonce, want %q", opts.Nonce)
		}
		return nil, idTokenErrorf(CheckNonce, "nonce is %s, want %q", clip(verified.Nonce), opts.Nonce)
	}
	return &IDToken{Header: tok.header, Claims: ks.payload, Verified: true}, nil
}

// parsedIDToken is an id_token decoded but not verified.
type parsedIDToken struct {
	header json.RawMessage
	claims struct {
		Iss string   `json:"iss"`
		Aud audience `json:"aud"`
	}
}

// parseIDToken decodes the header and claims of a compact JWS, refusing
// anything but RS256 (a CheckSignature error: alg none or HS256 are the
// classic forgeries) and anything malformed (CheckMalformed).
func parseIDToken(raw string) (*parsedIDToken, error) {
	if raw == "" {
		return nil, idTokenErrorf(CheckMalformed, "empty")
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, idTokenErrorf(CheckMalformed, "not a JWT: want three base64url parts separated by dots, got %d part(s)", len(parts))
	}
	var t parsedIDToken
	var hdr struct {
		Alg string `json:"alg"`
	}
	header, err := decodeSegment(parts[0], &hdr)
	if err != nil {
		return nil, idTokenErrorf(CheckMalformed, "header: %v", err)
	}
	t.header = header
	if _, err := decodeSegment(parts[1], &t.claims); err != nil {
		return nil, idTokenErrorf(CheckMalformed, "claims: %v", err)
	}
	if hdr.Alg != string(jose.RS256) {
		return nil, idTokenErrorf(CheckSignature, "alg is %s, want RS256 (the only algorithm Kakao signs id_tokens with)", clip(hdr.Alg))
	}
	if _, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256}); err != nil {
		return nil, idTokenErrorf(CheckMalformed, "%v", err)
	}
	return &t, nil
}

// decodeSegment base64url-decodes one JWT part, checks that it is a JSON
// object and decodes it into v; it returns the JSON as it was.
func decodeSegment(seg string, v any) (json.RawMessage, error) {
	data, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return nil, errors.New("not base64url")
	}
	data = bytes.TrimSpace(data)
	if !json.Valid(data) || len(data) == 0 || data[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	if err := json.Unmarshal(data, v); err != nil {
		return nil, err
	}
	return json.RawMessage(data), nil
}

// audience is the aud claim: one string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor an array of strings")
	}
	*a = many
	return nil
}

// clip quotes a claim for an error message, cut to a readable length: the
// claims come from whoever made the token.
func clip(s string) string {
	const max = 100
	if len(s) > max {
		return fmt.Sprintf("%q...", strings.ToValidUTF8(s[:max], ""))
	}
	return fmt.Sprintf("%q", s)
}
