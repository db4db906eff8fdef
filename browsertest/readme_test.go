package browsertest

import (
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The README's screenshots exist, as the browser tests write them: small
// PNGs, 480 pixels wide. This runs without a browser.
func TestReadmeScreenshots(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`docs/screenshots/[a-z-]+\.png`).FindAllString(string(readme), -1)
	if len(refs) < 4 {
		t.Fatalf("README shows %d screenshots, want the pages' four", len(refs))
	}
	for _, ref := range refs {
		f, err := os.Open(filepath.Join("..", ref))
		if err != nil {
			t.Errorf("README shows %s: %v (KAKAOLOGIN_UPDATE_SCREENSHOTS=1 go test ./browsertest/ writes it)", ref, err)
			continue
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 480 {
			t.Errorf("%s: %v, width %d, want a 480 pixel wide PNG", ref, err, cfg.Width)
		}
	}
}
