package edgefacts // want package:"\\(gatefacts.A\\).mu -> \\(gatefacts.B\\).mu under gatefacts.gate, \\(gatefacts.B\\).mu -> \\(gatefacts.A\\).mu \\(read\\), \\(summaries.S\\).mu -> \\(summaries.T\\).mu, gatefacts.gate -> \\(gatefacts.A\\).mu, gatefacts.gate -> \\(gatefacts.B\\).mu; writes \\(gatefacts.A\\).mu"

// Package edgefacts checks the lock-order edges a package exports: its
// own (none here) and those its imports carry, with their gates and
// modes. The imports' function summaries are checked there.

import (
	_ "gatefacts"
	_ "summaries"
)
