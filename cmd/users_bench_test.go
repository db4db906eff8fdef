package cmd

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/kakaologin/kakaologin/localdb"
)

func BenchmarkUsersListJSON(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "u.db")
	db, err := localdb.Open(ctx, path, localdb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var logins []localdb.Login
	for i := 0; i < 100000; i++ {
		p := fmt.Sprintf(`{"id":%d,"connected_at":"2025-11-02T04:12:09Z","properties":{"nickname":"user%d","profile_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg"},"kakao_account":{"profile_nickname_needs_agreement":false,"profile":{"nickname":"user%d","thumbnail_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg","is_default_image":false},"email_needs_agreement":false,"is_email_valid":true,"is_email_verified":true,"email":"user%d@example.com","age_range":"30~39","gender":"male"}}`, i+1, i, i, i)
		l, _ := loginFromProfile([]byte(p), false)
		logins = append(logins, l)
	}
	seq := func(yield func(localdb.Login, error) bool) {
		for _, l := range logins {
			if !yield(l, nil) {
				return
			}
		}
	}
	if _, err := db.ImportLogins(ctx, seq, nil); err != nil {
		b.Fatal(err)
	}
	db.Close()
	opts := &UsersListOptions{IO: &IOStreams{Out: io.Discard, ErrOut: io.Discard}, DB: path, Format: "json",
		Open: func(ctx context.Context, p string, ro bool) (*localdb.DB, error) {
			return localdb.Open(ctx, p, localdb.Options{ReadOnly: ro})
		}}
	b.ResetTimer()
	for b.Loop() {
		if err := runUsersList(ctx, opts); err != nil {
			b.Fatal(err)
		}
	}
}
