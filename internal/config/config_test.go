package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var names = []string{"lockorder", "loopcapture"}

// module writes a module with the given config file and returns its
// root.
func module(t *testing.T, conf string) string {
	t.Helper()
	root := t.TempDir()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, FileName), []byte(conf), 0o666); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestFind(t *testing.T) {
	root := module(t, `# settings
disable loopcapture   # too noisy here
spawners (*example.com/m/pool.Pool).Go example.com/m/safe.Go
spawners example.com/m/safe.Go2
exclude gen/... a#b
baseline ci/baseline.json
`)
	sub := filepath.Join(root, "pkg", "sub")
	if err := os.MkdirAll(sub, 0o777); err != nil {
		t.Fatal(err)
	}
	c, err := Find(sub, names)
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != root || c.Module != "example.com/m" || c.File != filepath.Join(root, FileName) {
		t.Errorf("root %q, module %q, file %q", c.Root, c.Module, c.File)
	}
	if !slices.Equal(c.Disable, []string{"loopcapture"}) || c.Enable != nil {
		t.Errorf("enable %q, disable %q", c.Enable, c.Disable)
	}
	if !slices.Equal(c.Spawners, []string{"(*example.com/m/pool.Pool).Go", "example.com/m/safe.Go", "example.com/m/safe.Go2"}) {
		t.Errorf("spawners %q", c.Spawners)
	}
	if !slices.Equal(c.Exclude, []string{"gen/...", "a#b"}) {
		t.Errorf("exclude %q", c.Exclude)
	}
	if got := c.BaselineFile(); got != filepath.Join(root, "ci", "baseline.json") {
		t.Errorf("baseline %q", got)
	}

	// Outside a module there is no config; in a module without the
	// file, an empty one.
	if c, err := Find(string(filepath.Separator), names); c != nil || err != nil {
		t.Errorf("outside a module: %v, %v", c, err)
	}
	if err := os.Remove(filepath.Join(root, FileName)); err != nil {
		t.Fatal(err)
	}
	if c, err := Find(root, names); err != nil || c.File != "" || c.Excluded(filepath.Join(root, "gen", "x.go")) {
		t.Errorf("without a file: %+v, %v", c, err)
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ conf, want string }{
		{"enable lockorder\nenable\n", ":2: enable needs a value"},
		{"\n\nturnoff lockorder\n", `:3: unknown setting "turnoff": want enable, disable, spawners, exclude or baseline`},
		{"disable LockOrder\n", `:1: unknown analyzer "LockOrder": want one of lockorder, loopcapture`},
		{"enable lockorder\ndisable lockorder\n", ":2: analyzer lockorder is already enabled or disabled above"},
		{"spawners Go\n", `:1: spawner "Go": want pkgpath.Func`},
		{"baseline a b\n", ":1: baseline takes one file"},
		{"baseline a\nbaseline b\n", ":2: baseline already set on line 1"},
		{"exclude /abs/...\n", `:1: exclude "/abs/...": want a slash-separated path relative to the module root`},
		{"exclude a/../../b\n", `:1: exclude "a/../../b": a pattern cannot leave the module root`},
	} {
		root := module(t, c.conf)
		_, err := Find(root, names)
		if want := filepath.Join(root, FileName) + c.want; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: got error %v, want %s...", c.conf, err, want)
		}
	}
}

func TestExcluded(t *testing.T) {
	for _, c := range []struct {
		pattern  string
		excluded []string // files relative to the module root
		kept     []string
	}{
		{"gen", []string{"gen/a.go"}, []string{"gen/sub/a.go", "a.go", "generated/a.go"}},
		{"gen/...", []string{"gen/a.go", "gen/sub/a.go"}, []string{"a.go", "generated/a.go"}},
		{"example.com/m/gen/...", []string{"gen/a.go", "gen/sub/a.go"}, []string{"a.go"}},
		{"example.com/m", []string{"a.go"}, []string{"gen/a.go"}},
		{"example.com/m/...", []string{"a.go", "gen/a.go"}, nil},
		{"gen/a.go", []string{"gen/a.go"}, []string{"gen/b.go", "a.go"}},
		{"*.pb.go", []string{"x.pb.go"}, []string{"api/x.pb.go"}},
		{".../*.pb.go", []string{"x.pb.go", "api/v1/x.pb.go"}, []string{"api/x.go"}},
		{"..._test.go", []string{"a_test.go", "p/a_test.go"}, []string{"a.go"}},
		{"p/*/gen", []string{"p/x/gen/a.go"}, []string{"p/x/y/gen/a.go", "p/gen/a.go"}},
		{"a.go+", []string{"a.go+"}, []string{"a.go", "a.goo"}}, // no regexp syntax
	} {
		root := module(t, "exclude "+c.pattern+"\n")
		conf, err := Find(root, names)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range c.excluded {
			if !conf.Excluded(filepath.Join(root, filepath.FromSlash(f))) {
				t.Errorf("exclude %s: %s is not excluded", c.pattern, f)
			}
		}
		for _, f := range c.kept {
			if conf.Excluded(filepath.Join(root, filepath.FromSlash(f))) {
				t.Errorf("exclude %s: %s is excluded", c.pattern, f)
			}
		}
		if conf.Excluded(filepath.Join(filepath.Dir(root), "other", "a.go")) {
			t.Errorf("exclude %s: a file outside the module is excluded", c.pattern)
		}
	}
}

func TestModules(t *testing.T) {
	t.Setenv("GOWORK", "")
	a := module(t, "disable lockorder\n")
	if got := Modules(filepath.Join(a)); !slices.Equal(got, []string{a}) {
		t.Errorf("in a module: %q", got)
	}
	// A workspace above two modules: both, from anywhere inside it.
	b := module(t, "")
	work := filepath.Dir(a)
	if err := os.WriteFile(filepath.Join(work, "go.work"), []byte("go 1.22\n\nuse (\n\t./"+filepath.Base(a)+"\n\t"+b+"\n)\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if got := Modules(a); !slices.Equal(got, []string{a, b}) {
		t.Errorf("in a workspace: %q, want %q", got, []string{a, b})
	}
	t.Setenv("GOWORK", "off")
	if got := Modules(a); !slices.Equal(got, []string{a}) {
		t.Errorf("GOWORK=off: %q", got)
	}
}
