// Package wsync hands out locks and WaitGroups behind interfaces, as
// syncthing's lib/sync does.
package wsync

import "sync"

type Mutex interface {
	Lock()
	Unlock()
}

type RWMutex interface {
	Mutex
	RLock()
	RUnlock()
}

type WaitGroup interface {
	Add(int)
	Done()
	Wait()
}

func NewMutex() Mutex         { return &sync.Mutex{} }
func NewRWMutex() RWMutex     { return &sync.RWMutex{} }
func NewWaitGroup() WaitGroup { return &sync.WaitGroup{} }
