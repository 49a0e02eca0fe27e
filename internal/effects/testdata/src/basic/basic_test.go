package basic

import "testing"

// Exported helpers in a test file may be called by the package's
// external tests (the export_test.go pattern): their summaries are
// facts.
func PutForTest(m map[string]int) { m["t"] = 1 } // want PutForTest:"writes param0"

// Test entry points and unexported helpers cannot be called from
// another package: no facts, their summaries are computed on demand.
func TestPut(t *testing.T) { Put(map[string]int{}, "k") }

func putHelper(m map[string]int) { m["h"] = 1 }

func BenchmarkPut(b *testing.B) { putHelper(map[string]int{}) }
