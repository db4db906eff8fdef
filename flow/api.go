package flow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// MeParams are the optional parameters of /v2/user/me.
type MeParams struct {
	PropertyKeys   []string // e.g. kakao_account.email; sent as a JSON array
	SecureResource bool     // https image URLs
}

// Me fetches /v2/user/me with the access token and returns Kakao's JSON as
// sent (ids stay exact). Errors are *APIError (e.g. -401 for an invalid or
// expired token) or *ProtocolError. An empty accessToken sends no
// Authorization header at all, to which Kakao's API server answers HTTP
// 401 with API error -401: a probe that a URL is Kakao's API server.
func (c Config) Me(ctx context.Context, accessToken string, p MeParams) (json.RawMessage, error) {
	q := url.Values{}
	if len(p.PropertyKeys) > 0 {
		keys, _ := json.Marshal(p.PropertyKeys)
		q.Set("property_keys", string(keys))
	}
	if p.SecureResource {
		q.Set("secure_resource", "true")
	}
	path := "/v2/user/me"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	body, err := c.callAPI(ctx, http.MethodGet, path, accessToken, nil)
	if err != nil {
		return nil, fmt.Errorf("user/me: %w", err)
	}
	return body, nil
}

// TokenInfo is /v1/user/access_token_info.
type TokenInfo struct {
	ID        int64 `json:"id"`
	ExpiresIn int64 `json:"expires_in"` // seconds left
	AppID     int64 `json:"app_id"`
}

// AccessTokenInfo fetches /v1/user/access_token_info. Errors as for Me.
func (c Config) AccessTokenInfo(ctx context.Context, accessToken string) (TokenInfo, json.RawMessage, error) {
	body, err := c.callAPI(ctx, http.MethodGet, "/v1/user/access_token_info", accessToken, nil)
	if err != nil {
		return TokenInfo{}, nil, fmt.Errorf("access_token_info: %w", err)
	}
	var info TokenInfo
	if err := json.Unmarshal(body, &info); err != nil {
		return TokenInfo{}, nil, fmt.Errorf("access_token_info: %w", &ProtocolError{Reason: "malformed JSON: " + err.Error(), Snippet: snippet(body), Server: ServerAPI})
	}
	return info, body, nil
}

// Logout revokes the user's tokens (POST /v1/user/logout) and returns
// Kakao's {"id":...}. Errors as for Me.
func (c Config) Logout(ctx context.Context, accessToken string) (json.RawMessage, error) {
	body, err := c.callAPI(ctx, http.MethodPost, "/v1/user/logout", accessToken, url.Values{})
	if err != nil {
		return nil, fmt.Errorf("logout: %w", err)
	}
	return body, nil
}

// Unlink disconnects the user from the app (POST /v1/user/unlink): tokens
// are revoked and the next login asks for consent again. Errors as for Me.
func (c Config) Unlink(ctx context.Context, accessToken string) (json.RawMessage, error) {
	body, err := c.callAPI(ctx, http.MethodPost, "/v1/user/unlink", accessToken, url.Values{})
	if err != nil {
		return nil, fmt.Errorf("unlink: %w", err)
	}
	return body, nil
}

// callAPI makes one Bearer-authenticated kapi call and returns the 2xx
// JSON body, or a decoded error; a body over apiBodyLimit is a
// *ProtocolError naming the limit, whatever the status.
func (c Config) callAPI(ctx context.Context, method, path, accessToken string, form url.Values) (json.RawMessage, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.apiURL()+path, body)
	if err != nil {
		return nil, err
	}
	if accessToken != "" { // "Bearer " alone is a malformed header (-2)
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readLimited(resp, apiBodyLimit, ServerAPI)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, decodeAPIError(resp.StatusCode, resp.Header, data)
	}
	data = bytes.TrimSpace(data)
	if !IsJSON(resp.Header) || !json.Valid(data) {
		return nil, &ProtocolError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Snippet: snippet(data), Reason: "the API server answered with a body that is not JSON", Server: ServerAPI}
	}
	return json.RawMessage(data), nil
}
