// Package main: a goroutine blocked when main returns blocks nothing,
// the process exits (syncthing's strelaysrv testutil).
package main

import (
	"bufio"
	"errors"
	"os"
)

func reader(c chan<- string) {
	defer close(c)
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		c <- scanner.Text()
	}
}

func dial() error { return errors.New("refused") }

// ✅ main leaves without receiving, and the process ends with it.
func main() {
	lines := make(chan string)
	go reader(lines)
	if err := dial(); err != nil {
		return
	}
	for l := range lines {
		_ = l
	}
	serve()
}

func writer(c chan<- string) {
	c <- "hello" // want `goroutine blocks forever sending on out when its receiver leaves without receiving`
}

// ❌ Twin: serve returns and main goes on running; its writer stays
// blocked while the program lives.
func serve() {
	out := make(chan string)
	go writer(out)
	if err := dial(); err != nil {
		return
	}
	<-out
}
