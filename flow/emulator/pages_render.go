package emulator

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

//go:embed assets/pages.html assets/pages.css
var assets embed.FS

// pageTemplate and pageCSS are parsed on the first page shown, not at
// start-up: every kakaologin command links the emulator, few show a page.
var (
	pageTemplate = sync.OnceValue(func() *template.Template {
		return template.Must(template.ParseFS(assets, "assets/pages.html"))
	})
	pageCSS = sync.OnceValue(func() template.CSS {
		b, err := assets.ReadFile("assets/pages.css")
		if err != nil {
			panic(err) // embedded: a build defect
		}
		return template.CSS(b)
	})
)

// pageView is what assets/pages.html renders: one of Kakao's pages.
type pageView struct {
	Step       string // "account" or "consent", also the page's kakaologin-emulator marker
	Token      string // the form's csrf_token
	AppName    string
	AppInitial string
	CSS        template.CSS

	// The account page.
	Users   []userChoice
	LoginID string // the id field's value: login_hint, or what was typed
	Error   string // the problem with LoginID, shown under the field

	// The consent page.
	User       userChoice
	Items      []consentChoice
	Additional bool // the user agreed before: only new items are asked
	Cancels    bool // the user's _emulator switch presses Cancel

	formAction string // Content-Security-Policy form-action sources
}

// userChoice is a user as the account chooser lists them.
type userChoice struct {
	ID       string
	Nickname string
	Email    string
	Initial  string
	Color    int  // avatar colour class, from the id
	Current  bool // the browser's Kakao Account session is this user
	Default  bool // the one a person playing it safe would pick: the session's, else the default user
}

// consentChoice is one consent item on the consent page.
type consentChoice struct {
	ID       string
	Korean   string
	English  string
	Required bool
	Checked  bool
}

func choiceOf(a *account) userChoice {
	c := userChoice{ID: strconv.FormatInt(a.id, 10), Nickname: a.nickname, Email: a.email, Color: int(a.id % 6)}
	name := c.Nickname
	if name == "" {
		name = c.Email
	}
	if r, _ := utf8.DecodeRuneInString(name); r != utf8.RuneError {
		c.Initial = string(r)
	} else {
		c.Initial = "?"
	}
	return c
}

// itemNamesEN are English names for the items scopeNames names in Korean.
var itemNamesEN = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"profile":          "Profile (nickname, profile image)",
		"profile_nickname": "Nickname",
		"profile_image":    "Profile image",
		"account_email":    "Kakao Account (email)",
		"name":             "Name",
		"gender":           "Gender",
		"age_range":        "Age range",
		"birthday":         "Birthday",
		"birthyear":        "Birth year",
		"phone_number":     "Kakao Account (phone number)",
		"account_ci":       "CI (connecting information)",
		"shipping_address": "Shipping address",
		"talk_message":     "Send KakaoTalk messages",
		"friends":          "Friends list in Kakao services",
		"talk_chats":       "KakaoTalk chat list",
	}
})

// itemNames are a consent item's Korean and English names; an item the
// emulator doesn't know is shown by its ID.
func itemNames(id string) (string, string) {
	ko, en := scopeNames()[id], itemNamesEN()[id]
	if ko == "" {
		ko = id
	}
	if en == "" {
		en = id
	}
	return ko, en
}

// finishView fills what every page has. Caller holds e.mu.
func (e *Emulator) finishView(v *pageView, p *pending) *pageView {
	v.AppName, v.CSS = e.app.Name, pageCSS()
	v.AppInitial = "K"
	if r, _ := utf8.DecodeRuneInString(v.AppName); r != utf8.RuneError {
		v.AppInitial = string(r)
	}
	// A form may post here and be redirected to the app's redirect URI.
	v.formAction = "'self' " + p.target.Scheme + "://" + p.target.Host
	return v
}

// writePage renders v with the headers a login page needs: never cached,
// never framed (clickjacking), no script at all, forms only to here and
// to the app.
func writePage(w http.ResponseWriter, v *pageView) {
	var b bytes.Buffer
	if err := pageTemplate().Execute(&b, v); err != nil {
		writeAuthError(w, http.StatusInternalServerError, "server_error", "render page: "+err.Error(), "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html;charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin") // no-referrer would make a browser send Origin: null
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "+
		"form-action "+v.formAction+"; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}
