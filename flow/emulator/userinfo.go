package emulator

import (
	"net/http"
	"strconv"
)

// userInfo serves GET|POST /v1/oidc/userinfo (Kakao's REST API docs) with a Bearer access
// token: sub and the claims the user consented to (see userInfoClaims).
// Token errors are those of /v2/user/me. An access token that came without
// an id_token (openid not requested) gets 403 -402 with required_scopes
// ["openid"] (an inference: Kakao documents no such error).
func (e *Emulator) userInfo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet, http.MethodPost) {
		return
	}
	s, ok := e.bearer(w, r)
	if !ok {
		return
	}
	if !s.openid {
		var o object
		o.str("msg", "insufficient scopes.")
		o.int("code", -402)
		o.raw("required_scopes", []byte(`["openid"]`))
		o.raw("allowed_scopes", appendStrings(nil, e.consentSet.scopes(s.granted)))
		writeJSON(w, http.StatusForbidden, o.bytes())
		return
	}
	writeJSON(w, http.StatusOK, e.userInfoClaims(s.a, s.granted))
}

// appendStrings appends ss as a JSON array of strings.
func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// userInfoClaims builds the /v1/oidc/userinfo body in the order of Kakao's
// example: sub, then name, nickname, picture, email and email_verified
// (valid and verified), gender, birthdate and phone_number with
// phone_number_verified, each only when its item is consented and the
// user has a value.
func (e *Emulator) userInfoClaims(a *account, granted []bool) []byte {
	c, d := e.consentSet, &a.oidc
	var o object
	o.str("sub", strconv.FormatInt(a.id, 10))
	if d.name != "" && c.consented(granted, "name") {
		o.str("name", d.name)
	}
	if a.nickname != "" && c.consented(granted, "profile_nickname", "profile") {
		o.str("nickname", a.nickname)
	}
	if d.picture != "" && c.consented(granted, "profile_image", "profile") {
		o.str("picture", d.picture)
	}
	if a.email != "" && c.consented(granted, "account_email") {
		o.str("email", a.email)
		o.bool("email_verified", d.emailValid && d.emailVerified)
	}
	if d.gender != "" && c.consented(granted, "gender") {
		o.str("gender", d.gender)
	}
	if b := birthdate(d, c.consented(granted, "birthyear"), c.consented(granted, "birthday")); b != "" {
		o.str("birthdate", b)
	}
	if d.phone != "" && c.consented(granted, "phone_number") {
		o.str("phone_number", d.phone)
		o.bool("phone_number_verified", true)
	}
	return o.bytes()
}

// birthdate is Kakao's userinfo birthdate: "YYYY-MM-DD" with both items,
// "0000-MM-DD" with the birthday only, "YYYY" with the birth year only.
func birthdate(d *oidcData, year, day bool) string {
	y := ""
	if year && len(d.birthyear) == 4 {
		y = d.birthyear
	}
	if !day || len(d.birthday) != 4 {
		return y
	}
	if y == "" {
		y = "0000"
	}
	return y + "-" + d.birthday[:2] + "-" + d.birthday[2:]
}
