package atgo

type S struct {
	items map[string]int
	stop  chan struct{}
}

func (s *S) refresh() { s.items["a"] = 1 }

func until(f func(), stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		func() { f() }()
	}
}

func untilAgain(f func(), stop <-chan struct{}) { until(f, stop) }

var saved func()

func keep(f func()) { saved = f }

func drain(m map[string]int) { delete(m, "a") }

func (s *S) start(m map[string]int) {
	go untilAgain(s.refresh, s.stop)        // want `writes s.items`
	go until(func() { m["b"] = 2 }, s.stop) // want `writes m`
	go keep(func() { m["c"] = 3 })          // a stored value runs nowhere
	go drain(m)                             // the body's own effect: not AtGo's
}
