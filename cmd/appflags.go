package cmd

import (
	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow"
)

// appFlags are the app and endpoint settings every Kakao command takes.
// Each flag falls back to an environment variable (the names a Django
// backend's settings already use), then to a default.
type appFlags struct {
	clientID, clientSecret, redirectURI string
	authURL, apiURL                     string
}

func (a *appFlags) register(c *cobra.Command, withRedirect bool) {
	fl := c.Flags()
	fl.StringVar(&a.clientID, "client-id", "", "REST API key of the Kakao app (env KAKAO_REST_API_KEY)")
	fl.StringVar(&a.clientSecret, "client-secret", "", "client secret, when the key has it on (env KAKAO_CLIENT_SECRET; prefer the env var: flags show in ps)")
	if withRedirect {
		fl.StringVar(&a.redirectURI, "redirect-uri", "", "loopback redirect URI registered for the key (env KAKAO_REDIRECT_URI, default "+flow.DefaultRedirectURI+")")
	}
	fl.StringVar(&a.authURL, "auth-url", "", "auth server base URL (env KAKAOLOGIN_AUTH_URL, default "+flow.DefaultAuthURL+")")
	fl.StringVar(&a.apiURL, "api-url", "", "API server base URL (env KAKAOLOGIN_API_URL, default "+flow.DefaultAPIURL+")")
}

// config resolves flags, then environment, then defaults.
func (a *appFlags) config(f *Factory) flow.Config {
	return flow.Config{
		ClientID:     f.env(a.clientID, "KAKAO_REST_API_KEY"),
		ClientSecret: f.env(a.clientSecret, "KAKAO_CLIENT_SECRET"),
		RedirectURI:  f.env(a.redirectURI, "KAKAO_REDIRECT_URI"),
		AuthURL:      f.env(a.authURL, "KAKAOLOGIN_AUTH_URL"),
		APIURL:       f.env(a.apiURL, "KAKAOLOGIN_API_URL"),
		HTTPClient:   f.HTTPClient,
		Now:          f.Now,
		Trace:        f.Trace,
	}
}
