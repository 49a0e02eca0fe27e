// Package app uses pool's spawners, the built-in ones and a user
// spawner (mine, named by the test as -spawners would).
package app

import (
	"os/exec"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"pool"
	"reach"
)

func mine(f func()) { f() }

// viaUser spawns through the user's spawner.
func viaUser(f func()) { // want "spawns param 0"
	mine(f) // want "ast UserSpawner" "ssa UserSpawner"
}

func use(p *pool.Pool, g *errgroup.Group, t *testing.T) {
	p.Submit(func() {})                       // want "ast Inferred" "ssa Inferred"
	(*pool.Pool).Submit(p, func() {})         // want "ast Inferred" "ssa Inferred"
	p.Start("x", func() {})                   // want "ast Inferred" "ssa Inferred"
	pool.Relay(func() {})                     // want "ast Inferred" "ssa Inferred"
	pool.GoWith(1, func(int) {})              // want "ast Inferred" "ssa Inferred"
	pool.Task(g, func() error { return nil }) // want "ast Inferred" "ssa Inferred"
	mine(func() {})                           // want "ast UserSpawner" "ssa UserSpawner"
	viaUser(func() {})                        // want "ast Inferred" "ssa Inferred"

	var r reach.Runner
	r.Run(func() {})        // want "ast Inferred" "ssa Inferred"
	reach.Via(r, func() {}) // want "ast Inferred" "ssa Inferred"
	var d reach.Doer
	d.Do(func() {})

	pool.Call(func() {})
	pool.Defer(func() {})
	p.Queue(func() {})
	pool.Other(func() {})

	var wg sync.WaitGroup
	wg.Go(func() {})                                // want "ast WaitGroupTask" "ssa WaitGroupTask"
	g.Go(func() error { return nil })               // want "ast ErrgroupTask" "ssa ErrgroupTask"
	g.TryGo(func() error { return nil })            // want "ast ErrgroupTask" "ssa ErrgroupTask"
	time.AfterFunc(time.Second, func() {})          // want "ast TimerCallback" "ssa TimerCallback"
	t.Run("p", func(t *testing.T) { t.Parallel() }) // want "ast ParallelSubtest" "ssa ParallelSubtest"
	t.Run("s", func(t *testing.T) {})
	go func() {}() // want "ast Goroutine" "ssa Goroutine"
	wg.Wait()      // want "ssa join"
}

func waited() {
	pool.Wait(func() {})
	pool.GoWait(func() {})
	pool.Timeout(func() {}, time.Second)
	pool.Result(func() int { return 0 })
}

func joined(p *pool.Pool) {
	p.Submit(func() {}) // want "ast Inferred" "ssa Inferred"
	p.Wait()            // want "ssa join"
	p.Drain(time.Second)
}

func wrapped(p *pool.Pool) {
	pool.Safe(func() {}) // want "ast Inferred" "ssa Inferred"
	p.Run(func() {})     // want "ast Inferred" "ssa Inferred"
}

// A command's Wait and a sync.Cond's wait for no goroutine group.
func notJoins(cmd *exec.Cmd, c *sync.Cond) {
	cmd.Wait()
	c.Wait()
}
