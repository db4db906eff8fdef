package cmd

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestImportProgress(t *testing.T) {
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	in := &countingReader{r: strings.NewReader("")}
	var out bytes.Buffer
	p := newImportProgress(&out, clock, in, 100e6)

	p.update(64) // before the first redraw is due
	if out.Len() != 0 {
		t.Fatalf("drew %q before %v", out.String(), progressEvery)
	}
	now = now.Add(10 * time.Second)
	in.n = 25e6
	p.update(100) // the clock is read every 64 profiles only
	p.update(128)
	want := "\rImporting: 128 profiles, 13/s, 25% of 100.0 MB, about 30s left\x1b[K"
	if out.String() != want {
		t.Errorf("line = %q, want %q", out.String(), want)
	}
	p.done()
	if !strings.HasSuffix(out.String(), "\r\x1b[K") {
		t.Errorf("done did not clear the line: %q", out.String())
	}

	// Unknown size (a pipe): no share, no ETA.
	if got := newImportProgress(&out, clock, in, 0).line(64, now.Add(2*time.Second)); got != "Importing: 64 profiles, 32/s" {
		t.Errorf("line without a size = %q", got)
	}
	var nilProgress *importProgress // off a terminal
	nilProgress.update(64)
	nilProgress.done()
}
