package emulator_test

import (
	"go/build"
	"slices"
	"strings"
	"testing"
)

// TestImportsStayIndependent pins the layering rule: the emulator is an
// independent oracle, so besides the standard library it imports only the
// JOSE library that signs id_tokens, and never flow. (Tests may import
// more, e.g. go-oidc to verify the id_tokens.)
func TestImportsStayIndependent(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pkg.Imports, "net/http") {
		t.Fatalf("implausible import list %v", pkg.Imports)
	}
	for _, imp := range pkg.Imports {
		first, _, _ := strings.Cut(imp, "/")
		if !strings.Contains(first, ".") || imp == "github.com/go-jose/go-jose/v4" {
			continue
		}
		t.Errorf("flow/emulator imports %s", imp)
	}
}
