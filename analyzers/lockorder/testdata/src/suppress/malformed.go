package suppress

// Malformed directives suppress nothing and are reported, each once: by
// the analyzer they name or nearly name.
func malformed() {
	//concurlint:ignore LockOrder the wrong case // want `no analyzer is named "LockOrder" \(did you mean lockorder\?\); this directive suppresses nothing`

	//concurlint:ignore lockordr a typo // want `no analyzer is named "lockordr" \(did you mean lockorder\?\)`

	//concurlint:ignore lockorder,nosuch one name of two unknown // want `no analyzer is named "nosuch";`

	// concurlint:ignore lockorder a space after the slashes // want `"// concurlint:ignore" with a space after the slashes is not a directive and suppresses nothing: write //concurlint:ignore NAME <reason>`
}

// Directives for another analyzer are that analyzer's to report.
func others() {
	//concurlint:ignore loopcaptur a typo of another analyzer's name
	// concurlint:ignore loopcapture spaced, for another analyzer
}

// The first analyzer of the suite, not this one, reports a directive
// that names none.
func empty() {
	//concurlint:ignore
}
