package flow

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzRedactJSON: re-encoding keeps a JSON document's meaning (with nothing
// cut it decodes to the same value) and never lets a secret value through.
func FuzzRedactJSON(f *testing.F) {
	for _, seed := range []string{
		`{"access_token":"AT-01\/23456789abcdefghij","expires_in":21599}`,
		`{"msg":"x","code":-401,"required_scopes":["account_email"]}`,
		`[{"id_token":["a.b.c-0123456789"]},null,true,1e400,"\u001b"]`,
		`{"error_description":"authorization code not found for code=Aq0FvR0rbKsAmFQ","error_code":"KOE320"}`,
		` "plain" `, "\f0",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		same, ok := redactJSON([]byte(in), func(s string) string { return s })
		if ok != json.Valid([]byte(strings.TrimSpace(in))) {
			t.Fatalf("ok = %v for %q", ok, in)
		}
		if !ok {
			return
		}
		var want, got any
		dec := func(s string, v *any) {
			d := json.NewDecoder(strings.NewReader(s))
			d.UseNumber()
			if err := d.Decode(v); err != nil {
				t.Fatalf("decode %q: %v", s, err)
			}
		}
		dec(strings.TrimSpace(in), &want)
		dec(same, &got)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("re-encoding changed %q into %q", in, same)
		}
		cut, _ := redactJSON([]byte(in), func(string) string { return "CUT" })
		var v any
		dec(cut, &v)
		checkCut(t, "", v, cut)
	})
}

// checkCut fails when a string under a secret key is not "CUT".
func checkCut(t *testing.T, key string, v any, doc string) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, c := range v {
			checkCut(t, k, c, doc)
		}
	case []any:
		for _, c := range v {
			checkCut(t, key, c, doc)
		}
	case string:
		if isSecretParam(key) && v != "CUT" {
			t.Fatalf("%s not cut in %s", key, doc)
		}
	}
}

func TestRedactPairsShowsTheCutMarkReadably(t *testing.T) {
	for in, want := range map[string]string{
		"grant_type=authorization_code&client_secret=SuperSecret123":           "grant_type=authorization_code&client_secret=SuperS…",
		"code=o9CN1cXYZ123456&state=s":                                         "code=o9CN1c…&state=s",
		"code=short":                                                           "code=***",
		"client_secret=a+b%2Fc%26d0123":                                        "client_secret=a+b%2Fc%26…",
		"error_description=authorization+code+not+found+for+code%3Do9CN1cXYZ1": "error_description=authorization+code+not+found+for+code%3Do9CN1c…",
	} {
		if got := redactPairs(in, Redact); got != want {
			t.Errorf("redactPairs(%q) = %q, want %q", in, got, want)
		}
	}
}
