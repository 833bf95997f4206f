package batch

import (
	"context"
	"sync"
	"time"

	"github.com/gcpace/gcpace/wasm/batch/internal/journal"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// Runner is the lock that makes one tab the batch runner (Web Locks).
type Runner interface {
	TryAcquire() (release func(), ok bool)
	Acquire(ctx context.Context) (release func(), ok bool)
	Held() bool // whether some tab holds it now, without asking for it
}

// Channel carries snapshots between tabs (BroadcastChannel).
type Channel interface {
	Post(msg string)
	Listen(f func(msg string))
}

// Host is what the engine needs from the app. Its methods may be called
// from any goroutine; the engine never calls them holding its own lock.
type Host interface {
	// Update changes the page's Screen and tells the page.
	Update(f func(s *Screen))
	// Words is an error as the person reads it.
	Words(err error) string
	// Window is the rate-limit window in force.
	Window() time.Duration
	// Learn may teach a starting queue the org's real limits; it runs in
	// its own goroutine for as long as the batch runs (ctx).
	Learn(ctx context.Context, q *pacer.Queue)
	// SignedOut is called when a 401 stopped the batch: the token is no
	// good. It must not block.
	SignedOut()
	// SignIn is called a moment later, the runner lock handed on: sign in
	// again (the batch resumes after the reload).
	SignIn()
	// Ended is called when a batch this tab ran has ended, after it was
	// recorded and shown.
	Ended(b *Batch)
}

// Config is what an Engine is made of.
type Config struct {
	Local   kv.Store // per profile: the journal and the history
	Session kv.Store // per tab: which batch this tab owns
	Runner  Runner   // one batch runner per browser profile; nil: always this tab
	Channel Channel  // to the app's other tabs; nil: none
	Now     func() time.Time
	Kinds   []Kind // every kind this page can run (and resume)
	Host    Host
	// ctx ends every goroutine of the engine: the page closed.
	Ctx context.Context
	// Yield, when set, returns a fresh pause hook for one long stretch of
	// work (starting a batch of thousands of jobs): called often, the hook
	// hands the page's one thread back now and then (see app's pageYield).
	// nil: never pause.
	Yield func() func()
}

// Engine runs this tab's batches. Safe for concurrent use.
type Engine struct {
	c     Config
	kinds map[string]Kind

	mu        sync.Mutex
	run       *runState // the batch this tab runs, if any
	last      *runState // the latest batch, running or ended (export, undo)
	starting  bool      // Reserve'd: a batch is about to start
	listening bool
	asked     *Record // a batch this tab did not start, waiting for the person's answer
	who       Who
}

// New returns an engine over c.
func New(c Config) *Engine {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Ctx == nil {
		c.Ctx = context.Background()
	}
	e := &Engine{c: c, kinds: map[string]Kind{}}
	for _, k := range c.Kinds {
		e.kinds[k.Name()] = k
	}
	return e
}

func (e *Engine) kind(name string) Kind { return e.kinds[name] }

func (e *Engine) journal() *journal.Journal { return &journal.Journal{Store: e.c.Local} }
func (e *Engine) history() *journal.History { return &journal.History{Store: e.c.Local} }
func (e *Engine) now() time.Time            { return e.c.Now() }
func (e *Engine) words(err error) string    { return e.c.Host.Words(err) }

func (e *Engine) notice(msg string, bad bool) {
	e.c.Host.Update(func(s *Screen) { s.Notice, s.NoticeBad = msg, bad })
}

// Observe hands an API answer's rate-limit headers to the running queue,
// so calls it did not make (listing, sign-in checks) still teach it.
func (e *Engine) Observe(method, path string, m genesys.Meta) {
	e.mu.Lock()
	rs := e.run
	e.mu.Unlock()
	if rs != nil {
		rs.queue.Observe(method, path, m)
	}
}

// Running reports whether this tab runs a batch now.
func (e *Engine) Running() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.run != nil
}

// Reserve claims the right to Start a batch: false while this tab runs one
// or another Reserve has not started yet. Start releases it.
func (e *Engine) Reserve() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.run != nil || e.starting {
		return false
	}
	e.starting = true
	return true
}

func (e *Engine) unreserve() {
	e.mu.Lock()
	e.starting = false
	e.mu.Unlock()
}

// Load is the journal's latest batch, read as the runner does (records it
// cannot read are moved aside).
func (e *Engine) Load() (*Record, error) { return e.journal().Load() }

// Peek is Load that moves nothing.
func (e *Engine) Peek() (*Record, error) { return e.journal().Peek() }

// Last is a copy of the latest batch's record: the one running, or ended.
func (e *Engine) Last() (Record, bool) {
	e.mu.Lock()
	rs := e.last
	e.mu.Unlock()
	if rs == nil {
		return Record{}, false
	}
	return rs.record(), true
}

func (e *Engine) setLast(rec Record) {
	e.mu.Lock()
	e.last = &runState{rec: rec}
	e.mu.Unlock()
}
