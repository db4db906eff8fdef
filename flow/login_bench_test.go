package flow_test

import (
	"context"
	"testing"

	"github.com/kakaologin/kakaologin/flow"
	"github.com/kakaologin/kakaologin/flow/emulator/emulatortest"
)

// BenchmarkLogin is the whole flow in-process: callback server up, the
// authorize URL followed headless, code exchanged, profile fetched, server
// down. The callback port is fixed so the emulator can register it.
func BenchmarkLogin(b *testing.B) {
	cfg := flowConfig(emulatortest.Start(b))
	open := func(ctx context.Context, u string) error { return flow.FollowAuthorize(ctx, nil, u) }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cfg.Login(context.Background(), flow.AuthorizeParams{}, open); err != nil {
			b.Fatal(err)
		}
	}
}
