package cmd

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// loginPrompt is what the person at the terminal sees while a login waits:
// the authorize URL (or word that the browser has it), then a waiting line
// until the login ends, and a warning for each answer the callback server
// ignored. They share stderr under one lock.
type loginPrompt struct {
	opts    *LoginOptions
	mu      sync.Mutex
	waiting func() // ends the waiting line; set by open
}

// open is the login's flow.Opener: an HTTP client for --headless and
// --mock, else the browser, or the URL on stderr.
func (p *loginPrompt) open(ctx context.Context, url string) error {
	o := p.opts
	if o.Headless || o.Mock {
		notAsked, err := o.Decline.follow(ctx, o.HTTPClient, url)
		if len(notAsked) > 0 {
			p.mu.Lock()
			fmt.Fprint(o.IO.ErrOut, notAskedWarning(notAsked))
			p.mu.Unlock()
		}
		return err
	}
	var err error
	if !o.NoBrowser {
		err = o.OpenBrowser(url)
	}
	p.mu.Lock()
	switch {
	case o.NoBrowser:
		fmt.Fprintf(o.IO.ErrOut, "Open this URL in your browser to log in:\n\n  %s\n\n", url)
	case err != nil:
		fmt.Fprintf(o.IO.ErrOut, "Could not open a browser (%v). Open this URL to log in:\n\n  %s\n\n", err, url)
	default:
		fmt.Fprintln(o.IO.ErrOut, "Opened the Kakao login page in your browser.")
	}
	p.mu.Unlock()
	p.waiting = p.showWaiting(ctx) // after the URL, so the two never interleave
	return nil
}

// done ends the waiting line, if open started one. Call it once Login has
// returned: Login waits for open, so the line is set by then.
func (p *loginPrompt) done() {
	if p.waiting != nil {
		p.waiting()
	}
}

// warnIgnored tells the person at the terminal that the callback server
// ignored an answer, and why it may have come. flow quotes everything the
// answer carried; sanitize is the second line of defence.
func (p *loginPrompt) warnIgnored(reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.opts.IO.ErrTTY {
		fmt.Fprint(p.opts.IO.ErrOut, "\r\x1b[K") // over the waiting line, which is redrawn
	}
	fmt.Fprintf(p.opts.IO.ErrOut, "warning: ignored an answer to the callback URL: %s. An old browser tab or another web page sent it; still waiting for this login's answer until --timeout.\n", sanitize(reason))
}

// showWaiting tells a person at a terminal that the tool waits, and how
// long is left, until the returned stop is called.
func (p *loginPrompt) showWaiting(ctx context.Context) (stop func()) {
	o := p.opts
	deadline, _ := ctx.Deadline()
	if !o.IO.ErrTTY {
		p.mu.Lock()
		fmt.Fprintf(o.IO.ErrOut, "Waiting up to %s for the login to finish in the browser...\n", o.Timeout)
		p.mu.Unlock()
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			left := time.Until(deadline).Round(time.Second)
			p.mu.Lock()
			fmt.Fprintf(o.IO.ErrOut, "\rWaiting for the login in the browser (%s left, Ctrl-C to stop)...\x1b[K", left)
			p.mu.Unlock()
			select {
			case <-done:
				p.mu.Lock()
				fmt.Fprint(o.IO.ErrOut, "\r\x1b[K")
				p.mu.Unlock()
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
