package app

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/kv"
)

// StartPlanKey is where a load leaves, in sessionStorage, the API reads it
// made before the page was ready. On the next load of the same tab boot.js
// sends them ahead, while gcpace.wasm downloads and compiles, and the Go
// program takes those answers for the same requests
// (browser.WithEarlyAPI): the sign-in check and the IVR list no longer wait
// for the module, one round trip after another. Keep in step with
// web/boot.js. The record holds no token: boot.js takes that from the
// session (wasm/auth), so signing out leaves nothing to send.
const StartPlanKey = "gcpace.boot.prefetch"

// startPlanMax bounds the reads sent ahead: the sign-in check, the org and
// the first pages of a list. A big org's other pages are read as before.
const startPlanMax = 8

// startPlanRecord is StartPlanKey's value.
type startPlanRecord struct {
	URLs []string `json:"urls"`
}

// StartPlan is the app's HTTP client with a recorder: it notes every API
// GET sent with a token until Save. Requests pass through unchanged.
type StartPlan struct {
	HTTP    genesys.Doer
	Session kv.Store

	mu   sync.Mutex
	urls []string
	done bool
}

func (p *StartPlan) Do(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet && strings.HasPrefix(req.URL.Path, "/api/v2/") && req.Header.Get("Authorization") != "" {
		u := req.URL.String()
		p.mu.Lock()
		if !p.done && len(p.urls) < startPlanMax && !slices.Contains(p.urls, u) {
			p.urls = append(p.urls, u)
		}
		p.mu.Unlock()
	}
	return p.HTTP.Do(req)
}

// Save writes what was recorded and stops recording: call it once the page
// is ready. Later calls do nothing.
func (p *StartPlan) Save() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	if len(p.urls) == 0 {
		p.Session.Remove(StartPlanKey)
		return
	}
	b, _ := json.Marshal(startPlanRecord{URLs: p.urls})
	_ = p.Session.Set(StartPlanKey, string(b)) // a full store only costs the next load its head start
}
