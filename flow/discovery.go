package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// DiscoveryPath is where an OpenID Connect provider serves its discovery
// document, on the auth server.
const DiscoveryPath = "/.well-known/openid-configuration"

// discoveryBodyLimit bounds the discovery document read; Kakao's is ~1 KiB.
const discoveryBodyLimit = 1 << 20

// Discovery is the auth server's OpenID Connect discovery document, the
// fields a client compares with its own settings. See
// https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (OIDC
// discovery).
type Discovery struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	UserinfoEndpoint      string `json:"userinfo_endpoint"`
	JWKSURI               string `json:"jwks_uri"`
	// Raw is the document exactly as sent (surrounding space trimmed).
	Raw json.RawMessage `json:"-"`
}

// Discover fetches the discovery document (GET DiscoveryPath on the auth
// server). It does not judge the content: a missing issuer, or a
// token_endpoint other than TokenURL, is for the caller to compare.
// Errors, wrapped with "discovery: ": the request's own when no answer
// came (*url.Error); *AuthError for a non-2xx Kakao error answer;
// *ProtocolError for any other non-2xx answer, a body over 1 MiB, or a
// 2xx answer that is not a JSON object.
func (c Config) Discover(ctx context.Context) (*Discovery, error) {
	d, err := c.discover(ctx)
	if err != nil {
		return nil, fmt.Errorf("discovery: %w", err)
	}
	return d, nil
}

func (c Config) discover(ctx context.Context) (*Discovery, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.authURL()+DiscoveryPath, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readLimited(resp, discoveryBodyLimit, ServerAuth)
	if err != nil {
		return nil, err
	}
	return decodeDiscovery(resp.StatusCode, resp.Header, data)
}

// decodeDiscovery reads a discovery answer: a JSON object on 2xx, an
// error otherwise.
func decodeDiscovery(status int, header http.Header, body []byte) (*Discovery, error) {
	if status < 200 || status > 299 {
		return nil, decodeAuthError(status, header, body)
	}
	body = bytes.TrimSpace(body)
	if !IsJSON(header) || len(body) == 0 || body[0] != '{' {
		return nil, &ProtocolError{Status: status, ContentType: header.Get("Content-Type"), Snippet: snippet(body), Server: ServerAuth,
			Reason: "the discovery document is not a JSON object"}
	}
	var d Discovery
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, &ProtocolError{Status: status, ContentType: header.Get("Content-Type"), Snippet: snippet(body), Server: ServerAuth,
			Reason: "malformed discovery document: " + err.Error()}
	}
	d.Raw = json.RawMessage(body)
	return &d, nil
}
