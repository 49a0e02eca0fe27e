package golangci

import (
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/internal/spawn"
)

// newNames builds the plugin from settings as golangci-lint passes them
// (YAML decoded to maps) and returns the selected analyzers' names.
func newNames(t *testing.T, raw any) ([]string, error) {
	t.Helper()
	t.Cleanup(spawn.User.Reset)
	p, err := New(raw)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	var names []string
	for _, a := range as {
		names = append(names, a.Name)
	}
	return names, nil
}

func TestRegistered(t *testing.T) {
	if _, err := register.GetPlugin("concurlint"); err != nil {
		t.Fatal(err)
	}
}

func TestValidSettings(t *testing.T) {
	all := []string{"chanclose", "chanleak", "ctxleak", "lockorder", "loopcapture", "mapaccess"}
	tests := []struct {
		name string
		raw  any
		want []string
	}{
		{"no settings", nil, all},
		{"empty", map[string]any{}, all},
		{"enable", map[string]any{"enable": []any{"mapaccess", "lockorder"}}, []string{"lockorder", "mapaccess"}},
		{"disable", map[string]any{"disable": []any{"ctxleak"}}, []string{"chanclose", "chanleak", "lockorder", "loopcapture", "mapaccess"}},
		{"both", map[string]any{"enable": []any{"lockorder", "ctxleak"}, "disable": []any{"ctxleak"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newNames(t, tt.raw)
			if tt.want == nil {
				if err == nil || !strings.Contains(err.Error(), "both enabled and disabled") {
					t.Fatalf("err = %v, want both enabled and disabled", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("analyzers = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBadSettings(t *testing.T) {
	tests := []struct {
		name string
		raw  any
		want []string // fragments of the error
	}{
		{"unknown key", map[string]any{"spawner": []any{"a.B"}},
			[]string{`unknown field "spawner"`, "valid keys: enable, disable, spawners, flags, related-information"}},
		{"wrong type", map[string]any{"enable": "lockorder"},
			[]string{"concurlint settings", "enable"}},
		{"unknown analyzer", map[string]any{"enable": []any{"lockordr"}},
			[]string{`enable: unknown analyzer "lockordr"`, "valid: chanclose, chanleak, ctxleak, lockorder, loopcapture, mapaccess"}},
		{"unknown disabled analyzer", map[string]any{"disable": []any{"race"}},
			[]string{`disable: unknown analyzer "race"`}},
		{"all disabled", map[string]any{"disable": []any{"chanclose", "chanleak", "ctxleak", "lockorder", "loopcapture", "mapaccess"}},
			[]string{"every analyzer is disabled"}},
		{"flags for unknown analyzer", map[string]any{"flags": map[string]any{"loops": map[string]any{"spawners": "a.B"}}},
			[]string{`flags: unknown analyzer "loops"`}},
		{"unknown flag", map[string]any{"flags": map[string]any{"loopcapture": map[string]any{"spawner": "a.B"}}},
			[]string{`loopcapture has no flag "spawner"`, "valid: spawners"}},
		{"analyzer without flags", map[string]any{"flags": map[string]any{"lockorder": map[string]any{"x": true}}},
			[]string{`lockorder has no flag "x" (it takes none)`}},
		{"bad spawner", map[string]any{"spawners": []any{"NoDot"}},
			[]string{"spawners:", `spawner "NoDot"`}},
		{"bad flag value", map[string]any{"flags": map[string]any{"mapaccess": map[string]any{"spawners": map[string]any{"a": "b"}}}},
			[]string{"mapaccess.spawners: want a string, number, boolean or list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newNames(t, tt.raw)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestSpawnersApplied(t *testing.T) {
	const pool = "example.com/pool.Go"
	const group = "(*example.com/sup.Group).Go"
	const other = "example.com/run.Async"
	_, err := newNames(t, map[string]any{
		"spawners": []any{pool},
		"flags": map[string]any{
			"loopcapture": map[string]any{"spawners": group},
			"chanclose":   map[string]any{"spawners": []any{other}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{pool, group, other} {
		if !spawn.User.Has(name) {
			t.Errorf("spawner %s not in the suite's list %q", name, spawn.User.String())
		}
	}
}

// TestSpawnersSetting runs the plugin's analyzers as golangci-lint
// would, with only ctxleak enabled: the spawners setting reaches it,
// though it has no -spawners flag of its own.
func TestSpawnersSetting(t *testing.T) {
	t.Cleanup(spawn.User.Reset)
	p, err := New(map[string]any{"enable": []any{"ctxleak"}, "spawners": []any{"spawned.queue"}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 {
		t.Fatalf("BuildAnalyzers: %v, %d analyzers", err, len(as))
	}
	analysistest.Run(t, analysistest.TestData(), as[0], "spawned")
}
