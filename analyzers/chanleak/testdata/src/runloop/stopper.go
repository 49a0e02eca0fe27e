package runloop

import (
	"context"
	"sync"
)

// A writer whose loop leaves only on the Done of a context its
// benchmark makes; the benchmark's failure handler either cancels it
// (no room to back off) or pauses the writers, never both in one call.
type pauser struct{ pauseC chan struct{} }

func newPauser() *pauser { return &pauser{pauseC: make(chan struct{})} }

func (p *pauser) run(ctx context.Context, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.pauseC:
		default:
			work()
		}
	}
}

func work() {}

// pause runs only on goroutines the handler that cancels starts, and
// waits for, on the branch that does not cancel: silent.
func (p *pauser) pause() { p.pauseC <- struct{}{} }

func benchmark(fails <-chan bool) {
	var writers []*pauser
	var writersWg sync.WaitGroup
	ctx, cancel := context.WithCancel(context.Background())
	onFail := func(backOff bool, cancel func()) {
		if !backOff {
			cancel()
			writersWg.Wait()
			return
		}
		var wg sync.WaitGroup
		for _, w := range writers {
			wg.Add(1)
			go func(w *pauser) {
				w.pause()
				wg.Done()
			}(w)
		}
		wg.Wait()
	}
	for i := 0; i < 4; i++ {
		w := newPauser()
		writers = append(writers, w)
		writersWg.Add(1)
		go w.run(ctx, &writersWg)
	}
	for backOff := range fails {
		onFail(backOff, cancel)
	}
}

// The buggy twin: a goroutine beside the handler cancels on its own, so
// the loops may have left when the handler pauses.
type stallWriter struct{ pauseC chan struct{} }

func (p *stallWriter) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.pauseC:
		}
	}
}

func (p *stallWriter) pause() {
	p.pauseC <- struct{}{} // want `send on \S*pauseC blocks forever once \(\*runloop.stallWriter\).run has left its loop: it is the only receiver; select on Done\(\) too`
}

func stallBenchmark(fails <-chan bool, quit <-chan struct{}) {
	w := &stallWriter{pauseC: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-quit
		cancel()
	}()
	onFail := func(backOff bool, cancel func()) {
		if !backOff {
			cancel()
			return
		}
		w.pause()
	}
	go w.run(ctx)
	for backOff := range fails {
		onFail(backOff, cancel)
	}
}

// The buggy twin: the handler runs on a goroutine per failure, so one
// instance may cancel while another pauses.
type racedWriter struct{ pauseC chan struct{} }

func (p *racedWriter) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.pauseC:
		}
	}
}

func racedBenchmark(fails <-chan bool) {
	w := &racedWriter{pauseC: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	onFail := func(backOff bool) {
		if !backOff {
			cancel()
			return
		}
		w.pauseC <- struct{}{} // want `send on \S*pauseC blocks forever once \(\*runloop.racedWriter\).run has left its loop: it is the only receiver; select on Done\(\) too`
	}
	go w.run(ctx)
	for backOff := range fails {
		go onFail(backOff)
	}
}

// The buggy twin: the handler does not wait for the pausing goroutine,
// so its next call may cancel before the pause is served.
type unwaitedWriter struct{ pauseC chan struct{} }

func (p *unwaitedWriter) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.pauseC:
		}
	}
}

func (p *unwaitedWriter) pause() {
	p.pauseC <- struct{}{} // want `send on \S*pauseC blocks forever once \(\*runloop.unwaitedWriter\).run has left its loop: it is the only receiver; select on Done\(\) too`
}

func unwaitedBenchmark(fails <-chan bool) {
	w := &unwaitedWriter{pauseC: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	onFail := func(backOff bool) {
		if !backOff {
			cancel()
			return
		}
		go w.pause()
	}
	go w.run(ctx)
	for backOff := range fails {
		onFail(backOff)
	}
}
