package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// Kakao's /oauth/tokeninfo errors (Kakao's trouble-shooting docs): all 400
// invalid_token. The descriptions are the emulator's own wording.
const (
	koeMalformed = "KOE400" // id_token missing or not a JWS
	koeIssuer    = "KOE401" // iss (or aud) is not this server('s app)
	koeSignature = "KOE402" // not signed by this server's key
	koeExpired   = "KOE403" // exp passed
)

// idTokenInfo serves POST /oauth/tokeninfo (form id_token): the verified
// id_token's payload exactly as signed, else 400 invalid_token with KOE400
// (missing or malformed), KOE402 (signature not by this emulator's key),
// KOE401 (iss not this emulator's issuer for the request, or aud not the
// app's REST API key) or KOE403 (expired by the emulator's clock), checked
// in that order.
func (e *Emulator) idTokenInfo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, true, http.MethodPost) {
		return
	}
	if !parseAuthForm(w, r) {
		return
	}
	bad := func(code, desc string) {
		writeAuthError(w, http.StatusBadRequest, "invalid_token", desc, code)
	}
	raw := r.Form.Get("id_token")
	if raw == "" {
		bad(koeMalformed, "id_token is required")
		return
	}
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil || len(jws.Signatures) != 1 {
		bad(koeMalformed, "invalid id_token: not an RS256 JWT")
		return
	}
	k, err := e.keyring()
	if err != nil {
		writeAuthError(w, http.StatusInternalServerError, "server_error", err.Error(), "")
		return
	}
	payload, err := jws.Verify(&k.key.PublicKey)
	if err != nil {
		bad(koeSignature, "invalid id_token signature")
		return
	}
	var c struct {
		Iss string          `json:"iss"`
		Aud json.RawMessage `json:"aud"`
		Exp json.Number     `json:"exp"`
	}
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber()
	if err := d.Decode(&c); err != nil {
		bad(koeMalformed, "invalid id_token payload")
		return
	}
	exp, err := strconv.ParseInt(string(c.Exp), 10, 64)
	if err != nil {
		bad(koeMalformed, "invalid id_token: exp is not a number of seconds")
		return
	}
	if iss := e.issuer(r); c.Iss != iss {
		bad(koeIssuer, "invalid id_token issuer ["+c.Iss+"], expected ["+iss+"]")
		return
	}
	if aud, ok := audience(c.Aud, e.app.ClientID); !ok {
		bad(koeIssuer, "invalid id_token audience ["+aud+"], expected ["+e.app.ClientID+"]")
		return
	}
	if e.now().Unix() >= exp {
		bad(koeExpired, "expired id_token")
		return
	}
	writeJSON(w, http.StatusOK, payload)
}

// audience reports whether the aud claim (a string or an array of
// strings) names clientID, and returns the claim as text for an error.
func audience(raw json.RawMessage, clientID string) (string, bool) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return one, one == clientID
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return strings.Join(many, " "), slices.Contains(many, clientID)
}
