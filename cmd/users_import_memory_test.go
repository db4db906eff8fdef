package cmd

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kakaologin/kakaologin/localdb"
)

// TestUsersImportMemory100k checks that an import streams: the live heap,
// sampled while 100,000 profiles (~100 MB) are imported, stays far below
// the 64 MB budget; reading the file whole took ~300 MB. Skipped with
// -short and under -race.
func TestUsersImportMemory100k(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("imports 100,000 profiles")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "profiles.jsonl")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := 1; i <= 100_000; i++ {
		fmt.Fprintf(w, `{"id":%d,"properties":{"nickname":"user%d","profile_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg"},"kakao_account":{"profile":{"nickname":"user%d","thumbnail_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg","profile_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg"},"is_email_valid":true,"is_email_verified":true,"email":"user%d@example.com","age_range":"30~39","birthday":"0415","gender":"male","phone_number":"+82 10-1234-5678"}}`+"\n", i, i, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	opts := &UsersImportOptions{IO: &IOStreams{Out: io.Discard, ErrOut: io.Discard}, DB: filepath.Join(dir, "users.db"),
		File: file, Format: "json", Rules: localdb.RulesSeed,
		Open: func(ctx context.Context, p string, ro bool) (*localdb.DB, error) {
			return localdb.Open(ctx, p, localdb.Options{ReadOnly: ro})
		}}
	start := time.Now()
	err = runUsersImport(context.Background(), opts)
	close(stop)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported 100,000 profiles in %v, peak heap %.1f MB", time.Since(start), float64(peak.Load())/1e6)
	if peak.Load() > 64<<20 {
		t.Errorf("peak heap %d bytes, want under 64 MB", peak.Load())
	}
}
