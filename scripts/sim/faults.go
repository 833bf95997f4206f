package sim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"
)

// faultState draws every fault from one generator seeded by Options.Seed, so
// a run whose requests arrive in the same order meets the same faults.
type faultState struct {
	r       *rand.Rand
	f       Faults
	puts    int      // the client's IVR PUTs since the faults were set
	okPuts  int      // those that succeeded
	revoked bool     // RevokeAfterPUTs has fired
	pending []string // IVRs the client read by id and has not PUT since, oldest first
}

func newFaultState(seed int64, f Faults) faultState {
	return faultState{r: rand.New(rand.NewPCG(uint64(seed), 0x666c74)), f: f} // "flt"
}

func (fs *faultState) set(f Faults) {
	fs.f, fs.puts, fs.okPuts, fs.revoked, fs.pending = f, 0, 0, false, nil
}

func (fs *faultState) read(id string) {
	if !slices.Contains(fs.pending, id) {
		fs.pending = append(fs.pending, id)
	}
}

// serverError returns 502, 503 or 504 at Rate5xx, else 0.
func (fs *faultState) serverError() int {
	if fs.f.Rate5xx <= 0 || fs.r.Float64() >= fs.f.Rate5xx {
		return 0
	}
	return []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}[fs.r.IntN(3)]
}

func (fs *faultState) drop() bool {
	return fs.f.DropRate > 0 && fs.r.Float64() < fs.f.DropRate
}

func serverErrorBody(status int) *ErrorBody {
	switch status {
	case http.StatusBadGateway:
		return apiError(status, CodeBadGateway, "The server received an invalid response from an upstream server.")
	case http.StatusServiceUnavailable:
		return apiError(status, CodeUnavailable, "The service is temporarily unavailable. Please try again later.")
	default:
		return apiError(status, CodeTimeout, "The server did not receive a timely response from an upstream server.")
	}
}

// afterPut runs the faults that count the client's IVR PUTs.
func (s *Server) afterPut(c *call, status int) {
	fs := &s.flt
	fs.puts++
	fs.pending = slices.DeleteFunc(fs.pending, func(id string) bool { return id == c.params["ivrId"] })
	if status == http.StatusOK {
		fs.okPuts++
		if n := fs.f.ExternalEditEvery; n > 0 && fs.okPuts%n == 0 {
			s.externalEdit(c.now)
		}
	}
	if n := fs.f.RevokeAfterPUTs; n > 0 && !fs.revoked && fs.puts >= n {
		fs.revoked = true
		s.auth.revokeAll()
		s.rec.counters.Revocations++
	}
}

// externalEdit is "someone else" editing an IVR in Architect. It picks, at
// random, an IVR the client has read but not yet written back (the race a
// prefetching client meets), or else any IVR that is not deleted. It bumps
// the version, rewrites the description, and adds or removes one number of
// the editor's own pool, which FreeNumbers never hands out: so the edit
// changes what the client must re-read, never what the client may do.
func (s *Server) externalEdit(now time.Time) {
	fs, g := &s.flt, s.org
	var ids []string
	for _, id := range fs.pending {
		if g.ivrs[id].State != StateDeleted {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		for _, id := range g.order {
			if g.ivrs[id].State != StateDeleted {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return
	}
	cur := g.ivrs[ids[fs.r.IntN(len(ids))]]
	v := cur.clone()
	v.Version++
	v.Description = "Edited in Architect by " + g.editor.Name + " at " + isoTime(now)
	v.DateModified, v.ModifiedBy, v.ModifiedByApp = isoTime(now), g.editor.ID, "architect"
	if i := slices.IndexFunc(v.DNIS, g.numbers.isExternal); i >= 0 {
		v.DNIS = slices.Delete(v.DNIS, i, i+1)
	} else if n, ok := g.numbers.externalFree(); ok {
		v.DNIS = append(v.DNIS, n)
	}
	g.numbers.take(v.ID, cur.DNIS, v.DNIS)
	g.ivrs[v.ID] = &v
	g.sorted = nil
	s.rec.counters.ExternalEdits++
	s.rec.add(Entry{Time: now, Method: http.MethodPut, Path: v.SelfURI, Route: "external edit", Status: http.StatusOK, External: true})
}

// sleep waits d on the Server's clock: a Clock with a Sleep method, else a
// timer (virtual inside a synctest bubble) that the request's end cancels.
func (s *Server) sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	if sl, ok := s.opts.Clock.(interface{ Sleep(time.Duration) }); ok {
		sl.Sleep(d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
