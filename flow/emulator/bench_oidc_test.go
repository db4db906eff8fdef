package emulator_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/flow/emulator"
)

// BenchmarkOIDCFlow is BenchmarkTokenExchange with scope=openid and a
// nonce: every exchange signs an RS256 id_token, the cost that bounds
// OIDC throughput. The key is loaded before the clock starts.
//
// flows/s depends on how much of the CPU the run gets; on a shared machine
// measure the CPU each flow costs instead, e.g.
//
//	go test -c -o emu.test ./flow/emulator
//	/usr/bin/time -f '%U+%S s' ./emu.test -test.run x -test.bench OIDCFlow/loopback -test.benchtime 4000x
//
// and divide by 4000 (the loopback client runs in the same process).
func BenchmarkOIDCFlow(b *testing.B) {
	query, form := authParams("scope", "openid", "nonce", testNonce).Encode(), benchForm()
	newEmulator := func(b *testing.B) *emulator.Emulator {
		e, err := emulator.New(emulator.Config{AutoApprove: true})
		if err != nil {
			b.Fatal(err)
		}
		serve(e, "GET", "/.well-known/jwks.json", nil, "") // generate the key now
		return e
	}
	b.Run("handler", func(b *testing.B) {
		e := newEmulator(b)
		b.ReportAllocs()
		for b.Loop() {
			benchFlow(b, e, query, form)
		}
	})
	b.Run("handler-parallel", func(b *testing.B) {
		e := newEmulator(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				benchFlow(b, e, query, form)
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
	// authorize + exchange, both over loopback HTTP, parallel clients.
	b.Run("loopback-flow", func(b *testing.B) {
		srv := httptest.NewServer(newEmulator(b))
		defer srv.Close()
		c := loopbackClient()
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				res, err := c.Get(srv.URL + "/oauth/authorize?" + query)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				loc, _ := url.Parse(res.Header.Get("Location"))
				if !postIDToken(b, c, srv.URL+"/oauth/token", form+"&code="+loc.Query().Get("code")) {
					b.Fatal("exchange without an id_token")
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
}

// BenchmarkOIDCRefresh refreshes a token that came with an id_token: each
// refresh signs a new one.
func BenchmarkOIDCRefresh(b *testing.B) {
	e, _ := emulator.New(emulator.Config{AutoApprove: true})
	w := serve(e, "GET", "/oauth/authorize?"+authParams("scope", "openid").Encode(), nil, "")
	loc, _ := url.Parse(w.Header().Get("Location"))
	tk := decodeTokens(b, serve(e, "POST", "/oauth/token", formHeader, codeForm(loc.Query().Get("code")).Encode()).Body.String())
	form := refreshForm(tk.RefreshToken).Encode()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if w := serve(e, "POST", "/oauth/token", formHeader, form); w.Code != http.StatusOK ||
				!strings.Contains(w.Body.String(), `"id_token":"`) {
				b.Fatalf("refresh: %d %s", w.Code, w.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "refreshes/s")
}

// postIDToken posts a code exchange over loopback and reports whether it
// succeeded with an id_token.
func postIDToken(b *testing.B, c *http.Client, u, form string) bool {
	res, err := c.Post(u, "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusOK && strings.Contains(string(body), `"id_token":"`)
}
