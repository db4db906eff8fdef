package main

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/kakaologin/kakaologin"

// layer is where a package of this module sits: the packages of the module
// it may import, in its code and in its tests (paths relative to the
// module; "" is the module root, the kakaologin command).
type layer struct {
	imports, testImports []string
	stdlibOnly           bool // besides the module, only the standard library
	why                  string
}

// layers is the picture of style.md's "Imports point one way": main -> cmd
// -> {flow, localdb, flow/emulator}; flow and localdb never import each
// other; the emulator, an independent oracle, imports none of them, nor
// does emulatortest, its test scaffold, which imports the emulator alone.
// A new package must take its place here.
var layers = map[string]layer{
	"": {imports: []string{"cmd"}, testImports: []string{"cmd"},
		why: "main only hands os.Args to cmd"},
	"cmd": {imports: []string{"flow", "flow/tokenfile", "flow/emulator", "localdb"},
		testImports: []string{"cmd", "flow", "flow/tokenfile", "flow/emulator", "flow/emulator/emulatortest", "localdb"},
		why:         "cmd sits on the libraries and nothing sits on cmd but main"},
	"flow": {testImports: []string{"flow", "flow/emulator", "flow/emulator/emulatortest"},
		why: "flow is a library: no CLI, no SQL (localdb), and not the emulator that checks it"},
	"flow/tokenfile": {testImports: []string{"flow/tokenfile"},
		why: "the token file is a library of its own"},
	"flow/emulator": {testImports: []string{"flow/emulator", "flow/emulator/emulatortest"},
		why: "the emulator is an independent oracle: it must not share code with flow"},
	"flow/emulator/emulatortest": {imports: []string{"flow/emulator"}, testImports: []string{"flow/emulator", "flow/emulator/emulatortest"},
		stdlibOnly: true,
		why:        "the test scaffold is the emulator's: it imports the emulator and the standard library only"},
	"localdb": {testImports: []string{"localdb"},
		why: "localdb owns the SQL and nothing else: it never imports flow or cmd"},
	"browsertest": {testImports: []string{"flow/emulator"},
		why: "the browser tests drive the real binary and the emulator from outside, like a person"},
	"scripts/genprofiles": {why: "a benchmark fixture generator, on its own"},
}

// TestImportsPointOneWay checks every package of the module, its code and
// its tests, against layers, with `go list`.
func TestImportsPointOneWay(t *testing.T) {
	goTool, err := exec.LookPath("go") // go test puts GOROOT/bin first in PATH
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(goTool, "list", "-json=ImportPath,Imports,TestImports,XTestImports", "./...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath                         string
			Imports, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel, ok := inModule(p.ImportPath)
		if !ok {
			t.Fatalf("go list named %s, outside %s", p.ImportPath, module)
		}
		seen[rel] = true
		l, ok := layers[rel]
		if !ok {
			t.Errorf("%s has no place in the layering picture: add it to layers in layering_test.go", p.ImportPath)
			continue
		}
		check := func(imports, allowed []string, what string) {
			for _, imp := range imports {
				if r, ok := inModule(imp); ok {
					if !slices.Contains(allowed, r) {
						t.Errorf("%s %s %s: %s", p.ImportPath, what, imp, l.why)
					}
				} else if l.stdlibOnly && what == "imports" && isThirdParty(imp) {
					t.Errorf("%s imports %s: %s", p.ImportPath, imp, l.why)
				}
			}
		}
		check(p.Imports, l.imports, "imports")
		check(append(p.TestImports, p.XTestImports...), l.testImports, "tests import")
	}
	// The picture is checked against real packages: a typo in layers, or
	// a go list that found nothing, must not pass unnoticed.
	for rel := range layers {
		if !seen[rel] {
			t.Errorf("layers names %q, which go list did not find", rel)
		}
	}
}

// inModule returns path relative to the module, and whether it is in it.
func inModule(path string) (string, bool) {
	if path == module {
		return "", true
	}
	rel, ok := strings.CutPrefix(path, module+"/")
	return rel, ok
}

// isThirdParty reports whether an import path is outside the standard
// library: its first element looks like a domain name.
func isThirdParty(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return strings.Contains(first, ".")
}
