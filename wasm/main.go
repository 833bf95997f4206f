//go:build js && wasm

// Command gcpace is the WebAssembly program behind the page: it wires the
// browser (storage, fetch, address bar, client-app bridge) to the app and
// renders it. All logic lives in packages that also build natively.
package main

import (
	"context"
	"crypto/rand"
	"runtime/debug"
	"sync"
	"syscall/js"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/internal/browser"
	"github.com/gcpace/gcpace/wasm/pacer"
	"github.com/gcpace/gcpace/wasm/ui"
)

func main() {
	// boot.js marks the steps before this one: the time since its
	// "instantiated" mark is the Go runtime's start and the packages' init.
	mark("main")
	// Until the page is first settled (ready, signed out or failed), the
	// collector runs less often: the start decodes the whole IVR list (about
	// 1 kB of JSON per IVR) into a heap that is still small, and at the
	// default a collection ran every few pages. Set back by markPhases.
	debug.SetGCPercent(400)
	root := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{
		Value: dom.GetWindow().Document().GetElementByID("app").Underlying()}}}
	// The address boot.js took the OAuth answer from, before the URL was
	// cleaned; read once.
	bar := browser.NewAddressBar()
	host := &browser.ClientApp{} // connected by the app once the region is checked
	session := browser.SessionStorage()
	// The API reads of this load before it is ready are noted for the next
	// load of this tab, whose boot.js sends them ahead; this load takes the
	// answers boot.js already has (app.StartPlan).
	plan := &app.StartPlan{HTTP: browser.WithEarlyAPI(browser.HTTP()), Session: session}
	a := app.New(app.Deps{
		Session:    session,
		Local:      browser.LocalStorage(),
		HTTP:       plan,
		Page:       bar.Page,
		ReplaceURL: bar.Replace,
		Navigate:   browser.Navigate,
		Download:   browser.Download,
		Toast:      host.Toast,
		Embedded:   host.Connect,
		Now:        time.Now,
		Rand:       rand.Reader,
		Runner:     browser.NewRunnerLock("gcpace-runner"),
		Channel:    browser.NewChannel("gcpace"),
	})
	// A page restored from the back-forward cache must not carry on a run
	// another tab has taken over meanwhile.
	browser.OnPageHide(a.Hidden)
	browser.OnRestored(a.Restored)
	page := ui.New(a, root)
	mark("ui-built")
	a.OnChange(markPhases(a, plan.Save, page.Changed))
	go func() {
		// config.json sits next to index.html; the address bar is already
		// clean (boot.js), so it can be read directly. boot.js started
		// fetching it at the top of the page.
		cfg, err := app.LoadConfig(context.Background(), browser.WithEarlyConfig(browser.HTTP()), browser.PageURL())
		mark("config")
		a.Start(cfg, err)
	}()
	go collectAhead()
	page.Run(make(chan struct{})) // the page lives as long as the tab
}

// mark adds a performance mark for the benchmark's breakdown of the start
// (scripts/bench -ready); it costs microseconds.
func mark(name string) {
	if p := js.Global().Get("performance"); p.Truthy() && p.Get("mark").Truthy() {
		p.Call("mark", "gcpace:"+name)
	}
}

// markPhases marks each phase the view enters (gcpace:phase-loading, …)
// until the page is ready, settles the start's leftovers on the first phase
// that is not a step of it, calls ready once ready, and from then on only
// passes changes on.
func markPhases(a *app.App, ready, changed func()) func() {
	var (
		mu   sync.Mutex
		last app.Phase
		done bool
	)
	return func() {
		mu.Lock()
		if !done {
			if p := a.View().Phase; p != last {
				last, done = p, p == app.PhaseReady
				mark("phase-" + string(p))
				if p != app.PhaseStarting && p != app.PhaseLoading && p != app.PhaseSigningIn {
					// Settled (ready, signed out, failed): the collector's
					// pace for the page's life (see settledGCPercent), and the
					// early answers nothing took (and the Authorization they
					// were sent with) are let go.
					debug.SetGCPercent(settledGCPercent)
					browser.DropEarlyAPI()
				}
				if done {
					ready()
					// The queue's code is compiled ahead of a batch (see
					// pacer.Warm), once the page shown ready is idle: run
					// at once, it delayed that very render.
					go func() {
						browser.Idle(2 * time.Second)
						pacer.Warm(context.Background())
					}()
				}
			}
		}
		mu.Unlock()
		changed()
	}
}
