package sim

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"testing/synctest"
	"time"
)

// step is one request at a virtual instant and what must come back.
type step struct {
	at      time.Duration // since the start of the bubble (and of the first window)
	method  string        // GET (an IVR) or PUT (the same IVR, with its version)
	status  int
	bucket  string // inin-ratelimit-* bucket, checked through count and allowed
	count   int
	allowed int
	reset   int // inin-ratelimit-reset, and Retry-After on a 429
}

// replay runs steps against a fresh Server in a synctest bubble.
func replay(t *testing.T, o Options, steps []step) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		c := newClient(t, o)
		v := c.active(1, nil)[0]
		for i, st := range steps {
			time.Sleep(time.Until(start.Add(st.at)))
			var r result
			if st.method == http.MethodPut {
				cur, _ := c.s.IVR(v.ID)
				r = c.put(cur)
			} else {
				r = c.get(ivrsPath + "/" + v.ID)
			}
			got := fmt.Sprintf("%d %s/%s reset %s", r.status, r.header.Get("inin-ratelimit-count"),
				r.header.Get("inin-ratelimit-allowed"), r.header.Get("inin-ratelimit-reset"))
			want := fmt.Sprintf("%d %d/%d reset %d", st.status, st.count, st.allowed, st.reset)
			if got != want {
				t.Errorf("step %d (%s at %v): got %s, want %s", i, st.method, st.at, got, want)
			}
			if st.status == http.StatusTooManyRequests {
				if ra := r.header.Get("Retry-After"); ra != strconv.Itoa(st.reset) {
					t.Errorf("step %d: Retry-After %q, want %d", i, ra, st.reset)
				}
				wantBody := fmt.Sprintf(`{"message":"Rate limit exceeded the maximum. Retry the request in [%d] seconds",`+
					`"code":"too.many.requests.retry.after","status":429,"contextId":%q,"details":[],"errors":[]}`,
					st.reset, r.header.Get("ININ-Correlation-Id"))
				if string(r.body) != wantBody {
					t.Errorf("step %d: body\n %s\nwant\n %s", i, r.body, wantBody)
				}
			}
			if entry := c.s.Log()[len(c.s.Log())-1]; entry.Bucket != st.bucket {
				t.Errorf("step %d: bucket %q, want %q", i, entry.Bucket, st.bucket)
			}
		}
	})
}

const (
	s0 = time.Duration(0)
	ms = time.Millisecond
	s1 = time.Second
)

func TestIVRPutBucket(t *testing.T) {
	replay(t, Options{Enforced: Limits{IVRPut: 3}}, []step{
		{s0, "PUT", 200, BucketIVRPut, 1, 3, 60},
		{10 * s1, "PUT", 200, BucketIVRPut, 2, 3, 50},
		{10 * s1, "GET", 200, BucketClientUser, 3, 300, 50}, // GETs do not touch the PUT bucket
		{20*s1 + 300*ms, "PUT", 200, BucketIVRPut, 3, 3, 40},
		{30 * s1, "PUT", 429, BucketIVRPut, 3, 3, 30},
		{59*s1 + 500*ms, "PUT", 429, BucketIVRPut, 3, 3, 1}, // Retry-After rounds up, at least 1
		{60 * s1, "PUT", 200, BucketIVRPut, 1, 3, 60},       // a new window
		{61 * s1, "GET", 200, BucketClientUser, 2, 300, 59},
	})
}

func TestClientUserBucket(t *testing.T) {
	// A refused request consumes nothing: in the second window, two PUTs and a
	// GET fit the client×user bucket of 3 although a PUT was refused.
	replay(t, Options{Enforced: Limits{ClientUser: 3, IVRPut: 2}}, []step{
		{s0, "GET", 200, BucketClientUser, 1, 3, 60},
		{s1, "PUT", 200, BucketIVRPut, 1, 2, 59},
		{2 * s1, "GET", 200, BucketClientUser, 3, 3, 58},
		{3 * s1, "GET", 429, BucketClientUser, 3, 3, 57},
		{4 * s1, "PUT", 429, BucketClientUser, 3, 3, 56}, // the PUT bucket has room, this one not
		{60 * s1, "PUT", 200, BucketIVRPut, 1, 2, 60},
		{61 * s1, "PUT", 200, BucketIVRPut, 2, 2, 59},
		{62 * s1, "PUT", 429, BucketIVRPut, 2, 2, 58},
		{62 * s1, "GET", 200, BucketClientUser, 3, 3, 58},
	})
}

func TestUserBucketAndBackground(t *testing.T) {
	// 60 background calls a window, one every second at k+½ s: by 30 s, 30 of
	// them have spent the user bucket of 60, so the client gets 30.
	o := Options{Enforced: Limits{User: 60, ClientUser: 1000}, Background: Background{UserPerMinute: 60}}
	steps := []step{}
	for i := range 30 {
		steps = append(steps, step{30 * s1, "GET", 200, BucketUser, 31 + i, 60, 30})
	}
	steps = append(steps,
		step{30 * s1, "GET", 429, BucketUser, 60, 60, 30},
		step{50 * s1, "GET", 429, BucketUser, 60, 60, 10}, // background keeps it full
		step{60 * s1, "GET", 200, BucketUser, 1, 60, 60},  // new window, background not yet due
		step{61 * s1, "GET", 200, BucketUser, 3, 60, 59},  // one background call at 60.5 s
	)
	replay(t, o, steps)
}

