package mixed

import "sync"

// The lock, the blocking operation and the partner's lock one and two
// calls away, on fields of nested structs.

type state struct {
	mu sync.Mutex
	n  int
}

type pipe struct {
	out chan int
}

type Server struct {
	st   state
	p    pipe
	wg   sync.WaitGroup
	done chan struct{}
}

func NewServer() *Server {
	s := &Server{p: pipe{out: make(chan int)}, done: make(chan struct{})}
	go s.consume()
	return s
}

func (s *Server) lock()   { s.st.mu.Lock() }
func (s *Server) unlock() { s.st.mu.Unlock() }

// bump takes the lock and lets it go: the partner's lock one call away.
func (s *Server) bump() {
	s.st.mu.Lock()
	s.st.n++
	s.st.mu.Unlock()
}

// bumpTwice is two calls away from the lock.
func (s *Server) bumpTwice() { s.bump() }

func (s *Server) emit(v int)  { s.p.out <- v }
func (s *Server) emit2(v int) { s.emit(v) }

func (s *Server) consume() {
	for v := range s.p.out {
		_ = v
		s.bumpTwice()
	}
}

// ❌ The lock through a helper, the send one call away.
func (s *Server) Publish(v int) {
	s.lock()
	defer s.unlock()
	s.emit(v) // want `deadlock: send on s.p.out blocks while s.st.mu is held, and the receiver \(\(\*Server\).consume\) locks s.st.mu`
}

// ❌ The send two calls away.
func (s *Server) Publish2(v int) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.emit2(v) // want `deadlock: send on s.p.out blocks while s.st.mu is held`
}

// ❌ The lock held by the caller, the wait two calls away; the Done
// caller locks one call away.
func (s *Server) Run() {
	s.wg.Add(1)
	go s.worker()
}

func (s *Server) worker() {
	defer s.wg.Done()
	s.bump()
}

func (s *Server) wait()  { s.wg.Wait() }
func (s *Server) wait2() { s.wait() }

func (s *Server) Shutdown() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.wait2() // want `deadlock: Wait on s.wg blocks while s.st.mu is held, and the Done caller \(\(\*Server\).worker\) locks s.st.mu`
}

// ❌ The receive one call away; its closer locks two calls away.
func (s *Server) awaitDone() { <-s.done }

func (s *Server) Await() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.awaitDone() // want `deadlock: receive from s.done blocks while s.st.mu is held, and the closer \(\(\*Server\).Finish\) locks s.st.mu`
}

func (s *Server) Finish() {
	s.bumpTwice()
	close(s.done)
}

// Read locks: a reader blocked on a channel holds up a partner that
// read-locks only when a writer may queue between them.
type Table struct {
	mu sync.RWMutex
	ch chan int
	m  map[int]int
}

func NewTable() *Table {
	t := &Table{ch: make(chan int)}
	go t.loop()
	return t
}

func (t *Table) loop() {
	for range t.ch {
		t.mu.RLock()
		_ = t.m[0]
		t.mu.RUnlock()
	}
}

// ❌ Another method write-locks t.mu: a writer may queue between them.
func (t *Table) Notify(v int) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	t.ch <- v // want `deadlock: send on t.ch blocks while t.mu is held.*\(both read locks: a writer queued between them blocks the second\)`
}

func (t *Table) Put(k, v int) {
	t.mu.Lock()
	t.m[k] = v
	t.mu.Unlock()
}

// ✅ Read locks on both sides and no writer anywhere.
type View struct {
	mu sync.RWMutex
	ch chan int
	n  int
}

func NewView() *View {
	w := &View{ch: make(chan int)}
	go w.loop()
	return w
}

func (w *View) loop() {
	for range w.ch {
		w.mu.RLock()
		_ = w.n
		w.mu.RUnlock()
	}
}

func (w *View) Notify(v int) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	w.ch <- v
}

// ✅ The callee lets the caller's lock go around the operation.
type Client struct {
	mu    sync.Mutex
	reply chan int
	n     int
}

func NewClient() *Client {
	c := &Client{reply: make(chan int)}
	go c.serve()
	return c
}

func (c *Client) serve() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	c.reply <- c.n
}

// waitReply is called with c.mu held.
func (c *Client) waitReply() int {
	c.mu.Unlock()
	v := <-c.reply
	c.mu.Lock()
	return v
}

func (c *Client) Call() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waitReply()
}

// ❌ Its twin keeps the lock.
func (c *Client) waitReplyLocked() int { return <-c.reply }

func (c *Client) CallLocked() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waitReplyLocked() // want `deadlock: receive from c.reply blocks while c.mu is held, and the sender \(\(\*Client\).serve\) locks c.mu`
}
