// Package remade: a channel variable made again before each start of
// the goroutine that closes it (go-ethereum eth/protocols/eth
// broadcast.go). Each instance closes the channel made just before it.
package remade

func send(batch []int) error { return nil }

// ✅ One writer at a time: the loop makes a new channel only when done
// is nil, which it is again only after the receive the writer's close
// ends; each writer closes its own channel.
func broadcast(in <-chan []int, term <-chan struct{}) {
	var (
		queue []int
		done  chan struct{}
		fail  = make(chan error, 1)
	)
	for {
		if done == nil && len(queue) > 0 {
			batch := queue
			queue = nil
			done = make(chan struct{})
			go func() {
				if err := send(batch); err != nil {
					fail <- err
					return
				}
				close(done)
			}()
		}
		select {
		case xs := <-in:
			queue = append(queue, xs...)
		case <-done:
			done = nil
		case <-fail:
			return
		case <-term:
			return
		}
	}
}

// ❌ Twin: a new writer is started whenever there is work, without
// waiting for the last one; an old writer reads done after the loop
// made it again and closes the new channel, which the new writer
// closes too.
func broadcastEager(in <-chan []int, term <-chan struct{}) {
	var (
		queue []int
		done  chan struct{}
	)
	for {
		if len(queue) > 0 {
			batch := queue
			queue = nil
			done = make(chan struct{})
			go func() {
				_ = send(batch)
				close(done) // want `channel done is closed by every instance of this goroutine, which is started in a loop`
			}()
		}
		select {
		case xs := <-in:
			queue = append(queue, xs...)
		case <-done:
			done = nil
		case <-term:
			return
		}
	}
}

// ❌ Twin: the goroutine also sends on the channel; the spawner's
// receive may take the send, and the next writer starts before this
// one closed.
func broadcastSending(in <-chan []int, term <-chan struct{}) {
	var (
		queue []int
		done  chan struct{}
	)
	for {
		if done == nil && len(queue) > 0 {
			queue = nil
			done = make(chan struct{}, 1)
			go func() {
				done <- struct{}{}
				close(done) // want `channel done is closed by every instance of this goroutine, which is started in a loop`
			}()
		}
		select {
		case xs := <-in:
			queue = append(queue, xs...)
		case <-done:
			done = nil
		case <-term:
			return
		}
	}
}
