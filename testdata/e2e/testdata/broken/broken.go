// Package broken does not type-check: concurlint must exit 1.
package broken

func Broken() int {
	return "not an int"
}
