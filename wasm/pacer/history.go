package pacer

import "time"

// historyLen is how many windows the chart keeps: ten hours of one-minute
// windows, so the chart covers a whole batch (the page bins them to draw).
const historyLen = 600

// WindowStat is what the queue sent in one window, for a small chart.
type WindowStat struct {
	Start   time.Time
	Writes  int // writes sent
	Reads   int // reads sent
	Limited int // requests answered 429
}

// history counts sends per window, windows aligned on the first send. The
// zero value needs its window set. Not safe for concurrent use; the queue
// guards it.
type history struct {
	window time.Duration
	stats  []WindowStat
}

// at returns the window holding t, making the windows up to it; nil for a
// time before the oldest window kept.
func (h *history) at(t time.Time) *WindowStat {
	if len(h.stats) == 0 {
		h.stats = append(h.stats, WindowStat{Start: t})
	}
	last := h.stats[len(h.stats)-1].Start
	if k := int(t.Sub(last) / h.window); k > historyLen {
		// A long pause: the windows it skipped would all be empty.
		h.stats = h.stats[:0]
		last = last.Add(time.Duration(k-historyLen) * h.window)
		h.stats = append(h.stats, WindowStat{Start: last})
	}
	for !t.Before(last.Add(h.window)) {
		last = last.Add(h.window)
		h.stats = append(h.stats, WindowStat{Start: last})
	}
	if n := len(h.stats); n > historyLen {
		h.stats = append(h.stats[:0], h.stats[n-historyLen:]...)
	}
	for i := len(h.stats) - 1; i >= 0; i-- {
		if !t.Before(h.stats[i].Start) {
			return &h.stats[i]
		}
	}
	return nil
}

func (h *history) sentAt(t time.Time, write bool) {
	if s := h.at(t); s != nil && write {
		s.Writes++
	} else if s != nil {
		s.Reads++
	}
}

// limitedAt counts a 429 in the window its request was sent in.
func (h *history) limitedAt(sent time.Time) {
	if s := h.at(sent); s != nil {
		s.Limited++
	}
}
