package analyzers_test

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
)

// Facts travel between packages as gob: in go vet's .vetx files, in
// golangci-lint's cache and in Bazel nogo's outputs. Every fact type
// must round-trip, and encode to the same bytes every time, or caches
// keyed on those bytes miss and remote builds stop being reproducible.
//
// analysistest checks this only for facts that cross a package boundary
// in some fixture (checker.Options{SanityCheck: true}, hard-wired in
// analysistest.Run; checker.inheritFacts then encodes each inherited
// fact twice, compares the bytes and decodes it). This test covers
// every field of every fact type, whatever the fixtures exercise.

// encodings is how many times a fact is encoded: gob writes a map in
// iteration order, so a map of several entries differs between two
// encodings only most of the time.
const encodings = 20

func TestFactsRoundTrip(t *testing.T) {
	seen := map[reflect.Type]bool{}
	for _, a := range closure(analyzers.All()) {
		for _, f := range a.FactTypes {
			typ := reflect.TypeOf(f)
			if seen[typ] {
				continue
			}
			seen[typ] = true
			t.Run(a.Name+"/"+typ.Elem().Name(), func(t *testing.T) {
				fact := reflect.New(typ.Elem()).Interface().(analysis.Fact)
				fill(reflect.ValueOf(fact).Elem(), 1)
				if zero := zeroField(reflect.ValueOf(fact).Elem(), typ.Elem().Name()); zero != "" {
					t.Fatalf("the filler left %s empty", zero)
				}
				checkRoundTrip(t, fact)
			})
		}
	}
	if len(seen) == 0 {
		t.Fatal("no fact types found")
	}
}

// TestFactsCheckCatchesMaps makes sure the round-trip check would catch
// a fact type that holds a map.
func TestFactsCheckCatchesMaps(t *testing.T) {
	// Three entries, as fill makes, come out in the same order about one
	// time in four (a small map starts iterating at a random one of its 8
	// slots), so 20 encodings agree about once in 250 runs. Many entries
	// take that to nothing, and this test is about the check, not fill.
	fact := &mapFact{M: map[string]int{}}
	for i := range 64 {
		fact.M[fmt.Sprintf("s%d", i)] = i
	}
	if err := deterministic(fact); err == nil {
		t.Fatal("a fact holding a map encoded deterministically: the check has no teeth")
	}
}

type mapFact struct{ M map[string]int }

func (*mapFact) AFact() {}

// checkRoundTrip encodes fact as drivers do (as an analysis.Fact
// interface value, its type registered with gob) and as itself.
func checkRoundTrip(t *testing.T, fact analysis.Fact) {
	t.Helper()
	gob.Register(fact)
	if err := deterministic(fact); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
		t.Fatalf("encode %T: %v", fact, err)
	}
	got := reflect.New(reflect.TypeOf(fact).Elem()).Interface()
	if err := gob.NewDecoder(&buf).Decode(got); err != nil {
		t.Fatalf("decode %T: %v", fact, err)
	}
	if !reflect.DeepEqual(got, fact) {
		t.Errorf("%T changes through gob:\nsent %+v\ngot  %+v", fact, fact, got)
	}
	buf.Reset()
	if err := gob.NewEncoder(&buf).Encode(&wrapper{fact}); err != nil {
		t.Fatalf("encode %T as analysis.Fact: %v", fact, err)
	}
	var w wrapper
	if err := gob.NewDecoder(&buf).Decode(&w); err != nil {
		t.Fatalf("decode %T as analysis.Fact: %v", fact, err)
	}
	if !reflect.DeepEqual(w.Fact, fact) {
		t.Errorf("%T changes through gob as analysis.Fact:\nsent %+v\ngot  %+v", fact, fact, w.Fact)
	}
}

// wrapper carries a fact as an interface value, as unitchecker's fact
// files do.
type wrapper struct{ Fact analysis.Fact }

// deterministic encodes fact repeatedly and reports the first encoding
// that differs from the first.
func deterministic(fact analysis.Fact) error {
	var first []byte
	for i := range encodings {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			return err
		}
		if i == 0 {
			first = buf.Bytes()
		} else if !bytes.Equal(first, buf.Bytes()) {
			return fmt.Errorf("%T encodes to different bytes on encoding %d", fact, i+1)
		}
	}
	return nil
}

// fill sets every field reachable from v to a non-zero value that
// differs from its neighbours: strings "s1", "s2", ..., numbers 1, 2,
// ..., bools true, two elements per slice and three entries per map.
// seed numbers the values so that they differ.
func fill(v reflect.Value, seed int) int {
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", seed))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n := int64(seed)
		if v.OverflowInt(n) {
			n = n%127 + 1
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		// A small type wraps: keep the value non-zero (a fact with
		// many fields numbers past 255).
		u := uint64(seed)
		if v.OverflowUint(u) {
			u = u%255 + 1
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(seed) + 0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		seed = fill(v.Elem(), seed)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				seed = fill(v.Field(i), seed)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			seed = fill(v.Index(i), seed)
		}
	case reflect.Array:
		for i := range v.Len() {
			seed = fill(v.Index(i), seed)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 3 {
			k := reflect.New(v.Type().Key()).Elem()
			seed = fill(k, seed)
			e := reflect.New(v.Type().Elem()).Elem()
			seed = fill(e, seed)
			v.SetMapIndex(k, e)
		}
	}
	return seed + 1
}

// zeroField names a field left zero below v (gob drops zero values, so
// a zero field would go untested), or an unexported one (gob drops those
// too: the fact would arrive without it).
func zeroField(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				return path + "." + f.Name + " (unexported: gob does not carry it)"
			}
			if z := zeroField(v.Field(i), path+"."+f.Name); z != "" {
				return z
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Len() == 0 {
			return path
		}
		for i := range v.Len() {
			if z := zeroField(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); z != "" {
				return z
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			return path
		}
		return zeroField(v.Elem(), path)
	default:
		if v.IsZero() {
			return path
		}
	}
	return ""
}
