// Package deep2 imports deep1 and hands out its values.
package deep2

import "example.com/lockdeep/deep1"

func NewA() *deep1.A { return new(deep1.A) }
func NewB() *deep1.B { return new(deep1.B) }

func Both(a *deep1.A, b *deep1.B) { deep1.AB(a, b) }
