package sender

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// stopper is a stop signal behind an interface: Stop closes the
// channel Done returns.
type stopper interface {
	Stop()
	Done() <-chan struct{}
}

type streamer struct {
	stop stopper
	tick <-chan time.Time
	work func() error
}

// serve receives from in until it is stopped; a failing work returns
// its error, also on a tick, before any receive. (The defer makes its
// returns go through the result's slot.)
func (s *streamer) serve(in <-chan struct{}) error {
	defer s.log("served")
	for {
		select {
		case <-in:
			if err := s.work(); err != nil {
				return err
			}
		case <-s.tick:
			if err := s.work(); err != nil {
				return err
			}
		case <-s.stop.Done():
			return nil
		}
	}
}

func (s *streamer) log(string) {}

// ✅ The sender stops the receiver itself, after both its sends: serve
// leaves by the stop case only once nothing is pending, and its error
// returns fail the test (require.NoError).
func stopsAfterSends(t *testing.T, s *streamer) {
	in := make(chan struct{})
	go func() {
		in <- struct{}{}
		in <- struct{}{}
		s.stop.Stop()
	}()
	require.NoError(t, s.serve(in))
}

// ✅ The same checked by a suite's assertion on the error variable.
func stopsAfterSendsSuite(t *testing.T, s *streamer, a *require.Assertions) {
	in := make(chan struct{})
	go func() {
		in <- struct{}{}
		s.stop.Stop()
	}()
	err := s.serve(in)
	a.Nil(err)
}

// ❌ The twin whose error is not checked: a failing work on a tick
// returns before any receive, a passing test's path.
func stopsAfterSendsUnchecked(t *testing.T, s *streamer) {
	in := make(chan struct{})
	go func() {
		in <- struct{}{} // want `goroutine blocks forever sending on in when its receiver leaves without receiving`
		s.stop.Stop()
	}()
	_ = s.serve(in)
}

// ❌ The twin that stops the receiver before it sends: serve may leave
// by the stop case first.
func stopsBeforeSends(t *testing.T, s *streamer) {
	in := make(chan struct{})
	go func() {
		s.stop.Stop()
		in <- struct{}{} // want `goroutine blocks forever sending on in when its receiver leaves without receiving`
	}()
	require.NoError(t, s.serve(in))
}
