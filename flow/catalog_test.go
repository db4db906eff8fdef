package flow

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// documentedCodes are the codes of Kakao's error tables, copied by hand:
// KOE codes from https://developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting
// and the token and ID token sections of
// https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api, API
// codes from https://developers.kakao.com/docs/latest/ko/rest-api/error-code.
// The catalogue must explain every one.
var documentedCodes = []string{
	"KOE001", "KOE002", "KOE003", "KOE004", "KOE005", "KOE006", "KOE007", "KOE008",
	"KOE009", "KOE010", "KOE101", "KOE102", "KOE201", "KOE202", "KOE205", "KOE237",
	"KOE303", "KOE319", "KOE320", "KOE322", "KOE400", "KOE401", "KOE402", "KOE403",
	"-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8", "-9", "-10", "-11", "-12",
	"-101", "-102", "-103", "-201", "-301", "-401", "-402", "-405", "-406",
	"-501", "-603", "-903", "-9798",
}

func TestCatalogCoversDocumentedCodes(t *testing.T) {
	for _, code := range documentedCodes {
		e, ok := LookupError(code)
		if !ok {
			t.Errorf("%s: missing from the catalogue", code)
			continue
		}
		if e.EmulatorOnly {
			t.Errorf("%s: documented by Kakao but marked emulator-only", code)
		}
	}
}

func TestCatalogEntries(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Catalog() {
		if seen[e.Code] {
			t.Errorf("%s: listed twice", e.Code)
		}
		seen[e.Code] = true
		if e.Meaning == "" || e.Fix == "" {
			t.Errorf("%s: needs both Meaning and Fix", e.Code)
		}
		if e.Meaning != strings.TrimSpace(e.Meaning) || e.Fix != strings.TrimSpace(e.Fix) || strings.ContainsAny(e.Meaning+e.Fix, "\n\t") {
			t.Errorf("%s: Meaning and Fix must be one trimmed line each", e.Code)
		}
		if e.Status != 0 && (e.Status < 400 || e.Status > 599) {
			t.Errorf("%s: status %d is not an error status", e.Code, e.Status)
		}
		switch e.Kind {
		case KindAuth:
			if !strings.HasPrefix(e.Code, "KOE") {
				t.Errorf("%s: auth codes start with KOE", e.Code)
			}
			if e.EmulatorOnly != strings.HasPrefix(e.Code, "KOE_MOCK_") {
				t.Errorf("%s: emulator-only codes, and only they, are named KOE_MOCK_*", e.Code)
			}
		case KindAPI:
			if n, err := strconv.Atoi(e.Code); err != nil || n >= 0 {
				t.Errorf("%s: API codes are negative numbers", e.Code)
			}
			if e.Error != "" {
				t.Errorf("%s: API errors have no OAuth error value", e.Code)
			}
		default:
			t.Errorf("%s: kind %q", e.Code, e.Kind)
		}
	}
}

// TestCatalogOrder: auth codes by number, emulator-only ones after them,
// then API codes by magnitude.
func TestCatalogOrder(t *testing.T) {
	rank := func(e ErrorInfo) (int, int) {
		switch {
		case e.Kind == KindAPI:
			n, _ := strconv.Atoi(e.Code)
			return 2, -n
		case e.EmulatorOnly:
			return 1, 0
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(e.Code, "KOE"))
		return 0, n
	}
	c := Catalog()
	for i := 1; i < len(c); i++ {
		g1, n1 := rank(c[i-1])
		g2, n2 := rank(c[i])
		if g1 > g2 || (g1 == g2 && g1 != 1 && n1 >= n2) || (g1 == 1 && g1 == g2 && c[i-1].Code >= c[i].Code) {
			t.Errorf("%s listed before %s", c[i-1].Code, c[i].Code)
		}
	}
}

func TestCatalogIsACopy(t *testing.T) {
	c := Catalog()
	c[0].Fix = "changed"
	if Catalog()[0].Fix == "changed" {
		t.Error("Catalog returned the table itself")
	}
}

func TestLookupErrorNormalises(t *testing.T) {
	for in, want := range map[string]string{
		"KOE006":        "KOE006",
		"koe006":        "KOE006",
		" KOE320\n":     "KOE320",
		"-401":          "-401",
		"401":           "-401",
		" 9798 ":        "-9798",
		"+402":          "-402",
		"koe_mock_pkce": "KOE_MOCK_PKCE",
	} {
		e, ok := LookupError(in)
		if !ok || e.Code != want {
			t.Errorf("LookupError(%q) = %q, %v; want %q", in, e.Code, ok, want)
		}
	}
	for _, in := range []string{"", "KOE999", "KOE", "7777", "0", "-0", "invalid_grant", "KOE 006"} {
		if e, ok := LookupError(in); ok {
			t.Errorf("LookupError(%q) = %q, want not found", in, e.Code)
		}
	}
}

// TestCatalogCoversEmulatorCodes reads the emulator's sources (it must not
// import flow, and flow's tests need not run it) for every code it emits.
func TestCatalogCoversEmulatorCodes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("emulator", "*.go"))
	if err != nil || len(files) == 0 {
		t.Skipf("no emulator sources: %v", err)
	}
	koe := regexp.MustCompile(`"(KOE[0-9A-Z_]+)"`)
	api := regexp.MustCompile(`writeAPIError\(.*?, (-[0-9]+)\)`)
	found := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, m := range koe.FindAllSubmatch(src, -1) {
			codes = append(codes, string(m[1]))
		}
		for _, m := range api.FindAllSubmatch(src, -1) {
			codes = append(codes, string(m[1]))
		}
		for _, code := range codes {
			found[code] = true
			if _, ok := LookupError(code); !ok {
				t.Errorf("%s emits %s, which the catalogue does not explain", name, code)
			}
		}
	}
	for _, code := range []string{"KOE320", "KOE_MOCK_PKCE", "-401"} {
		if !found[code] {
			t.Errorf("did not find %s in the emulator: the patterns above no longer match its code", code)
		}
	}
}
