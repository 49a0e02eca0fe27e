// Package require is a stub of testify's require for the tests.
package require

type TestingT interface {
	Errorf(format string, args ...interface{})
	FailNow()
}

func NoError(t TestingT, err error, msgAndArgs ...interface{}) {
	if err != nil {
		t.FailNow()
	}
}

func Equal(t TestingT, expected, actual interface{}, msgAndArgs ...interface{}) {}
