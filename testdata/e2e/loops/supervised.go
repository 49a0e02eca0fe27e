package loops

import "context"

// OK by default, BUG when Supervisor.Go is named a spawner: every
// analyzer takes the one list, ctxleak (which has no flag of its own)
// included.
func Poll(ctx context.Context, s *Supervisor, tick func()) {
	s.Go(func() {
		for {
			tick()
		}
	})
}
