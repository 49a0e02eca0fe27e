package receiver

import (
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/require"
)

// ✅ The server goroutine reports its error on errc and returns without
// sending data; the test asserts errc's value is nil before it waits
// for data, so on that path it has already failed (influxdb's
// tlsconfig tests).
func TestServerData(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	errc := make(chan error, 1)
	data := make(chan []byte, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			errc <- err
			return
		}
		buf := make([]byte, 5)
		n, err := conn.Read(buf)
		data <- buf[:n]
		errc <- err
	}()
	require.NoError(t, <-errc)
	require.Equal(t, "hello", string(<-data))
}

// ✅ The same with `if err != nil { t.Fatal(err) }`.
func TestServerDataFatal(t *testing.T) {
	errc := make(chan error, 1)
	data := make(chan int, 1)
	go func() {
		v, err := compute()
		if err != nil {
			errc <- err
			return
		}
		data <- v
		errc <- nil
	}()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	_ = <-data
}

// ❌ The twin: the early return reports nothing on errc, so the test
// waits for data forever.
func TestServerDataSilentReturn(t *testing.T) {
	errc := make(chan error, 1)
	data := make(chan int, 1)
	go func() {
		v, err := compute()
		if err != nil {
			return
		}
		data <- v
		errc <- nil
	}()
	_ = <-data                 // want `the function blocks forever receiving from data when the goroutine started at line 58 returns without sending on it or closing it`
	require.NoError(t, <-errc) // want `the function blocks forever receiving from errc when the goroutine started at line 58`
}

// ❌ The twin: the error is checked after the wait for data.
func TestServerDataCheckedLate(t *testing.T) {
	errc := make(chan error, 1)
	data := make(chan int, 1)
	go func() {
		v, err := compute()
		if err != nil {
			errc <- err
			return
		}
		data <- v
		errc <- nil
	}()
	_ = <-data // want `the function blocks forever receiving from data when the goroutine started at line 74 returns without sending on it or closing it`
	require.NoError(t, <-errc)
}

func compute() (int, error) { return 0, errors.New("x") }