func TestBackgroundOnPutBucket(t *testing.T) {
	// 90 UI edits a window leave 10 of the 100 PUTs once the window is nearly over.
	o := Options{Background: Background{IVRPutPerMinute: 90}}
	var steps []step
	for i := range 11 {
		steps = append(steps, step{59*s1 + 700*ms, "PUT", 200, BucketIVRPut, 91 + i, 100, 1})
	}
	steps[10] = step{59*s1 + 700*ms, "PUT", 429, BucketIVRPut, 100, 100, 1}
	replay(t, o, steps)

	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, Options{Background: Background{IVRPutPerMinute: 90, UserPerMinute: 100}})
		time.Sleep(10 * time.Minute)
		cn := c.s.Counters()
		// Only the current window is replayed: 0 of it has passed at exactly 10 min.
		if cn.Background[BucketIVRPut] != 0 || cn.Requests != 0 {
			t.Errorf("idle background: %+v", cn)
		}
		time.Sleep(30 * time.Second)
		cn = c.s.Counters()
		if cn.Background[BucketIVRPut] != 45 || cn.Background[BucketUser] != 95 || cn.Buckets[BucketClientUser] != 0 {
			t.Errorf("background after 30 s: %v", cn.Background)
		}
	})
}

func TestShrunkWindow(t *testing.T) {
	replay(t, Options{Window: 2 * time.Second, Enforced: Limits{IVRPut: 2}}, []step{
		{s0, "PUT", 200, BucketIVRPut, 1, 2, 2},
		{100 * ms, "PUT", 200, BucketIVRPut, 2, 2, 2},
		{1500 * ms, "PUT", 429, BucketIVRPut, 2, 2, 1},
		{2 * s1, "PUT", 200, BucketIVRPut, 1, 2, 2},
	})
}

func TestPreflightCounting(t *testing.T) {
	for _, count := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			c := newClient(t, Options{CountPreflight: count, Enforced: Limits{IVRPut: 2}})
			v := c.active(1, nil)[0]
			preflight := func() {
				r := c.do(http.MethodOptions, ivrsPath+"/"+v.ID, nil, "Authorization: ",
					"Origin: http://page.test", "Access-Control-Request-Method: PUT")
				if r.status != http.StatusNoContent {
					t.Fatalf("preflight: %d", r.status)
				}
			}
			var got []int
			for range 2 {
				preflight()
				cur, _ := c.s.IVR(v.ID)
				got = append(got, c.put(cur).status)
			}
			// Counted, the first preflight and PUT fill the bucket of 2.
			if want := map[bool]string{false: "[200 200]", true: "[200 429]"}[count]; fmt.Sprint(got) != want {
				t.Errorf("CountPreflight=%v: PUTs answered %v, want %s", count, got, want)
			}
			preflight() // never refused, even with the bucket full
			cn := c.s.Counters()
			if cn.Preflights != 3 || cn.Routes["OPTIONS "+ivrsPath+"/{ivrId}"] != 3 {
				t.Errorf("preflights %d, routes %v", cn.Preflights, cn.Routes)
			}
			if want := map[bool]int{false: 2, true: 2}[count]; cn.Buckets[BucketIVRPut] != want {
				t.Errorf("CountPreflight=%v: PUT bucket consumed %d, want %d", count, cn.Buckets[BucketIVRPut], want)
			}
		})
	}
}

func TestLimitsAPI(t *testing.T) {
	c := newClient(t, Options{Enforced: Limits{IVRPut: 10}, Documented: Limits{ClientUser: 180}})
	tests := []struct {
		ns     string
		status int
		want   map[string]int
	}{
		{"platform.api", 200, map[string]int{BucketClientUser: 180, BucketUser: 3000, "client.credentials.token.rate.per.minute": 300}},
		{"architect", 200, map[string]int{BucketIVRPut: 100}},
		{"nope", 404, nil},
	}
	for _, tt := range tests {
		r := c.get("/api/v2/organizations/limits/namespaces/" + tt.ns)
		if r.status != tt.status {
			t.Fatalf("%s: %d %s", tt.ns, r.status, r.body)
		}
		if tt.want == nil {
			continue
		}
		var l struct{ Entities []Limit }
		r.json(t, &l)
		got := map[string]int{}
		for _, e := range l.Entities {
			if e.Namespace != tt.ns {
				t.Errorf("%s: entity in namespace %q", tt.ns, e.Namespace)
			}
			got[e.Key] = e.Value
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %v, want %v", tt.ns, got, tt.want)
		}
	}
}

// AlignWindows restarts the windows at the next request: its count starts
// from one, and the window ends a full window after it.
func TestAlignWindows(t *testing.T) {
	s := New(Options{Seed: 1, Window: 6 * time.Second, Enforced: Limits{IVRPut: 3}})
	now := s.start
	s.mu.Lock()
	s.lim.take(now.Add(4*time.Second), []string{BucketIVRPut})
	s.lim.take(now.Add(4*time.Second), []string{BucketIVRPut})
	s.mu.Unlock()
	s.AlignWindows()
	at := now.Add(5 * time.Second)
	s.mu.Lock()
	v := s.lim.take(at, []string{BucketIVRPut})
	s.mu.Unlock()
	if !v.ok || v.count != 1 || v.reset != 6*time.Second {
		t.Fatalf("first request after AlignWindows: %+v; want admitted, count 1, reset 6s", v)
	}
	if origin, _ := s.WindowOrigin(); !origin.Equal(at) {
		t.Errorf("origin %v, want %v", origin, at)
	}
	s.mu.Lock()
	v = s.lim.take(at.Add(5900*time.Millisecond), []string{BucketIVRPut})
	s.mu.Unlock()
	if !v.ok || v.count != 2 {
		t.Errorf("5.9 s later, still the same window: %+v", v)
	}
}
