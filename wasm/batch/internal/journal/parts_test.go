package journal_test

import (
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/batch/internal/journal/journaltest"
	"github.com/gcpace/gcpace/wasm/kv"
)

// pacedStore notes, for each write, its size and whether the journal
// paused (handed the page's thread back) since the previous write.
type pacedStore struct {
	kv.Store
	paused bool
	writes []pacedWrite
}

type pacedWrite struct {
	key         string
	size        int
	pausedFirst bool
}

func (p *pacedStore) Set(k, v string) error {
	p.writes = append(p.writes, pacedWrite{k, len(v), p.paused})
	p.paused = false
	return p.Store.Set(k, v)
}

// Recording a 5 000-job batch must come in slices the page can run between:
// no one write of the whole batch (2 MB was one ~75 ms setItem in Chromium,
// after an ~80 ms encode), and a pause before each big write.
func TestBigBatchIsRecordedInSlices(t *testing.T) {
	const jobs = 5000
	b := journaltest.Sample("big", jobs, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	store := &pacedStore{Store: &kv.Map{}}
	pauses := 0
	j := &journal.Journal{Store: store, Pause: func() { store.paused = true; pauses++ }}
	if err := j.Start(b); err != nil {
		t.Fatal(err)
	}
	total, biggest := 0, 0
	for i, w := range store.writes {
		total += w.size
		biggest = max(biggest, w.size)
		if w.size > 10_000 && i > 0 && !store.writes[i-1].pausedFirst && !w.pausedFirst {
			t.Errorf("write %d (%s, %d bytes) follows write %d with no pause between", i, w.key, w.size, i-1)
		}
	}
	t.Logf("%d jobs: %d writes, %d bytes, the biggest %d bytes; %d pauses", jobs, len(store.writes), total, biggest, pauses)
	if limit := total / 10; biggest > limit {
		t.Errorf("the biggest write is %d of %d bytes; want at most a tenth (%d)", biggest, total, limit)
	}
	got, err := j.Load()
	if err != nil || got == nil || len(got.Jobs) != jobs || len(got.Before) != jobs || got.Jobs[jobs-1].ID != b.Jobs[jobs-1].ID {
		t.Fatalf("Load() after a sliced start: %v", err)
	}
}
