package suppress

// Malformed directives suppress nothing and are reported, each once: by
// the analyzer they name or nearly name.
func malformed() {
	//concurlint:ignore CtxLeak the wrong case // want `no analyzer is named "CtxLeak" \(did you mean ctxleak\?\); this directive suppresses nothing`

	//concurlint:ignore ctxlaek a typo // want `no analyzer is named "ctxlaek" \(did you mean ctxleak\?\)`

	//concurlint:ignore ctxleak,nosuch one name of two unknown // want `no analyzer is named "nosuch";`

	// concurlint:ignore ctxleak a space after the slashes // want `"// concurlint:ignore" with a space after the slashes is not a directive and suppresses nothing: write //concurlint:ignore NAME <reason>`
}

// Directives for another analyzer are that analyzer's to report.
func others() {
	//concurlint:ignore lockordr a typo of another analyzer's name
	// concurlint:ignore lockorder spaced, for another analyzer
}

// The first analyzer of the suite, not this one, reports a directive
// that names none.
func empty() {
	//concurlint:ignore
}
