package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// health serves GET /_emulator/health: {"status":"ok"}.
func (e *Emulator) health(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
}

// users serves /_emulator/users. GET answers a JSON array, in the order
// users were added, of {"id","email","nickname","connected",
// "connected_at" (only when connected),"scopes":[granted item IDs and
// openid if consented, sorted]}. POST adds users: one user object, or an
// array of them, as in a users file (see ParseUsers); it answers 201 with
// the new users' entries, or 400 -2 for a bad user or an id already known.
func (e *Emulator) users(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet, http.MethodPost) {
		return
	}
	list := e.accountList()
	status := http.StatusOK
	if r.Method == http.MethodPost {
		var raw json.RawMessage
		if !readAdminJSON(w, r, &raw) {
			return
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' {
			raw = slices.Concat([]byte{'['}, t, []byte{']'})
		}
		users, err := ParseUsers(raw)
		if err == nil {
			list, err = e.addUsers(users)
		}
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, err.Error(), -2)
			return
		}
		status = http.StatusCreated
	}
	b := []byte{'['}
	e.mu.Lock()
	for i, a := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, userEntry(a)...)
	}
	e.mu.Unlock()
	writeJSON(w, status, append(b, ']'))
}

// accountList copies the account list.
func (e *Emulator) accountList() []*account {
	e.usersMu.RLock()
	defer e.usersMu.RUnlock()
	return slices.Clone(e.accounts)
}

// userEntry is a's entry in the /_emulator/users listing. Caller holds e.mu.
func userEntry(a *account) []byte {
	var o object
	o.int("id", a.id)
	o.str("email", a.email)
	o.str("nickname", a.nickname)
	o.bool("connected", a.connected)
	if a.connected {
		o.raw("connected_at", a.connectedJSON)
	}
	o.raw("scopes", appendStrings(nil, strings.Fields(a.scopes)))
	return o.bytes()
}

// AddUsers adds test users while the emulator runs. Users must be built
// by ParseUsers; an id already known (or repeated) is an error, and then
// none is added. Reset keeps them.
func (e *Emulator) AddUsers(users ...User) error {
	_, err := e.addUsers(users)
	return err
}

// addUsers is AddUsers, returning the new accounts.
func (e *Emulator) addUsers(users []User) ([]*account, error) {
	e.usersMu.Lock()
	defer e.usersMu.Unlock()
	seen := make(map[int64]bool)
	for i, u := range users {
		if u.raw == nil {
			return nil, fmt.Errorf("user[%d]: not parsed; build users with ParseUsers", i)
		}
		if e.byID[u.id] != nil || seen[u.id] {
			return nil, fmt.Errorf("user[%d]: id %d is already a user", i, u.id)
		}
		seen[u.id] = true
	}
	added := make([]*account, 0, len(users))
	for _, u := range users {
		added = append(added, e.addAccount(u))
	}
	return added, nil
}

// discovery serves GET /.well-known/openid-configuration, mirroring Kakao's
// document (Kakao's REST API docs) with URLs on the emulator's own origin (scheme from TLS,
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
