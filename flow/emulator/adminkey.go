package emulator

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// cutScheme splits an Authorization header into its lower-cased scheme
// and credential.
func cutScheme(h string) (string, string, bool) {
	scheme, cred, ok := strings.Cut(h, " ")
	return strings.ToLower(scheme), cred, ok
}

// adminKeyOK reports whether key is the configured admin key (none is
// configured by default, and then no key is).
func (e *Emulator) adminKeyOK(key string) bool {
	return e.cfg.AdminKey != "" && subtle.ConstantTimeCompare([]byte(key), []byte(e.cfg.AdminKey)) == 1
}

// adminTarget resolves the user an admin-key call names: target_id_type
// must be user_id (else 400 -2) and target_id a connected user's id (a
// malformed id is 400 -2; an unknown or unlinked user 400 -101
// "NotRegisteredUserException", an inference from Kakao's -101 meaning).
// Parameters come from the query, and for POST from the form too.
func (e *Emulator) adminTarget(w http.ResponseWriter, r *http.Request) (session, bool) {
	q := r.URL.Query()
	if r.Method == http.MethodPost {
		if !parseAPIForm(w, r) {
			return session{}, false
		}
		q = r.Form
	}
	if t := q.Get("target_id_type"); t != "user_id" {
		writeAPIError(w, http.StatusBadRequest, "target_id_type must be user_id with the admin key, got ["+nullIfEmpty(t)+"]", -2)
		return session{}, false
	}
	id, err := strconv.ParseInt(q.Get("target_id"), 10, 64)
	if err != nil || id <= 0 {
		writeAPIError(w, http.StatusBadRequest, "target_id must be a user id, got ["+nullIfEmpty(q.Get("target_id"))+"]", -2)
		return session{}, false
	}
	e.usersMu.RLock()
	a := e.byID[id]
	e.usersMu.RUnlock()
	var s session
	if a != nil {
		e.mu.Lock()
		if a.connected {
			s = session{a: a, granted: a.granted, connected: a.connectedJSON}
		}
		e.mu.Unlock()
	}
	if s.a == nil {
		writeAPIError(w, http.StatusBadRequest, "NotRegisteredUserException", -101)
		return session{}, false
	}
	return s, true
}

// maxIDsLimit is /v1/user/ids' largest page (Kakao's REST API docs).
const maxIDsLimit = 100

// userIDs serves GET /v1/user/ids with the admin key (no target): the ids
// of the users connected to the app, {"elements":[...]} plus "after_url"
// when more remain. limit is 1-100 (default 100), order asc (default) or
// desc, from_id excludes ids up to it (asc) or from it up (desc). Kakao's
// 100 calls per minute are not enforced.
func (e *Emulator) userIDs(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	scheme, key, _ := cutScheme(r.Header.Get("Authorization"))
	if scheme != "kakaoak" || !e.adminKeyOK(key) {
		writeAPIError(w, http.StatusUnauthorized, "invalid app key.", -401)
		return
	}
	q := r.URL.Query()
	limit := maxIDsLimit
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxIDsLimit {
			writeAPIError(w, http.StatusBadRequest, "limit must be 1 to 100", -2)
			return
		}
		limit = n
	}
	order := q.Get("order")
	if order == "" {
		order = "asc"
	}
	if order != "asc" && order != "desc" {
		writeAPIError(w, http.StatusBadRequest, "order must be asc or desc", -2)
		return
	}
	var from int64
	if s := q.Get("from_id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, "from_id must be a user id", -2)
			return
		}
		from = n
	}
	var ids []int64
	accounts := e.accountList()
	e.mu.Lock()
	for _, a := range accounts {
		if a.connected && (from == 0 || order == "asc" && a.id > from || order == "desc" && a.id < from) {
			ids = append(ids, a.id)
		}
	}
	e.mu.Unlock()
	slices.Sort(ids)
	if order == "desc" {
		slices.Reverse(ids)
	}
	more := len(ids) > limit
	ids = ids[:min(limit, len(ids))]
	b := []byte{'['}
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	var o object
	o.raw("elements", append(b, ']'))
	if more {
		next := url.Values{"limit": {strconv.Itoa(limit)}, "order": {order},
			"from_id": {strconv.FormatInt(ids[len(ids)-1], 10)}}
		o.str("after_url", origin(r)+"/v1/user/ids?"+next.Encode())
	}
	writeJSON(w, http.StatusOK, o.bytes())
}
