package readread

import "sync"

// The nats-server shape (server/events.go:775): sendStatsz read-locks
// the gateway and locks a client; initLeafNodeSmapAndSendSubs holds the
// client and read-locks the gateway. With a writer queued on the
// gateway lock the two deadlock.
type srvGateway struct {
	sync.RWMutex
	outbound map[string]*client
}

type client struct{ mu sync.Mutex }

type Server struct{ gateway *srvGateway }

// ❌ Reported, naming the writer the cycle needs.
func (s *Server) sendStatsz() {
	gw := s.gateway
	gw.RLock()
	defer gw.RUnlock()
	for _, c := range gw.outbound {
		c.mu.Lock() // want `lock order inversion: \(readread.srvGateway\).RWMutex then \(readread.client\).mu here in \(\*readread.Server\).sendStatsz, but \(readread.client\).mu then \(readread.srvGateway\).RWMutex at nats.go:\d+ in \(\*readread.Server\).initLeafNodeSmapAndSendSubs; with a writer waiting on \(readread.srvGateway\).RWMutex \(locked at nats.go:\d+\), goroutines`
		c.mu.Unlock()
	}
}

func (s *Server) initLeafNodeSmapAndSendSubs(c *client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.gateway.RLock()
	defer s.gateway.RUnlock()
}

func (s *Server) addGateway(name string, c *client) {
	s.gateway.Lock()
	defer s.gateway.Unlock()
	s.gateway.outbound[name] = c
}

type peers struct {
	sync.RWMutex
	list []*client
}

type Node struct{ peers *peers }

// ✅ The same shape with no writer of the peers lock: the client lock
// holder's read lock never waits.
func (n *Node) broadcast() {
	n.peers.RLock()
	defer n.peers.RUnlock()
	for _, c := range n.peers.list {
		c.mu.Lock()
		c.mu.Unlock()
	}
}

func (n *Node) join(c *client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n.peers.RLock()
	defer n.peers.RUnlock()
}
