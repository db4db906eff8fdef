package emulator_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const (
	scopeNickname = `{"id":"profile_nickname","display_name":"닉네임","type":"PRIVACY","using":true,"agreed":true,"revocable":false}`
	scopeImage    = `{"id":"profile_image","display_name":"프로필 사진","type":"PRIVACY","using":true,"agreed":true,"revocable":true}`
	scopeEmail    = `{"id":"account_email","display_name":"카카오계정(이메일)","type":"PRIVACY","using":true,"agreed":true,"revocable":true}`
	scopeNoEmail  = `{"id":"account_email","display_name":"카카오계정(이메일)","type":"PRIVACY","using":true,"agreed":false}`
)

func TestUserScopes(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	tk := v.login("")
	wantJSON(t, v.api("GET", "/v2/user/scopes", tk.AccessToken, ""), http.StatusOK,
		`{"id":3958471203,"scopes":[`+scopeNickname+`,`+scopeImage+`,`+scopeEmail+`]}`)
	q := url.Values{"scopes": {`["account_email"]`}}
	wantJSON(t, v.api("GET", "/v2/user/scopes?"+q.Encode(), tk.AccessToken, ""), http.StatusOK,
		`{"id":3958471203,"scopes":[`+scopeEmail+`]}`)
	wantJSON(t, v.api("GET", "/v2/user/scopes?scopes=account_email", tk.AccessToken, ""), http.StatusBadRequest, "")

	// A user who declined email; read with the admin key.
	v.login("no.email.consent@example.com")
	wantJSON(t, v.adminCall("GET", "/v2/user/scopes", adminKey, target("4029183746")), http.StatusOK,
		`{"id":4029183746,"scopes":[`+scopeNickname+`,`+scopeImage+`,`+scopeNoEmail+`]}`)
}

func TestRevokeScopes(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	revoke := func(scopes string) response {
		return v.api("POST", "/v2/user/revoke/scopes", tk.AccessToken, url.Values{"scopes": {scopes}}.Encode())
	}
	// All or nothing: a required item refuses the whole request.
	wantJSON(t, revoke(`["account_email","profile_nickname"]`), http.StatusForbidden,
		`{"msg":"[profile_nickname] is not revocable. check out if it's set as required on developers.kakao.com","code":-3}`)
	wantJSON(t, revoke(`["gender"]`), http.StatusBadRequest,
		`{"msg":"invalid scopes: [gender] is not a consent item of this app","code":-2}`)
	wantJSON(t, revoke(`account_email`), http.StatusBadRequest, "")
	wantJSON(t, revoke(`["account_email"]`), http.StatusOK,
		`{"id":3958471203,"scopes":[`+scopeNickname+`,`+scopeImage+`,`+scopeNoEmail+`]}`)
	// /v2/user/me shows the item as not consented at once, with the same token.
	me := decode(t, v.api("GET", "/v2/user/me", tk.AccessToken, "").body)
	acct := me["kakao_account"].(map[string]any)
	if _, has := acct["email"]; has || acct["email_needs_agreement"] != true {
		t.Errorf("after revoke: kakao_account %v", acct)
	}
	if res := v.do("GET", "/_emulator/users", nil, ""); !strings.Contains(res.body, `"scopes":["profile_image","profile_nickname"]}`) {
		t.Errorf("users after revoke: %s", res.body)
	}
}

func TestMemoNeedsTalkMessage(t *testing.T) {
	v := newEnv(t, emulator.Config{App: emulator.App{Consent: []emulator.ConsentItem{
		{ID: "profile_nickname", Required: true}, {ID: "talk_message"}}}})
	form := url.Values{"template_object": {`{"object_type":"text","text":"hi","link":{}}`}}.Encode()
	tk := v.login("no.email.consent@example.com")
	wantJSON(t, v.api("POST", "/v2/api/talk/memo/default/send", tk.AccessToken, form), http.StatusOK, `{"result_code":0}`)
	wantJSON(t, v.api("POST", "/v2/api/talk/memo/default/send", tk.AccessToken, "template_object=nope"), http.StatusBadRequest,
		`{"msg":"template_object is required: a JSON object","code":-2}`)

	v.api("POST", "/v2/user/revoke/scopes", tk.AccessToken, url.Values{"scopes": {`["talk_message"]`}}.Encode())
	wantJSON(t, v.api("POST", "/v2/api/talk/memo/default/send", tk.AccessToken, form), http.StatusForbidden,
		`{"msg":"insufficient scopes.","code":-402,"api_type":"TALK_MEMO_DEFAULT_SEND","required_scopes":["talk_message"],"allowed_scopes":["profile_nickname"]}`)
}

func TestKnownConsentItems(t *testing.T) {
	known := emulator.KnownConsentItems()
	if !slices.IsSorted(known) || len(slices.Compact(slices.Clone(known))) != len(known) {
		t.Errorf("KnownConsentItems() = %v, want sorted without duplicates", known)
	}
	for _, id := range []string{"profile_nickname", "profile_image", "account_email", "gender", "talk_message", "shipping_address"} {
		if !slices.Contains(known, id) {
			t.Errorf("KnownConsentItems() lacks %s: %v", id, known)
		}
	}
	for _, it := range emulator.DefaultApp().Consent {
		if !slices.Contains(known, it.ID) {
			t.Errorf("the default app's item %s is not known", it.ID)
		}
	}
}
