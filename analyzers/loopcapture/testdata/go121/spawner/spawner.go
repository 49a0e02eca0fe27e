// Package spawner is checked with
// -loopcapture.spawners=example.com/loopcapture/supervisor.Go,(*example.com/loopcapture/supervisor.Supervisor).Go
// and without: supervisor's Go functions are spawners by inference too.
package spawner

import "example.com/loopcapture/supervisor"

func use(...any) {}

func userSpawners(s *supervisor.Supervisor, xs []int) {
	for _, x := range xs {
		supervisor.Go("worker", func() {
			use(x) // want `loop variable x is shared .*the goroutine may see a later value; copy it \(x := x\)`
		})
		s.Go(func() {
			use(x) // want `loop variable x is shared`
		})
		supervisor.Sync(func() {
			use(x) // not a spawner: runs before Sync returns
		})
	}
}

// The supervisor's Wait joins what its Go started, before the next
// iteration: silent. Without it, reported.
func joinedEachIteration(s *supervisor.Supervisor, xs []int) {
	for _, x := range xs {
		s.Go(func() {
			use(x)
		})
		s.Wait()
	}
	for _, x := range xs {
		s.Go(func() {
			use(x) // want `loop variable x is shared`
		})
	}
}
