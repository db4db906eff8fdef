package cmd

import (
	"strings"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/flow/tokenfile"
)

func TestTokenRefreshRotationUpdatesSavedToken(t *testing.T) {
	k, env := startKakao(t)
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	first, err := tokenfile.Load(env["KAKAOLOGIN_TOKEN_FILE"])
	if err != nil {
		t.Fatal(err)
	}

	// More than a month left: the refresh token is kept, the access token replaced.
	k.Clock.Advance(24 * time.Hour)
	code, _, stderr := runCLI(t, env, "token", "refresh")
	if code != 0 || !strings.Contains(stderr, "kept the refresh token") {
		t.Fatalf("refresh 1: exit %d: %s", code, stderr)
	}
	kept, _ := tokenfile.Load(env["KAKAOLOGIN_TOKEN_FILE"])
	if kept.RefreshToken != first.RefreshToken || kept.AccessToken == first.AccessToken || !kept.RefreshTokenExpiresAt.Equal(first.RefreshTokenExpiresAt) {
		t.Errorf("after a non-rotating refresh: %+v", kept)
	}

	// In the last month: a new refresh token, saved; the old one is dead.
	k.Clock.Advance(31 * 24 * time.Hour)
	code, _, stderr = runCLI(t, env, "token", "refresh")
	if code != 0 || !strings.Contains(stderr, "issued a new refresh token") {
		t.Fatalf("refresh 2: exit %d: %s", code, stderr)
	}
	rotated, _ := tokenfile.Load(env["KAKAOLOGIN_TOKEN_FILE"])
	if rotated.RefreshToken == first.RefreshToken {
		t.Fatal("the rotated refresh token was not saved")
	}
	code, _, stderr = runCLI(t, env, "token", "refresh", "--refresh-token", first.RefreshToken)
	if code != ExitKakao || !strings.Contains(stderr, "KOE322") {
		t.Errorf("old refresh token: exit %d, %s", code, stderr)
	}
}

func TestExpiredAccessTokenExplains(t *testing.T) {
	k, env := startKakao(t)
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	k.Clock.Advance(6 * time.Hour)
	code, stdout, stderr := runCLI(t, env, "profile")
	if code != ExitKakao || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "-401: this access token is already expired") || !strings.Contains(stderr, "refresh it") {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestUnlinkAsksConsentAgain(t *testing.T) {
	_, env := startKakao(t)
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--save"); code != 0 {
		t.Fatalf("login: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, env, "login", "--headless", "--prompt", "none"); code != 0 {
		t.Fatalf("prompt=none for a connected user: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, env, "unlink")
	if code != 0 || !strings.Contains(stdout, `"id": 3958471203`) || !strings.Contains(stderr, "Deleted the saved token") {
		t.Fatalf("unlink: exit %d, %s %s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, env, "login", "--headless", "--prompt", "none")
	if code != ExitDenied || !strings.Contains(stderr, "consent_required") {
		t.Errorf("prompt=none after unlink: exit %d, %s", code, stderr)
	}
}
