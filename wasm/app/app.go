// Package app is gcpace's behaviour without the DOM: sign-in, loading the
// org's IVRs, planning a change of any kind and handing it to the engine
// (wasm/batch), which runs, resumes and undoes batches. The UI
// renders its View; main wires it to the browser. It builds natively, so the
// whole flow is tested against the simulator without a browser.
package app

import (
	"context"
	"io"
	"net/url"
	"sync"
	"time"

	"github.com/gcpace/gcpace/wasm/auth"
	"github.com/gcpace/gcpace/wasm/batch"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kinds/ivrnumbers"
	"github.com/gcpace/gcpace/wasm/kinds/schedgroups"
	"github.com/gcpace/gcpace/wasm/kv"
)

// Deps is what the app needs from its host: the browser, or fakes in tests.
type Deps struct {
	Session    kv.Store     // per tab; the only place the token is kept
	Local      kv.Store     // per profile; the journal
	HTTP       genesys.Doer // every API and login call
	Page       func() *url.URL
	ReplaceURL func(string) // rewrite the address bar without reload
	Navigate   func(string) // leave for the login page
	Download   func(name, mime string, data []byte)
	Toast      func(title, message string)
	Now        func() time.Time
	Rand       io.Reader
	Runner     Runner  // one batch runner per browser profile; nil: always this tab
	Channel    Channel // to the app's other tabs; nil: none

	// Embedded is called once the region is resolved, with the client-app
	// parameters (gcHostOrigin, gcTargetEnv, …) only when they name a Genesys
	// Cloud region this page knows: the client-app bridge is built from
	// them, never from the raw URL. nil: not embedded.
	Embedded func(pageQuery url.Values)
}

// Runner is the lock that makes one tab the batch runner (Web Locks).
type Runner = batch.Runner

// Channel carries snapshots between tabs (BroadcastChannel).
type Channel = batch.Channel

// App is safe for concurrent use: UI callbacks call its methods, which return
// at once and do their I/O in goroutines.
type App struct {
	d        Deps
	ctx      context.Context
	stop     context.CancelFunc
	mu       sync.Mutex
	view     View
	onChange func()

	settings  auth.Settings
	flow      *auth.Flow
	client    *genesys.Client   // the page's calls: sign-in check, listing, limits
	jobs      *genesys.Client   // the batch's reads and writes
	ivrs      map[string]orgIVR // the loaded org, kept fresh by the batch's own reads and writes
	plan      planSlot          // the preview apply would start (plan.go)
	eng       *batch.Engine     // runs, resumes, follows and undoes batches (run.go)
	ivrKind   *ivrnumbers.Kind  // the kinds of edit (run.go)
	groupKind *schedgroups.Kind
	wf        workflows  // uploads, exports (upload.go)
	grp       groupState // the schedule groups kind (groups.go)
}

// observe hands every API answer's rate-limit headers to the running queue,
// so calls it did not make (listing, sign-in checks) still teach it.
func (a *App) observe(method, path string, m genesys.Meta) { a.eng.Observe(method, path, m) }

// New returns an app that has not started; call Start.
func New(d Deps) *App {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Toast == nil {
		d.Toast = func(string, string) {}
	}
	if d.Download == nil {
		d.Download = func(string, string, []byte) {}
	}
	ctx, stop := context.WithCancel(context.Background())
	a := &App{d: d, ctx: ctx, stop: stop, view: View{Phase: PhaseStarting}, ivrs: map[string]orgIVR{}}
	a.ivrKind = ivrnumbers.New(ivrnumbers.Deps{
		Client:   func() *genesys.Client { return a.jobs },
		SignedIn: a.signedIn,
		Remember: a.remember,
	})
	a.groupKind = schedgroups.NewKind(schedgroups.Deps{
		Client:       func() *genesys.Client { return a.jobs },
		SignedIn:     a.signedIn,
		Seen:         a.groupSeen,
		ScheduleName: a.scheduleName,
	})
	a.eng = batch.New(batch.Config{
		Local: d.Local, Session: d.Session, Runner: d.Runner, Channel: d.Channel, Now: d.Now, Ctx: ctx,
		Kinds: a.kinds(),
		Host:  host{a},
		Yield: pageYield, // a batch of thousands of jobs starts in slices (issue 14)
	})
	return a
}

// Close stops everything the app runs, as closing the tab would: requests in
// flight are abandoned and the journal keeps the batch for the next load.
func (a *App) Close() { a.stop() }

// OnChange registers f, called (from any goroutine) after the View changed.
func (a *App) OnChange(f func()) {
	a.mu.Lock()
	a.onChange = f
	a.mu.Unlock()
}

// View returns the current view. Slices inside are shared and read-only.
func (a *App) View() View {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.view
}

// update changes the view under the lock and tells the UI.
func (a *App) update(f func(v *View)) {
	a.mu.Lock()
	f(&a.view)
	cb := a.onChange
	a.mu.Unlock()
	if cb != nil {
		cb()
	}
}

func (a *App) notice(msg string, bad bool) {
	a.update(func(v *View) { v.Notice, v.NoticeBad = msg, bad })
}
