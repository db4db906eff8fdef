package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// maxAdminBody bounds an admin request body (a users array may be large).
const maxAdminBody = 4 << 20

// adminRoutes registers the test-instrument API under /_emulator/ (see
// the package documentation). Its errors are kapi-shaped, code -2.
func (e *Emulator) adminRoutes(m *http.ServeMux) {
	m.HandleFunc("/_emulator/faults", e.faultsHandler)
	m.HandleFunc("/_emulator/faults/{id}", e.faultHandler)
	m.HandleFunc("/_emulator/clock", e.clockHandler)
	m.HandleFunc("/_emulator/reset", e.resetHandler)
	m.HandleFunc("/_emulator/requests", e.requestsHandler)
}

// readAdminJSON decodes an admin POST body into v. It insists on
// Content-Type application/json: a web page can POST a form or text/plain
// to a loopback port without asking, but not JSON, so no page the
// developer visits can drive the emulator. An empty body leaves v zero.
func readAdminJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		writeAPIError(w, http.StatusUnsupportedMediaType, "the emulator's admin API takes Content-Type: application/json", -2)
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAdminBody))
	if err != nil {
		writeAPIError(w, http.StatusBadRequest, "read body: "+err.Error(), -2)
		return false
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeAPIError(w, http.StatusBadRequest, "malformed JSON: "+err.Error(), -2)
		return false
	}
	if dec.More() {
		writeAPIError(w, http.StatusBadRequest, "malformed JSON: trailing data", -2)
		return false
	}
	return true
}

// writeAdminJSON encodes v as the answer.
func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeAPIError(w, http.StatusInternalServerError, err.Error(), -1)
		return
	}
	writeJSON(w, status, b)
}

// faultJSON is a fault in the admin API: either spec, the one-line form,
// or the fields. Durations are Go durations ("2s").
type faultJSON struct {
	Spec           string   `json:"spec,omitempty"`
	Target         string   `json:"target,omitempty"`
	Error          string   `json:"error,omitempty"`
	RequiredScopes []string `json:"required_scopes,omitempty"`
	Status         int      `json:"status,omitempty"`
	Malformed      bool     `json:"malformed,omitempty"`
	Latency        string   `json:"latency,omitempty"`
	Times          int      `json:"times,omitempty"`
	For            string   `json:"for,omitempty"`
}

// fault converts j to a Fault.
func (j faultJSON) fault() (Fault, error) {
	if j.Spec != "" {
		if !j.onlySpec() {
			return Fault{}, errors.New("fault: give spec or the fields, not both")
		}
		return ParseFault(j.Spec)
	}
	f := Fault{Target: j.Target, Error: j.Error, RequiredScopes: j.RequiredScopes, Status: j.Status,
		Malformed: j.Malformed, Times: j.Times}
	for _, d := range []struct {
		s  string
		to *time.Duration
		nm string
	}{{j.Latency, &f.Latency, "latency"}, {j.For, &f.For, "for"}} {
		if d.s == "" {
			continue
		}
		v, err := time.ParseDuration(d.s)
		if err != nil {
			return Fault{}, fmt.Errorf("fault %s %q: want a Go duration such as 2s", d.nm, d.s)
		}
		*d.to = v
	}
	return f, f.validate()
}

// onlySpec reports whether no field but Spec is set.
func (j faultJSON) onlySpec() bool {
	return j.Target == "" && j.Error == "" && j.RequiredScopes == nil && j.Status == 0 &&
		!j.Malformed && j.Latency == "" && j.Times == 0 && j.For == ""
}

// armedJSON is a live fault in the listing.
type armedJSON struct {
	ID        int        `json:"id"`
	Spec      string     `json:"spec"`
	Path      string     `json:"path"`
	Remaining *int       `json:"remaining,omitempty"`
	Until     *time.Time `json:"until,omitempty"`
	Hits      int        `json:"hits"`
}

