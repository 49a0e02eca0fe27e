package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// buildVersion is what the build info says about this binary: the main
// module's version ("(devel)", a pseudo-version or a release tag) and
// the VCS revision it was built from, if the go command stamped one.
type buildVersion struct {
	module   string
	revision string
	modified bool
}

func readVersion() buildVersion {
	var v buildVersion
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return buildVersion{module: "(unknown)"}
	}
	v.module = info.Main.Version
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.revision = s.Value
		case "vcs.modified":
			v.modified = s.Value == "true"
		}
	}
	if v.revision == "" && module.IsPseudoVersion(v.module) {
		// go install module@version stamps no VCS settings: a
		// pseudo-version names its commit.
		v.revision, _ = module.PseudoVersionRev(v.module)
	}
	return v
}

// released reports whether the binary is a tagged release.
func (v buildVersion) released() bool {
	return semver.IsValid(v.module) && !module.IsPseudoVersion(v.module) && semver.Build(v.module) == ""
}

// String is the version line: "concurlint " and the version.
func (v buildVersion) String() string {
	return "concurlint " + v.version()
}

// version is "v1.2.0", or for a build from a checkout "(devel) revision
// 5920a49… modified", as SARIF's tool version.
func (v buildVersion) version() string {
	s := v.module
	if v.revision != "" && !v.released() {
		s += " revision " + v.revision
	}
	if v.modified {
		s += " modified"
	}
	return s
}

// docRef is the git ref whose documentation describes this binary: its
// tag, else its revision, else main.
func (v buildVersion) docRef() string {
	switch {
	case v.released():
		return v.module
	case v.revision != "":
		return v.revision
	}
	return "main"
}

// semanticVersion is the version without semver's "v", as SARIF wants
// it, or "" for a build that has none.
func (v buildVersion) semanticVersion() string {
	if !semver.IsValid(v.module) {
		return ""
	}
	return v.module[1:]
}

func printVersion(w io.Writer) {
	fmt.Fprintln(w, readVersion())
}
