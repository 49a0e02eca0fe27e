package stranded

import (
	"context"
	"sync"
)

// A goroutine stranded on a receive: every sender of the channel gives
// up on ctx.Done(), nothing closes it, and the goroutine receives with
// no select: once the context is cancelled it waits forever.

type replica struct {
	chans []chan bool
}

// ❌ The goroutine drains the channels without a select, but the only
// sender stops on ctx.Done().
func (r *replica) begin(ctx context.Context) {
	for _, ch := range r.chans {
		select {
		case <-ch:
		case <-ctx.Done():
			go func() {
				for _, ch := range r.chans {
					<-ch // want `the goroutine can block forever receiving from an element of \(stranded.replica\).chans: every send on it gives up on ctx.Done\(\) and nothing closes it`
				}
			}()
		}
	}
}

func (r *replica) send(ctx context.Context) {
	for _, ch := range r.chans {
		select {
		case ch <- true:
		case <-ctx.Done():
			return
		}
	}
}

type pipe struct {
	mu  sync.Mutex
	out chan int
	in  chan int
	fin chan int
}

// ✅ The receiver selects on ctx.Done() too.
func (p *pipe) consume(ctx context.Context) {
	go func() {
		for {
			select {
			case <-p.out:
			case <-ctx.Done():
				return
			}
		}
	}()
}

func (p *pipe) produce(ctx context.Context) {
	select {
	case p.out <- 1:
	case p.in <- 1:
	case p.fin <- 1:
	case <-ctx.Done():
	}
}

// ✅ One sender does not give up: p.in is also sent on bare.
func (p *pipe) consumeIn(ctx context.Context) {
	go func() { <-p.in }()
}

func (p *pipe) feed() { p.in <- 2 }

// ✅ The channel is closed: the receiver wakes up.
func (p *pipe) consumeFin(ctx context.Context) {
	go func() {
		for range p.fin {
		}
	}()
}

func (p *pipe) finish() { close(p.fin) }

// Feed is exported: code in other packages may send on Ch or close it.
type Feed struct{ Ch chan int }

// ✅ Only this package's sends give up on ctx.Done(), but others may
// feed or close Ch.
func (f *Feed) Listen(ctx context.Context) {
	go func() { <-f.Ch }()
	select {
	case f.Ch <- 1:
	case <-ctx.Done():
	}
}

// ❌ A local channel: the one send gives up on ctx.Done().
func handOff(ctx context.Context) {
	ch := make(chan int)
	go func() {
		<-ch // want `the goroutine can block forever receiving from ch`
	}()
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

type holder struct{ ch chan int }

// ✅ The channel is stored in a field, where sends we do not follow
// here may reach it.
func handOffStored(ctx context.Context, h *holder) {
	ch := make(chan int)
	h.ch = ch
	go func() { <-ch }()
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}
