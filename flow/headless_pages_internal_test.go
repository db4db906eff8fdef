package flow

import (
	"net/url"
	"testing"
)

// FuzzEmulatorPage feeds the page reader what a server could send: it must
// not panic, and what it submits comes from the page's own forms.
func FuzzEmulatorPage(f *testing.F) {
	for _, s := range []string{
		`<meta name="kakaologin-emulator" content="account"><form action="/oauth/authorize/account" data-kakaologin="account-chooser"><input type="hidden" name="csrf_token" value="t"><button name="user" value="1" data-kakaologin-default>a</button></form>`,
		`<meta name="kakaologin-emulator" content="account"><form data-kakaologin="account-login"><input name="login_id" value="x"></form><p data-kakaologin-error="KOE_MOCK_LOGIN_HINT">no</p>`,
		`<meta name="kakaologin-emulator" content="consent"><form data-kakaologin="consent" data-kakaologin-cancels><input type="checkbox" name="scope" value="a" checked data-kakaologin-item="a"><button name="action" value="cancel" data-kakaologin-action="cancel"></button></form>`,
		`<meta name="kakaologin-emulator" content="consent"><form data-kakaologin="consent"><form><input type=checkbox checked disabled data-kakaologin-item=b data-kakaologin-required>`,
		`<meta name="kakaologin-emulator" content="other">`, `<form><form><form>`, "\x00<meta", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		pg, err := parsePage(body)
		if err != nil {
			return
		}
		form, values, err := person{decline: []string{"a", "b"}}.choose(pg)
		if err != nil {
			return
		}
		if form == nil {
			t.Fatal("no error and no form")
		}
		for k := range values {
			if k == "" {
				t.Fatalf("submits an unnamed field: %v", values)
			}
		}
		if _, err := url.ParseQuery(values.Encode()); err != nil {
			t.Fatal(err)
		}
		isEmulatorPage(body)
	})
}
