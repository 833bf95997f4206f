package pacer_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// trail records, in order, what the hooks, OnChange and the fake saw.
type trail struct {
	mu  sync.Mutex
	all []string
}

func (tr *trail) add(format string, args ...any) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.all = append(tr.all, fmt.Sprintf(format, args...))
}

func (tr *trail) list() []string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return slices.Clone(tr.all)
}

// at is the index of the first entry s, or -1.
func (tr *trail) at(s string) int { return slices.Index(tr.list(), s) }

// traced returns a queue over f whose hooks, OnChange and writes (sent and
// answered) are recorded in tr.
func traced(f *fake, tr *trail) *pacer.Queue {
	f.note = func(s string) { tr.add("%s", s) }
	inner := f.onWrite
	f.onWrite = func(id string, n int) (genesys.Meta, error) {
		tr.add("answer %s", id)
		if inner != nil {
			return inner(id, n)
		}
		return ok, nil
	}
	return pacer.New(f, seeded(pacer.Options{
		OnChange: func() { tr.add("change") },
		Hooks: pacer.Hooks{
			BeforeSend:   func(j pacer.Job) error { tr.add("before %s", j.ID); return nil },
			AfterOutcome: func(j pacer.Job, v pacer.JobView) error { tr.add("after %s %s", j.ID, v.State); return nil },
		},
	}))
}

// TestQueueTurnaround: when a write's answer comes after the next write is
// due, the next one leaves before anything else happens on the runner: its
// sending was journalled while the write before was in flight, the done of
// the one before is journalled after it leaves, and OnChange (the page's
// render) comes after. One processor, as in a browser, where whatever runs
// first holds the page's one thread.
func TestQueueTurnaround(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.writeLatency = time.Second // longer than the 612 ms spacing: b is due when a answers
		var tr trail
		q := traced(f, &tr)
		q.Add(jobs("a", "b", "c")...)
		if err := <-start(q); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(tr.list(), "|")
		if !(tr.at("before b") >= 0 && tr.at("before b") < tr.at("answer a")) {
			t.Errorf("b's sending was not journalled while a was in flight:\n%s", got)
		}
		if !(tr.at("write b") >= 0 && tr.at("write b") < tr.at("after a done")) {
			t.Errorf("b did not leave before a's done was journalled:\n%s", got)
		}
		all := tr.list()
		for i := tr.at("answer a") + 1; i < tr.at("write b"); i++ {
			if all[i] == "change" {
				t.Errorf("OnChange between a's answer and b's send:\n%s", got)
			}
		}
		if w := f.sent(true); len(w) != 3 || w[1].at != w[0].at+time.Second {
			t.Errorf("writes %v; want b the instant a answered", w)
		}
		// Every job's sending is still journalled before its write, and
		// its done after its answer.
		for _, id := range []string{"a", "b", "c"} {
			if b, w, a, d := tr.at("before "+id), tr.at("write "+id), tr.at("answer "+id), tr.at("after "+id+" done"); !(b >= 0 && b < w && w < a && a < d) {
				t.Errorf("%s: before %d, write %d, answer %d, done %d:\n%s", id, b, w, a, d, got)
			}
		}
	})
}

// TestQueueAheadRecordSetBack: a job journalled as sending ahead that does
// not go next (the write before it met a 429 and goes again first) has its
// record set back to its state, and is journalled as sending again before
// it really leaves.
func TestQueueAheadRecordSetBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake(50 * time.Millisecond)
		f.writeLatency = time.Second
		f.onWrite = func(id string, n int) (genesys.Meta, error) {
			if id == "a" && n == 1 {
				return genesys.Meta{}, limited(5 * time.Second)
			}
			return ok, nil
		}
		var tr trail
		q := traced(f, &tr)
		q.Add(jobs("a", "b")...)
		if err := q.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		all := tr.list()
		got := strings.Join(all, "|")
		ahead := tr.at("before b")
		back := slices.Index(all, "after b queued")
		if !(ahead >= 0 && ahead < tr.at("answer a") && back > tr.at("answer a")) {
			t.Fatalf("b journalled ahead at %d, set back at %d:\n%s", ahead, back, got)
		}
		again := slices.Index(all[back:], "before b")
		if again < 0 || back+again > tr.at("write b") {
			t.Errorf("b not journalled as sending again before it left:\n%s", got)
		}
		if s := q.Snapshot(); s.Done != 2 {
			t.Errorf("done %d of 2", s.Done)
		}
	})
}
