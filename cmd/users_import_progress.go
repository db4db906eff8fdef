package cmd

import (
	"fmt"
	"io"
	"os"
	"time"
)

// countingReader counts the bytes read through it, for the progress line.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// inputSize is the size of a regular file, else 0 (unknown: a pipe).
func inputSize(r io.Reader) int64 {
	f, ok := r.(*os.File)
	if !ok {
		return 0
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	return fi.Size()
}

// importProgress redraws one line on a terminal's stderr while an import
// runs: profiles so far, their rate and, when the input's size is known,
// the share read and the time left. The ETA assumes the rest of the file
// goes at the rate so far, by bytes, since profiles vary in size.
type importProgress struct {
	w     io.Writer
	now   func() time.Time
	in    *countingReader
	size  int64 // 0: unknown
	start time.Time
	next  time.Time // the next redraw
	drawn bool
}

// progressEvery is how often the line is redrawn.
const progressEvery = 250 * time.Millisecond

func newImportProgress(w io.Writer, now func() time.Time, in *countingReader, size int64) *importProgress {
	t := now()
	return &importProgress{w: w, now: now, in: in, size: size, start: t, next: t.Add(progressEvery)}
}

// update is called after each profile; n is the number done. It reads the
// clock only every 64 profiles.
func (p *importProgress) update(n int) {
	if p == nil || n%64 != 0 {
		return
	}
	if t := p.now(); !t.Before(p.next) {
		p.next = t.Add(progressEvery)
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(n, t))
		p.drawn = true
	}
}

// line is the progress text for n profiles done at time t.
func (p *importProgress) line(n int, t time.Time) string {
	elapsed := t.Sub(p.start)
	s := fmt.Sprintf("Importing: %d profiles", n)
	if elapsed <= 0 {
		return s
	}
	s += fmt.Sprintf(", %.0f/s", float64(n)/elapsed.Seconds())
	read := p.in.n
	if p.size <= 0 || read <= 0 {
		return s
	}
	read = min(read, p.size)
	left := time.Duration(float64(elapsed) * float64(p.size-read) / float64(read))
	return s + fmt.Sprintf(", %d%% of %.1f MB, about %s left", read*100/p.size, float64(p.size)/1e6, left.Round(time.Second))
}

// done clears the line, if one was drawn.
func (p *importProgress) done() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
