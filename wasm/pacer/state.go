package pacer

// State is where one job stands. The strings are a public contract: the page
// puts them in data-state attributes and the journal stores them.
type State string

const (
	JobQueued    State = "queued"    // not sent yet, or read ahead and ready to send
	JobSending   State = "sending"   // its write is in flight
	JobWaiting   State = "waiting"   // an answer asked it to wait; JobView says why and until when
	JobDone      State = "done"      // the IVR holds the intended numbers
	JobFailed    State = "failed"    // ended without applying; JobView.LastError says why in words
	JobCancelled State = "cancelled" // the batch was cancelled before it was sent
)

// Ended reports whether s is final: done, failed or cancelled.
func (s State) Ended() bool {
	return s == JobDone || s == JobFailed || s == JobCancelled
}

// BatchState is where the whole queue stands. The strings are a public
// contract: the page puts them in data-state attributes.
type BatchState string

const (
	BatchIdle        BatchState = "idle"         // Run has not started
	BatchRunning     BatchState = "running"      // sending as the budgets allow
	BatchPaused      BatchState = "paused"       // Pause, or a hook failed (Snapshot.Err says which)
	BatchWaitingAuth BatchState = "waiting-auth" // a 401 stopped sending until Authenticated
	BatchDone        BatchState = "done"         // every job ended
	BatchCancelled   BatchState = "cancelled"    // Cancel: nothing more is sent
)

// Finished reports whether s is final: done or cancelled.
func (s BatchState) Finished() bool { return s == BatchDone || s == BatchCancelled }
