package pacer_test

import (
	"fmt"
	"math"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// fixedWindows is a server's fixed-window limit as the simulator keeps it:
// windows of length w from origin, limit requests each, a refused request
// consuming nothing; Retry-After is the time left, whole seconds rounded up.
type fixedWindows struct {
	origin time.Time
	w      time.Duration
	limit  int

	mu       sync.Mutex
	admitted map[int64]int // per window
	refused  int
}

func (s *fixedWindows) index(t time.Time) int64 { return int64(t.Sub(s.origin) / s.w) }

func (s *fixedWindows) take(now time.Time) (genesys.Meta, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.index(now)
	if s.admitted[k] < s.limit {
		s.admitted[k]++
		return ok, nil
	}
	s.refused++
	left := s.origin.Add(time.Duration(k+1) * s.w).Sub(now)
	return genesys.Meta{}, limited(time.Duration(math.Ceil(left.Seconds())) * time.Second)
}

// TestQueueLearnedBudgetPerServerWindow: headers hidden, a limit of 40 a
// minute where 100 are documented. Once two 429s have taught the budget
// and, by their Retry-After, where the server's windows end, every window
// admits all 40 (pacing a little under the rate on a clock of its own gave
// 39), and the last jobs, which fit in what their window still admits,
// leave at the documented pace instead of being spread over it.
func TestQueueLearnedBudgetPerServerWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 130
		srv := &fixedWindows{origin: time.Now().Add(-17 * time.Second), w: time.Minute, limit: 40, admitted: map[int64]int{}}
		f := newFake(50 * time.Millisecond)
		f.onWrite = func(string, int) (genesys.Meta, error) { return srv.take(time.Now()) }
		q := pacer.New(f, seeded(pacer.Options{}))
		for i := range n {
			q.Add(pacer.Job{ID: fmt.Sprint(i), Key: fmt.Sprint("ivr-", i)})
		}
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		if s := q.Snapshot(); s.Done != n {
			t.Fatalf("done %d of %d", s.Done, n)
		}
		last := srv.index(time.Now())
		t.Logf("admitted per window %v, %d refused", srv.admitted, srv.refused)
		if srv.refused > 2 {
			t.Errorf("%d 429s, want the 2 that teach the budget", srv.refused)
		}
		// Windows 0 and 1 teach; those after, but the last, are full.
		for k := int64(2); k < last; k++ {
			if srv.admitted[k] != srv.limit {
				t.Errorf("window %d admitted %d, want all %d", k, srv.admitted[k], srv.limit)
			}
		}
		// The last window's jobs sprint at the documented 100/min.
		w := f.sent(true)
		tail := w[len(w)-srv.admitted[last]:]
		if len(tail) < 5 {
			t.Fatalf("only %d writes in the last window", len(tail))
		}
		for i := 1; i < len(tail); i++ {
			if gap := tail[i].at - tail[i-1].at; gap > 650*time.Millisecond {
				t.Errorf("last window: write %d left %v after the one before, want the documented pace (600 ms)", i, gap)
			}
		}
	})
}
