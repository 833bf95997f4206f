package sim

import (
	"maps"
	"slices"
	"time"
)

// Entry is one request in the log. It never holds a token, only a short hash
// of the one presented (see SawToken).
type Entry struct {
	Time          time.Time `json:"time"`
	Method        string    `json:"method"`
	Host          string    `json:"host,omitempty"` // the host the request was sent to (Host header)
	Path          string    `json:"path"`
	Query         string    `json:"query,omitempty"`
	Route         string    `json:"route"` // "PUT /api/v2/architect/ivrs/{ivrId}"; "" when no route matched
	Status        int       `json:"status"`
	Bucket        string    `json:"bucket,omitempty"` // the bucket that refused it, else the tightest it consumed
	TokenUsed     bool      `json:"tokenUsed"`        // it carried a bearer token
	TokenHash     string    `json:"tokenHash,omitempty"`
	Origin        string    `json:"origin,omitempty"`
	CorrelationID string    `json:"correlationId,omitempty"`
	Fault         string    `json:"fault,omitempty"`    // "5xx" or "drop"
	External      bool      `json:"external,omitempty"` // an external edit, not a request of the client
	// Latency is what the request waited before the server acted on it
	// (Faults): it arrived at Time - Latency.
	Latency time.Duration `json:"latency,omitempty"`
}

// Counters add up the log since New or Reset.
type Counters struct {
	Requests        int            `json:"requests"` // preflights included, external edits not
	Routes          map[string]int `json:"routes"`   // by Entry.Route ("OPTIONS …" for preflights)
	Statuses        map[int]int    `json:"statuses"`
	Buckets         map[string]int `json:"buckets"`    // consumed by the client (counted preflights included)
	Background      map[string]int `json:"background"` // consumed by the background load
	Rejected        map[string]int `json:"rejected"`   // client requests each bucket refused
	TooManyRequests int            `json:"tooManyRequests"`
	Preflights      int            `json:"preflights"`
	Faults5xx       int            `json:"faults5xx"`
	Dropped         int            `json:"dropped"`
	ExternalEdits   int            `json:"externalEdits"`
	Revocations     int            `json:"revocations"`
}

// maxLog bounds the log; the oldest entries go first. SawToken remembers
// every token hash regardless.
const maxLog = 100_000

type recorder struct {
	log      []Entry
	seen     map[string]bool // short token hashes that reached the server
	counters Counters
}

func newRecorder() recorder {
	return recorder{seen: map[string]bool{}, counters: Counters{
		Routes: map[string]int{}, Statuses: map[int]int{}, Buckets: map[string]int{},
		Background: map[string]int{}, Rejected: map[string]int{},
	}}
}

func (rc *recorder) add(e Entry) {
	if len(rc.log) >= maxLog {
		rc.log = slices.Delete(rc.log, 0, maxLog/10)
	}
	rc.log = append(rc.log, e)
	if e.External {
		return
	}
	c := &rc.counters
	c.Requests++
	c.Routes[e.Route]++
	c.Statuses[e.Status]++
	if e.Method == "OPTIONS" {
		c.Preflights++
	}
	if e.Status == 429 {
		c.TooManyRequests++
	}
	if e.TokenHash != "" {
		rc.seen[e.TokenHash] = true
	}
	switch e.Fault {
	case "5xx":
		c.Faults5xx++
	case "drop":
		c.Dropped++
	}
}

// Log returns a copy of the request log, oldest first. Control requests
// under /_sim/ are not in it.
func (s *Server) Log() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.log)
}

// Counters returns a copy of the counters.
func (s *Server) Counters() Counters {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counters()
}

func (s *Server) counters() Counters {
	s.lim.advance(s.now())
	c := s.rec.counters
	c.Routes, c.Statuses = maps.Clone(c.Routes), maps.Clone(c.Statuses)
	c.Buckets, c.Background, c.Rejected = map[string]int{}, map[string]int{}, map[string]int{}
	for name, b := range s.lim.buckets {
		c.Buckets[name], c.Background[name], c.Rejected[name] = b.client, b.bg, b.rejected
	}
	return c
}

// SawToken reports whether any request ever presented tok (since New or Reset).
func (s *Server) SawToken(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.seen[shortHash(tok)]
}
