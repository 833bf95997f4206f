package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// A strategy runs every job to its end (done or given up) through c. window
// is the rate-limit window the org counts in. Strategies wait with the time
// package: inside a synctest bubble they run on virtual time.
type strategy struct {
	Name string
	Run  func(ctx context.Context, c *genesys.Client, jobs []job, window time.Duration)
}

// maxRetries is how many 429s a baseline takes for one job before it counts
// the job lost. The pacer has budgets of its own (attempts, elapsed time).
const maxRetries = 20

var (
	pacerStrategy    = strategy{"pacer", runPacer}
	parallelStrategy = strategy{"(a) parallel + Retry-After", runParallel}
	serialStrategy   = strategy{"(b) serial, fixed delay + Retry-After", runSerial}
)

// runPacer is the page's queue running the page's own job code (the IVR
// kind's Work, wasm/kinds/ivrnumbers: GET, apply the job's intent, PUT with
// the version read), with the window and a seeded jitter; the engine's
// other options only matter under outside edits, which no scenario makes.
func runPacer(ctx context.Context, c *genesys.Client, jobs []job, window time.Duration) {
	kind := ivrnumbers.New(ivrnumbers.Deps{Client: func() *genesys.Client { return c }})
	q := pacer.New(kind.Work(), pacer.Options{Resource: kind.Resource(), Window: window, Rand: rand.New(rand.NewPCG(1, 2))})
	for _, j := range jobs {
		q.Add(pacer.Job{ID: j.IVR, Key: j.IVR, Label: "add " + j.Number, Intent: dnis.Intent{IVRID: j.IVR, Add: []string{j.Number}}})
	}
	_ = q.Run(ctx) // how it ended is read from the simulator
}

// runParallel is the reported case: every job at once, each request that
// meets a 429 sent again after Retry-After.
func runParallel(ctx context.Context, c *genesys.Client, jobs []job, _ time.Duration) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { _ = addNumber(ctx, c, j) })
	}
	wg.Wait()
}

// runSerial is the Genesys forum's advice: one job at a time, a fixed pause
// of window ÷ documented limit after each (600 ms at 100/min), and a 429'd
// request sent again after Retry-After.
func runSerial(ctx context.Context, c *genesys.Client, jobs []job, window time.Duration) {
	pause := window / documentedPUT
	for i, j := range jobs {
		if i > 0 {
			time.Sleep(pause)
		}
		_ = addNumber(ctx, c, j)
	}
}

// addNumber is one job of a baseline: GET the IVR, add the number, PUT it
// back with the version read. A request answered 429 is sent again after
// Retry-After, up to maxRetries for the whole job.
func addNumber(ctx context.Context, c *genesys.Client, j job) error {
	intent := dnis.Intent{IVRID: j.IVR, Add: []string{j.Number}}
	retries := 0
	var v genesys.IVR
	err := retry429(&retries, func() (err error) {
		v, _, err = c.GetIVR(ctx, j.IVR)
		return err
	})
	if err != nil || intent.Satisfied(v.DNIS) {
		return err
	}
	v.DNIS = intent.Apply(v.DNIS)
	return retry429(&retries, func() error {
		_, _, err := c.PutIVR(ctx, v)
		return err
	})
}

// retry429 calls call until it is not answered 429, sleeping Retry-After in
// between: the header, else the body's "[N] seconds" (genesys.ParseMeta reads
// both, so hidden headers do not blind the baselines), else one second.
func retry429(retries *int, call func() error) error {
	for {
		err := call()
		var ge *genesys.Error
		if err == nil || !errors.As(err, &ge) || !ge.RateLimited() || *retries >= maxRetries {
			return err
		}
		*retries++
		wait := time.Second
		if ge.HasRetryAfter {
			wait = ge.RetryAfter
		}
		time.Sleep(wait)
	}
}
