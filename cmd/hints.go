package cmd

import (
	"errors"
	"strconv"

	"github.com/kakaologin/kakaologin/flow"
)

// callbackHints explain the error values of an authorize redirect, which
// carry no Kakao code of their own.
var callbackHints = map[string]string{
	"access_denied":        "the user pressed Cancel on the Kakao login or consent screen",
	"consent_required":     "--prompt none only works for a user who already consented to this app: log in once without it",
	"login_required":       "--prompt none needs a Kakao Account session in the browser: log in once without it",
	"interaction_required": "--prompt none cannot show the page the user needs: log in once without it",
}

// explainError is the one-line message for err, followed by the fix from
// flow's catalogue when Kakao's code is known. An unknown code is shown as
// Kakao sent it: the error's own text already carries code and description.
func explainError(err error) string {
	var (
		aErr  *flow.AuthError
		apErr *flow.APIError
		cbErr *flow.CallbackError
	)
	msg := err.Error()
	hint := ""
	switch {
	case errors.As(err, &cbErr):
		if h, ok := callbackHints[cbErr.Err]; ok {
			hint = h
		} else {
			hint = catalogFix(cbErr.Code)
		}
	case errors.As(err, &aErr):
		hint = catalogFix(aErr.Code)
	case errors.As(err, &apErr):
		hint = catalogFix(strconv.Itoa(apErr.Code))
	}
	if hint != "" {
		msg += ": " + hint
	}
	return msg
}

// catalogFix is the catalogue's fix for code, "" when there is none.
func catalogFix(code string) string {
	if code == "" {
		return ""
	}
	if e, ok := flow.LookupError(code); ok {
		return e.Fix
	}
	return ""
}
