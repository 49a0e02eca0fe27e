// Package tagged has a bug only in a file built with -tags=integration.
package tagged

func Clean() {}
