package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// mockPages holds the `kakaologin mock` settings about Kakao's pages:
// --auto-approve (defined in mock.go, passed to apply) and the logout
// redirect URIs /oauth/logout accepts.
type mockPages struct {
	logoutRedirects []string
}

// mockPagesHelp is appended to `kakaologin mock --help`.
const mockPagesHelp = `

Kakao's pages: the authorize URL shows what a person sees on Kakao, in
Korean with English beside: the account page (pick a test user, or type
an email or id; login_hint pre-fills it), then the consent page (required
items fixed, optional ones ticked; "Agree and continue" or "Cancel", which
redirects error=access_denied). Picking a user logs the browser in to its
Kakao Account for 24 hours; consent is remembered per user, and asked
again only for items a later scope asks for, or after unlink.
prompt=login and select_account show the account page again; prompt=none
redirects login_required or consent_required instead of showing a page.
GET /oauth/logout?client_id=KEY&logout_redirect_uri=URI logs the browser
out (the URI must be registered with --logout-redirect-uri, else KOE007).

--auto-approve skips the pages: the login_hint user (else the first), every
item granted but those the user's "_emulator" switches decline. kakaologin
login --headless plays the pages either way (--decline unticks items).`

// register adds the flags to the mock command and its help.
func (m *mockPages) register(c *cobra.Command) {
	c.Long += mockPagesHelp
	c.Example += `
  kakaologin mock --logout-redirect-uri http://localhost:3000/
  kakaologin mock --auto-approve    # no pages: for scripts that follow redirects with curl`
	c.Flags().StringArrayVar(&m.logoutRedirects, "logout-redirect-uri", nil, "registered logout redirect URI for GET /oauth/logout, repeatable (default none: KOE007)")
}

// validate checks the flags' values.
func (m *mockPages) validate() error {
	for _, u := range m.logoutRedirects {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("--logout-redirect-uri %q: want an http or https URL", u)
		}
	}
	return nil
}

// apply sets cfg from the flags and --auto-approve.
func (m *mockPages) apply(cfg *emulator.Config, autoApprove bool) {
	cfg.AutoApprove = autoApprove
	cfg.App.LogoutRedirectURIs = m.logoutRedirects
}

// describe is the line `kakaologin mock` prints about the pages when it
// starts.
func (m *mockPages) describe(autoApprove bool) string {
	s := "Login pages: shown (Kakao's account and consent pages; --auto-approve skips them)"
	if autoApprove {
		s = "Login pages: skipped (--auto-approve): authorize redirects at once"
	}
	if len(m.logoutRedirects) > 0 {
		s += "\nRegistered logout redirect URIs: " + strings.Join(m.logoutRedirects, ", ")
	}
	return s + "\n"
}
