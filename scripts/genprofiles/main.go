// Command genprofiles writes N synthetic Kakao /v2/user/me profiles, one
// per line, for the user store benchmarks (scripts/bench-users.sh).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

const profile = `{"id":%d,"connected_at":"2025-11-02T04:12:09Z","properties":{"nickname":"user%d","profile_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg","thumbnail_image":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg"},"kakao_account":{"profile_nickname_needs_agreement":false,"profile_image_needs_agreement":false,"profile":{"nickname":"user%d","thumbnail_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_110x110.jpg","profile_image_url":"http://k.kakaocdn.net/dn/bXyZ12/btsAbCdEfGh/KakaoMockImg0001/img_640x640.jpg","is_default_image":false,"is_default_nickname":false},"name_needs_agreement":false,"name":"user%d","email_needs_agreement":false,"is_email_valid":true,"is_email_verified":true,"email":"user%d@example.com","age_range_needs_agreement":false,"age_range":"30~39","birthday_needs_agreement":false,"birthday":"0415","birthday_type":"SOLAR","gender_needs_agreement":false,"gender":"male"}}` + "\n"

func main() {
	n := 100000
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.Atoi(os.Args[1]); err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "usage: genprofiles N")
			os.Exit(2)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 1; i <= n; i++ {
		id := 1376016924429759243 - int64(i) // large ids, above 2^53
		fmt.Fprintf(w, profile, id, i, i, i, i)
	}
	w.Flush()
}
