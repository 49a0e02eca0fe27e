// Package typeerr does not type-check.
package typeerr

func Broken() int {
	return "not an int"
}
