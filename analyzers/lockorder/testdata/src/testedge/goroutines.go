package testedge

import "sync"

// Shapes of a test that starts production goroutines itself: a cycle
// needs one goroutine per edge.

type Node struct{ mu sync.Mutex }
type Account struct{ mu sync.Mutex }
type Consumer struct{ mu sync.Mutex }

// Shutdown signals the account's consumers, then clears them: Account.mu
// then Consumer.mu, and, later on the same goroutine, Consumer.mu then
// Node.mu.
func (n *Node) Shutdown(a *Account, c *Consumer) {
	n.signal(a, c)
	n.clear(c)
}

func (n *Node) signal(a *Account, c *Consumer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
}

func (n *Node) clear(c *Consumer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n.mu.Lock()
	defer n.mu.Unlock()
}

type Buffer struct{ mu sync.Mutex }
type Batch struct{ mu sync.Mutex }

// Fail fails the buffer's batches: Buffer.mu then Batch.mu.
func (b *Buffer) Fail(bt *Batch) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bt.mu.Lock()
	defer bt.mu.Unlock()
}
