package sim

import (
	"testing"
	"time"
)

func TestControl(t *testing.T) {
	c := newClient(t, Options{Seed: 3, IVRs: 40})
	v := c.active(1, nil)[0]
	c.put(v)

	tests := []struct {
		method, path, body string
		status             int
		check              func(t *testing.T, r result)
	}{
		{"GET", "/_sim/log", "", 200, func(t *testing.T, r result) {
			var log []Entry
			r.json(t, &log)
			if len(log) != 1 || log[0].Route != putIVRRoute.name() || !log[0].TokenUsed || log[0].TokenHash == "" {
				t.Errorf("log %+v", log)
			}
		}},
		{"GET", "/_sim/counters", "", 200, func(t *testing.T, r result) {
			var cn Counters
			r.json(t, &cn)
			if cn.Requests != 1 || cn.Statuses[200] != 1 || cn.Buckets[BucketIVRPut] != 1 {
				t.Errorf("counters %+v", cn)
			}
		}},
		{"GET", "/_sim/ivrs", "", 200, func(t *testing.T, r result) {
			var ivrs []IVR
			r.json(t, &ivrs)
			if len(ivrs) != 40 {
				t.Errorf("%d IVRs", len(ivrs))
			}
		}},
		{"GET", "/_sim/user", "", 200, func(t *testing.T, r result) {
			var u User
			r.json(t, &u)
			if u.Name != "Alex Admin" || u.Number == "" {
				t.Errorf("user %+v", u)
			}
		}},
		{"GET", "/_sim/free-numbers?n=3", "", 200, func(t *testing.T, r result) {
			var n []string
			r.json(t, &n)
			if len(n) != 3 {
				t.Errorf("free numbers %v", n)
			}
		}},
		{"POST", "/_sim/faults", `{"latency":"250ms","rate5xx":0.5,"externalEditEvery":3}`, 204, func(t *testing.T, r result) {
			f := c.s.Options().Faults
			if f.Latency != 250*time.Millisecond || f.Rate5xx != 0.5 || f.ExternalEditEvery != 3 {
				t.Errorf("faults %+v", f)
			}
		}},
		{"POST", "/_sim/faults", `{"latency":1000}`, 204, func(t *testing.T, r result) {
			if f := c.s.Options().Faults; f.Latency != time.Microsecond || f.Rate5xx != 0 {
				t.Errorf("faults %+v", f)
			}
		}},
		{"POST", "/_sim/faults", `{"latency":"soon"}`, 400, nil},
		{"POST", "/_sim/limits", `{"enforced":{"ivrPut":5}}`, 204, func(t *testing.T, r result) {
			o := c.s.Options()
			if o.Enforced != (Limits{IVRPut: 5, ScheduleGroupPut: 100, ClientUser: 300, User: 3000}) || o.Documented != DefaultLimits {
				t.Errorf("limits %+v %+v", o.Enforced, o.Documented)
			}
		}},
		{"POST", "/_sim/background", `{"userPerMinute":10}`, 204, func(t *testing.T, r result) {
			if b := c.s.Options().Background; b.UserPerMinute != 10 {
				t.Errorf("background %+v", b)
			}
		}},
		{"POST", "/_sim/token", "", 200, func(t *testing.T, r result) {
			var tok map[string]string
			r.json(t, &tok)
			if tok["access_token"] == "" {
				t.Error("no token")
			}
		}},
		{"POST", "/_sim/revoke", "", 204, func(t *testing.T, r result) {
			if r := c.get("/api/v2/users/me"); r.status != 401 {
				t.Errorf("after revoke: %d", r.status)
			}
		}},
		{"POST", "/_sim/reset", "", 204, func(t *testing.T, r result) {
			got, _ := c.s.IVR(v.ID)
			if got.Version != v.Version || len(c.s.Log()) != 0 {
				t.Errorf("after reset: version %d, %d log entries", got.Version, len(c.s.Log()))
			}
		}},
		{"GET", "/_sim/nothing", "", 404, nil},
		{"OPTIONS", "/_sim/faults", "", 204, nil},
	}
	for _, tt := range tests {
		var body any
		if tt.body != "" {
			body = tt.body
		}
		r := c.do(tt.method, tt.path, body, "Authorization: ")
		if r.status != tt.status || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s %s: %d %s", tt.method, tt.path, r.status, r.body)
			continue
		}
		if tt.check != nil {
			tt.check(t, r)
		}
	}
	if n := len(c.s.Log()); n != 0 {
		t.Errorf("control requests were logged: %d", n)
	}
}
