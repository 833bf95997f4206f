// Package chromium starts Debian's Chromium the way this project's browser tests
// need it: headless, as root, on a machine whose network reaches nothing.
package chromium

import (
	"context"
	"os"

	"github.com/chromedp/chromedp"
)

// ExecPath is where Debian's chromium package puts the browser.
const ExecPath = "/usr/bin/chromium"

// Options are the allocator options of every browser this project starts. The
// background-networking flags matter here: without them Chromium keeps calling
// Google's hosts, and this machine refuses those connections, many at a time.
// The allocator adds a fresh temporary --user-data-dir and the DevTools pipe.
func Options() []chromedp.ExecAllocatorOption {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	}
	if _, err := os.Stat(ExecPath); err == nil {
		opts = append(opts, chromedp.ExecPath(ExecPath))
	}
	return opts
}

// NewAllocator returns a context whose first chromedp.NewContext starts a new
// browser with Options, plus any extra options. Cancel it to stop the browser
// and remove its profile.
func NewAllocator(parent context.Context, extra ...chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc) {
	return chromedp.NewExecAllocator(parent, append(Options(), extra...)...)
}
