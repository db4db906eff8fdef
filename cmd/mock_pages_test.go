package cmd

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

func TestMockPagesFlags(t *testing.T) {
	var m mockPages
	c := &cobra.Command{Use: "mock", Long: "Run the emulator."}
	m.register(c)
	if !strings.Contains(c.Long, "Kakao's pages") || !strings.Contains(c.Long, "--auto-approve skips the pages") {
		t.Errorf("help lacks the pages: %s", c.Long)
	}
	if err := c.ParseFlags([]string{"--logout-redirect-uri", "http://localhost:3000/", "--logout-redirect-uri", "https://app.example/bye"}); err != nil {
		t.Fatal(err)
	}
	if err := m.validate(); err != nil {
		t.Fatal(err)
	}
	var cfg emulator.Config
	m.apply(&cfg, false)
	if cfg.AutoApprove || !slices.Equal(cfg.App.LogoutRedirectURIs, []string{"http://localhost:3000/", "https://app.example/bye"}) {
		t.Errorf("config = %+v", cfg)
	}
	if _, err := emulator.New(cfg); err != nil {
		t.Errorf("the emulator refuses the config: %v", err)
	}
	m.apply(&cfg, true)
	if !cfg.AutoApprove {
		t.Error("--auto-approve not applied")
	}
	if d := m.describe(false); !strings.Contains(d, "Login pages: shown") || !strings.Contains(d, "https://app.example/bye") {
		t.Errorf("describe = %q", d)
	}
	if d := m.describe(true); !strings.Contains(d, "skipped (--auto-approve)") {
		t.Errorf("describe = %q", d)
	}
	bad := mockPages{logoutRedirects: []string{"localhost:3000"}}
	if err := bad.validate(); err == nil || !strings.Contains(err.Error(), "--logout-redirect-uri") {
		t.Errorf("a URI without scheme: %v", err)
	}
}
