package cmd

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kakaologin/kakaologin/localdb"
)

var profileScanSeeds = []string{
	`{"id":1,"kakao_account":{"email":"a@x","is_email_verified":true,"profile":{"nickname":"김"}},"properties":{"nickname":"p"}}`,
	`{"id":1,"properties":{"nickname":"p"}}`,
	`{"id":1,"kakao_account":null,"properties":null}`,
	`{"id":1,"kakao_account":{"email":"a@x"},"kakao_account":null}`,
	`{"id":1,"kakao_account":{"email":"a@x","email":null,"is_email_verified":true,"is_email_verified":null}}`,
	`{"id":1,"kakao_account":{"profile":{"nickname":"a"},"profile":{}}}`,
	`{"id":9,"ID":10,"kakao_account":{"EMAIL":"b@x"}}`,
	`{"id":"1"}`, `{"id":-0}`, `{"id":1e3}`, `{}`, `null`, `[]`, `{"id":1,}`, `{"id":1} x`,
	`{"id":1,"kakao_account":{"email":5}}`, `{"id":1,"kakao_account":[]}`, `{"id":1,"properties":"x"}`,
	`{"id":1,"kakao_account":{"email":"a\u0040x","profile":{"nickname":"\ud800"}}}`,
	`{"\u0069d":1}`, "{\"id\":1,\"n\":\"\xff\"}", `{"id":1,"a":[1,2.5e-3,true,false,null,{"b":[]}]}`,
	` {"id" : 1 , "kakao_account" : { "email" : "a@x" } } `, `{"id":01}`, `{"id":1,"x":"\q"}`, "{\"id\":1,\"x\":\"\t\"}",
}

func TestLoginFromProfileFast(t *testing.T) {
	for _, s := range profileScanSeeds {
		compareProfileMappers(t, []byte(s))
	}
}

// FuzzLoginFromProfileFast: the one-pass mapper agrees with
// loginFromProfile on every input, result and error alike.
func FuzzLoginFromProfileFast(f *testing.F) {
	for _, s := range profileScanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareProfileMappers(t, data)
	})
}

func compareProfileMappers(t *testing.T, data []byte) {
	t.Helper()
	slow, serr := loginFromProfile(data, false)
	fast, ferr := loginFromProfileFast(data, false)
	if fmt.Sprint(serr) != fmt.Sprint(ferr) || !reflect.DeepEqual(slow, fast) {
		t.Errorf("%q:\nslow %+v, %v\nfast %+v, %v", data, slow, serr, fast, ferr)
	}
}

func TestLoginFromProfileFastOversize(t *testing.T) {
	compareProfileMappers(t, []byte(`{"id":1,"pad":"`+strings.Repeat("x", localdb.MaxProfileSize)+`"}`))
}
