// Package golangci is the golangci-lint v2 module plugin for concurlint.
//
// Importing it (blank import in golangci-lint's cmd/golangci-lint/plugins.go,
// which `golangci-lint custom` writes from .custom-gcl.yml) registers the
// linter "concurlint"; .golangci.yml then enables it under
// linters.settings.custom.concurlint with type: module. See
// docs/golangci-lint.md.
//
// Settings (all optional):
//
//	enable:   [lockorder, mapaccess]   # analyzers to run; default: all
//	disable:  [ctxleak]                # analyzers not to run
//	spawners: [example.com/pool.Go]    # the suite's -spawners list, for every analyzer
//	flags:                             # any analyzer flag, by analyzer
//	  loopcapture:
//	    spawners: "(*example.com/sup.Group).Go"
//	related-information: inline        # or: issues
//
// Related information ("goroutine started here") is by default folded
// into the finding's message, so that a finding is one golangci-lint
// issue and a //nolint:concurlint on its line silences all of it. With
// "issues", golangci-lint's own handling applies: one more issue per
// related location, each of which needs its own //nolint.
//
// Unknown keys, unknown analyzer names and unknown flags are errors, so a
// typo stops golangci-lint instead of being ignored.
package golangci

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
)

// Name is the linter's name: the key under linters.settings.custom and
// what golangci-lint prints after each finding and matches in //nolint.
const Name = "concurlint"

func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's part of .golangci.yml
// (linters.settings.custom.concurlint.settings).
type Settings struct {
	// Enable lists the analyzers to run; empty means the whole suite.
	Enable []string `json:"enable"`
	// Disable lists analyzers not to run.
	Disable []string `json:"disable"`
	// Spawners are functions that run their function argument on a new
	// goroutine (pkgpath.Func or (*pkgpath.T).Method), as -spawners.
	Spawners []string `json:"spawners"`
	// Flags sets analyzer flags: analyzer name -> flag name -> value.
	// A list value is joined with commas.
	Flags map[string]map[string]any `json:"flags"`
	// RelatedInformation is "inline" (the default: appended to the
	// message) or "issues" (golangci-lint reports each as an issue).
	RelatedInformation string `json:"related-information"`
}

// plugin is the configured linter.
type plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings, applies the flags and selects the analyzers.
// golangci-lint calls it once, when it loads its configuration.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("concurlint settings: %w (valid keys: enable, disable, spawners, flags, related-information)", err)
	}
	suite := analyzers.All()
	selected, err := selectAnalyzers(suite, s.Enable, s.Disable)
	if err != nil {
		return nil, err
	}
	if err := applySpawners(suite, s.Spawners); err != nil {
		return nil, err
	}
	if err := applyFlags(suite, s.Flags); err != nil {
		return nil, err
	}
	switch s.RelatedInformation {
	case "", "inline":
		selected = inlineRelated(selected...)
	case "issues":
	default:
		return nil, fmt.Errorf("concurlint settings: related-information: %q is neither inline nor issues", s.RelatedInformation)
	}
	return &plugin{analyzers: selected}, nil
}

// BuildAnalyzers returns the selected analyzers.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks for type information: every analyzer needs it.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// selectAnalyzers returns the suite's analyzers named in enable (all of
// them when enable is empty) minus those in disable, in suite order.
func selectAnalyzers(suite []*analysis.Analyzer, enable, disable []string) ([]*analysis.Analyzer, error) {
	if err := checkNames(suite, "enable", enable); err != nil {
		return nil, err
	}
	if err := checkNames(suite, "disable", disable); err != nil {
		return nil, err
	}
	for _, name := range enable {
		if slices.Contains(disable, name) {
			return nil, fmt.Errorf("concurlint settings: %s is both enabled and disabled", name)
		}
	}
	var out []*analysis.Analyzer
	for _, a := range suite {
		if (len(enable) == 0 || slices.Contains(enable, a.Name)) && !slices.Contains(disable, a.Name) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("concurlint settings: every analyzer is disabled; remove concurlint from linters.enable instead")
	}
	return out, nil
}

func checkNames(suite []*analysis.Analyzer, key string, names []string) error {
	for _, name := range names {
		if lookup(suite, name) == nil {
			return unknownAnalyzer(suite, key, name)
		}
	}
	return nil
}

func lookup(suite []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range suite {
		if a.Name == name {
			return a
		}
	}
	return nil
}

func unknownAnalyzer(suite []*analysis.Analyzer, key, name string) error {
	names := make([]string, len(suite))
	for i, a := range suite {
		names[i] = a.Name
	}
	return fmt.Errorf("concurlint settings: %s: unknown analyzer %q (valid: %s)", key, name, strings.Join(names, ", "))
}

// applySpawners adds the spawners through every analyzer's -spawners
// flag. The analyzers share one list, so this is the same as naming
// them on any one analyzer; setting each keeps the plugin free of
// knowledge about which analyzer owns the list.
func applySpawners(suite []*analysis.Analyzer, spawners []string) error {
	if len(spawners) == 0 {
		return nil
	}
	value := strings.Join(spawners, ",")
	for _, a := range suite {
		if a.Flags.Lookup("spawners") == nil {
			continue
		}
		if err := a.Flags.Set("spawners", value); err != nil {
			return fmt.Errorf("concurlint settings: spawners: %w", err)
		}
	}
	return nil
}

// applyFlags sets each analyzer flag named in flags, in a fixed order
// so that errors do not depend on map iteration.
func applyFlags(suite []*analysis.Analyzer, flags map[string]map[string]any) error {
	for _, name := range slices.Sorted(maps.Keys(flags)) {
		a := lookup(suite, name)
		if a == nil {
			return unknownAnalyzer(suite, "flags", name)
		}
		for _, f := range slices.Sorted(maps.Keys(flags[name])) {
			if err := setFlag(a, f, flags[name][f]); err != nil {
				return err
			}
		}
	}
	return nil
}

func setFlag(a *analysis.Analyzer, name string, v any) error {
	if a.Flags.Lookup(name) == nil {
		return fmt.Errorf("concurlint settings: flags: %s has no flag %q (%s)", a.Name, name, flagList(&a.Flags))
	}
	value, err := flagValue(v)
	if err != nil {
		return fmt.Errorf("concurlint settings: flags: %s.%s: %w", a.Name, name, err)
	}
	if err := a.Flags.Set(name, value); err != nil {
		return fmt.Errorf("concurlint settings: flags: %s.%s: %w", a.Name, name, err)
	}
	return nil
}

func flagList(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return "it takes none"
	}
	return "valid: " + strings.Join(names, ", ")
}

// flagValue renders a YAML value as a command-line flag value: scalars
// as written, lists joined with commas.
func flagValue(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool, float64:
		return fmt.Sprint(v), nil
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			s, err := flagValue(e)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a string, number, boolean or list, got %T", v)
}
