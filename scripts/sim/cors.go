package sim

import (
	"net/http"
	"strings"
)

// The API and login live on their own origin, apart from the page's, as
// with the real Genesys Cloud.
const (
	corsMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
	corsHeaders = "Authorization, Content-Type" // no others: a page sending custom headers fails here as it would for real
	// corsMaxAge is 0: browsers cache no preflight, so every request with
	// Authorization (every API call) is preflighted. PUTs go to a different
	// URL per IVR, which defeats the preflight cache anyway; 0 makes GETs of
	// the same URL pay too, the worst case a client must live with.
	corsMaxAge = "0"
	// corsExposed is what Options.ExposeHeaders lets the page read.
	corsExposed = "Retry-After, inin-ratelimit-count, inin-ratelimit-allowed, inin-ratelimit-reset, ININ-Correlation-Id"
)

// preflight answers OPTIONS. Preflights carry no token, so with
// Options.CountPreflight they count against the sample user's buckets of the
// request they announce; they consume only when every bucket has room and
// are never refused (a browser would report a refused preflight as a network
// error, not a 429, and the page could not read its Retry-After).
func (s *Server) preflight(c *call, e *Entry, api bool) reply {
	path := c.r.URL.Path
	e.Route = "OPTIONS " + path
	method := strings.ToUpper(c.r.Header.Get("Access-Control-Request-Method"))
	if rt, _, _ := match(apiRoutes, method, path); rt != nil {
		e.Route = "OPTIONS " + rt.pattern
		if s.opts.CountPreflight {
			buckets := rt.buckets
			if buckets == nil {
				buckets = []string{BucketClientUser, BucketUser}
			}
			s.lim.offer(c.now, buckets)
		}
	} else if rt, _, _ := match(loginRoutes, method, path); rt != nil {
		e.Route = "OPTIONS " + rt.pattern
	} else if api && s.opts.CountPreflight {
		s.lim.offer(c.now, []string{BucketClientUser, BucketUser})
	}
	rep := reply{status: http.StatusNoContent}
	rep.set("Access-Control-Allow-Methods", corsMethods)
	rep.set("Access-Control-Allow-Headers", corsHeaders)
	rep.set("Access-Control-Max-Age", corsMaxAge)
	return rep
}

// cors lets the page's origin read the answer: its origin is echoed (any
// origin may call; Genesys decides by token, not origin).
func (s *Server) cors(c *call, rep *reply) {
	origin := c.r.Header.Get("Origin")
	if origin == "" {
		return
	}
	rep.set("Access-Control-Allow-Origin", origin)
	rep.header.Add("Vary", "Origin")
	if s.opts.ExposeHeaders && c.r.Method != http.MethodOptions {
		rep.set("Access-Control-Expose-Headers", corsExposed)
	}
}
