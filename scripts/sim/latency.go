package sim

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// latencyFor is how long the API call r waits before the server acts on it:
// Faults.Latency, or a uniform draw up to LatencyMax; IVR PUTs draw from
// PutLatency…PutLatencyMax instead when PutLatency is set (a slow server
// whose writes take far longer than its reads). Called with s.mu held.
//
// The draws come from the global generator, not the seeded fault one: the
// faults a run meets must not depend on how many latencies were drawn.
func (s *Server) latencyFor(r *http.Request) time.Duration {
	f := s.opts.Faults
	lo, hi := f.Latency, f.LatencyMax
	var seq *rand.Rand // the draw of the nth IVR PUT, when SamePutLatencies
	if f.PutLatency > 0 && r.Method == http.MethodPut {
		if rt, _, _ := match(apiRoutes, r.Method, r.URL.Path); rt == putIVRRoute {
			lo, hi = f.PutLatency, f.PutLatencyMax
			if f.SamePutLatencies {
				s.putDraws++
				seq = rand.New(rand.NewPCG(uint64(s.opts.Seed), uint64(s.putDraws)))
			}
		}
	}
	if hi <= lo {
		return lo
	}
	if seq != nil {
		return lo + time.Duration(seq.Int64N(int64(hi-lo+1)))
	}
	return lo + rand.N(hi-lo+1)
}
