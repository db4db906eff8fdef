package flow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// UserInfo fetches the OpenID Connect userinfo (GET /v1/oidc/userinfo on
// the API server) with the access token and returns Kakao's JSON as sent:
// sub and the claims the user consented to (name, nickname, picture,
// email and email_verified, gender, birthdate, phone_number and
// phone_number_verified). The access token must come from a login that
// asked for openid. Errors are *APIError (-401 for an invalid or expired
// token; -402, with required_scopes in Body, for a token without openid)
// or *ProtocolError.
func (c Config) UserInfo(ctx context.Context, accessToken string) (json.RawMessage, error) {
	body, err := c.callAPI(ctx, http.MethodGet, "/v1/oidc/userinfo", accessToken, nil)
	if err != nil {
		return nil, fmt.Errorf("userinfo: %w", err)
	}
	return body, nil
}
