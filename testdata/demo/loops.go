//go:build go1.21

package demo

import (
	"fmt"
	"sync"
)

type Job struct {
	ID   int
	Name string
}

func process(j Job) { fmt.Println(j.ID, j.Name) }

// ❌ The range variable job is one variable for the whole loop: every
// goroutine may print the last job, and each read races with the
// loop's next assignment.
func RunJobs(jobs []Job) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(job)
		}()
	}
	wg.Wait()
}

// ❌ The same bug with a three-clause loop: i is shared, so the
// goroutines typically print 10 ten times.
func Count() {
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(i)
		}()
	}
	wg.Wait()
}

// ❌ Not the last statement of the loop body (go vet's loopclosure
// looks only there): the goroutine still outlives the iteration.
func Notify(names []string, done chan<- string) {
	for _, name := range names {
		go func() {
			done <- name
		}()
		fmt.Println("queued", name)
	}
}

// ❌ A deferred closure runs when the function returns, long after the
// loop: every deferred call sees the last file name.
func CloseAll(names []string) {
	for _, name := range names {
		defer func() {
			fmt.Println("closing", name)
		}()
	}
}

// ❌ The address of the loop variable handed to a goroutine: every
// goroutine shares the one Job the loop keeps overwriting.
func RunAll(jobs []Job) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go runPtr(&job, &wg)
	}
	wg.Wait()
}

func runPtr(j *Job, wg *sync.WaitGroup) {
	defer wg.Done()
	process(*j)
}

// ✅ Pass the variable as an argument: it is evaluated at the go
// statement.
func CountFixed() {
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			fmt.Println(n)
		}(i)
	}
	wg.Wait()
}

// ✅ Copy the variable at the top of the body (the suggested fix).
func RunJobsFixed(jobs []Job) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		job := job
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(job)
		}()
	}
	wg.Wait()
}

// ✅ The goroutine is waited for before the iteration ends, so it
// cannot see the next value.
func RunJobsOneByOne(jobs []Job) {
	for _, job := range jobs {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(job)
		}()
		wg.Wait()
	}
}
