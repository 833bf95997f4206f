package app

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// A reload mid-batch resumes by itself, and nothing already applied is sent
// twice: every number lands exactly once.
func TestReloadMidBatchResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 4}, "implicit")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, 40)
		tb.app.Apply()
		tb.waitFor("some jobs done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 10 })
		tb.kill()

		tb = b.open(pageURL, tb.session) // reload: same sessionStorage, same localStorage
		v := tb.waitFor("resumed batch done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != 40 {
			t.Fatalf("after reload: %s, failed jobs: %+v", batchLine(v.Batch), failed(v.Batch))
		}
		checkApplied(t, b.sim, want)
		tb.kill()
	})
}

// A token revoked mid-batch pauses the queue, signs in again with no click,
// and the batch ends with every number applied once.
func TestRevokedTokenSignsInAgainAndResumes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 5, Faults: sim.Faults{RevokeAfterPUTs: 7}}, "pkce")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, 25)
		tb.app.Apply()
		tb.waitFor("waiting-auth", 5*time.Minute, func(v View) bool {
			return v.Batch != nil && v.Batch.State == "waiting-auth" || v.Phase == PhaseSigningIn
		})
		tb = tb.login()
		v := tb.waitFor("batch done after sign-in", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != 25 {
			t.Fatalf("after re-sign-in: %s, failed: %+v", batchLine(v.Batch), failed(v.Batch))
		}
		checkApplied(t, b.sim, want)
		tb.kill()
	})
}

// A second tab does not run the batch; it takes over when the runner closes.
func TestSecondTabWatchesThenTakesOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBrowser(t, sim.Options{Seed: 6}, "implicit")
		tb := signIn(t, b)
		_, want := freeNumbersPlan(t, tb, 30)
		tb.app.Apply()
		tb.waitFor("some done", 5*time.Minute, func(v View) bool { return v.Batch != nil && v.Batch.Done >= 5 })

		// A second tab of the same profile: its own sessionStorage, signed in.
		second := b.open(pageURL, nil)
		second.waitFor("signed out", time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut })
		second.app.SignIn()
		second = second.login()
		second.waitFor("read-only", time.Minute, func(v View) bool { return v.ReadOnly && v.Batch != nil })
		tb.kill() // the runner tab closes: the second takes over
		v := second.waitFor("taken over and done", 10*time.Minute, func(v View) bool { return v.Batch.Finished() })
		if v.Batch.Done != 30 || v.ReadOnly {
			t.Fatalf("second tab: %s read-only %v", batchLine(v.Batch), v.ReadOnly)
		}
		checkApplied(t, b.sim, want)
		second.kill()
	})
}

func failed(b *Batch) []Job {
	if b == nil {
		return nil
	}
	var out []Job
	for _, j := range b.Jobs {
		if j.State == "failed" {
			out = append(out, j)
		}
	}
	return out
}
