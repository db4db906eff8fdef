package cmd

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// fakeDjango plays the django-allauth + dj-rest-auth backend of
// examples/django-allauth over real HTTP: POST {access_token | code
// [, redirect_uri]} as a form or JSON; it fetches /v2/user/me from its
// Kakao (kakaoURL) with the token, or exchanges the code there first, and
// answers as the example does (see its README's table).
type fakeDjango struct {
	kakaoURL string
	// relayKakao makes a failed code exchange answer Kakao's error JSON
	// with 400, as some hand-written backends do, instead of dj-rest-auth's
	// "Failed to exchange code for access token".
	relayKakao bool

	mu       sync.Mutex
	users    map[string]int // email -> pk, local and social
	social   map[string]int // kakao id -> pk
	received []url.Values   // every request's fields
}

func newFakeDjango(t *testing.T, kakaoURL string) (*fakeDjango, string) {
	t.Helper()
	d := &fakeDjango{kakaoURL: kakaoURL, users: map[string]int{}, social: map[string]int{}}
	srv := httptest.NewServer(d)
	t.Cleanup(srv.Close)
	return d, srv.URL + "/accounts/kakao/login/finish/"
}

// seedLocalUser adds a user who signed up with a password.
func (d *fakeDjango) seedLocalUser(email string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users[email] = len(d.users) + 1
}

func (d *fakeDjango) fields() []url.Values {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]url.Values(nil), d.received...)
}

func (d *fakeDjango) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeJSONStatus(w, 405, map[string]string{"detail": `Method "` + r.Method + `" not allowed.`})
		return
	}
	f := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]string
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			writeJSONStatus(w, 400, map[string]string{"detail": "JSON parse error"})
			return
		}
		for k, v := range m {
			f.Set(k, v)
		}
	} else {
		r.ParseForm()
		f = r.PostForm
	}
	d.mu.Lock()
	d.received = append(d.received, f)
	d.mu.Unlock()
	nfe := func(msg string) { writeJSONStatus(w, 400, map[string][]string{"non_field_errors": {msg}}) }

	token := f.Get("access_token")
	if token == "" && f.Get("code") != "" {
		resp, err := http.PostForm(d.kakaoURL+"/oauth/token", url.Values{
			"grant_type": {"authorization_code"}, "client_id": {emulator.DefaultClientID},
			"redirect_uri": {f.Get("redirect_uri")}, "code": {f.Get("code")},
		})
		if err != nil {
			nfe("Failed to exchange code for access token")
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if resp.StatusCode != 200 || json.Unmarshal(body, &tok) != nil {
			if d.relayKakao {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				w.Write(body)
				return
			}
			nfe("Failed to exchange code for access token")
			return
		}
		token = tok.AccessToken
	}
	if token == "" {
		nfe("Incorrect input. access_token or code is required.")
		return
	}
	req, _ := http.NewRequest(http.MethodGet, d.kakaoURL+"/v2/user/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		nfe("Incorrect value")
		return
	}
	defer resp.Body.Close()
	var me struct {
		ID           json.Number `json:"id"`
		KakaoAccount struct {
			Email string `json:"email"`
		} `json:"kakao_account"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&me) != nil {
		nfe("Incorrect value")
		return
	}
	d.mu.Lock()
	pk, known := d.social[me.ID.String()]
	if !known {
		if _, taken := d.users[me.KakaoAccount.Email]; taken && me.KakaoAccount.Email != "" {
			d.mu.Unlock()
			nfe("User is already registered with this e-mail address.")
			return
		}
		pk = len(d.users) + 1
		d.users[me.KakaoAccount.Email] = pk
		d.social[me.ID.String()] = pk
	}
	d.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "session-secret-0123456789"})
	writeJSONStatus(w, 200, map[string]any{
		"access": "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2ln", "refresh": "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoicmVmcmVzaCJ9.c2ln",
		"user": map[string]any{"pk": pk, "email": me.KakaoAccount.Email},
	})
}

func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
