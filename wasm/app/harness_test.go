package app

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/kv"
)

const pageURL = "http://127.0.0.1:8080/"

// browser is a fake browser profile around the in-process simulator: one
// localStorage shared by its tabs, a sessionStorage per tab, a runner lock.
type browser struct {
	t     *testing.T
	sim   *sim.Server
	local *tabStore
	lock  *fakeLock
	hub   *fakeHub
	grant string
	// configJSON replaces the generated config.json when set.
	configJSON []byte
}

func newBrowser(t *testing.T, o sim.Options, grant string) *browser {
	t.Helper()
	if o.Window == 0 {
		o.Window = 6 * time.Second // ten times faster than Genesys: whole batches in seconds of virtual time
	}
	return &browser{t: t, sim: sim.New(o), local: &tabStore{s: &kv.Map{}, full: &atomic.Bool{}}, lock: &fakeLock{}, hub: &fakeHub{}, grant: grant}
}

// tab is one page load.
type tab struct {
	b         *browser
	app       *App
	session   *kv.Map
	local     *tabStore
	mu        sync.Mutex
	page      string
	navTo     chan string
	toasts    []string
	replaced  []string
	downloads map[string][]byte
}

func (b *browser) config() []byte {
	if b.configJSON != nil {
		return b.configJSON
	}
	w := b.sim.Options().Window.Seconds()
	return []byte(`{"clientId":"gcpace-local","grant":"` + b.grant +
		`","apiBase":"http://127.0.0.1:8081","loginBase":"http://127.0.0.1:8081","windowSeconds":` + strconv.FormatFloat(w, 'g', -1, 64) + `}`)
}

// open loads the page at u in a tab with the given sessionStorage (a reload
// keeps it; a new tab starts empty).
func (b *browser) open(u string, session *kv.Map) *tab {
	b.t.Helper()
	if session == nil {
		session = &kv.Map{}
	}
	tb := &tab{b: b, session: session, page: u, navTo: make(chan string, 4), local: b.local.view()}
	ch := b.hub.open(tb.local)
	hc := &http.Client{Transport: b.sim.Transport()}
	tb.app = New(Deps{
		Session: session,
		Local:   tb.local,
		HTTP:    hc,
		Page: func() *url.URL {
			tb.mu.Lock()
			defer tb.mu.Unlock()
			p, _ := url.Parse(tb.page)
			return p
		},
		ReplaceURL: func(s string) {
			tb.mu.Lock()
			tb.page = s
			tb.replaced = append(tb.replaced, s)
			tb.mu.Unlock()
		},
		Navigate: func(s string) { tb.navTo <- s },
		Download: func(name, _ string, data []byte) {
			tb.mu.Lock()
			if tb.downloads == nil {
				tb.downloads = map[string][]byte{}
			}
			tb.downloads[name] = data
			tb.mu.Unlock()
		},
		Toast: func(title, msg string) {
			tb.mu.Lock()
			tb.toasts = append(tb.toasts, title+": "+msg)
			tb.mu.Unlock()
		},
		Rand:    rand.Reader,
		Runner:  b.lock,
		Channel: ch,
	})
	go tb.app.Start(b.config(), nil)
	return tb
}

// kill ends the tab as closing it would: no more storage writes, the lock
// released, goroutines stopped.
func (tb *tab) kill() {
	tb.local.freeze()
	tb.app.Close()
	synctest.Wait()
}

// login follows the page's redirect to the simulated login and back, as the
// browser would, and returns the tab the redirect loads.
func (tb *tab) login() *tab {
	tb.b.t.Helper()
	var to string
	select {
	case to = <-tb.navTo:
	case <-time.After(time.Minute):
		tb.b.t.Fatal("the page did not go to sign in")
	}
	tb.kill()
	hc := &http.Client{Transport: tb.b.sim.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := hc.Get(to)
	if err != nil {
		tb.b.t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || back == "" {
		tb.b.t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, back)
	}
	return tb.b.open(back, tb.session)
}

// waitFor lets virtual time pass until cond holds for the tab's view.
func (tb *tab) waitFor(what string, limit time.Duration, cond func(View) bool) View {
	tb.b.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		synctest.Wait()
		v := tb.app.View()
		if cond(v) {
			return v
		}
		if time.Now().After(deadline) {
			tb.b.t.Fatalf("waiting for %s: gave up after %v; phase %s, notice %q, batch %+v", what, limit, v.Phase, v.Notice, batchLine(v.Batch))
		}
		time.Sleep(50 * time.Millisecond) // virtual
	}
}

