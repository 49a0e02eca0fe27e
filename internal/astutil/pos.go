package astutil

import "go/token"

// Earlier orders positions by file name and offset. Unlike comparing
// token.Pos values it does not depend on the order the driver parsed
// the files in, so reports ordered by it come out the same every run.
func Earlier(fset *token.FileSet, a, b token.Pos) bool {
	pa, pb := fset.Position(a), fset.Position(b)
	if pa.Filename != pb.Filename {
		return pa.Filename < pb.Filename
	}
	return pa.Offset < pb.Offset
}
