package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	jose "github.com/go-jose/go-jose/v4"
)

// jwksBodyLimit bounds the JWKS document: Kakao's holds a few RSA keys.
const jwksBodyLimit = 1 << 20

func (c Config) jwksURL() string { return c.authURL() + "/.well-known/jwks.json" }

// fetchJWKS gets the auth server's signing keys. The keys go-jose cannot
// use (an unknown kty) or that are not for signatures are left out, as RFC
// 7517 §5 asks. Errors are *AuthError, *ProtocolError or the HTTP client's.
//
// go-oidc's RemoteKeySet is not used: it reads the body without a limit,
// ignores the context's cancellation, and turns a failed fetch into text
// that cannot be told from a bad signature.
func (c Config) fetchJWKS(ctx context.Context) ([]jose.JSONWebKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.jwksURL(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readLimited(resp, jwksBodyLimit, ServerAuth)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("jwks: %w", decodeAuthError(resp.StatusCode, resp.Header, data))
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if !IsJSON(resp.Header) || json.Unmarshal(data, &set) != nil || set.Keys == nil {
		return nil, &ProtocolError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Snippet: snippet(data), Server: ServerAuth,
			Reason: "the auth server's /.well-known/jwks.json is not a JSON Web Key Set"}
	}
	var keys []jose.JSONWebKey
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if json.Unmarshal(raw, &k) != nil || !k.Valid() || !k.IsPublic() || k.Use != "" && k.Use != "sig" {
			continue
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// keySet is a go-oidc KeySet over fetched keys. It records why a
// signature was refused (failed) and the verified payload, which go-oidc
// keeps to itself.
type keySet struct {
	keys    []jose.JSONWebKey
	url     string // for messages
	failed  *IDTokenError
	payload []byte
}

// VerifySignature verifies jwt with the key its kid names (any key when
// the token has no kid) and returns the payload exactly as signed.
func (s *keySet) VerifySignature(_ context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSigned(jwt, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil || len(jws.Signatures) != 1 {
		s.failed = idTokenErrorf(CheckMalformed, "not a JWS with one RS256 signature")
		return nil, s.failed
	}
	kid := jws.Signatures[0].Header.KeyID
	tried := 0
	for i := range s.keys {
		if kid != "" && s.keys[i].KeyID != kid {
			continue
		}
		tried++
		if payload, err := jws.Verify(&s.keys[i]); err == nil {
			s.payload = payload
			return payload, nil
		}
	}
	if tried == 0 {
		s.failed = idTokenErrorf(CheckUnknownKID, "no key with kid %s in %s (%d key(s)): the token was signed by another server or a key it no longer publishes", clip(kid), s.url, len(s.keys))
	} else {
		s.failed = idTokenErrorf(CheckSignature, "the signature does not verify with the key %s of %s: the token was altered, or signed by another key", clip(kid), s.url)
	}
	return nil, s.failed
}
