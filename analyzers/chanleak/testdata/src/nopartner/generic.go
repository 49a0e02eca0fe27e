package nopartner

// Each method of a generic type sees the fields of its own instance:
// the send in put is on the field release ranges over.
type shard[K comparable, V any] struct {
	releasing chan V
	idle      chan V
}

func (s *shard[K, V]) init() {
	s.releasing = make(chan V, 100)
	s.idle = make(chan V, 1)
	go s.releaseLoop()
}

// put sends on releasing and close closes it: silent.
func (s *shard[K, V]) releaseLoop() {
	for v := range s.releasing {
		_ = v
	}
}

func (s *shard[K, V]) put(v V) { s.releasing <- v }

func (s *shard[K, V]) close() { close(s.releasing) }

// Nothing sends on idle in any instance.
func (s *shard[K, V]) wait() V {
	return <-s.idle // want `receive from field idle blocks forever: nothing in the package sends on it or closes it`
}
