//go:build js && wasm

// Command gcpace is the WebAssembly program behind the page: it wires the
// browser (storage, fetch, address bar, client-app bridge) to the app and
// renders it. All logic lives in packages that also build natively.
package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"honnef.co/go/js/dom/v2"

	"github.com/gcpace/gcpace/wasm/app"
	"github.com/gcpace/gcpace/wasm/internal/browser"
	"github.com/gcpace/gcpace/wasm/ui"
)

func main() {
	root := &dom.BasicHTMLElement{BasicElement: &dom.BasicElement{BasicNode: &dom.BasicNode{
		Value: dom.GetWindow().Document().GetElementByID("app").Underlying()}}}
	host := browser.NewClientApp(browser.PageURL())
	a := app.New(app.Deps{
		Session:    browser.SessionStorage(),
		Local:      browser.LocalStorage(),
		HTTP:       browser.HTTP(),
		Page:       browser.PageURL,
		ReplaceURL: browser.ReplaceURL,
		Navigate:   browser.Navigate,
		Download:   browser.Download,
		Toast:      host.Toast,
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
	a.OnChange(page.Changed)
	go a.Start(loadConfig())
	host.Bootstrapped()
	page.Run(make(chan struct{})) // the page lives as long as the tab
}

// loadConfig fetches config.json next to index.html; a missing or broken
// file is reported by the app in words.
func loadConfig() ([]byte, error) {
	u := browser.PageURL()
	u.RawQuery, u.Fragment = "", ""
	cfg := u.ResolveReference(&url.URL{Path: "config.json"})
	req, err := http.NewRequest(http.MethodGet, cfg.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := browser.HTTP().Do(req)
	if err != nil {
		return nil, fmt.Errorf("config.json could not be fetched: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("config.json could not be fetched: %s", resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
}
