package flow

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRedirectURI(t *testing.T) {
	for _, ok := range []string{
		"http://localhost:8734/callback",
		"http://127.0.0.1:0/callback",
		"http://[::1]:9000/cb",
		"http://127.0.0.2:9000",
	} {
		if _, err := ParseRedirectURI(ok); err != nil {
			t.Errorf("ParseRedirectURI(%q) = %v, want nil", ok, err)
		}
	}
	for raw, want := range map[string]string{
		"https://localhost:8734/callback":   "scheme must be http",
		"http://example.com:8734/callback":  "must be localhost",
		"http://192.168.0.10:8734/callback": "must be localhost",
		"http://localhost/callback":         "explicit port",
		"http://localhost:99999/callback":   "0 to 65535",
		"http://localhost:8734/cb?x=1":      "query",
		"::not a url":                       "missing protocol scheme",
	} {
		_, err := ParseRedirectURI(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRedirectURI(%q) = %v, want error containing %q", raw, err, want)
		}
	}
	_, err := ParseRedirectURI("http://example.com:80/cb")
	if !errors.Is(err, ErrNotLoopback) {
		t.Errorf("non-loopback error %v does not wrap ErrNotLoopback", err)
	}
}

func TestParseRedirectURIRootPath(t *testing.T) {
	u, err := ParseRedirectURI("http://localhost:8734")
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "" {
		t.Errorf("path = %q, want it as given (empty)", u.Path)
	}
}

// Kakao compares redirect URIs byte for byte: what is accepted must be
// what is listened on and sent, and what Kakao would refuse is refused here.
func TestParseRedirectURIExactness(t *testing.T) {
	for raw, want := range map[string]string{
		"http://user:pw@localhost:8734/cb": "user name or password",
		"http://user@localhost:8734/cb":    "user name or password",
		"http://localhost:8734/cb?":        "query or fragment",
		"http://localhost:8734/cb#":        "query or fragment",
		"http://localhost:8734/cb#frag":    "query or fragment",
		"http://localhost:08734/callback":  "leading zero",
		"http://localhost:00/callback":     "leading zero",
	} {
		_, err := ParseRedirectURI(raw)
		if !errors.Is(err, ErrBadRedirectURI) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseRedirectURI(%q) = %v, want ErrBadRedirectURI containing %q", raw, err, want)
		}
		if err != nil && strings.Contains(err.Error(), ":pw@") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	// Host names are case-insensitive: a URI registered in capitals works.
	for _, ok := range []string{"http://LOCALHOST:8734/callback", "http://LocalHost:0/callback"} {
		if _, err := ParseRedirectURI(ok); err != nil {
			t.Errorf("ParseRedirectURI(%q) = %v, want nil", ok, err)
		}
	}
}
