package main

import "testing"

func TestBuildVersion(t *testing.T) {
	for _, tc := range []struct {
		v          buildVersion
		line, ref  string
		semVersion string
	}{
		{buildVersion{module: "v1.2.0"}, "concurlint v1.2.0", "v1.2.0", "1.2.0"},
		// go install module@commit: the pseudo-version names the commit.
		{buildVersion{module: "v0.0.0-20261127020755-5920a49d2fd8", revision: "5920a49d2fd8"},
			"concurlint v0.0.0-20261127020755-5920a49d2fd8 revision 5920a49d2fd8", "5920a49d2fd8", "0.0.0-20261127020755-5920a49d2fd8"},
		// A checkout: go build stamps the revision and whether the
		// tree was modified.
		{buildVersion{module: "(devel)", revision: "5920a49d2fd8a11d", modified: true},
			"concurlint (devel) revision 5920a49d2fd8a11d modified", "5920a49d2fd8a11d", ""},
		{buildVersion{module: "(devel)"}, "concurlint (devel)", "main", ""},
	} {
		if got := tc.v.String(); got != tc.line {
			t.Errorf("%+v: String() = %q, want %q", tc.v, got, tc.line)
		}
		if got := tc.v.docRef(); got != tc.ref {
			t.Errorf("%+v: docRef() = %q, want %q", tc.v, got, tc.ref)
		}
		if got := tc.v.semanticVersion(); got != tc.semVersion {
			t.Errorf("%+v: semanticVersion() = %q, want %q", tc.v, got, tc.semVersion)
		}
	}
}