func batchLine(b *Batch) string {
	if b == nil {
		return "none"
	}
	return string(b.State) + " " + strconv.Itoa(b.Ended) + "/" + strconv.Itoa(b.Total)
}

// tabStore is the profile's localStorage as one tab sees it: a killed tab
// writes nothing more, as a closed one would.
type tabStore struct {
	s      *kv.Map
	full   *atomic.Bool // the profile's storage refuses every write
	mu     sync.Mutex
	frozen bool
}

func (t *tabStore) view() *tabStore { return &tabStore{s: t.s, full: t.full} }
func (t *tabStore) freeze() {
	t.mu.Lock()
	t.frozen = true
	t.mu.Unlock()
}
func (t *tabStore) dead() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.frozen
}
func (t *tabStore) Get(k string) (string, bool) { return t.s.Get(k) }
func (t *tabStore) Set(k, v string) error {
	if t.dead() {
		return nil
	}
	if t.full.Load() {
		return kv.ErrQuota
	}
	return t.s.Set(k, v)
}
func (t *tabStore) Remove(k string) {
	if !t.dead() {
		t.s.Remove(k)
	}
}
func (t *tabStore) Keys(p string) []string { return t.s.Keys(p) }

// fakeLock is Web Locks' exclusive lock as the browser grants it: a release
// hands the lock straight to the longest waiting Acquire, if any.
type fakeLock struct {
	mu      sync.Mutex
	held    bool
	waiters []chan struct{}
}

func (l *fakeLock) TryAcquire() (func(), bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held {
		return nil, false
	}
	l.held = true
	return l.release, true
}

func (l *fakeLock) Held() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

func (l *fakeLock) Acquire(ctx context.Context) (func(), bool) {
	l.mu.Lock()
	if !l.held {
		l.held = true
		l.mu.Unlock()
		return l.release, true
	}
	ch := make(chan struct{}, 1)
	l.waiters = append(l.waiters, ch)
	l.mu.Unlock()
	select {
	case <-ch:
		return l.release, true
	case <-ctx.Done():
		l.mu.Lock()
		defer l.mu.Unlock()
		for i, w := range l.waiters {
			if w == ch {
				l.waiters = append(l.waiters[:i], l.waiters[i+1:]...)
				return nil, false
			}
		}
		// Granted as the context ended: pass it on.
		go l.release()
		return nil, false
	}
}

func (l *fakeLock) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.waiters) > 0 {
		w := l.waiters[0]
		l.waiters = l.waiters[1:]
		w <- struct{}{}
		return
	}
	l.held = false
}

// fakeHub is BroadcastChannel between the tabs of a profile: a message
// reaches every other open tab, never its sender; a closed tab hears nothing.
type fakeHub struct {
	mu    sync.Mutex
	peers []*fakeChannel
}

type fakeChannel struct {
	hub    *fakeHub
	closed *tabStore // dead once the tab is killed
	mu     sync.Mutex
	listen []func(string)
}

func (h *fakeHub) open(tabLocal *tabStore) *fakeChannel {
	c := &fakeChannel{hub: h, closed: tabLocal}
	h.mu.Lock()
	h.peers = append(h.peers, c)
	h.mu.Unlock()
	return c
}

func (c *fakeChannel) Listen(f func(string)) {
	c.mu.Lock()
	c.listen = append(c.listen, f)
	c.mu.Unlock()
}

// Post delivers in order, on the sender's goroutine: listeners never block.
func (c *fakeChannel) Post(msg string) {
	if c.closed.dead() {
		return
	}
	c.hub.mu.Lock()
	peers := append([]*fakeChannel(nil), c.hub.peers...)
	c.hub.mu.Unlock()
	for _, p := range peers {
		if p == c || p.closed.dead() {
			continue
		}
		p.mu.Lock()
		fs := append([]func(string){}, p.listen...)
		p.mu.Unlock()
		for _, f := range fs {
			f(msg)
		}
	}
}
