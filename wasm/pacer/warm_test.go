package pacer_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/pacer"
)

// Warm goes through the paths a real batch's start takes: a job with
// nothing to do, a job written, paced one spacing apart, and ends.
func TestWarmRunsBothJobsToTheirEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		began := time.Now()
		s := pacer.Warm(context.Background())
		took := time.Since(began)
		if s.State != pacer.BatchDone || s.Total != 2 || s.Done != 2 || s.Failed != 0 {
			t.Errorf("warm batch ended %v with %d of %d done, %d failed; want done, 2 of 2, 0", s.State, s.Done, s.Total, s.Failed)
		}
		if s.Rate != 1 {
			t.Errorf("warm batch counted %d writes in its window, want 1 (the job with nothing to do writes nothing)", s.Rate)
		}
		// It sleeps (a goroutine of its own in the page), never longer
		// than a couple of write spacings at the documented limit.
		if took > 2*time.Second {
			t.Errorf("Warm took %v", took)
		}
	})
}
