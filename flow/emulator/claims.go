package emulator

import (
	"strconv"
	"time"
)

// oidcData are the values of a user's kakao_account that OIDC claims are
// made of (Kakao's REST API docs), picked up by ParseUsers.
type oidcData struct {
	picture       string // profile.thumbnail_image_url, else properties.thumbnail_image
	emailValid    bool
	emailVerified bool
	name          string
	gender        string
	birthyear     string // YYYY
	birthday      string // MMDD
	phone         string
}

// field returns where the kakao_account member key goes, or nil.
func (d *oidcData) field(key string, email *string) any {
	switch key {
	case "email":
		return email
	case "is_email_valid":
		return &d.emailValid
	case "is_email_verified":
		return &d.emailVerified
	case "name":
		return &d.name
	case "gender":
		return &d.gender
	case "birthyear":
		return &d.birthyear
	case "birthday":
		return &d.birthday
	case "phone_number":
		return &d.phone
	}
	return nil
}

// consented reports whether any of the consent items ids is configured for
// the app and granted in granted.
func (c *consentSet) consented(granted []bool, ids ...string) bool {
	for _, id := range ids {
		if i, ok := c.index[id]; ok && i < len(granted) && granted[i] {
			return true
		}
	}
	return false
}

// idGrant is what an id_token issuance remembers for the id_tokens that
// refreshing its tokens issues: the same iss and auth_time (OIDC Core
// §12.2). Tokens issued without an id_token have none.
type idGrant struct {
	iss      string
	authTime int64 // unix seconds
}

// idClaims builds an id_token payload in the order of Kakao's example
// (Kakao's REST API docs): aud, sub, auth_time, iss, exp, iat, then nonce when
// sent at authorize and the profile claims by consent. exp is iat plus
// the access token lifetime. email is only there when consented, valid
// and verified; there is no email_verified claim.
func (e *Emulator) idClaims(a *account, granted []bool, g *idGrant, nonce string, now time.Time) []byte {
	iat := now.Unix()
	var o object
	o.str("aud", e.app.ClientID)
	o.str("sub", strconv.FormatInt(a.id, 10))
	o.int("auth_time", g.authTime)
	o.str("iss", g.iss)
	o.int("exp", iat+seconds(e.cfg.AccessTokenTTL))
	o.int("iat", iat)
	if nonce != "" {
		o.str("nonce", nonce)
	}
	d := &a.oidc
	if a.nickname != "" && e.consentSet.consented(granted, "profile_nickname", "profile") {
		o.str("nickname", a.nickname)
	}
	if d.picture != "" && e.consentSet.consented(granted, "profile_image", "profile") {
		o.str("picture", d.picture)
	}
	if a.email != "" && d.emailValid && d.emailVerified && e.consentSet.consented(granted, "account_email") {
		o.str("email", a.email)
	}
	return o.bytes()
}
