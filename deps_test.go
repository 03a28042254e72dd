package bontot_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLibcVersionMatchesSQLite checks that go.mod pins modernc.org/libc at
// exactly the version modernc.org/sqlite requires in its own go.mod. The
// sqlite package is generated against one libc version; any other (even a
// newer one pulled in by some other dependency, or by go get -u) can
// miscompile or crash at run time. To fix a failure, set libc in go.mod to
// the version this test names.
func TestLibcVersionMatchesSQLite(t *testing.T) {
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	ours := requires(string(gomod))
	sqlite, libc := ours["modernc.org/sqlite"], ours["modernc.org/libc"]
	if sqlite == "" {
		t.Fatal("go.mod does not require modernc.org/sqlite")
	}
	if libc == "" {
		t.Fatal("go.mod does not require modernc.org/libc; add the version modernc.org/sqlite " + sqlite + " requires")
	}

	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to read modernc.org/sqlite's go.mod: %v", err)
	}
	out, err := exec.Command(goBin, "list", "-m", "-json", "modernc.org/sqlite@"+sqlite).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -m modernc.org/sqlite@%s: %v\n%s", sqlite, err, ee.Stderr)
		}
		t.Fatalf("go list -m modernc.org/sqlite@%s: %v", sqlite, err)
	}
	var m struct{ GoMod string }
	if err := json.Unmarshal(out, &m); err != nil || m.GoMod == "" {
		t.Fatalf("go list -m -json modernc.org/sqlite@%s: no GoMod (%v) in\n%s", sqlite, err, out)
	}
	theirs, err := os.ReadFile(m.GoMod)
	if err != nil {
		t.Fatal(err)
	}
	want := requires(string(theirs))["modernc.org/libc"]
	if want == "" {
		t.Fatalf("%s (modernc.org/sqlite %s) does not require modernc.org/libc", m.GoMod, sqlite)
	}
	if libc != want {
		t.Errorf("go.mod has modernc.org/libc %s, but modernc.org/sqlite %s requires modernc.org/libc %s; they must be equal", libc, sqlite, want)
	}
}

// requires returns the module versions required by a go.mod file, from both
// "require path version" lines and require ( ... ) blocks.
func requires(gomod string) map[string]string {
	reqs := map[string]string{}
	inBlock := false
	for _, line := range strings.Split(gomod, "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock && len(f) >= 2:
			reqs[unquote(f[0])] = f[1]
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			inBlock = true
		case f[0] == "require" && len(f) >= 3:
			reqs[unquote(f[1])] = f[2]
		}
	}
	return reqs
}

func unquote(s string) string { return strings.Trim(s, "\"`") }
