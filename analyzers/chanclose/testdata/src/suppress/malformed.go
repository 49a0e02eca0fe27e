package suppress

// Malformed directives suppress nothing and are reported, each once: by
// the analyzer they name or nearly name.
func malformed() {
	//concurlint:ignore ChanClose the wrong case // want `no analyzer is named "ChanClose" \(did you mean chanclose\?\); this directive suppresses nothing`

	//concurlint:ignore chanclos a typo // want `no analyzer is named "chanclos" \(did you mean chanclose\?\)`

	//concurlint:ignore chanclose,nosuch one name of two unknown // want `no analyzer is named "nosuch";`

	// concurlint:ignore chanclose a space after the slashes // want `"// concurlint:ignore" with a space after the slashes is not a directive and suppresses nothing: write //concurlint:ignore NAME <reason>`
}

// Directives for another analyzer are that analyzer's to report.
func others() {
	//concurlint:ignore ctxlaek a typo of another analyzer's name
	// concurlint:ignore ctxleak spaced, for another analyzer
}

// The first analyzer of the suite reports a directive that names none.
func empty() {
	// want +1 `names no analyzer and suppresses nothing`
	//concurlint:ignore
}
