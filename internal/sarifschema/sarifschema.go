// Package sarifschema validates SARIF logs against the SARIF 2.1.0 JSON
// schema vendored in testdata/sarif. It is for tests: the validator
// (github.com/santhosh-tekuri/jsonschema) never reaches the binary.
package sarifschema

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaURL is the id the vendored schema declares.
const schemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// Validate reports whether log is a JSON document that the SARIF 2.1.0
// schema accepts, formats (URIs, dates) included.
func Validate(log []byte) error {
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return fmt.Errorf("sarifschema: cannot locate the vendored schema")
	}
	path := filepath.Join(filepath.Dir(here), "..", "..", "testdata", "sarif", "sarif-schema-2.1.0.json")
	file, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(file))
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return err
	}
	schema, err := c.Compile(schemaURL)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	return schema.Validate(inst)
}
