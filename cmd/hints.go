package cmd

import (
	"errors"
	"strconv"

	"github.com/kakaologin/kakaologin/flow"
)

// hints are the fixes for the Kakao error codes users meet most.
var hints = map[string]string{
	"KOE006": "register exactly this redirect URI for this REST API key (Kakao Developers console: App > Platform keys > REST API key > Redirect URI), or pass --redirect-uri with one that is",
	"KOE010": "the key has its client secret on: pass the right --client-secret (or KAKAO_CLIENT_SECRET)",
	"KOE101": "the client_id is not a REST API key of a registered app: check --client-id (or KAKAO_REST_API_KEY)",
	"KOE201": "response_type must be code",
	"KOE202": "the implicit grant is not supported: use response_type=code",
	"KOE205": "a requested consent item is not set up for the app: configure it in the console or drop it from --scope",
	"KOE303": "the redirect_uri of the token request must equal the one sent to authorize",
	"KOE319": "no refresh token was sent: pass --refresh-token",
	"KOE320": "the authorization code was not found, already used or expired: start the login again",
	"KOE322": "the refresh token is invalid or expired: log in again",
	"-401":   "the access token is invalid or expired: refresh it or log in again",
	"-402":   "the user has not consented to an item this call needs: log in again with --scope",
}

// callbackHints explain the error values of an authorize redirect.
var callbackHints = map[string]string{
	"access_denied":    "the user pressed Cancel on the Kakao login or consent screen",
	"consent_required": "--prompt none only works for a user who already consented to this app: log in once without it",
	"login_required":   "--prompt none needs a Kakao Account session in the browser: log in once without it",
}

// explainError is the one-line message for err, with a hint when one is known.
func explainError(err error) string {
	var (
		aErr  *flow.AuthError
		apErr *flow.APIError
		cbErr *flow.CallbackError
	)
	msg := err.Error()
	switch {
	case errors.As(err, &cbErr):
		if h, ok := callbackHints[cbErr.Err]; ok {
			msg += ": " + h
		}
	case errors.As(err, &aErr):
		if h, ok := hints[aErr.Code]; ok {
			msg += ": " + h
		}
	case errors.As(err, &apErr):
		if h, ok := hints[strconv.Itoa(apErr.Code)]; ok {
			msg += ": " + h
		}
	}
	return msg
}
