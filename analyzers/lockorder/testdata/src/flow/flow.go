// Package flow holds issue 13's held-lock flow shapes: unpublished
// objects, hand-offs, range-over-func bodies, closures shared by
// closures and hand-over-hand traversal, each beside a buggy twin.
package flow

import "sync"

type Conn struct {
	mu    sync.Mutex
	id    int
	peers []*Conn
}

type Server struct {
	mu    sync.Mutex
	conns []*Conn
}

var registry []*Conn
