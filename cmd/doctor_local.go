package cmd

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"

	"github.com/kakaologin/kakaologin/flow"
)

// The doctor's checks that need no server: key, secret, redirect URI.

// kakaoKeyFormat is the format of Kakao app keys, as in Kakao's own
// examples: only a lint, since Kakao does not document it
// (https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api shows
// keys only as placeholders). Compiled on first use, not at start-up.
var kakaoKeyFormat = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{32}$`) })

func checkKey(key string) doctorCheck {
	c := doctorCheck{Name: "REST API key"}
	switch {
	case key == "":
		c.Status = checkFail
		c.Message = "no REST API key: pass --client-id or set KAKAO_REST_API_KEY (Kakao Developers console: " + flow.ConsoleKeyMenu + ")"
	case !kakaoKeyFormat().MatchString(key):
		c.Status = checkWarn
		c.Message = fmt.Sprintf("%s (%d characters) is not 32 lower-case hex characters like Kakao's app keys: check for a copy-paste slip (spaces, quotes), and that it is the REST API key, not the JavaScript, native app or admin key",
			strconv.Quote(flow.Redact(key)), len(key))
	default:
		c.Status = checkOK
		c.Message = strconv.Quote(flow.Redact(key)) + ": 32 hex characters, the format of Kakao's app keys"
	}
	return c
}

func checkSecret(secret string) doctorCheck {
	c := doctorCheck{Name: "client secret", Status: checkOK}
	if secret != "" {
		c.Message = "set (not shown): sent as client_secret on token requests"
		return c
	}
	c.Message = "not set: fine if the key's client secret is off, but new REST API keys have it ON by default, and then the token request fails with KOE010: pass --client-secret or set KAKAO_CLIENT_SECRET (Kakao Developers console: " + flow.ConsoleKeyMenu + " > Client secret)"
	return c
}

// checkRedirect parses the redirect URI as login does and tries its port.
// Port 0 is only useful with an emulator, so it warns when authURL is Kakao's.
func checkRedirect(raw, authURL string) doctorCheck {
	c := doctorCheck{Name: "redirect URI"}
	u, err := flow.ParseRedirectURI(raw)
	if err != nil {
		c.Status = checkFail
		c.Message = err.Error() + ": pass --redirect-uri or set KAKAO_REDIRECT_URI"
		return c
	}
	uri := raw // Kakao compares the string as sent
	register := fmt.Sprintf("register exactly %s for this REST API key (Kakao Developers console: %s > Redirect URI)", uri, flow.ConsoleKeyMenu)
	port := u.Port()
	if port == "0" {
		c.Status = checkOK
		c.Message = uri + ": any free port, for an emulator only: Kakao needs the exact URI, port included, registered for the key"
		if authURL == flow.DefaultAuthURL {
			c.Status = checkWarn
			c.Message = uri + ": port 0 (any free port) cannot work with Kakao, which compares redirect URIs exactly: pick a fixed port and " + register
		}
		return c
	}
	// Listen exactly as login will (both loopbacks for localhost).
	srv, err := flow.ListenCallback(raw, nil)
	switch {
	case errors.Is(err, flow.ErrPortInUse):
		c.Status = checkFail
		c.Message = fmt.Sprintf("%s: port %s is in use: stop what uses it, or pass --redirect-uri with another port (and register that URI for the key under %s > Redirect URI)", uri, port, flow.ConsoleKeyMenu)
	case err != nil:
		c.Status = checkFail
		c.Message = uri + ": " + explainError(err)
	default:
		srv.Close()
		c.Status = checkOK
		c.Message = fmt.Sprintf("%s: loopback, port %s free; %s", uri, port, register)
	}
	return c
}
