// Package noimport imports a package that no module provides.
package noimport

import "example.com/nothere"

var _ = nothere.X
