package golangci

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers/lockorder"
)

// TestInlineRelated runs a wrapped analyzer: its finding carries the
// related location in the message and no Related entries, which
// golangci-lint would turn into issues of their own.
func TestInlineRelated(t *testing.T) {
	wrapped := inlineRelated(lockorder.Analyzer)
	results := analysistest.Run(t, analysistest.TestData(), wrapped[0], "locks")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) != 0 {
				t.Errorf("%s: related information left: %v", d.Message, d.Related)
			}
		}
	}
}

func TestRelatedSetting(t *testing.T) {
	for _, v := range []string{"", "inline", "issues"} {
		if _, err := New(map[string]any{"related-information": v}); err != nil {
			t.Errorf("related-information %q: %v", v, err)
		}
	}
	_, err := New(map[string]any{"related-information": "drop"})
	if err == nil || err.Error() != `concurlint settings: related-information: "drop" is neither inline nor issues` {
		t.Errorf("related-information drop: err = %v", err)
	}
}
