package pacer

import (
	"testing"
	"time"
)

func TestHistory(t *testing.T) {
	h := history{window: time.Minute}
	h.sentAt(t0, true)
	h.sentAt(t0.Add(30*time.Second), false)
	h.limitedAt(t0.Add(30 * time.Second))
	h.sentAt(t0.Add(150*time.Second), true) // window 2; window 1 stays, empty
	want := []WindowStat{
		{Start: t0, Writes: 1, Reads: 1, Limited: 1},
		{Start: t0.Add(time.Minute)},
		{Start: t0.Add(2 * time.Minute), Writes: 1},
	}
	if len(h.stats) != len(want) {
		t.Fatalf("stats %+v", h.stats)
	}
	for i := range want {
		if h.stats[i] != want[i] {
			t.Errorf("window %d: %+v, want %+v", i, h.stats[i], want[i])
		}
	}
	// A day's pause keeps the chart to its last historyLen windows.
	late := t0.Add(24 * time.Hour).Add(10 * time.Second)
	h.sentAt(late, true)
	if n := len(h.stats); n > historyLen {
		t.Errorf("%d windows kept, want at most %d", n, historyLen)
	}
	last := h.stats[len(h.stats)-1]
	if last.Writes != 1 || late.Sub(last.Start) >= time.Minute || last.Start.Sub(t0)%time.Minute != 0 {
		t.Errorf("last window %+v, want the late write in a window aligned on t0", last)
	}
	if h.at(t0) != nil {
		t.Error("a window dropped from the chart still counts")
	}
}
