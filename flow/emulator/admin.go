package emulator

import (
	"net/http"
	"strings"
)

// health serves GET /_emulator/health: {"status":"ok"}.
func (e *Emulator) health(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
}

// listUsers serves GET /_emulator/users: a JSON array, in Config.Users
// order, of {"id","email","nickname","connected","connected_at"
// (only when connected),"scopes":[granted item IDs and openid if
// consented, sorted]}.
func (e *Emulator) listUsers(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	b := []byte{'['}
	e.mu.Lock()
	for i, a := range e.accounts {
		if i > 0 {
			b = append(b, ',')
		}
		var o object
		o.int("id", a.id)
		o.str("email", a.email)
		o.str("nickname", a.nickname)
		o.bool("connected", a.connected)
		if a.connected {
			o.raw("connected_at", a.connectedJSON)
		}
		s := []byte{'['}
		for j, id := range strings.Fields(a.scopes) {
			if j > 0 {
				s = append(s, ',')
			}
			s = appendString(s, id)
		}
		o.raw("scopes", append(s, ']'))
		b = append(b, o.bytes()...)
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, append(b, ']'))
}

// discovery serves GET /.well-known/openid-configuration, mirroring Kakao's
// document (§6) with URLs on the emulator's own origin (scheme from TLS,
// host from the request) and the issuer its id_tokens carry. Every URL in
// it is served.
func (e *Emulator) discovery(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, true, http.MethodGet) {
		return
	}
	base := origin(r)
	var o object
	o.str("issuer", e.issuer(r))
	o.str("authorization_endpoint", base+"/oauth/authorize")
	o.str("token_endpoint", base+"/oauth/token")
	o.str("userinfo_endpoint", base+"/v1/oidc/userinfo")
	o.str("jwks_uri", base+"/.well-known/jwks.json")
	o.raw("token_endpoint_auth_methods_supported", []byte(`["client_secret_post"]`))
	o.raw("subject_types_supported", []byte(`["public"]`))
	o.raw("id_token_signing_alg_values_supported", []byte(`["RS256"]`))
	o.bool("request_uri_parameter_supported", false)
	o.raw("response_types_supported", []byte(`["code"]`))
	o.raw("response_modes_supported", []byte(`["query"]`))
	o.raw("grant_types_supported", []byte(`["authorization_code","refresh_token"]`))
	o.raw("code_challenge_methods_supported", []byte(`["S256"]`))
	o.raw("claims_supported", []byte(`["iss","aud","sub","auth_time","exp","iat","nonce","nickname","picture","email"]`))
	writeJSON(w, http.StatusOK, o.bytes())
}

// origin is the base URL the request came to: "https://" with TLS, else
// "http://", plus the Host header.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// issuer is the iss of id_tokens issued through r: Config.Issuer, else the
// request's origin, so a client verifies them against the URL it uses.
func (e *Emulator) issuer(r *http.Request) string {
	if e.cfg.Issuer != "" {
		return e.cfg.Issuer
	}
	return origin(r)
}