func (e *Emulator) faultList() map[string][]armedJSON {
	list := []armedJSON{}
	for _, a := range e.faults.snapshot(e.Now()) {
		j := armedJSON{ID: a.id, Spec: a.spec, Path: a.f.path(), Hits: a.hits}
		if a.f.Times > 0 {
			j.Remaining = &a.left
		}
		if !a.until.IsZero() {
			u := a.until.UTC()
			j.Until = &u
		}
		list = append(list, j)
	}
	return map[string][]armedJSON{"faults": list}
}

// faultsHandler serves /_emulator/faults: GET lists the live faults,
// POST arms one ({"spec":"token:KOE237x3"} or the fields of faultJSON)
// and answers 201 with the listing, DELETE disarms all.
func (e *Emulator) faultsHandler(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet, http.MethodPost, http.MethodDelete) {
		return
	}
	status := http.StatusOK
	switch r.Method {
	case http.MethodPost:
		var j faultJSON
		if !readAdminJSON(w, r, &j) {
			return
		}
		f, err := j.fault()
		if err == nil {
			_, err = e.AddFault(f)
		}
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, err.Error(), -2)
			return
		}
		status = http.StatusCreated
	case http.MethodDelete:
		e.ClearFaults()
	}
	writeAdminJSON(w, status, e.faultList())
}

// faultHandler serves DELETE /_emulator/faults/{id}.
func (e *Emulator) faultHandler(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodDelete) {
		return
	}
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || !e.RemoveFault(id) {
		writeAPIError(w, http.StatusNotFound, "no armed fault "+strconv.Quote(r.PathValue("id")), -2)
		return
	}
	writeAdminJSON(w, http.StatusOK, e.faultList())
}

// Reset forgets every code, token, consent and connection, the Kakao
// Account sessions and the pages' pending forms, the rate
// limit's history, the request log and the clock's advance, and re-arms
// exactly the faults of Config.Faults. Users, including those added by
// AddUsers, stay. Requests in flight may still finish against the old
// state.
func (e *Emulator) Reset() {
	e.usersMu.RLock()
	e.mu.Lock()
	e.st = newState()
	for _, a := range e.accounts {
		a.connected, a.connectedAt, a.granted, a.scopes, a.connectedJSON, a.openid = false, time.Time{}, nil, "", nil, false
		a.access.clear()
		a.refresh.clear()
		a.issued = issuance{}
	}
	e.mu.Unlock()
	e.usersMu.RUnlock()
	e.clock.ns.Store(0)
	e.log.clear()
	e.faults.reset(e.cfg.Faults, e.Now())
}

// resetHandler serves POST /_emulator/reset: Reset, then {"status":"ok"}.
func (e *Emulator) resetHandler(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodPost) {
		return
	}
	var none struct{}
	if !readAdminJSON(w, r, &none) {
		return
	}
	e.Reset()
	writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
}

// requestsHandler serves GET /_emulator/requests[?path=&since=&after=]:
// {"requests":[Request...],"dropped":N}, oldest first. path is an
// endpoint name, a path or a prefix ending in "*"; since an RFC 3339
// time; after a seq.
func (e *Emulator) requestsHandler(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, false, http.MethodGet) {
		return
	}
	q := r.URL.Query()
	f := RequestFilter{Path: q.Get("path")}
	if s := q.Get("since"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, "since: want an RFC 3339 time such as 2026-03-01T09:00:00Z", -2)
			return
		}
		f.Since = t
	}
	if s := q.Get("after"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, "after: want a request seq number", -2)
			return
		}
		f.After = n
	}
	reqs, dropped := e.Requests(f)
	if reqs == nil {
		reqs = []Request{}
	}
	writeAdminJSON(w, http.StatusOK, struct {
		Requests []Request `json:"requests"`
		Dropped  uint64    `json:"dropped"`
	}{reqs, dropped})
}
