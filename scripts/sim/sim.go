// Package sim is a simulator of the Genesys Cloud API and login, as far as gcpace uses them.
//
// It is a library first: New builds a Server from Options, Handler serves it on
// any listener, and Transport calls it in-process (no sockets, so it works inside
// testing/synctest bubbles). Time comes from Options.Clock, or time.Now, which is
// virtual inside a synctest bubble; the Server starts no goroutine of its own.
//
// It is an independent fake of Genesys: it shares no types with the client code
// under wasm/, and its fidelity is checked by clients nobody here wrote (the
// official JavaScript SDK, see sdk_test.go).
//
// Inside a synctest bubble, create the Server in the bubble: its rate-limit
// windows start at New.
package sim

import (
	"math/rand/v2"
	"sync"
	"time"
)

// Options configure a Server. The zero value is a usable sample org.
type Options struct {
	Seed   int64         // same Seed, same org
	IVRs   int           // IVRs in the org, deleted ones included; 0 means 250
	Window time.Duration // length of one rate-limit window; 0 means 60 s

	// Enforced limits are what the simulator applies; Documented limits are
	// what it reports through the limits API. Zero fields take the defaults.
	Enforced, Documented Limits

	ExposeHeaders        bool // list Retry-After and inin-* in Access-Control-Expose-Headers
	CountPreflight       bool // CORS preflights consume from the buckets of the request they announce
	VersionConflictAs400 bool // a stale version answers 400 "… does not match the current version" instead of 409

	Background Background // load from "the Genesys UI" of the same user
	Faults     Faults

	ClientID      string        // OAuth client id of the sample org; "" means "gcpace-local"
	RedirectURIs  []string      // registered redirect URIs; empty accepts any http(s) URL
	TokenLifetime time.Duration // 0 means 1 h
	User          User          // the sample admin; zero fields take defaults ("Alex Admin")
	ChooseUser    bool          // the login shows a page to pick one of People unless login_hint names one
	Clock         Clock         // nil means time.Now
}

// Limits are requests per window (per minute at the default window).
type Limits struct {
	IVRPut           int `json:"ivrPut"`           // resource bucket of PUT /api/v2/architect/ivrs/{ivrId}, per user
	ScheduleGroupPut int `json:"scheduleGroupPut"` // resource bucket of PUT /api/v2/architect/schedulegroups/{id}, per user
	ClientUser       int `json:"clientUser"`       // org.app.user.rate.per.minute: one user through this OAuth client
	User             int `json:"user"`             // org.user.rate.per.minute: one user through every client
}

// DefaultLimits are Genesys's documented defaults.
var DefaultLimits = Limits{IVRPut: 100, ScheduleGroupPut: 100, ClientUser: 300, User: 3000}

// Background is what the Genesys UI, open in the same browser, spends of the
// user's budget: requests per window (per minute at the default window),
// spread evenly over each window.
// UserPerMinute consumes the user bucket; IVRPutPerMinute consumes the IVR-PUT
// bucket and the user bucket (edits the person makes in Architect itself).
// Neither touches the client×user bucket, which belongs to gcpace's client.
type Background struct {
	UserPerMinute   int `json:"userPerMinute"`
	IVRPutPerMinute int `json:"ivrPutPerMinute"`
}

// Faults are injected with a generator seeded from Options.Seed.
type Faults struct {
	Rate5xx  float64       `json:"rate5xx"`  // share of API calls answered 502, 503 or 504
	DropRate float64       `json:"dropRate"` // share of API calls whose connection drops after the server acted on them
	Latency  time.Duration `json:"latency"`  // added before every API call

	// LatencyMax, when above Latency, makes each API call wait a uniform
	// draw between the two instead. PutLatency…PutLatencyMax, when
	// PutLatency is set, replace both for IVR PUTs (a slow server).
	LatencyMax    time.Duration `json:"latencyMax,omitempty"`
	PutLatency    time.Duration `json:"putLatency,omitempty"`
	PutLatencyMax time.Duration `json:"putLatencyMax,omitempty"`
	// SamePutLatencies makes the nth IVR PUT's draw depend on Seed and n
	// alone, so that two clients of one slow server meet the same round
	// trips in the same order (make bench compares them on it).
	SamePutLatencies bool `json:"samePutLatencies,omitempty"`

	// ExternalEditEvery makes "someone else" edit an IVR after every N
	// successful PUTs of the client: version bump, new description, and one of
	// the editor's own numbers added or removed (never a number the client could
	// want: see externalEdit).
	ExternalEditEvery int `json:"externalEditEvery"`

	// RevokeAfterPUTs revokes every token once, right after the client's Nth
	// IVR PUT (counted from New, SetFaults or Reset).
	RevokeAfterPUTs int `json:"revokeAfterPUTs"`

	// LoginError makes the login answer every sign-in with this OAuth
	// error (access_denied, as when the person refuses or consent was
	// removed) instead of a token or code, sent back to the page.
	LoginError string `json:"loginError"`
}

