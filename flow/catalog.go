package flow

import (
	"strconv"
	"strings"
	"sync"
)

// ErrorInfo describes one Kakao error code: what it means and how a
// developer fixes it. Entries follow Kakao's error tables:
// https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting
// (auth server codes) and
// https://developers.kakao.com/docs/latest/ko/rest-api/error-code (API
// server codes).
type ErrorInfo struct {
	// Code is the code as Kakao sends it: "KOE006" for the auth server,
	// "-401" for the API server.
	Code string `json:"code"`
	// Kind is "auth" (kauth: error_code, or a KOE error page) or "api"
	// (kapi: the negative code of {"msg","code"}).
	Kind string `json:"kind"`
	// Status is the HTTP status Kakao answers with, 0 when not known.
	Status int `json:"status,omitempty"`
	// Error is the OAuth error value sent with the code ("invalid_grant"),
	// "" when not known or not applicable (API codes).
	Error string `json:"error,omitempty"`
	// Meaning is what went wrong, in a phrase.
	Meaning string `json:"meaning"`
	// Fix is what the developer should do, naming the Kakao Developers
	// console menu when the fix is there. It speaks of the request
	// (client_id, client_secret, redirect_uri, scope), never of a program's
	// flags: a command line that sets these adds its own words.
	Fix string `json:"fix"`
	// EmulatorOnly marks codes made up by the emulator (flow/emulator)
	// where Kakao's own code is undocumented; Kakao never sends them.
	EmulatorOnly bool `json:"emulator_only,omitempty"`
}

// Kinds of ErrorInfo.
const (
	KindAuth = "auth"
	KindAPI  = "api"
)

// Menus of the Kakao Developers console (2025+ layout) that the fixes name.
const (
	// ConsoleKeyMenu holds a REST API key's settings: its redirect URIs,
	// logout redirect URIs and client secret.
	ConsoleKeyMenu = "[App] > [Platform keys] > [REST API key]"
	// ConsoleLoginMenu holds the Kakao Login settings of an app.
	ConsoleLoginMenu = "[App] > [Product settings] > [Kakao Login]"
	// ConsoleConsentMenu holds the consent items an app may ask for.
	ConsoleConsentMenu = ConsoleLoginMenu + " > [Consent items]"
)

