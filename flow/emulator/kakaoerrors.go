package emulator

import (
	"slices"
	"strconv"
	"strings"
)

// KakaoError is one error Kakao answers, as a fault can inject it: a KOE
// code of the auth server (kauth) or a negative code of the API server
// (kapi), with the HTTP status and body text Kakao sends (Kakao's trouble-shooting docs).
type KakaoError struct {
	// Code is "KOE237" for kauth, "-401" for kapi.
	Code string
	// Status is the HTTP status. kauth codes of the authorize step are
	// error pages and always 400.
	Status int
	// Error is the OAuth error value of a kauth code ("invalid_grant");
	// "" for kapi codes.
	Error string
	// Message is error_description (kauth) or msg (kapi). Where Kakao's
	// text is not documented it is the emulator's own wording.
	Message string
	// Page marks the codes Kakao shows on an error page at
	// /oauth/authorize rather than in a JSON body.
	Page bool
}

// kakaoErrors are the errors with a documented status, kauth codes by
// number then kapi codes by magnitude. Descriptions quoted in Kakao's docs
// are Kakao's; the others are the emulator's wording.
var kakaoErrors = []KakaoError{
	{Code: "KOE001", Status: 400, Error: "invalid_request", Message: "Bad request", Page: true},
	{Code: "KOE002", Status: 400, Error: "invalid_request", Message: "Request sent to a wrong URL", Page: true},
	{Code: "KOE003", Status: 400, Error: "server_error", Message: "Temporary error of the Kakao OAuth server; try again", Page: true},
	{Code: "KOE004", Status: 400, Error: "unauthorized_client", Message: "Kakao Login is disabled for this app", Page: true},
	{Code: "KOE005", Status: 400, Error: "unauthorized_client", Message: "This app is in development: the user is not a team member", Page: true},
	{Code: "KOE006", Status: 400, Error: "invalid_request", Message: "redirect_uri is not registered for this app key", Page: true},
	{Code: "KOE008", Status: 400, Error: "invalid_client", Message: "Wrong app key type for this request", Page: true},
	{Code: "KOE009", Status: 400, Error: "misconfigured", Message: "invalid android_key_hash or ios_bundle_id or web_site_url"},
	{Code: "KOE010", Status: 401, Error: "invalid_client", Message: "Bad client credentials"},
	{Code: "KOE101", Status: 401, Error: "invalid_client", Message: "Not exist client_id [{client_id}]"},
	{Code: "KOE102", Status: 400, Error: "invalid_client", Message: "Required PLUS_FRIENDS_ON_AGREEMENT_SUPPORTED permission", Page: true},
	{Code: "KOE205", Status: 400, Error: "invalid_scope", Message: "Invalid scope: a requested consent item is not set up for this app", Page: true},
	{Code: "KOE237", Status: 400, Error: "invalid_request", Message: "token request rate limit exceeded"},
	{Code: "KOE303", Status: 400, Error: "invalid_grant", Message: "Redirect URI mismatch."},
	{Code: "KOE319", Status: 400, Error: "invalid_grant", Message: "refresh_token is required"},
	{Code: "KOE320", Status: 400, Error: "invalid_grant", Message: "authorization code not found for code={code}"},
	{Code: "KOE322", Status: 400, Error: "invalid_grant", Message: "expired_or_invalid_refresh_token"},
	{Code: "KOE400", Status: 400, Error: "invalid_token", Message: "id_token is missing or malformed"},
	{Code: "KOE401", Status: 400, Error: "invalid_token", Message: "id_token was not issued by this server"},
	{Code: "KOE402", Status: 400, Error: "invalid_token", Message: "id_token signature is invalid"},
	{Code: "KOE403", Status: 400, Error: "invalid_token", Message: "id_token has expired"},

	{Code: "-1", Status: 400, Message: "internal error; try again later"},
	{Code: "-2", Status: 400, Message: "invalid parameter"},
	{Code: "-3", Status: 403, Message: "required app setting or consent is not enabled"},
	{Code: "-4", Status: 403, Message: "the account is restricted"},
	{Code: "-5", Status: 403, Message: "permission denied"},
	{Code: "-6", Status: 403, Message: "action not allowed"},
	{Code: "-7", Status: 400, Message: "service under maintenance"},
	{Code: "-8", Status: 400, Message: "invalid request header"},
	{Code: "-9", Status: 400, Message: "deprecated API"},
	{Code: "-10", Status: 400, Message: "API limit has been exceeded."},
	{Code: "-11", Status: 400, Message: "spending limit of a paid API exceeded"},
	{Code: "-12", Status: 403, Message: "the app or developer account is sanctioned"},
	{Code: "-101", Status: 400, Message: "NotRegisteredUserException"},
	{Code: "-102", Status: 400, Message: "already registered"},
	{Code: "-103", Status: 400, Message: "the Kakao Account is dormant or does not exist"},
	{Code: "-201", Status: 400, Message: "user property not found"},
	{Code: "-401", Status: 401, Message: "this access token does not exist"},
	{Code: "-402", Status: 403, Message: "insufficient scopes."},
	{Code: "-406", Status: 401, Message: "the user is under 14 and this app does not accept users under 14"},
	{Code: "-501", Status: 400, Message: "not a KakaoTalk user"},
	{Code: "-603", Status: 400, Message: "internal timeout; try again later"},
	{Code: "-903", Status: 400, Message: "app key of an unregistered developer"},
	{Code: "-9798", Status: 503, Message: "service maintenance"},
}

// KakaoErrors returns every error a Fault can inject, kauth codes first.
// The slice is a copy.
func KakaoErrors() []KakaoError { return slices.Clone(kakaoErrors) }

// lookupKakaoError finds code, ignoring case ("koe237").
func lookupKakaoError(code string) (KakaoError, bool) {
	code = strings.ToUpper(code)
	i := slices.IndexFunc(kakaoErrors, func(k KakaoError) bool { return k.Code == code })
	if i < 0 {
		return KakaoError{}, false
	}
	return kakaoErrors[i], true
}

// kauth reports whether the error belongs to the auth server.
func (k KakaoError) kauth() bool { return strings.HasPrefix(k.Code, "KOE") }

// knownCodes lists the codes for an error message.
func knownCodes() string {
	s := make([]string, len(kakaoErrors))
	for i, k := range kakaoErrors {
		s[i] = k.Code
	}
	return strings.Join(s, " ")
}

// apiCode is the numeric code of a kapi error.
func (k KakaoError) apiCode() int64 {
	n, _ := strconv.ParseInt(k.Code, 10, 64)
	return n
}
