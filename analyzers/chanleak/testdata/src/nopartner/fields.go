package nopartner

type stopper struct {
	quiescer chan struct{}
	stopped  chan struct{}
}

func newStopper() *stopper {
	return &stopper{quiescer: make(chan struct{}), stopped: make(chan struct{})}
}

// ShouldQuiesce hands the channel out as receive-only.
func (s *stopper) ShouldQuiesce() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.quiescer
}

func (s *stopper) ShouldStop() <-chan struct{} { return s.stopped }

// Stop closes stopped, but nothing ever closes quiescer.
func (s *stopper) Stop() { close(s.stopped) }

func process(s *stopper) {
	<-s.ShouldQuiesce() // want `receive from field quiescer blocks forever: nothing in the package sends on it or closes it`
}

// stopped is closed by Stop: silent.
func waitStop(s *stopper) {
	<-s.ShouldStop()
}

// A select with another case can leave: silent.
func poll(s *stopper, work chan int) {
	select {
	case <-s.quiescer:
	case <-work:
	}
}

type buffer struct{ c chan bool }

func (b *buffer) get() <-chan bool { return b.c }

type reader struct{ recv *buffer }

func (r *reader) read() {
	select {
	case <-r.recv.get(): // want `receive from field c blocks forever`
	}
}

// A channel handed out bidirectionally may be signalled elsewhere:
// silent.
type handle struct{ done chan struct{} }

func (h *handle) Done() chan struct{} { return h.done }

func waitHandle(h *handle) { <-h.done }

// A field stored from a parameter may be closed by the caller: silent.
type relay struct{ in chan int }

func newRelay(in chan int) *relay { return &relay{in: in} }

func (r *relay) next() int { return <-r.in }

type config struct{ done chan struct{} }

type server struct{ cfg config }

func newServer() *server { return &server{cfg: config{done: make(chan struct{})}} }

// The copy's field is closed: silent.
func (s *server) stop() {
	cfg := s.cfg
	close(cfg.done)
}

func (s *server) wait() { <-s.cfg.done }
