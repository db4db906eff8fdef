package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

const adminKey = "0123456789abcdef0123456789abcdef"

// adminCall calls a kapi path with the admin key and params (query for
// GET, form for POST).
func (v *env) adminCall(method, path, key string, params url.Values) response {
	v.t.Helper()
	h := http.Header{"Authorization": {"KakaoAK " + key}}
	if method == http.MethodGet {
		return v.do(method, path+"?"+params.Encode(), h, "")
	}
	h.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	return v.do(method, path, h, params.Encode())
}

func target(id string) url.Values {
	return url.Values{"target_id_type": {"user_id"}, "target_id": {id}}
}

func TestAdminKeyUserMeAndLogout(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	tk := v.login("")
	bearer := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	res := v.adminCall("GET", "/v2/user/me", adminKey, target("3958471203"))
	wantJSON(t, res, http.StatusOK, bearer.body)
	res = v.adminCall("POST", "/v2/user/me", adminKey, target("3958471203"))
	wantJSON(t, res, http.StatusOK, bearer.body)

	wantJSON(t, v.adminCall("POST", "/v1/user/logout", adminKey, target("3958471203")), http.StatusOK, `{"id":3958471203}`)
	wantJSON(t, v.api("GET", "/v2/user/me", tk.AccessToken, ""), http.StatusUnauthorized,
		`{"msg":"this access token does not exist","code":-401}`)
	// Logout keeps the connection: the admin key still reads the user.
	wantJSON(t, v.adminCall("GET", "/v2/user/me", adminKey, target("3958471203")), http.StatusOK, bearer.body)
}

func TestAdminKeyUnlink(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	v.login("choonsik@example.com")
	wantJSON(t, v.adminCall("POST", "/v1/user/unlink", adminKey, target("1376016924429759243")), http.StatusOK,
		`{"id":1376016924429759243}`)
	wantJSON(t, v.adminCall("GET", "/v2/user/me", adminKey, target("1376016924429759243")), http.StatusBadRequest,
		`{"msg":"NotRegisteredUserException","code":-101}`)
}

func TestAdminKeyErrors(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	v.login("")
	invalidKey := `{"msg":"invalid app key.","code":-401}`
	tests := []struct {
		name   string
		key    string
		path   string
		params url.Values
		status int
		body   string
	}{
		{"wrong key", "ffffffffffffffffffffffffffffffff", "/v2/user/me", target("3958471203"), 401, invalidKey},
		{"API without admin key support", adminKey, "/v1/user/access_token_info", target("3958471203"), 401, invalidKey},
		{"no target type", adminKey, "/v2/user/me", url.Values{"target_id": {"3958471203"}}, 400,
			`{"msg":"target_id_type must be user_id with the admin key, got [null]","code":-2}`},
		{"bad target id", adminKey, "/v2/user/me", target("x"), 400,
			`{"msg":"target_id must be a user id, got [x]","code":-2}`},
		{"unknown user", adminKey, "/v2/user/me", target("42"), 400, `{"msg":"NotRegisteredUserException","code":-101}`},
		{"user never connected", adminKey, "/v2/user/me", target("4029183746"), 400, `{"msg":"NotRegisteredUserException","code":-101}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantJSON(t, v.adminCall("GET", tt.path, tt.key, tt.params), tt.status, tt.body)
		})
	}
	// Without Config.AdminKey no key is valid, not even an empty one.
	none := newEnv(t, emulator.Config{})
	none.login("")
	wantJSON(t, none.adminCall("GET", "/v2/user/me", "", target("3958471203")), 401, invalidKey)
}

func TestUserIDs(t *testing.T) {
	v := newEnv(t, emulator.Config{AdminKey: adminKey})
	wantJSON(t, v.adminCall("GET", "/v1/user/ids", adminKey, nil), http.StatusOK, `{"elements":[]}`)
	for _, hint := range []string{"choonsik@example.com", "", "unverified@example.com"} {
		v.login(hint)
	}
	wantJSON(t, v.adminCall("GET", "/v1/user/ids", adminKey, nil), http.StatusOK,
		`{"elements":[3958471203,4120567891,1376016924429759243]}`)
	res := v.adminCall("GET", "/v1/user/ids", adminKey, url.Values{"limit": {"2"}})
	wantJSON(t, res, http.StatusOK, `{"elements":[3958471203,4120567891],"after_url":"`+v.srv.URL+
		`/v1/user/ids?from_id=4120567891&limit=2&order=asc"}`)
	next := decode(t, res.body)["after_url"].(string)
	wantJSON(t, v.do("GET", strings.TrimPrefix(next, v.srv.URL), http.Header{"Authorization": {"KakaoAK " + adminKey}}, ""),
		http.StatusOK, `{"elements":[1376016924429759243]}`)
	wantJSON(t, v.adminCall("GET", "/v1/user/ids", adminKey, url.Values{"order": {"desc"}, "from_id": {"1376016924429759243"}}),
		http.StatusOK, `{"elements":[4120567891,3958471203]}`)
	wantJSON(t, v.adminCall("GET", "/v1/user/ids", adminKey, url.Values{"limit": {"101"}}), http.StatusBadRequest,
		`{"msg":"limit must be 1 to 100","code":-2}`)
	tk := v.login("")
	wantJSON(t, v.api("GET", "/v1/user/ids", tk.AccessToken, ""), http.StatusUnauthorized, `{"msg":"invalid app key.","code":-401}`)
}

func TestAccessTokenQueryParameter(t *testing.T) {
	v := newEnv(t, emulator.Config{})
	tk := v.login("")
	want := v.api("GET", "/v2/user/me", tk.AccessToken, "")
	q := "?access_token=" + url.QueryEscape(tk.AccessToken)
	wantJSON(t, v.do("GET", "/v2/user/me"+q, nil, ""), http.StatusOK, want.body)
	wantJSON(t, v.do("GET", "/v1/user/access_token_info"+q, nil, ""), http.StatusOK,
		`{"id":3958471203,"expires_in":21599,"app_id":1234567}`)
	// The header wins, and POST takes no token from the query.
	h := http.Header{"Authorization": {"Bearer nope"}}
	wantJSON(t, v.do("GET", "/v2/user/me"+q, h, ""), http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)
	wantJSON(t, v.do("POST", "/v1/user/logout"+q, nil, ""), http.StatusUnauthorized, `{"msg":"this access token does not exist","code":-401}`)
	wantJSON(t, v.do("GET", "/v2/user/me?access_token=nope", nil, ""), http.StatusUnauthorized,
		`{"msg":"this access token does not exist","code":-401}`)
}
