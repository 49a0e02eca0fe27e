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

// Pool runs functions on goroutines of its own. concurlint knows it is
// a spawner only when the settings name it (golangci-spawners.yml).
type Pool struct{}

func (p *Pool) Go(f func()) { go f() }

// BUG only with the spawner declared (loopcapture).
func PoolGo(p *Pool, items []int) {
	for _, it := range items {
		p.Go(func() {
			use(it)
		})
	}
}
