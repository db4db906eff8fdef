// Package flow is the Kakao Login client: the loopback authorization-code
// flow with state and PKCE, the token endpoint (code exchange and refresh),
// the Kakao REST calls (user/me, access_token_info, logout, unlink) and the
// decoding of Kakao's two error shapes into typed errors.
//
// flow never opens a browser, prints, or touches a terminal: callers hand
// it a function that shows the authorize URL, and print what it returns.
package flow

// Default endpoints of the real Kakao servers.
const (
	DefaultAuthURL = "https://kauth.kakao.com"
	DefaultAPIURL  = "https://kapi.kakao.com"
)

// DefaultRedirectURI is the callback the tool listens on when none is given.
// Kakao compares redirect URIs exactly, so this URI (port included) must be
// registered for the REST API key in the Kakao Developers console.
const DefaultRedirectURI = "http://localhost:8734/callback"
