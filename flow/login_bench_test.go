package flow_test

import (
	"context"
	"net"
	"net/http/httptest"
	"testing"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator"
)

// BenchmarkLogin is the whole flow in-process: callback server up, the
// authorize URL followed headless, code exchanged, profile fetched, server
// down. The callback port is fixed so the emulator can register it.
func BenchmarkLogin(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	redirect := "http://" + ln.Addr().String() + "/callback"
	ln.Close()
	em, err := emulator.New(emulator.Config{AutoApprove: true, App: emulator.App{RedirectURIs: []string{redirect}}})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(em)
	defer ts.Close()
	cfg := flow.Config{ClientID: emulator.DefaultClientID, RedirectURI: redirect, AuthURL: ts.URL, APIURL: ts.URL}
	open := func(ctx context.Context, u string) error { return flow.FollowAuthorize(ctx, nil, u) }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Login(context.Background(), flow.AuthorizeParams{}, open); err != nil {
			b.Fatal(err)
		}
	}
}