// User is the org's sample user, who holds one DID number of their own.
type User struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Number string `json:"number"` // a DID on the user: no IVR may take it
}

// Clock tells the simulator the time. A Clock that also has a
// Sleep(time.Duration) method is used for Faults.Latency too.
type Clock interface{ Now() time.Time }

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// Server is a simulated Genesys Cloud org. It is safe for concurrent use.
type Server struct {
	mu    sync.Mutex
	opts  Options // with defaults applied
	org   *org
	lim   *limiter
	auth  *authState
	flt   faultState
	rec   recorder
	ids   *rand.Rand // correlation ids
	start time.Time  // origin of the rate-limit windows

	putDraws uint64 // IVR PUT latencies drawn, for Faults.SamePutLatencies
}

// New builds the sample org of opts.Seed and a Server around it.
func New(opts Options) *Server {
	opts = withDefaults(opts)
	s := &Server{opts: opts}
	s.start = s.now()
	s.org = seedOrg(opts)
	s.opts.User = s.org.user
	s.lim = newLimiter(s.start, opts)
	s.auth = newAuthState()
	s.flt = newFaultState(opts.Seed, opts.Faults)
	s.ids = rand.New(rand.NewPCG(uint64(opts.Seed), 0x636f7272)) // "corr"
	s.rec = newRecorder()
	return s
}

func withDefaults(o Options) Options {
	if o.IVRs <= 0 {
		o.IVRs = 250
	}
	if o.Window <= 0 {
		o.Window = 60 * time.Second
	}
	o.Enforced = o.Enforced.withDefaults()
	o.Documented = o.Documented.withDefaults()
	if o.ClientID == "" {
		o.ClientID = "gcpace-local"
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = time.Hour
	}
	return o
}

func (l Limits) withDefaults() Limits {
	if l.IVRPut <= 0 {
		l.IVRPut = DefaultLimits.IVRPut
	}
	if l.ScheduleGroupPut <= 0 {
		l.ScheduleGroupPut = DefaultLimits.ScheduleGroupPut
	}
	if l.ClientUser <= 0 {
		l.ClientUser = DefaultLimits.ClientUser
	}
	if l.User <= 0 {
		l.User = DefaultLimits.User
	}
	return l
}

func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock.Now()
	}
	return time.Now()
}

// Options returns the options in force, defaults applied.
func (s *Server) Options() Options {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts
}

// User returns the sample user.
func (s *Server) User() User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.org.user
}

// SetFaults replaces the faults in force and restarts their PUT counts.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Faults = f
	s.flt.set(f)
}

// SetLimits replaces the enforced and documented limits (zero fields take the
// defaults). Counts in the current window are kept.
func (s *Server) SetLimits(enforced, documented Limits) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Enforced = enforced.withDefaults()
	s.opts.Documented = documented.withDefaults()
	s.lim.setLimits(s.opts.Enforced)
}

// SetBackground replaces the background load from the next window on.
func (s *Server) SetBackground(b Background) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.Background = b
	s.lim.setBackground(b)
}

// AlignWindows makes the rate windows start afresh at the next request
// that meets the limiter (a counted preflight or an API call): every
// client a benchmark compares then begins at the same point of a window,
// rather than wherever its sign-in and start-up left it, which alone moves
// a short run's makespan by a whole window.
func (s *Server) AlignWindows() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lim.alignNext = true
}

// WindowOrigin is when the current rate windows started (the Server's
// start, or the request AlignWindows waited for), and how many background
// IVR PUTs had been applied before that.
func (s *Server) WindowOrigin() (time.Time, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lim.origin, s.lim.alignBg
}

// Reset restores the seeded org and clears the log, the counters, the rate
// windows and the faults' counts. Tokens stay valid, so a signed-in page
// carries on.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.org = seedOrg(s.opts)
	s.start = s.now()
	s.lim = newLimiter(s.start, s.opts)
	s.flt.set(s.opts.Faults)
	s.rec = newRecorder()
}
