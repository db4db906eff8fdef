package emulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// instruments are what makes the emulator a test instrument: its clock
// offset, the armed faults and the request log. Each guards itself.
type instruments struct {
	clock  clockOffset
	faults faultSet
	log    requestLog
}

// instrument wraps the emulated endpoints: a request that matches an
// armed fault gets the fault's answer (or its latency first), and every
// request is logged once answered. /_emulator/ is neither faulted nor
// logged, so a test's own admin calls don't crowd its log.
func (e *Emulator) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_emulator/") {
			next.ServeHTTP(w, r)
			return
		}
		at := e.Now()
		logged := e.log.on()
		var body []byte
		if logged {
			body = peekForm(r)
		}
		rec := &recorder{ResponseWriter: w}
		f, spec, faulted := e.faults.take(r.URL.Path, at)
		if !faulted || e.inject(rec, r, f) {
			next.ServeHTTP(rec, r)
		}
		if logged {
			e.log.add(r, rec.status(), at, spec, body)
		}
	})
}

// inject answers r with fault f and reports whether the request should
// still be served (after a latency fault).
func (e *Emulator) inject(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch {
	case f.Latency > 0:
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-r.Context().Done():
			return false // the client gave up; nothing to answer
		}
	case f.Status != 0:
		writeProxyPage(w, f.Status)
	case f.Malformed:
		h := w.Header()
		h.Set("Content-Type", ContentTypeJSON)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"emulator_fault":"malformed`))
	default:
		writeKakaoError(w, r, f)
	}
	return false
}

// writeProxyPage answers status with the kind of HTML page a proxy or load
// balancer in front of Kakao sends.
func writeProxyPage(w http.ResponseWriter, status int) {
	title := strconv.Itoa(status) + " " + http.StatusText(status)
	body := "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n</body>\r\n</html>\r\n"
	h := w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writeKakaoError answers f.Error as Kakao does: an error page at
// /oauth/authorize, else kauth or kapi JSON with Kakao's status. The
// descriptions that quote the request (KOE101 client_id, KOE320 code)
// quote this one.
func writeKakaoError(w http.ResponseWriter, r *http.Request, f Fault) {
	k, _ := lookupKakaoError(f.Error)
	if !k.kauth() {
		writeFaultAPIError(w, r, k, f.RequiredScopes)
		return
	}
	msg := k.Message
	if strings.Contains(msg, "{") {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		_ = r.ParseForm() // a bad body quotes nothing
		msg = strings.NewReplacer("{client_id}", nullIfEmpty(r.Form.Get("client_id")),
			"{code}", r.Form.Get("code")).Replace(msg)
	}
	if r.URL.Path == "/oauth/authorize" {
		writeErrorPage(w, pageError{k.Code, k.Error, msg})
		return
	}
	if r.URL.Path == "/oauth/token" {
		w.Header().Set("Cache-Control", "no-store")
	}
	writeAuthError(w, k.Status, k.Error, msg, k.Code)
}

// writeFaultAPIError writes a kapi error; -402 carries required_scopes,
// and -10 on /v1/user/ids is 429 as Kakao documents there.
func writeFaultAPIError(w http.ResponseWriter, r *http.Request, k KakaoError, required []string) {
	status := k.Status
	if k.Code == "-10" && r.URL.Path == "/v1/user/ids" {
		status = http.StatusTooManyRequests
	}
	if k.Code != "-402" {
		writeAPIError(w, status, k.Message, k.apiCode())
		return
	}
	if len(required) == 0 {
		required = []string{"account_email"}
	}
	var o object
	o.str("msg", k.Message)
	o.int("code", k.apiCode())
	o.raw("required_scopes", appendStrings(nil, required))
	writeJSON(w, status, o.bytes())
}

// recorder remembers the status a handler answered with.
type recorder struct {
	http.ResponseWriter
	code int
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// status is the answered status; 0 when nothing was written (a latency
// fault whose client went away).
func (r *recorder) status() int { return r.code }
