package complete

import "fmt"

func send(ch chan int) { ch <- 1 }

func sendOnly(ch chan<- int) { ch <- 1 }

func viaHelper(ch chan int) {
	if ch != nil {
		send(ch)
	}
	sendOnly(ch)
	close(ch)
}

func loop(ch chan int, n int) {
	if n > 0 {
		loop(ch, n-1)
	}
	_ = len(ch)
}

func spilled(ch chan int) { // want `out of sight`
	defer func() {
		if ch != nil {
			close(ch)
		}
	}()
	ch = nil
}

func started(ch chan int) { // want `out of sight`
	go send(ch)
}

func printed(ch chan int) { // want `out of sight`
	fmt.Println(ch)
}

func forwards(ch chan int) { // want `out of sight`
	fmt.Sprint(len(ch))
	forward(ch)
}

func forward(ch chan int) { // want `out of sight`
	var hold []chan int
	hold = append(hold, ch)
	_ = hold
}

func sentAway(ch chan int, out chan chan int) { // want `out of sight`
	out <- ch
}
