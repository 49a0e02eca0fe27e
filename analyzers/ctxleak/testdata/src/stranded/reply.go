package stranded

import "context"

// Reply channels carried in request structs over another channel
// (go-libp2p-pubsub pubsub.go:1030, ListPeers).

type peersReq struct {
	resp  chan []int
	topic string
}

type hub struct {
	ctx      context.Context
	getPeers chan *peersReq
	getCount chan *countReq
	getName  chan *nameReq
	names    chan chan string
	getAge   chan *ageReq
	waiting  map[int]chan int
}

func (h *hub) loop() {
	for {
		select {
		case req := <-h.getPeers:
			if req.topic == "" {
				req.resp <- nil // ✅ list receives from out, the channel it made
				continue
			}
			req.resp <- []int{1}
		case req := <-h.getCount:
			req.resp <- 1 // want `the goroutine blocks forever sending on req.resp: it is made unbuffered and nothing in the package receives from it`
		case req := <-h.getName:
			req.resp <- "n" // ✅ the channel made for it is handed on
		case req := <-h.getAge:
			req.resp <- 3 // ✅ the channel made for it is kept in a map, received from elsewhere
		case <-h.ctx.Done():
			return
		}
	}
}

func startHub(ctx context.Context) *hub {
	h := &hub{ctx: ctx, getPeers: make(chan *peersReq), getCount: make(chan *countReq), getName: make(chan *nameReq), names: make(chan chan string)}
	go h.loop()
	return h
}

// ✅ The reply channel is received from once the request is sent.
func (h *hub) list(topic string) []int {
	out := make(chan []int)
	select {
	case h.getPeers <- &peersReq{resp: out, topic: topic}:
	case <-h.ctx.Done():
		return nil
	}
	return <-out
}

type countReq struct{ resp chan int }

// ❌ The twin: the requester never receives the reply.
func (h *hub) count() {
	out := make(chan int)
	select {
	case h.getCount <- &countReq{resp: out}:
	case <-h.ctx.Done():
	}
}

type nameReq struct{ resp chan string }

// ✅ The reply channel is itself sent on to another party.
func (h *hub) name() {
	out := make(chan string)
	select {
	case h.getName <- &nameReq{resp: out}:
		h.names <- out
	case <-h.ctx.Done():
	}
}

type ageReq struct{ resp chan int }

// ✅ The reply channel is also stored in a map: whoever looks it up
// there may receive from it.
func (h *hub) age(id int) {
	out := make(chan int)
	h.waiting[id] = out
	select {
	case h.getAge <- &ageReq{resp: out}:
	case <-h.ctx.Done():
	}
}

func (h *hub) awaitAge(id int) int { return <-h.waiting[id] }
