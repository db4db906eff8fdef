package emulator

import (
	"encoding/json"
	"net/http"
)

// memo serves POST /v2/api/talk/memo/default/send, Kakao Talk's "send to
// me" message: an API that needs the talk_message consent item. Without
// it: 403 -402 with api_type TALK_MEMO_DEFAULT_SEND, required_scopes
// ["talk_message"] and allowed_scopes (the granted items), as in Kakao's
// fixture. With it, a template_object that is a JSON object answers
// {"result_code":0}; none or another value: 400 -2. Nothing is sent.
func (e *Emulator) memo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodPost) {
		return
	}
	s, ok := e.bearer(w, r)
	if !ok {
		return
	}
	if !e.consentSet.consented(s.granted, "talk_message") {
		var o object
		o.str("msg", "insufficient scopes.")
		o.int("code", -402)
		o.str("api_type", "TALK_MEMO_DEFAULT_SEND")
		o.raw("required_scopes", appendStrings(nil, []string{"talk_message"}))
		o.raw("allowed_scopes", appendStrings(nil, e.consentSet.scopes(s.granted)))
		writeJSON(w, http.StatusForbidden, o.bytes())
		return
	}
	if !parseAPIForm(w, r) {
		return
	}
	var tmpl map[string]json.RawMessage
	if json.Unmarshal([]byte(r.Form.Get("template_object")), &tmpl) != nil {
		writeAPIError(w, http.StatusBadRequest, "template_object is required: a JSON object", -2)
		return
	}
	writeJSON(w, http.StatusOK, []byte(`{"result_code":0}`))
}
