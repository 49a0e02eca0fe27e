package report

// Pending counts the passes whose state has not been released: the
// state of a pass must not outlive it, or a long run over thousands of
// packages keeps every package's directives (and, through the pass
// key, its syntax and types) alive to the end.
func Pending() int {
	n := 0
	passes.Range(func(any, any) bool {
		n++
		return true
	})
	return n
}
