package flow

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
)

// ErrNeedsPerson is returned by FollowAuthorize when the authorize URL
// answers with a page for a person that is not one of the emulator's
// (Kakao's own login or consent page): FollowAuthorize plays only the
// emulator's pages, or an authorize server that approves at once.
var ErrNeedsPerson = errors.New("the authorize page is not the emulator's: it wants a person")

// The patterns of Kakao's pages, compiled on first use: every kakaologin
// command links flow, few read a page.
var (
	koePattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`KOE[0-9A-Z_]+`) })
	paraPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)<p[^>]*>(.*?)</p>`) })
	tagPattern  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })
)

// pageMessage is the longest paragraph of an HTML error page, as text:
// error pages put the explanation there.
func pageMessage(body []byte) string {
	best := ""
	for _, m := range paraPattern().FindAllSubmatch(body, -1) {
		text := strings.Join(strings.Fields(html.UnescapeString(tagPattern().ReplaceAllString(string(m[1]), " "))), " ")
		if len(text) > len(best) {
			best = text
		}
	}
	return best
}

// FollowAuthorize plays the browser without one: it requests the authorize
// URL and follows its redirects, which end at the loopback callback server.
// On the emulator's login and consent pages it plays the person too: the
// user login_hint pre-fills (else the page's default user), the consent
// items as ticked but those opts decline (see Decline), then Agree. It returns nil once the callback answered, an error
// wrapping ErrStateMismatch when the callback server ignored the answer for
// want of the login's state, *AuthError for a Kakao error page (KOExxx), or
// ErrNeedsPerson for a login page that is not the emulator's.
func FollowAuthorize(ctx context.Context, client *http.Client, authorizeURL string, opts ...HeadlessOption) error {
	if client == nil {
		client = defaultHTTPClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authorizeURL, nil)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("authorize: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.Request.URL.Host != req.URL.Host || resp.Request.URL.Path != req.URL.Path {
		return callbackAnswered(resp) // redirected away from the authorize page
	}
	if resp.StatusCode == http.StatusOK && isEmulatorPage(body) {
		return playPages(ctx, client, resp, body, opts...)
	}
	if err := koePageError(resp.StatusCode, body); err != nil {
		return err
	}
	if resp.StatusCode == http.StatusOK {
		return fmt.Errorf("authorize: %w", ErrNeedsPerson)
	}
	return fmt.Errorf("authorize: %w", unexpected(ServerAuth, resp.StatusCode, resp.Header, body, "the authorize page answered unexpectedly"))
}

// koePageError is the *AuthError of a Kakao error page (a KOE code on an
// HTML page), nil when body shows no KOE code.
func koePageError(status int, body []byte) error {
	code := koePattern().Find(body)
	if code == nil {
		return nil
	}
	desc := pageMessage(body)
	if desc == "" {
		desc = "the authorize page showed " + string(code)
	}
	return fmt.Errorf("authorize: %w", &AuthError{Status: status, Err: "error page", Code: string(code), Description: desc})
}
