package pacer

import (
	"math/rand/v2"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
)

// Options configure a Queue. The zero value of every field means its default.
type Options struct {
	// Limits are the requests per Window each bucket allows; the default
	// is genesys.DocumentedLimits. Buckets missing here take that too.
	Limits map[genesys.Bucket]int
	// Resource is the path of one of the objects jobs edit (its id does not
	// matter): it tells which buckets reads and writes consume. Default an
	// IVR's, "/api/v2/architect/ivrs/x".
	Resource string
	// Window is the period limits count over; default one minute.
	Window time.Duration
	// InFlight is how many writes may be in flight at once; default 1.
	// Writes still leave no closer than the buckets' spacing, so more
	// than one only helps when a write's round trip is longer than that
	// spacing (600 ms at 100/min): at 1, a job takes at least one.
	InFlight int
	// ReadAhead is how many jobs may be read (or being read) ahead of
	// their write, so the write bucket never idles waiting for a read;
	// default 2 per write in flight. A copy read ahead may turn stale;
	// its write then meets a version conflict and re-reads.
	ReadAhead int
	// MaxAttempts bounds the writes sent for one job, and separately the
	// reads retried for it; default 10.
	MaxAttempts int
	// MaxRereads bounds how often one job re-reads its IVR after a version
	// conflict; default 5.
	MaxRereads int
	// MaxElapsed bounds how long one job may keep retrying, counted from
	// its first request, paused time excluded; default 10 minutes.
	MaxElapsed time.Duration
	// RequestTimeout bounds one request; default 30 s. A timed-out write
	// may have landed: its retry then meets a version conflict, re-reads,
	// and finds nothing to do.
	RequestTimeout time.Duration
	// Backoff shapes the waits between retries of one job: the first
	// wait, doubling up to the largest; defaults 1 s and 60 s. Each wait
	// is jittered by ±50 %.
	BackoffInitial, BackoffMax time.Duration

	// OnChange is called after every change a Snapshot would show, from
	// the goroutine running Run. It must not block.
	OnChange func()
	// OnNeedAuth is called when a 401 stops the queue, from the goroutine
	// running Run. It must not block; call Authenticated after signing in.
	OnNeedAuth func()
	Hooks      Hooks

	// Rand draws the jitter; nil means a randomly seeded source. Seed it
	// for repeatable tests.
	Rand *rand.Rand
}

// Hooks let the journal record a change before the queue acts on it. A hook
// that returns an error pauses the queue with the error shown (Snapshot.Err);
// Resume tries the change again. Hooks run on the goroutine running Run,
// never under the queue's lock, so they may call Snapshot.
type Hooks struct {
	// BeforeSend is called before a job's write is sent; the job is not
	// sent if it fails. It is called early, while the write before is in
	// flight or the bucket's slot is awaited, so that the write leaves the
	// moment its slot comes; if another write turns out to go first,
	// AfterOutcome is called with the job's unchanged view to set the
	// early record back.
	BeforeSend func(j Job) error
	// AfterOutcome is called with the view a job is about to take, before
	// it takes it. A write's done is offered right after the next write
	// that was due has left (write-behind), still before anything shows
	// the job done.
	AfterOutcome func(j Job, v JobView) error
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.Resource == "" {
		o.Resource = ivrSample
	}
	def(&o.InFlight, 1)
	def(&o.ReadAhead, 2*o.InFlight)
	def(&o.MaxAttempts, 10)
	def(&o.MaxRereads, 5)
	defDur(&o.Window, time.Minute)
	defDur(&o.MaxElapsed, 10*time.Minute)
	defDur(&o.RequestTimeout, 30*time.Second)
	defDur(&o.BackoffInitial, time.Second)
	defDur(&o.BackoffMax, time.Minute)
	if o.Rand == nil {
		o.Rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return o
}
