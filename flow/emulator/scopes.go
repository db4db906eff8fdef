package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
)

// scopeNames are display_name values for known consent items, in Korean
// as Kakao's Korean console names them; other items show their ID. They
// are the emulator's wording: Kakao documents the field, not its text.
var scopeNames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"profile":          "프로필 정보(닉네임/프로필 사진)",
		"profile_nickname": "닉네임",
		"profile_image":    "프로필 사진",
		"account_email":    "카카오계정(이메일)",
		"name":             "이름",
		"gender":           "성별",
		"age_range":        "연령대",
		"birthday":         "생일",
		"birthyear":        "출생 연도",
		"phone_number":     "카카오계정(전화번호)",
		"account_ci":       "CI(연계정보)",
		"shipping_address": "배송지정보(수령인명, 배송지 주소, 전화번호)",
		"talk_message":     "카카오톡 메시지 전송",
		"friends":          "카카오 서비스 내 친구목록(프로필사진, 닉네임, 즐겨찾기 포함)",
		"talk_chats":       "카카오톡 채팅방 목록",
	}
})

// isServiceScope reports whether an item is of type SERVICE (a permission
// to act in a Kakao service); every other item is PRIVACY (personal data).
func isServiceScope(id string) bool {
	switch id {
	case "talk_message", "friends", "talk_chats":
		return true
	}
	return false
}

// scopes serves GET /v2/user/scopes (Kakao's REST API docs), with an access token or the
// admin key and a target: {"id":..,"scopes":[{"id","display_name",
// "type","using","agreed","revocable"}]} for the app's consent items in
// configuration order; revocable (optional and agreed) only when agreed.
// scopes=["id",...] (a JSON array) keeps only those items; not an array
// of strings: 400 -2.
func (e *Emulator) scopes(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	s, ok := e.caller(w, r)
	if !ok {
		return
	}
	var only []string
	if v := r.URL.Query().Get("scopes"); v != "" {
		if json.Unmarshal([]byte(v), &only) != nil {
			writeAPIError(w, http.StatusBadRequest, `scopes must be a JSON array of consent item IDs, e.g. ["account_email"]`, -2)
			return
		}
	}
	writeJSON(w, http.StatusOK, e.scopeList(s.a.id, s.granted, only))
}

// scopeList renders the /v2/user/scopes answer for the items in only
// (all when nil).
func (e *Emulator) scopeList(id int64, granted []bool, only []string) []byte {
	b := []byte{'['}
	n := 0
	for i, it := range e.consentSet.items {
		if only != nil && !slices.Contains(only, it.ID) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		name := scopeNames()[it.ID]
		if name == "" {
			name = it.ID
		}
		kind := "PRIVACY"
		if isServiceScope(it.ID) {
			kind = "SERVICE"
		}
		agreed := i < len(granted) && granted[i]
		var o object
		o.str("id", it.ID)
		o.str("display_name", name)
		o.str("type", kind)
		o.bool("using", true)
		o.bool("agreed", agreed)
		if agreed {
			o.bool("revocable", !it.Required)
		}
		b = append(b, o.bytes()...)
	}
	var o object
	o.int("id", id)
	o.raw("scopes", append(b, ']'))
	return o.bytes()
}

// revokeScopes serves POST /v2/user/revoke/scopes (Kakao's REST API docs): scopes=["id",...]
// withdraws the user's consent to those optional items and answers like
// /v2/user/scopes. A required item: 403 -3 "[id] is not revocable. ...";
// an item the app doesn't configure, or a missing or malformed scopes:
// 400 -2. Nothing is revoked unless every item can be. Tokens stay valid;
// /v2/user/me stops showing the items' data at once.
func (e *Emulator) revokeScopes(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodPost) {
		return
	}
	s, ok := e.caller(w, r)
	if !ok {
		return
	}
	if !parseAPIForm(w, r) {
		return
	}
	var ids []string
	if json.Unmarshal([]byte(r.Form.Get("scopes")), &ids) != nil || len(ids) == 0 {
		writeAPIError(w, http.StatusBadRequest, `scopes is required: a JSON array of consent item IDs, e.g. ["account_email"]`, -2)
		return
	}
	for _, id := range ids {
		i, known := e.consentSet.index[id]
		switch {
		case !known:
			writeAPIError(w, http.StatusBadRequest, "invalid scopes: ["+id+"] is not a consent item of this app", -2)
			return
		case e.consentSet.items[i].Required:
			writeAPIError(w, http.StatusForbidden, "["+id+"] is not revocable. check out if it's set as required on developers.kakao.com", -3)
			return
		}
	}
	a := s.a
	e.mu.Lock()
	granted := a.granted
	if a.connected {
		granted = slices.Clone(a.granted)
		for _, id := range ids {
			granted[e.consentSet.index[id]] = false
		}
		a.granted, a.scopes = granted, e.scopeString(granted, a.openid)
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, e.scopeList(a.id, granted, nil))
}
