package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kv"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// A test kind over a resource in memory: each key holds a list of words,
// and an intent adds words to it. The engine sees only the Kind.

type resource struct {
	mu      sync.Mutex
	vals    map[string][]string
	version map[string]int
	writes  map[string]int // PUTs per key
}

func newResource(keys ...string) *resource {
	r := &resource{vals: map[string][]string{}, version: map[string]int{}, writes: map[string]int{}}
	for _, k := range keys {
		r.vals[k], r.version[k] = []string{}, 1
	}
	return r
}

func (r *resource) get(key string) ([]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.vals[key]), r.version[key]
}

func (r *resource) put(key string, v []string, version int) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.version[key] != version {
		return &genesys.Error{Meta: genesys.Meta{Status: 409}, Body: genesys.ErrorBody{Status: 409, Message: "version conflict"}}
	}
	r.vals[key], r.version[key] = slices.Clone(v), version+1
	r.writes[key]++
	return nil
}

func (r *resource) totalWrites() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, w := range r.writes {
		n += w
	}
	return n
}

// addWords is the test kind's intent.
type addWords struct {
	Add []string `json:"add"`
}

type testKind struct{ r *resource }

type copyRead struct {
	vals    []string
	version int
}

func (k testKind) Name() string          { return "test-words" }
func (k testKind) Resource() string      { return "/api/v2/architect/ivrs/x" }
func (k testKind) Thing() string         { return "word list" }
func (k testKind) Updates(n int) string  { return fmt.Sprintf("%d word updates", n) }
func (k testKind) Summary(in any) string { return fmt.Sprint("add ", in.(addWords).Add) }
func (k testKind) Work() pacer.Work      { return k }
func (k testKind) EncodeIntent(in any) (json.RawMessage, error) {
	a, ok := in.(addWords)
	if !ok {
		return nil, errors.New("not addWords")
	}
	return json.Marshal(a)
}
func (k testKind) DecodeIntent(raw json.RawMessage) (any, error) {
	var a addWords
	err := json.Unmarshal(raw, &a)
	return a, err
}

func (k testKind) Read(_ context.Context, j pacer.Job) (any, genesys.Meta, error) {
	v, ver := k.r.get(j.Key)
	m := genesys.Meta{Status: 200}
	if !slices.ContainsFunc(j.Intent.(addWords).Add, func(w string) bool { return !slices.Contains(v, w) }) {
		return nil, m, pacer.ErrNothingToDo
	}
	return copyRead{v, ver}, m, nil
}

func (k testKind) Write(_ context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	c := read.(copyRead)
	for _, w := range j.Intent.(addWords).Add {
		if !slices.Contains(c.vals, w) {
			c.vals = append(c.vals, w)
		}
	}
	if err := k.r.put(j.Key, c.vals, c.version); err != nil {
		return genesys.Meta{Status: 409}, err
	}
	return genesys.Meta{Status: 200}, nil
}

// fakeHost records what the engine shows.
type fakeHost struct {
	mu     sync.Mutex
	screen Screen
	ended  []*Batch
}

func (h *fakeHost) Update(f func(s *Screen)) {
	h.mu.Lock()
	f(&h.screen)
	h.mu.Unlock()
}
func (h *fakeHost) Words(err error) string              { return err.Error() }
func (h *fakeHost) Window() time.Duration               { return 6 * time.Second }
func (h *fakeHost) Learn(context.Context, *pacer.Queue) {}
func (h *fakeHost) SignedOut()                          {}
func (h *fakeHost) SignIn()                             {}
func (h *fakeHost) Ended(b *Batch)                      { h.mu.Lock(); h.ended = append(h.ended, b); h.mu.Unlock() }
func (h *fakeHost) view() Screen                        { h.mu.Lock(); defer h.mu.Unlock(); return h.screen }

// fakeLock is the profile's runner lock (Web Locks), shared by its tabs.
type fakeLock struct {
	mu   sync.Mutex
	held bool
	free chan struct{} // closed when released
}

func (l *fakeLock) TryAcquire() (func(), bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return nil, false
	}
	l.held, l.free = true, make(chan struct{})
	free := l.free
	return sync.OnceFunc(func() {
		l.mu.Lock()
		l.held = false
		l.mu.Unlock()
		close(free)
	}), true
}

func (l *fakeLock) Acquire(ctx context.Context) (func(), bool) {
	for {
		if release, ok := l.TryAcquire(); ok {
			return release, true
		}
		l.mu.Lock()
		free := l.free
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, false
		case <-free:
		}
	}
}

func (l *fakeLock) Held() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

// tab is one page load's engine over the profile's stores.
type tab struct {
	e     *Engine
	host  *fakeHost
	stop  context.CancelFunc
	local kv.Store
}

func openTab(local, session kv.Store, lock Runner, k Kind) *tab {
	ctx, stop := context.WithCancel(context.Background())
	h := &fakeHost{}
	e := New(Config{Local: local, Session: session, Runner: lock, Kinds: []Kind{k}, Host: h, Ctx: ctx})
	return &tab{e: e, host: h, stop: stop, local: local}
}

// plan adds word w to each key.
func plan(k testKind, w string, keys ...string) Plan {
	p := Plan{ID: "plan-1", Kind: k, Purpose: Apply, Before: map[string]json.RawMessage{}}
	for i, key := range keys {
		v, _ := k.r.get(key)
		p.Before[key], _ = json.Marshal(v)
		p.Jobs = append(p.Jobs, pacer.Job{ID: fmt.Sprintf("j%d", i+1), Key: key, Label: "list " + key, Intent: addWords{Add: []string{w}}})
	}
	return p
}

// waitScreen lets virtual time pass until cond holds.
func waitScreen(t *testing.T, tb *tab, what string, cond func(Screen) bool) Screen {
	t.Helper()
	for range 2000 {
		if s := tb.host.view(); cond(s) {
			return s
		}
		time.Sleep(50 * time.Millisecond) // virtual
	}
	t.Fatalf("waiting for %s: gave up; screen %+v", what, tb.host.view())
	return Screen{}
}
