// Command prof is concurlint under go vet's protocol, writing a CPU
// profile to $PROF_CPU and a heap-allocation profile to $PROF_MEM when
// it exits, for profiling one heavy package as go vet runs it:
//
//	go build -ldflags=-checklinkname=0 -o /tmp/prof ./bench/_cmd/prof
//	go vet -vettool=$(command -v concurlint) -work -x ./server/   # prints $WORK/b001/vet.cfg
//	PROF_CPU=cpu.prof /tmp/prof -json $WORK/b001/vet.cfg
//	go tool pprof -top -cum /tmp/prof cpu.prof
//
// unitchecker ends with os.Exit, so the profiles are written from an
// exit hook (internal/runtime/exithook, hence -checklinkname=0).
// PROF_HEAP with PROF_HEAP_AT=3s writes the live heap 3 s into the run,
// PROF_MUTEX where the passes waited on each other's mutexes. Like
// concurlint under go vet it runs at GOGC=800, 3 GiB. It lives in bench/_cmd,
// which ./... skips.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
	"time"
	_ "unsafe"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
)

type hook struct {
	F            func()
	RunOnFailure bool
}

//go:linkname addExitHook internal/runtime/exithook.Add
func addExitHook(h hook)

func main() {
	debug.SetGCPercent(800)
	debug.SetMemoryLimit(3 << 30)
	if p := os.Getenv("PROF_CPU"); p != "" {
		f, _ := os.Create(p)
		pprof.StartCPUProfile(f)
		addExitHook(hook{F: pprof.StopCPUProfile, RunOnFailure: true})
	}
	if p := os.Getenv("PROF_MEM"); p != "" {
		runtime.MemProfileRate = 64 << 10
		addExitHook(hook{F: func() {
			f, _ := os.Create(p)
			runtime.GC()
			pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}, RunOnFailure: true})
	}
	if p := os.Getenv("PROF_MUTEX"); p != "" {
		// Where the passes wait for each other's locks.
		runtime.SetMutexProfileFraction(1)
		addExitHook(hook{F: func() {
			f, _ := os.Create(p)
			pprof.Lookup("mutex").WriteTo(f, 0)
			f.Close()
		}, RunOnFailure: true})
	}
	if p, at := os.Getenv("PROF_HEAP"), os.Getenv("PROF_HEAP_AT"); p != "" && at != "" {
		// The live heap in the middle of a run, when the passes'
		// results are all still held.
		d, _ := time.ParseDuration(at)
		time.AfterFunc(d, func() {
			f, _ := os.Create(p)
			runtime.GC()
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		})
	}
	suite := analyzers.All()
	if os.Getenv("PROF_TIMES") != "" {
		timeRuns(suite, map[*analysis.Analyzer]bool{})
	}
	multichecker.Main(suite...)
}

var start = time.Now()
var timesMu sync.Mutex

// timeRuns wraps every analyzer's Run (PROF_TIMES set) to print when it
// starts and ends, in seconds since the process started.
func timeRuns(as []*analysis.Analyzer, seen map[*analysis.Analyzer]bool) {
	for _, a := range as {
		if seen[a] {
			continue
		}
		seen[a] = true
		timeRuns(a.Requires, seen)
		run, name := a.Run, a.Name
		a.Run = func(p *analysis.Pass) (any, error) {
			t0 := time.Since(start)
			res, err := run(p)
			timesMu.Lock()
			fmt.Fprintf(os.Stderr, "%-12s %6.3f %6.3f %6.3f\n", name, t0.Seconds(), time.Since(start).Seconds(), (time.Since(start) - t0).Seconds())
			timesMu.Unlock()
			return res, err
		}
	}
}
