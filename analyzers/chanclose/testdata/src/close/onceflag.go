package close

import "sync/atomic"

// FlagPipe is closed by whoever calls Close first; the others see the flag.
type FlagPipe struct {
	closing chan struct{}
	closed  atomic.Bool
	done    int32
}

// ✅ An atomic once-flag guards the close: only the first Close sees
// false and closes (go-ethereum's p2p.MsgPipeRW).
func (p *FlagPipe) Close() {
	if p.closed.Swap(true) {
		return
	}
	close(p.closing)
}

// ✅ The same with the function form of compare-and-swap.
func (p *FlagPipe) Stop() {
	if !atomic.CompareAndSwapInt32(&p.done, 0, 1) {
		return
	}
	close(p.closing)
}

func closeFlagMany(p *FlagPipe) {
	for i := 0; i < 3; i++ {
		go p.Close()
		go p.Stop()
	}
}

// ❌ Twin: the flag is read, not swapped: two goroutines can both see
// false and both close.
func (p *FlagPipe) closeRacy() {
	if p.closed.Load() {
		return
	}
	p.closed.Store(true)
	close(p.closing) // want `channel p.closing is closed by every instance of this goroutine`
}

func closeRacyFlagMany(p *FlagPipe) {
	for i := 0; i < 3; i++ {
		go p.closeRacy()
	}
}
