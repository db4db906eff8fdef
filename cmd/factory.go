package cmd

import (
	"net/http"
	"time"
)

// Factory holds what commands depend on. Fields are cheap to build; nothing
// here touches disk or network until a command uses it.
type Factory struct {
	IO          *IOStreams
	Getenv      func(string) string
	HTTPClient  *http.Client
	OpenBrowser func(url string) error
	Now         func() time.Time
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
