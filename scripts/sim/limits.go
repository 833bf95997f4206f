package sim

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// Bucket names: resource buckets by their route, the others by their key in
// the limits API.
const (
	BucketIVRPut = "PUT /api/v2/architect/ivrs/{ivrId}"
	// Resource limits of schedule groups are not published: the simulator
	// treats them as the IVR's (GENESYS.md).
	BucketScheduleGroupPut = "PUT /api/v2/architect/schedulegroups/{scheduleGroupId}"
	BucketClientUser       = "org.app.user.rate.per.minute"
	BucketUser             = "org.user.rate.per.minute"
)

// limiter keeps the layered fixed windows of the one sample user and client.
//
// Windows are aligned: the kth window of every bucket is [origin+k·W,
// origin+(k+1)·W), origin being the Server's start, so all buckets reset
// together. A request must pass every layer it touches; one refused by any
// layer consumes nothing from any of them (so waiting Retry-After always
// frees room, unless someone else spends it first).
//
// Background load is replayed lazily: before deciding at now, every
// background request due by now in the current window is applied, in time
// order, against the same buckets (refused background requests also consume
// nothing). Only the current window matters, so an idle hour costs nothing.
type limiter struct {
	origin  time.Time
	window  time.Duration
	buckets map[string]*bucket
	streams []*stream
	index   int64 // current window
	// alignNext restarts the windows at the next request (AlignWindows):
	// origin then becomes that request's arrival.
	alignNext bool
	alignBg   int // background IVR PUTs applied before the restart
}

type bucket struct {
	name     string
	limit    int
	used     int // in the current window, background included
	client   int // consumed by the client since start
	bg       int // consumed by background since start
	rejected int // client requests this bucket refused since start
}

// stream is one kind of background request, perWindow of them evenly spread
// over each window, the kth at offset (k+½)·W/perWindow.
type stream struct {
	perWindow int
	buckets   []string
	done      int // applied in the current window
}

func newLimiter(origin time.Time, o Options) *limiter {
	l := &limiter{origin: origin, window: o.Window, buckets: map[string]*bucket{}}
	for name, limit := range enforced(o.Enforced) {
		l.buckets[name] = &bucket{name: name, limit: limit}
	}
	l.setBackground(o.Background)
	for _, st := range l.streams {
		st.done = 0 // from the very start: nothing is due yet
	}
	return l
}

func enforced(lim Limits) map[string]int {
	return map[string]int{BucketIVRPut: lim.IVRPut, BucketScheduleGroupPut: lim.ScheduleGroupPut, BucketClientUser: lim.ClientUser, BucketUser: lim.User}
}

func (l *limiter) setLimits(lim Limits) {
	for name, limit := range enforced(lim) {
		l.buckets[name].limit = limit
	}
}

func (l *limiter) setBackground(b Background) {
	l.streams = []*stream{
		{perWindow: b.IVRPutPerMinute, buckets: []string{BucketIVRPut, BucketUser}},
		{perWindow: b.UserPerMinute, buckets: []string{BucketUser}},
	}
	// Streams start afresh; mark what is already due in this window as done so
	// that a change mid-window does not replay a burst.
	for _, st := range l.streams {
		st.done = -1
	}
}

// advance moves to now's window and applies the background due by now.
func (l *limiter) advance(now time.Time) {
	elapsed := now.Sub(l.origin)
	if elapsed < 0 {
		elapsed = 0
	}
	idx := int64(elapsed / l.window)
	if idx != l.index {
		l.index = idx
		for _, b := range l.buckets {
			b.used = 0
		}
		for _, st := range l.streams {
			st.done = 0
		}
	}
	into := elapsed - time.Duration(idx)*l.window
	for _, st := range l.streams {
		if st.done < 0 {
			st.done = st.due(into, l.window)
		}
	}
	for {
		// The next due request of all streams, earliest offset first.
		var next *stream
		for _, st := range l.streams {
			if st.done < st.due(into, l.window) && (next == nil || st.offset(st.done, l.window) < next.offset(next.done, l.window)) {
				next = st
			}
		}
		if next == nil {
			return
		}
		next.done++
		if l.room(next.buckets) {
			for _, name := range next.buckets {
				l.buckets[name].used++
				l.buckets[name].bg++
			}
		}
	}
}

// due is how many of the stream's requests fall at or before into.
func (st *stream) due(into, window time.Duration) int {
	if st.perWindow <= 0 {
		return 0
	}
	// k+½ ≤ into·n/W  ⇔  k < into·n/W + ½
	n := int64(st.perWindow)
	d := int((2*int64(into)*n + int64(window)) / (2 * int64(window)))
	return min(d, st.perWindow)
}

