package app

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// busyMe answers 503 to users/me, at once and every time, and counts the
// tries; everything else goes to the simulator.
type busyMe struct {
	sim   *sim.Server
	tries *atomic.Int32
}

func (b busyMe) Do(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/users/me") {
		b.tries.Add(1)
		return &http.Response{StatusCode: 503, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"message":"busy","status":503}`)), Request: r}, nil
	}
	return b.sim.Transport().RoundTrip(r)
}

// The sign-in check against a Genesys answering 503 makes no more tries
// than the page's one retry loop (genesys.Patient's default policy) fits in
// checkTimeout, and then says so in words: no loop around the loop.
func TestSignInCheckOneRetryLoop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := sim.New(sim.Options{Seed: 1})
		var tries atomic.Int32
		a, _ := startAlone(t, busyMe{s, &tries}, signedInSession(s), pageURL, []byte(simConfig))
		start := time.Now()
		v := waitView(t, a, "the check given up", 10*time.Minute, func(v View) bool { return v.Phase == PhaseSignedOut && v.Notice != "" })
		if took := time.Since(start); took > checkTimeout+time.Second {
			t.Errorf("gave up after %v, want within %v", took, checkTimeout)
		}
		if !strings.Contains(v.Notice, "did not answer within 60 seconds") {
			t.Errorf("notice = %q", v.Notice)
		}
		t.Logf("%d tries of users/me, bound %d", tries.Load(), patientTriesWithin(checkTimeout))
		if got, most := int(tries.Load()), patientTriesWithin(checkTimeout); got > most || got < 2 {
			t.Errorf("%d tries of users/me, want 2 to %d (one loop's bound)", got, most)
		}
	})
}

// patientTriesWithin is the most tries genesys.Patient's default policy
// fits in d: 500 ms growing ×1.5 up to 15 s, each wait at least half its
// interval (randomisation ±50 %).
func patientTriesWithin(d time.Duration) int {
	tries, spent, interval := 1, time.Duration(0), 500*time.Millisecond
	for {
		spent += interval / 2
		if spent >= d {
			return tries
		}
		tries++
		interval = min(time.Duration(float64(interval)*1.5), 15*time.Second)
	}
}
