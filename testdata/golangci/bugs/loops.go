package bugs

import "fmt"

func use(xs ...any) { fmt.Println(xs...) }

// BUG (loopcapture): every goroutine may see the last item.
func RangeGo(items []int) {
	for _, it := range items {
		go func() {
			use(it)
		}()
	}
}

// Pool runs functions on goroutines of its own: an inferred spawner
// (go f()); the settings can name it too (golangci-spawners.yml).
type Pool struct{}

func (p *Pool) Go(f func()) { go f() }

// BUG (loopcapture): Go runs each function on a goroutine of its own.
func PoolGo(p *Pool, items []int) {
	for _, it := range items {
		p.Go(func() {
			use(it)
		})
	}
}
