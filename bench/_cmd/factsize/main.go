// Command factsize reports what a go vet facts file (the vet.out that
// concurlint writes, kept with go vet -work) holds: its sizes, then the
// gob size of its facts by type and package, largest first; with a
// second argument, every fact as JSON, one a line (to compare two
// runs' facts by content).
//
//	go run ./bench/_cmd/factsize $WORK/b001/vet.out [dump]
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/concurlint/concurlint/analyzers"
)

type gobFact struct {
	PkgPath string
	Object  objectpath.Path
	Fact    analysis.Fact
}

func main() {
	seen := map[*analysis.Analyzer]bool{}
	var reg func(a *analysis.Analyzer)
	reg = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
		for _, r := range a.Requires {
			reg(r)
		}
	}
	for _, a := range analyzers.All() {
		reg(a)
	}
	data, _ := os.ReadFile(os.Args[1])
	tl := binary.LittleEndian.Uint32(data[4:8])
	fl := binary.LittleEndian.Uint32(data[8:12])
	fmt.Println("types", tl, "facts", fl)
	data = data[12+tl : 12+tl+fl]
	var facts []gobFact
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&facts); err != nil {
		panic(err)
	}
	if len(os.Args) > 2 {
		for _, f := range facts {
			j, _ := json.Marshal(f.Fact)
			fmt.Printf("%s %s %T %s\n", f.PkgPath, f.Object, f.Fact, j)
		}
		return
	}
	size := map[string]int{}
	count := map[string]int{}
	for _, f := range facts {
		var b bytes.Buffer
		gob.NewEncoder(&b).Encode(f.Fact)
		k := reflect.TypeOf(f.Fact).String() + " " + f.PkgPath
		size[k] += b.Len()
		count[k]++
	}
	var keys []string
	for k := range size {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return size[keys[i]] > size[keys[j]] })
	fmt.Println(len(data), len(facts))
	for _, k := range keys[:min(20, len(keys))] {
		fmt.Println(size[k], count[k], k)
	}
}
