package readread

import "testing"

// ✅ In a test, a read/read hazard needs a writer to queue within a few
// lines of a short run: not reported, though Users has writers (its
// production twins above are reported).
func TestTwice(t *testing.T) {
	u := &Users{}
	go u.add()
	u.mu.RLock()
	defer u.mu.RUnlock()
	u.get()
}

func TestMembers(t *testing.T) {
	u, g := &Users{}, &Groups{}
	go u.add()
	go g.add()
	go owners(u, g)
	g.mu.RLock()
	defer g.mu.RUnlock()
	u.mu.RLock()
	defer u.mu.RUnlock()
}
