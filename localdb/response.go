package localdb

import (
	"bytes"
	"encoding/json"
	"sync"
)

// Response is the HTTP answer the imitated backend gives a login it
// refuses (Decision.Response).
type Response struct {
	Status int `json:"status"`
	// Location is the target of a redirect.
	Location string `json:"location,omitempty"`
	// ContentType is the body's media type; "" without a body.
	ContentType string `json:"content_type,omitempty"`
	// Body is the body: the document itself when it is JSON, else a JSON
	// string of its text.
	Body json.RawMessage `json:"body,omitempty"`
}

// msgEmailRegistered is dj-rest-auth's SocialLoginSerializer.validate
// message for an email another user has (exact match on User.email).
const msgEmailRegistered = "User is already registered with this e-mail address."

// respEmailRegistered is how DRF renders that ValidationError. Built on
// first use, as respServerError: every kakaologin command links localdb.
var respEmailRegistered = sync.OnceValue(func() *Response {
	return &Response{
		Status:      400,
		ContentType: "application/json",
		Body:        json.RawMessage(`{"non_field_errors":[` + string(jsonString(msgEmailRegistered)) + `]}`),
	}
})

// serverErrorPage is Django's views.defaults.server_error page (DEBUG off,
// no 500.html template): what an IntegrityError that nobody catches
// becomes, byte for byte as the example backend answers.
const serverErrorPage = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"

var respServerError = sync.OnceValue(func() *Response {
	return &Response{
		Status:      500,
		ContentType: "text/html",
		Body:        jsonString(serverErrorPage),
	}
})

// respSignupForm is allauth 65's answer to a Kakao callback it will not
// auto-sign-up: a redirect to its social signup form (0.51:
// /accounts/social/signup/), which then refuses the taken email.
var respSignupForm = &Response{Status: 302, Location: "/accounts/3rdparty/signup/"}

// msgAllauthEmailTaken is the form's error for a taken email, allauth 65
// socialaccount/adapter.py error_messages["email_taken"].
const msgAllauthEmailTaken = "An account already exists with this email address. Please sign in to that account first, then connect your Kakao account."

// jsonString is s as a JSON string, with <, > and & as they are.
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a string always encodes
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
