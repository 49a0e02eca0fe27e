package bugs

import "example.com/golangcifixture/order"

// BUG (lockorder, across packages): order.InOut locks In then Out.
func Inverted(in *order.In, out *order.Out) {
	out.Mu.Lock()
	defer out.Mu.Unlock()
	in.Mu.Lock()
	defer in.Mu.Unlock()
}