func (st *stream) offset(k int, window time.Duration) time.Duration {
	return time.Duration((2*int64(k) + 1) * int64(window) / (2 * int64(st.perWindow)))
}

func (l *limiter) room(names []string) bool {
	for _, name := range names {
		if b := l.buckets[name]; b.used >= b.limit {
			return false
		}
	}
	return true
}

// verdict is what the limiter decided for one request, and what its
// inin-ratelimit-* headers say.
type verdict struct {
	ok      bool
	bucket  string // the refusing bucket, else the tightest one touched
	count   int
	allowed int
	reset   time.Duration // until the window ends
}

// alignAt restarts the windows at now when AlignWindows asked for it: the
// background due before now is applied in the old windows first.
func (l *limiter) alignAt(now time.Time) {
	if !l.alignNext {
		return
	}
	l.advance(now)
	l.alignNext = false
	l.origin, l.index = now, 0
	for _, b := range l.buckets {
		b.used = 0
	}
	for _, st := range l.streams {
		st.done = 0
	}
	l.alignBg = l.buckets[BucketIVRPut].bg
}

// take consumes one from each named bucket if all have room.
func (l *limiter) take(now time.Time, names []string) verdict {
	l.alignAt(now)
	l.advance(now)
	reset := l.origin.Add(time.Duration(l.index+1) * l.window).Sub(now)
	for _, name := range names {
		if b := l.buckets[name]; b.used >= b.limit {
			b.rejected++
			return verdict{bucket: name, count: b.used, allowed: b.limit, reset: reset}
		}
	}
	v := verdict{ok: true, reset: reset}
	left := math.MaxInt
	for _, name := range names {
		b := l.buckets[name]
		b.used++
		b.client++
		// Tightest: fewest requests left, then the smallest limit.
		if r := b.limit - b.used; r < left || (r == left && b.limit < v.allowed) {
			left, v.bucket, v.count, v.allowed = r, name, b.used, b.limit
		}
	}
	return v
}

// offer consumes one from each named bucket if all have room, never refusing:
// how a counted preflight spends the budget.
func (l *limiter) offer(now time.Time, names []string) {
	l.alignAt(now)
	l.advance(now)
	if !l.room(names) {
		return
	}
	for _, name := range names {
		l.buckets[name].used++
		l.buckets[name].client++
	}
}

// seconds rounds up to whole seconds, at least one.
func seconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}

func (v verdict) headers(r *reply) {
	r.set("inin-ratelimit-count", strconv.Itoa(v.count))
	r.set("inin-ratelimit-allowed", strconv.Itoa(v.allowed))
	r.set("inin-ratelimit-reset", strconv.Itoa(seconds(v.reset)))
}

// tooMany is the normalised 429 of November 2021.
func (v verdict) tooMany(c *call) reply {
	n := seconds(v.reset)
	e := apiError(http.StatusTooManyRequests, CodeTooMany,
		"Rate limit exceeded the maximum. Retry the request in ["+strconv.Itoa(n)+"] seconds")
	r := e.reply(c)
	r.set("Retry-After", strconv.Itoa(n))
	v.headers(&r)
	return r
}

// Limit is one entry of the limits API.
type Limit struct {
	Key       string `json:"key"`
	Namespace string `json:"namespace"`
	Value     int    `json:"value"`
}

// Limit namespaces the limits API answers.
const (
	NamespacePlatformAPI = "platform.api"
	NamespaceArchitect   = "architect"
)

// documentedLimits is what GET /api/v2/organizations/limits/namespaces/{ns}
// lists: the Documented limits, per window.
func documentedLimits(ns string, d Limits) ([]Limit, bool) {
	switch ns {
	case NamespacePlatformAPI:
		return []Limit{
			{Key: BucketClientUser, Namespace: ns, Value: d.ClientUser},
			{Key: BucketUser, Namespace: ns, Value: d.User},
			{Key: "client.credentials.token.rate.per.minute", Namespace: ns, Value: 300},
		}, true
	case NamespaceArchitect:
		return []Limit{{Key: BucketIVRPut, Namespace: ns, Value: d.IVRPut}}, true
	}
	return nil, false
}

func (s *Server) getLimits(c *call) reply {
	ns := c.params["namespaceName"]
	lims, ok := documentedLimits(ns, s.opts.Documented)
	if !ok {
		return apiError(http.StatusNotFound, CodeNotFound, "Namespace "+ns+" not found").reply(c)
	}
	return jsonReply(http.StatusOK, struct {
		Entities []Limit `json:"entities"`
	}{lims})
}
