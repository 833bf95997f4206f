package pacer

import (
	"context"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Warm runs a queue of two jobs to their end, with requests that go
// nowhere: one finds nothing to do, one is written. It is for the browser,
// once the page is ready and idle: a WebAssembly function is compiled the
// first time it is called, and a big batch's start called dozens of the
// queue's for the first time at once, on a page whose two cores the
// browser's optimizing compiler was busy with, so they took up to 60 ms of
// one task (issue 14). Warmed, they are compiled in idle time instead.
// It waits out one write spacing (600 ms at the documented limit): call it
// on a goroutine of its own.
func Warm(ctx context.Context) Snapshot {
	q := New(warmWork{}, Options{})
	q.Add(Job{ID: "warm-1", Key: "warm-1"}, Job{ID: "warm-2", Key: "warm-2"})
	_ = q.Run(ctx)
	return q.Snapshot()
}

// warmWork answers as an IVR that already holds the numbers (the first
// job) or takes the write (the second), without a request.
type warmWork struct{}

func (warmWork) Read(_ context.Context, j Job) (any, genesys.Meta, error) {
	m := genesys.Meta{Status: 200}
	if j.ID == "warm-1" {
		return nil, m, ErrNothingToDo
	}
	return j.ID, m, nil
}

func (warmWork) Write(context.Context, Job, any) (genesys.Meta, error) {
	return genesys.Meta{Status: 200, RateLimit: genesys.RateLimit{Known: true, Count: 1, Allowed: 100, Reset: time.Minute}}, nil
}
