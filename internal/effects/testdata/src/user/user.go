package user

import "basic"

// Facts cross packages: a method of an imported type seen through.
func Use(s *basic.S) int { return s.Get("k") } // want Use:"reads param0.items"
