package suppress

// Malformed directives suppress nothing and are reported, each once: by
// the analyzer they name or nearly name.
func malformed() {
	//concurlint:ignore LoopCapture the wrong case // want `no analyzer is named "LoopCapture" \(did you mean loopcapture\?\); this directive suppresses nothing`

	//concurlint:ignore loopcaptur a typo // want `no analyzer is named "loopcaptur" \(did you mean loopcapture\?\)`

	//concurlint:ignore loopcapture,nosuch one name of two unknown // want `no analyzer is named "nosuch";`

	// concurlint:ignore loopcapture a space after the slashes // want `"// concurlint:ignore" with a space after the slashes is not a directive and suppresses nothing: write //concurlint:ignore NAME <reason>`
}

// Directives for another analyzer are that analyzer's to report.
func others() {
	//concurlint:ignore mapacess a typo of another analyzer's name
	// concurlint:ignore mapaccess spaced, for another analyzer
}

// The first analyzer of the suite, not this one, reports a directive
// that names none.
func empty() {
	//concurlint:ignore
}
