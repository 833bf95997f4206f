package pacer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

var ok = genesys.Meta{Status: 200}

// event is a request the fake saw: sent, or answered.
type event struct {
	at     time.Duration // since the fake was made
	id     string
	write  bool
	answer bool
	n      int    // which read or write of the job
	copy   string // for a write: the read it applied to
}

func (e event) String() string {
	kind := map[bool]string{false: "read", true: "write"}[e.write]
	verb := map[bool]string{false: "sent", true: "answered"}[e.answer]
	return fmt.Sprintf("%v %s %s#%d %s", e.at, e.id, kind, e.n, verb)
}

// fake is a Work whose answers a test scripts per job and attempt. Make it
// inside the synctest bubble: its clock starts there.
type fake struct {
	start   time.Time
	latency time.Duration
	// writeLatency, when set, is a write's latency instead.
	writeLatency time.Duration
	onRead       func(id string, n int) (genesys.Meta, error)
	onWrite      func(id string, n int) (genesys.Meta, error)
	note         func(string) // told "write <id>" as a write reaches the server

	mu     sync.Mutex
	events []event
	reads  map[string]int
	writes map[string]int
}

func newFake(latency time.Duration) *fake {
	return &fake{start: time.Now(), latency: latency, reads: map[string]int{}, writes: map[string]int{}}
}

func (f *fake) record(id string, write, answer bool, copy string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	count := f.reads
	if write {
		count = f.writes
	}
	if !answer {
		count[id]++
	}
	n := count[id]
	f.events = append(f.events, event{at: time.Since(f.start), id: id, write: write, answer: answer, n: n, copy: copy})
	return n
}

func (f *fake) Read(ctx context.Context, j pacer.Job) (any, genesys.Meta, error) {
	n := f.record(j.ID, false, false, "")
	time.Sleep(f.latency)
	m, err := ok, error(nil)
	if f.onRead != nil {
		m, err = f.onRead(j.ID, n)
	}
	f.record(j.ID, false, true, "")
	return fmt.Sprintf("%s@%d", j.ID, n), m, err
}

func (f *fake) Write(ctx context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	copy, _ := read.(string)
	if f.note != nil {
		f.note("write " + j.ID)
	}
	n := f.record(j.ID, true, false, copy)
	if f.writeLatency > 0 {
		time.Sleep(f.writeLatency)
	} else {
		time.Sleep(f.latency)
	}
	m, err := ok, error(nil)
	if f.onWrite != nil {
		m, err = f.onWrite(j.ID, n)
	}
	f.record(j.ID, true, true, copy)
	return m, err
}

// sent lists the requests sent, filtered by kind.
func (f *fake) sent(write bool) []event {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []event
	for _, e := range f.events {
		if e.write == write && !e.answer {
			out = append(out, e)
		}
	}
	return out
}

func (f *fake) log() []event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]event(nil), f.events...)
}

func (f *fake) count(id string) (reads, writes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads[id], f.writes[id]
}

// limited is a 429 as the client hands it over.
func limited(after time.Duration) *genesys.Error {
	e := gerr(429, fmt.Sprintf("Rate limit exceeded the maximum. Retry the request in [%d] seconds", int(after.Seconds())))
	e.RetryAfter, e.HasRetryAfter = after, true
	return e
}

// jobs makes jobs with the given IDs, each its own Key and Label.
func jobs(ids ...string) []pacer.Job {
	out := make([]pacer.Job, len(ids))
	for i, id := range ids {
		out[i] = pacer.Job{ID: id, Key: "ivr-" + id, Label: "job " + id}
	}
	return out
}

// start runs q in the background; receive from the channel to wait for it.
func start(q *pacer.Queue) <-chan error {
	done := make(chan error, 1)
	go func() { done <- q.Run(context.Background()) }()
	return done
}

func view(t *testing.T, s pacer.Snapshot, id string) pacer.JobView {
	t.Helper()
	for _, v := range s.Jobs {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no job %q in the snapshot", id)
	return pacer.JobView{}
}

// seeded returns options with repeatable jitter.
func seeded(o pacer.Options) pacer.Options {
	o.Rand = newRand()
	return o
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
