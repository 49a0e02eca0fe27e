// Package spawned is checked with the plugin's setting
// spawners: [spawned.queue]: ctxleak, which has no flag of its own,
// takes the suite's list.
package spawned

import "context"

var work = make(chan func(), 1)

// queue hands f to a worker goroutine: only the setting makes it a
// spawner.
func queue(f func()) { work <- f }

func tick() {}

func poll(ctx context.Context) {
	queue(func() {
		for { // want `this goroutine loops forever without looking at its context`
			tick()
		}
	})
}
