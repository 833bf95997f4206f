package pacer

import (
	"time"

	"github.com/cenkalti/backoff/v4"
)

// Job is one edit of one object (an IVR, a schedule group): read it,
// apply the intent, write it back.
type Job struct {
	ID string
	// Key names what the job edits (the IVR id). Jobs with one Key never
	// overlap, and run in the order they were added.
	Key string
	// After lists the IDs of jobs that must be done first (a move's removal
	// lands before its add). If one of them fails or is cancelled, this job
	// fails without being sent, and says why.
	After []string
	// Label names the job for people ("Main line: add +13175550100").
	Label string
	// Intent is what the job does to Key, in its kind's own type: Work
	// reads it from the job, so nothing travels beside the queue.
	Intent any
}

// JobView is what one job looks like from outside: the page renders it and
// the journal stores it.
type JobView struct {
	Job
	State State
	// Attempts counts every try: each write sent, and each read that
	// failed and must be tried again (a 5xx, a 429, a network error). A
	// write refused by a 401 is not counted: the server never looked at it.
	Attempts int
	// LastError is the last error in words: why it failed, or what the
	// last answer that made it wait said.
	LastError string
	// WaitReason says in words what a waiting job waits for ("rate limit:
	// 100/min on IVR updates", "server busy", "signing in again").
	WaitReason string
	// NextTryAt is when a waiting job may be sent again; zero when it does
	// not wait on a clock.
	NextTryAt time.Time
	// Cause is what a waiting job waits for, as a kind; "" when it does not wait.
	Cause WaitCause
}

// phase is where a job is in its read-then-write cycle. State is what people
// see; phase is what the scheduler needs (a job read ahead is still queued).
type phase int

const (
	needRead phase = iota // no usable copy of the IVR yet
	reading               // its read is in flight
	ready                 // read; its write may be sent
	writing               // its write is in flight
	held                  // an outcome waits for the AfterOutcome hook to accept it
	ended
)

// job is a Job with the queue's bookkeeping. Only the runner changes it,
// under Queue.mu.
type job struct {
	view  JobView
	phase phase
	read  any // what Work.Read returned, handed to Work.Write

	since      time.Time // first request, for Options.MaxElapsed
	readTries  int       // reads answered with Retry
	writeTries int       // writes sent, for Options.MaxAttempts
	rereads    int       // writes answered with a version conflict
	backoff    *backoff.ExponentialBackOff
	held       *change // the outcome AfterOutcome refused, tried again on Resume
}

func (j *job) nextTry() time.Time { return j.view.NextTryAt }
