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

// benchFlow is one authorize + code exchange through h; it fails b on any
// unexpected answer.
func benchFlow(b *testing.B, h http.Handler, query, form string) {
	w := serve(h, "GET", "/oauth/authorize?"+query, nil, "")
	loc := w.Header().Get("Location")
	i := strings.Index(loc, "code=")
	if i < 0 {
		b.Fatalf("authorize: %d %s", w.Code, loc)
	}
	code := loc[i+len("code=") : i+len("code=")+86]
	w = serve(h, "POST", "/oauth/token", formHeader, form+"&code="+code)
	if w.Code != http.StatusOK {
		b.Fatalf("token: %d %s", w.Code, w.Body)
	}
}

func benchForm() string {
	f := codeForm("")
	f.Del("code")
	return f.Encode()
}

// loopbackClient is a keep-alive client sized for b.RunParallel.
func loopbackClient() *http.Client {
	return &http.Client{
		Transport:     &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// post sends a form over loopback and drains the answer.
func post(b *testing.B, c *http.Client, u, form string) int {
	res, err := c.Post(u, "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func BenchmarkTokenExchange(b *testing.B) {
	query, form := authParams().Encode(), benchForm()
	b.Run("handler", func(b *testing.B) {
		e, _ := emulator.New(emulator.Config{AutoApprove: true})
		b.ReportAllocs()
		for b.Loop() {
			benchFlow(b, e, query, form)
		}
	})
	b.Run("handler-parallel", func(b *testing.B) {
		e, _ := emulator.New(emulator.Config{AutoApprove: true})
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				benchFlow(b, e, query, form)
			}
		})
	})
	// authorize + exchange, both over loopback HTTP.
	b.Run("loopback-flow", func(b *testing.B) {
		e, _ := emulator.New(emulator.Config{AutoApprove: true})
		srv := httptest.NewServer(e)
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
				if post(b, c, srv.URL+"/oauth/token", form+"&code="+loc.Query().Get("code")) != http.StatusOK {
					b.Fatal("exchange failed")
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "flows/s")
	})
	// Only the token request goes over loopback; codes are minted through
	// the handler before the clock starts.
	b.Run("loopback-exchange", func(b *testing.B) {
		e, _ := emulator.New(emulator.Config{AutoApprove: true})
		srv := httptest.NewServer(e)
		defer srv.Close()
		c := loopbackClient()
		// Pending codes are capped by the emulator (100,000); beyond the
		// pre-minted batch, codes are minted in the loop.
		codes := make(chan string, min(b.N, 90000))
		for range cap(codes) {
			codes <- mint(b, e)
		}
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var code string
				select {
				case code = <-codes:
				default:
					code = mint(b, e)
				}
				if post(b, c, srv.URL+"/oauth/token", form+"&code="+code) != http.StatusOK {
					b.Fatal("exchange failed")
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
	})
}

func BenchmarkUserMe(b *testing.B) {
	e, _ := emulator.New(emulator.Config{AutoApprove: true})
	w := serve(e, "POST", "/oauth/token", formHeader, codeForm(mint(b, e)).Encode())
	tk := decodeTokens(b, w.Body.String())
	h := http.Header{"Authorization": {"Bearer " + tk.AccessToken}}
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if w := serve(e, "GET", "/v2/user/me", h, ""); w.Code != http.StatusOK {
				b.Fatal(w.Body)
			}
		}
	})
	b.Run("loopback", func(b *testing.B) {
		srv := httptest.NewServer(e)
		defer srv.Close()
		c := loopbackClient()
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			req, _ := http.NewRequest("GET", srv.URL+"/v2/user/me", nil)
			req.Header = h
			for pb.Next() {
				res, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}
