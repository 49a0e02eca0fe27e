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
// exit hook (internal/runtime/exithook, hence -checklinkname=0). Like
// concurlint under go vet it runs at GOGC=800, 3 GiB. It lives in bench/_cmd,
// which ./... skips.
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	_ "unsafe"

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
	multichecker.Main(analyzers.All()...)
}
