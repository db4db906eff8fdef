package emulator

import (
	"errors"
	"net/http"
	"sync/atomic"
	"time"
)

// maxAdvance bounds one clock advance: a year is past every lifetime the
// emulator knows, and the bound keeps the offset far from overflowing.
const maxAdvance = 366 * 24 * time.Hour

// clockOffset is how far the emulator's clock runs ahead of Config.Now.
type clockOffset struct{ ns atomic.Int64 }

func (c *clockOffset) get() time.Duration { return time.Duration(c.ns.Load()) }

// Now is the emulator's clock: Config.Now plus every Advance since New or
// the last Reset. Codes, tokens, id_tokens, faults with a duration and the
// rate limit's windows all run on it.
func (e *Emulator) Now() time.Time { return e.cfg.Now().Add(e.clock.get()) }

// Advance moves the emulator's clock forward by d, so that codes and
// tokens expire and refresh tokens reach their rotation window without
// waiting. d must be positive and at most a year per call; the clock
// never goes back, except that Reset returns it to Config.Now.
func (e *Emulator) Advance(d time.Duration) error {
	if d <= 0 || d > maxAdvance {
		return errors.New("advance must be positive and at most 8784h (a year)")
	}
	e.clock.ns.Add(int64(d))
	return nil
}

// clockHandler serves /_emulator/clock: GET reads the clock, POST
// {"advance":"6h"} (a Go duration) moves it forward. Both answer
// {"now":RFC 3339 UTC,"offset":"6h0m0s"}.
func (e *Emulator) clockHandler(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet, http.MethodPost) {
		return
	}
	if r.Method == http.MethodPost {
		var req struct {
			Advance string `json:"advance"`
		}
		if !readAdminJSON(w, r, &req) {
			return
		}
		d, err := time.ParseDuration(req.Advance)
		if err == nil {
			err = e.Advance(d)
		}
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, `clock: {"advance": "<Go duration, e.g. 6h or 10m1s>"}: `+err.Error(), -2)
			return
		}
	}
	var o object
	o.str("now", e.Now().UTC().Format(time.RFC3339Nano))
	o.str("offset", e.clock.get().String())
	writeJSON(w, http.StatusOK, o.bytes())
}
