package localdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// f3Profile is a /v2/user/me answer as Kakao documents it (full consent, ~1.5 KB) with
// {id}, {nick} and {email} to substitute.
const f3Profile = `{"id":{id},"connected_at":"2025-11-02T04:12:09Z","properties":{"nickname":"{nick}","profile_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg","thumbnail_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg"},"kakao_account":{"profile_nickname_needs_agreement":false,"profile_image_needs_agreement":false,"profile":{"nickname":"{nick}","thumbnail_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg","profile_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg","is_default_image":false,"is_default_nickname":false},"name_needs_agreement":false,"name":"{nick}","has_email":true,"email_needs_agreement":false,"is_email_valid":true,"is_email_verified":true,"email":"{email}","has_age_range":true,"age_range_needs_agreement":false,"age_range":"30~39","has_birthyear":true,"birthyear_needs_agreement":false,"birthyear":"1991","has_birthday":true,"birthday_needs_agreement":false,"birthday":"0415","birthday_type":"SOLAR","is_leap_month":false,"has_gender":true,"gender_needs_agreement":false,"gender":"male","has_phone_number":true,"phone_number_needs_agreement":false,"phone_number":"+82 10-1234-5678"},"for_partner":{"uuid":"bXtNfUhxQHVHcEp9TH1Pe0t-TnhLek1-S3VHfEl8"}}`

// f3Login is a realistic login: a unique user with a full profile. Every
// tenth nickname repeats the one before, so some signups take the suffix
// path.
func f3Login(id int64) Login {
	nick := fmt.Sprintf("김카카오%d", id)
	if id%10 == 0 {
		nick = fmt.Sprintf("김카카오%d", id-1)
	}
	email := fmt.Sprintf("kakao.tester+%d@example.com", id)
	r := strings.NewReplacer("{id}", fmt.Sprint(id), "{nick}", nick, "{email}", email)
	return Login{
		Provider: "kakao", UID: fmt.Sprint(id), Email: email, EmailVerified: true, Nickname: nick,
		Profile: []byte(r.Replace(f3Profile)),
	}
}

var logins100k = sync.OnceValue(func() []Login {
	ls := make([]Login, 100_000)
	for i := range ls {
		ls[i] = f3Login(int64(i + 1))
	}
	return ls
})

// store100k returns the path of a store holding 100,000 users, each with a
// kakao account and an F3 profile, built once per test binary run, in SQL
// (seconds faster than ImportLogins, and no 150 MB of logins kept live).
var store100k = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "localdb-100k-")
	if err != nil {
		return "", err
	}
	fixtureDirs = append(fixtureDirs, dir)
	path := filepath.Join(dir, "users.db")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		return "", err
	}
	defer db.Close()
	_, err = db.sql.Exec(`
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
		INSERT INTO users (id, email, email_key, email_verified, nickname, joined_at, last_login_at)
		SELECT i, 'kakao.tester+' || i || '@example.com', 'kakao.tester+' || i || '@example.com', 1, '김카카오' || i,
			'2026-04-01T09:00:00Z', '2026-04-01T09:00:00Z' FROM n;
		INSERT INTO social_accounts (provider, uid, user_id, profile, joined_at, last_login_at)
		SELECT 'kakao', CAST(id AS TEXT), id,
			replace(replace(replace(?1, '{id}', id), '{nick}', nickname), '{email}', email),
			joined_at, last_login_at FROM users ORDER BY id`, f3Profile)
	return path, err
})

// fixtureDirs are removed by TestMain.
var fixtureDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range fixtureDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func BenchmarkRecordLogin(b *testing.B) {
	b.Run("signup", func(b *testing.B) {
		db := openTest(b, nil)
		ctx := testCtx(b)
		b.ReportAllocs()
		var id int64
		for b.Loop() {
			id++
			if _, err := db.RecordLogin(ctx, f3Login(id)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("signin", func(b *testing.B) {
		db := openTest(b, nil)
		ctx := testCtx(b)
		for id := range int64(1000) {
			record(b, db, f3Login(id+1))
		}
		b.ReportAllocs()
		var id int64
		for b.Loop() {
			if _, err := db.RecordLogin(ctx, f3Login(id%1000+1)); err != nil {
				b.Fatal(err)
			}
			id++
		}
	})
}

func BenchmarkImportLogins100k(b *testing.B) {
	logins := logins100k()
	ctx := testCtx(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := openAt(b, filepath.Join(b.TempDir(), fmt.Sprintf("users%d.db", i)), nil)
		b.StartTimer()
		ds, err := importAll(ctx, db, logins)
		if err != nil || len(ds) != len(logins) {
			b.Fatal(len(ds), err)
		}
	}
}

func BenchmarkEachUser100k(b *testing.B) {
	path, err := store100k()
	if err != nil {
		b.Fatal(err)
	}
	db := openAt(b, path, nil)
	ctx := testCtx(b)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := db.EachUser(ctx, func(User) error { n++; return nil }); err != nil || n != 100_000 {
			b.Fatal(n, err)
		}
	}
}

// TestEachUserMemory100k checks that EachUser streams: the live heap,
// sampled while 100,000 users go by, stays far below the 64 MB budget (the
// profiles alone are ~150 MB). Skipped with -short and under -race.
func TestEachUserMemory100k(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds a 100,000-user store")
	}
	path, err := store100k()
	if err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path, nil)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	n := 0
	start := time.Now()
	err = db.EachUser(testCtx(t), func(u User) error {
		if n++; n%1000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	elapsed := time.Since(start)
	if err != nil || n != 100_000 {
		t.Fatal(n, err)
	}
	t.Logf("EachUser over %d users: %v, peak heap %.1f MB (%.1f MB above the start)",
		n, elapsed, float64(peak)/1e6, float64(peak-min(peak, base))/1e6)
	if peak > 64<<20 {
		t.Errorf("peak heap %d bytes, want under 64 MB", peak)
	}
}
