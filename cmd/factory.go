package cmd

import (
	"net/http"
	"time"

	"github.com/kakaologin/kakaologin/flow"
)

// Factory holds what commands depend on. Fields are cheap to build; nothing
// here touches disk or network until a command uses it.
type Factory struct {
	IO          *IOStreams
	Getenv      func(string) string
	HTTPClient  *http.Client
	OpenBrowser func(url string) error
	Now         func() time.Time
	Trace       *flow.Tracer // set by --verbose
}

// env returns the first non-empty of the flag value and the environment
// variables named, in order.
func (f *Factory) env(flagValue string, names ...string) string {
	if flagValue != "" {
		return flagValue
	}
	for _, n := range names {
		if v := f.Getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// enableTrace makes every HTTP request of the command, and the login
// callback, traced to stderr.
func (f *Factory) enableTrace(showSecrets bool) {
	f.Trace = &flow.Tracer{W: f.IO.ErrOut, ShowSecrets: showSecrets}
	client := *f.HTTPClient
	client.Transport = f.Trace.Transport(client.Transport)
	f.HTTPClient = &client
}
