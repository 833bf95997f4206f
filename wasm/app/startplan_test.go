package app

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gcpace/gcpace/wasm/kv"
)

type okDoer struct{ n int }

func (d *okDoer) Do(*http.Request) (*http.Response, error) {
	d.n++
	return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
}

func send(t *testing.T, p *StartPlan, method, url, auth string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if _, err := p.Do(req); err != nil {
		t.Fatal(err)
	}
}

// The plan is the API GETs sent with a token before Save, each once, in
// order, without the token; other requests pass through unrecorded.
func TestStartPlanRecordsTheReadsBeforeReady(t *testing.T) {
	store := &kv.Map{}
	d := &okDoer{}
	p := &StartPlan{HTTP: d, Session: store}
	api := "http://127.0.0.1:9/api/v2/"
	send(t, p, http.MethodGet, api+"users/me?expand=authorization", "Bearer secret")
	send(t, p, http.MethodGet, api+"architect/ivrs?pageNumber=1", "Bearer secret")
	send(t, p, http.MethodGet, api+"architect/ivrs?pageNumber=1", "Bearer secret") // again: once in the plan
	send(t, p, http.MethodGet, "http://127.0.0.1:8/config.json", "")               // not the API
	send(t, p, http.MethodGet, api+"organizations/me", "")                         // no token
	send(t, p, http.MethodPost, "http://127.0.0.1:9/oauth/token", "")              // not a GET
	p.Save()
	send(t, p, http.MethodGet, api+"architect/ivrs/x", "Bearer secret") // after ready
	p.Save()
	got, _ := store.Get(StartPlanKey)
	want := `{"urls":["` + api + `users/me?expand=authorization","` + api + `architect/ivrs?pageNumber=1"]}`
	if got != want {
		t.Errorf("plan %s\nwant %s", got, want)
	}
	if strings.Contains(got, "secret") {
		t.Error("the plan holds the token")
	}
	if d.n != 7 {
		t.Errorf("%d requests reached the client, want 7", d.n)
	}
}

// A load that read nothing leaves no plan behind, and a plan is bounded.
func TestStartPlanEmptyAndBounded(t *testing.T) {
	store := &kv.Map{}
	_ = store.Set(StartPlanKey, `{"urls":["old"]}`)
	p := &StartPlan{HTTP: &okDoer{}, Session: store}
	p.Save()
	if v, ok := store.Get(StartPlanKey); ok {
		t.Errorf("an empty load left the plan %s", v)
	}
	p = &StartPlan{HTTP: &okDoer{}, Session: store}
	for i := range 20 {
		send(t, p, http.MethodGet, "http://127.0.0.1:9/api/v2/architect/ivrs?pageNumber="+string(rune('a'+i)), "Bearer t")
	}
	p.Save()
	got, _ := store.Get(StartPlanKey)
	if n := strings.Count(got, "pageNumber"); n != startPlanMax {
		t.Errorf("plan of %d reads, want %d: %s", n, startPlanMax, got)
	}
}
