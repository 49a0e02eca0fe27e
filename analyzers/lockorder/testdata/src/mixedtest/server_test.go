package mixedtest

import "testing"

// ✅ The test sends under the lock; the closer that needs it is
// production code the test does not run beside.
func TestReset(t *testing.T) {
	s := NewServer()
	s.mu.Lock()
	s.reset <- struct{}{}
	s.mu.Unlock()
}

func sendReset(s *Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset <- struct{}{}
}

// ✅ A test helper sends under the lock; the test that closes after
// locking is another test, run after this one.
func TestSend(t *testing.T) {
	sendReset(NewServer())
}

func TestClose(t *testing.T) {
	s := NewServer()
	s.mu.Lock()
	s.mu.Unlock()
	close(s.reset)
}

// ❌ The test's own goroutine sends under the lock the test takes
// before it receives.
func TestOwn(t *testing.T) {
	s := NewServer()
	done := make(chan bool)
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		done <- true // want `deadlock: send on done blocks while s.mu is held, and the receiver \(TestOwn\) locks s.mu`
	}()
	s.mu.Lock()
	s.mu.Unlock()
	<-done
}

// ✅ The closer is a goroutine of another test.
func TestCloseLater(t *testing.T) {
	s := NewServer()
	done := make(chan bool)
	go func() {
		s.mu.Lock()
		s.mu.Unlock()
		close(s.reset)
		close(done)
	}()
	<-done
}

// ✅ Two helpers of different tests: no test runs both.
func closeLocked(s *Server) {
	s.mu.Lock()
	s.mu.Unlock()
	close(s.reset)
}

func TestCloseLocked(t *testing.T) {
	closeLocked(NewServer())
}

// ❌ One test starts both helpers, on a channel nothing else receives
// from or closes.
func sendLocked(s *Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop <- struct{}{} // want `deadlock: send on s.stop blocks while s.mu is held, and the closer \(closeBoth\) locks s.mu`
}

func closeBoth(s *Server) {
	s.mu.Lock()
	s.mu.Unlock()
	close(s.stop)
}

// ✅ The same on reset: the server's loop receives from it without the
// lock, so the send need not wait for the closer.
func sendResetLocked(s *Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset <- struct{}{}
}

func closeResetBoth(s *Server) {
	s.mu.Lock()
	s.mu.Unlock()
	close(s.reset)
}

func TestBothReset(t *testing.T) {
	s := NewServer()
	go sendResetLocked(s)
	closeResetBoth(s)
}

func TestBoth(t *testing.T) {
	s := NewServer()
	go sendLocked(s)
	closeBoth(s)
}

// ✅ One test runs both helpers, one after the other on its own
// goroutine (the closer deferred): they never wait for each other.
func sendSeq(s *Server) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reset <- struct{}{}
}

func closeSeq(s *Server) {
	s.mu.Lock()
	s.mu.Unlock()
	close(s.reset)
}

func TestSequential(t *testing.T) {
	s := NewServer()
	defer closeSeq(s)
	sendSeq(s)
}