// catalog is the table: auth codes by number (emulator-only codes last),
// then API codes by magnitude. catalog_test.go checks the order and that
// every code of Kakao's error tables (see ErrorInfo) is here.
var catalog = []ErrorInfo{
	{Code: "KOE001", Kind: KindAuth, Meaning: "malformed authorize request: a required parameter is missing or invalid",
		Fix: "check the authorize URL: client_id, redirect_uri and response_type=code are required, and code_challenge_method must be S256; the error page names the bad parameter"},
	{Code: "KOE002", Kind: KindAuth, Meaning: "request sent to a wrong URL",
		Fix: "send the request to the auth server's base URL, https://kauth.kakao.com, without a path"},
	{Code: "KOE003", Kind: KindAuth, Meaning: "temporary error of Kakao's OAuth server",
		Fix: "retry in a moment; nothing is wrong with the request"},
	{Code: "KOE004", Kind: KindAuth, Meaning: "Kakao Login is not enabled for the app",
		Fix: "turn Kakao Login on in the Kakao Developers console: " + ConsoleLoginMenu + " > Usage setting ON"},
	{Code: "KOE005", Kind: KindAuth, Meaning: "the app is still in development and the user is not one of its team members",
		Fix: "log in with a team member's Kakao Account, or add the user as a member in the Kakao Developers console ([App] > [Members])"},
	{Code: "KOE006", Kind: KindAuth, Meaning: "redirect_uri is not registered for this REST API key",
		Fix: "register exactly this redirect URI for this REST API key (Kakao Developers console: " + ConsoleKeyMenu + " > Redirect URI; scheme, host, port and path must match), or send one that is"},
	{Code: "KOE007", Kind: KindAuth, Meaning: "logout_redirect_uri is not registered (Kakao Account logout)",
		Fix: "register the logout redirect URI in the Kakao Developers console: " + ConsoleKeyMenu + " > Logout redirect URI"},
	{Code: "KOE008", Kind: KindAuth, Meaning: "wrong kind of app key for this request (a native app or JavaScript key where the REST API key is needed)",
		Fix: "use the REST API key (" + ConsoleKeyMenu + ") as client_id"},
	{Code: "KOE009", Kind: KindAuth, Status: 400, Error: "misconfigured", Meaning: "token requested from a platform not registered for the app (Android key hash, iOS bundle id or web site domain)",
		Fix: "register the platform in the Kakao Developers console ([App] > [Platform]); a REST API login from a server or CLI needs none: check that the key is the REST API key"},
	{Code: "KOE010", Kind: KindAuth, Status: 401, Error: "invalid_client", Meaning: "client secret missing or wrong while the key has its client secret on",
		Fix: "the key has its client secret on: send the right client_secret, or turn the client secret off (Kakao Developers console: " + ConsoleKeyMenu + " > Client secret)"},
	{Code: "KOE101", Kind: KindAuth, Status: 401, Error: "invalid_client", Meaning: "wrong app key, or a key of the wrong kind (e.g. a JavaScript key for the REST API)",
		Fix: "the client_id is not a REST API key of a registered app: check it against " + ConsoleKeyMenu},
	{Code: "KOE102", Kind: KindAuth, Error: "invalid_client", Meaning: "channel_public_id sent but the app is not linked to a Kakao Talk channel",
		Fix: "link a Kakao Talk channel to the app in the Kakao Developers console ([App] > [Kakao Talk Channel]), or drop channel_public_id"},
	{Code: "KOE201", Kind: KindAuth, Error: "invalid_request", Meaning: "unsupported response_type",
		Fix: "response_type must be code"},
	{Code: "KOE202", Kind: KindAuth, Error: "invalid_request", Meaning: "response_type=token: the implicit grant is not supported",
		Fix: "the implicit grant is not supported: use the authorization code flow, response_type=code"},
	{Code: "KOE205", Kind: KindAuth, Meaning: "scope asks for a consent item the app has not set up or may not use (often account_email on an app without business verification; \"Invalid scope: openid\" means OpenID Connect is off for the app)",
		Fix: "a requested consent item is not set up for the app: configure it in the Kakao Developers console (" + ConsoleConsentMenu + "; account_email needs a business app; for openid, turn OpenID Connect on under " + ConsoleLoginMenu + ") or drop it from scope"},
	{Code: "KOE237", Kind: KindAuth, Status: 400, Error: "invalid_request", Meaning: "token request rate limit exceeded (per user: 20 access tokens per 10 minutes, 30 refresh tokens per hour)",
		Fix: "wait and try again later; keep tokens and refresh them instead of logging in again in a loop"},
	{Code: "KOE303", Kind: KindAuth, Status: 400, Error: "invalid_grant", Meaning: "redirect_uri of the token request differs from the one sent to authorize",
		Fix: "the redirect_uri of the token request must equal the one sent to authorize, byte for byte"},
	{Code: "KOE319", Kind: KindAuth, Status: 400, Error: "invalid_grant", Meaning: "refresh_token not sent on a refresh",
		Fix: "no refresh token was sent: send the refresh_token of the last token response"},
	{Code: "KOE320", Kind: KindAuth, Status: 400, Error: "invalid_grant", Meaning: "authorization code not found: already used, expired, or never issued",
		Fix: "start the login again (codes are single use and expire after about 10 minutes)"},
	{Code: "KOE322", Kind: KindAuth, Status: 400, Error: "invalid_grant", Meaning: "refresh token not found or expired",
		Fix: "the refresh token is invalid or expired: log in again"},
	{Code: "KOE400", Kind: KindAuth, Status: 400, Error: "invalid_token", Meaning: "ID token missing or malformed",
		Fix: "send the whole id_token of the token response (three base64url parts separated by dots)"},
	{Code: "KOE401", Kind: KindAuth, Status: 400, Error: "invalid_token", Meaning: "the ID token's issuer (iss) is not Kakao's auth server",
		Fix: "only ID tokens issued by https://kauth.kakao.com can be checked there; one from an emulator or another provider cannot"},
	{Code: "KOE402", Kind: KindAuth, Status: 400, Error: "invalid_token", Meaning: "the ID token's signature is invalid",
		Fix: "the ID token was altered: use it exactly as the token response gave it"},
	{Code: "KOE403", Kind: KindAuth, Status: 400, Error: "invalid_token", Meaning: "the ID token has expired",
		Fix: "log in again with the openid scope for a fresh ID token"},
	{Code: "KOE_MOCK_FORM", Kind: KindAuth, Status: 400, Error: "invalid_request", EmulatorOnly: true,
		Meaning: "a form of the emulator's login or consent page was posted with a spent, expired or foreign token, or from another site",
		Fix:     "start the login again from the app: each page's form is good once, for 10 minutes, and only from the emulator's own page"},
	{Code: "KOE_MOCK_LOGIN_HINT", Kind: KindAuth, Status: 400, Error: "invalid_request", EmulatorOnly: true,
		Meaning: "login_hint names none of the emulator's test users",
		Fix:     "send login_hint with the email or id of a test user (GET /_emulator/users lists them), or add the user to the emulator (its users file, or POST /_emulator/users)"},
	{Code: "KOE_MOCK_PKCE", Kind: KindAuth, Status: 400, Error: "invalid_grant", EmulatorOnly: true,
		Meaning: "code_verifier missing or not matching the code_challenge sent to authorize",
		Fix:     "send the code_verifier whose S256 hash was this login's code_challenge"},

	{Code: "-1", Kind: KindAPI, Status: 400, Meaning: "internal error or temporary failure at Kakao",
		Fix: "retry later; this does not mean the token is invalid, so keep it"},
	{Code: "-2", Kind: KindAPI, Status: 400, Meaning: "a parameter is missing or invalid (also a malformed access token or Authorization header)",
		Fix: "check the request parameters and the Authorization: Bearer <access token> header; msg names the problem"},
	{Code: "-3", Kind: KindAPI, Status: 403, Meaning: "an app setting, consent item or feature this API needs is not enabled (also: revoking a required consent item)",
		Fix: "enable what the API needs in the Kakao Developers console (" + ConsoleLoginMenu + "); a required consent item cannot be revoked"},
	{Code: "-4", Kind: KindAPI, Status: 403, Meaning: "the account is sanctioned or the action is restricted",
		Fix: "this Kakao Account may not do this; try another account or ask Kakao's support"},
	{Code: "-5", Kind: KindAPI, Status: 403, Meaning: "the app has no permission for this API (permission denied)",
		Fix: "request access to this API for the app in the Kakao Developers console (some APIs need a review or a business app)"},
	{Code: "-6", Kind: KindAPI, Status: 403, Meaning: "action not allowed",
		Fix: "the API refuses this action for this app or user; read msg and the API's documentation"},
	{Code: "-7", Kind: KindAPI, Status: 400, Meaning: "service under maintenance",
		Fix: "retry after the maintenance (see the notices on Kakao Developers)"},
	{Code: "-8", Kind: KindAPI, Status: 400, Meaning: "invalid request header",
		Fix: "check the headers: Authorization: Bearer <access token> (or KakaoAK <admin key>) and Content-Type"},
	{Code: "-9", Kind: KindAPI, Status: 400, Meaning: "deprecated API",
		Fix: "move to the API's current version (see its page on Kakao Developers)"},
	{Code: "-10", Kind: KindAPI, Status: 400, Meaning: "quota exceeded: API limit has been exceeded (some APIs answer 429)",
		Fix: "wait for the quota to reset, or raise it in the Kakao Developers console ([App] > [Quota])"},
	{Code: "-11", Kind: KindAPI, Status: 400, Meaning: "spending limit of a paid API exceeded",
		Fix: "raise the spending limit or top up in the Kakao Developers console (billing)"},
	{Code: "-12", Kind: KindAPI, Status: 403, Meaning: "the app or the developer account is sanctioned",
		Fix: "read the notices about the app in the Kakao Developers console and contact Kakao"},
	{Code: "-101", Kind: KindAPI, Status: 400, Meaning: "the user is not linked (connected) to the app",
		Fix: "log the user in with Kakao Login first (or call signup when the app links users manually)"},
	{Code: "-102", Kind: KindAPI, Status: 400, Meaning: "manual signup of a user who is already linked",
		Fix: "the user is already registered: skip signup"},
	{Code: "-103", Kind: KindAPI, Status: 400, Meaning: "the Kakao Account is dormant or does not exist",
		Fix: "the user must reactivate their Kakao Account; nothing to change in the app"},
	{Code: "-201", Kind: KindAPI, Status: 400, Meaning: "user property key not registered for the app",
		Fix: "register the property in the Kakao Developers console (" + ConsoleLoginMenu + " > [User properties]), or drop it from property_keys"},
	{Code: "-301", Kind: KindAPI, Meaning: "no such app: the app key is not registered",
		Fix: "check the app key against " + ConsoleKeyMenu},
	{Code: "-401", Kind: KindAPI, Status: 401, Meaning: "access token (or app key) invalid or expired",
		Fix: "the access token is invalid or expired: refresh it or log in again"},
	{Code: "-402", Kind: KindAPI, Status: 403, Meaning: "the user has not consented to an item this API needs (required_scopes lists them)",
		Fix: "the user has not consented to an item this call needs: log in again with a scope listing the required_scopes (set up under " + ConsoleConsentMenu + ")"},
	{Code: "-405", Kind: KindAPI, Meaning: "age verification required",
		Fix: "the user must complete Kakao's age verification first"},
	{Code: "-406", Kind: KindAPI, Status: 401, Meaning: "the user is under 14 and the app does not accept users under 14",
		Fix: "this user cannot use the app unless it accepts users under 14 (a Kakao Login setting that needs guardian consent)"},
	{Code: "-501", Kind: KindAPI, Status: 400, Meaning: "the user is not a KakaoTalk user",
		Fix: "this API needs a KakaoTalk account: the user must sign up to KakaoTalk"},
	{Code: "-603", Kind: KindAPI, Status: 400, Meaning: "internal timeout at Kakao",
		Fix: "retry later"},
	{Code: "-903", Kind: KindAPI, Status: 400, Meaning: "app key of an unregistered developer",
		Fix: "finish the developer registration on Kakao Developers, or use a key of a registered developer's app"},
	{Code: "-9798", Kind: KindAPI, Status: 503, Meaning: "service maintenance",
		Fix: "retry after the maintenance (see the notices on Kakao Developers)"},
}

// catalogIndex finds a code's entry in catalog; built on first use.
var catalogIndex = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(catalog))
	for i, e := range catalog {
		m[e.Code] = i
	}
	return m
})

// Catalog returns every known Kakao error code: auth codes by number
// (emulator-only codes after them), then API codes by magnitude. The slice
// is a copy the caller may change.
func Catalog() []ErrorInfo {
	return append([]ErrorInfo(nil), catalog...)
}

// LookupError finds the entry for code, ignoring surrounding space and
// case: "KOE006", "koe006", "-401", and a bare positive number such as
// "401", which means the API code -401. It reports false for an unknown code.
func LookupError(code string) (ErrorInfo, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if n, err := strconv.Atoi(code); err == nil {
		if n > 0 {
			n = -n
		}
		code = strconv.Itoa(n)
	}
	i, ok := catalogIndex()[code]
	if !ok {
		return ErrorInfo{}, false
	}
	return catalog[i], true
}
