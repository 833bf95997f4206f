package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sdkFailure is how sdktest/run.js reports a call the SDK rejected.
type sdkFailure struct {
	UnexpectedSuccess int    `json:"unexpectedSuccess"`
	Thrown            string `json:"thrown"`
	Status            int    `json:"status"`
	Code              string `json:"code"`
	Message           string `json:"message"`
	ContextID         string `json:"contextId"`
	RetryAfter        string `json:"retryAfter"`
	CorrelationID     string `json:"correlationId"`
	RateLimitAllowed  string `json:"rateLimitAllowed"`
}

// TestOfficialJSSDK runs Genesys's own JavaScript SDK (npm
// purecloud-platform-client-v2, pinned in sdktest/package.json) against the
// simulator on loopback listeners, and checks what the SDK decoded.
func TestOfficialJSSDK(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the official-SDK fidelity test needs it")
	}
	if _, err := os.Stat(filepath.Join("sdktest", "node_modules", "purecloud-platform-client-v2", "package.json")); err != nil {
		t.Skip("sdktest/node_modules is missing; run `npm ci` in scripts/sim/sdktest")
	}

	s := New(Options{Seed: 21})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	limited := New(Options{Seed: 22, Enforced: Limits{IVRPut: 1}, ExposeHeaders: true})
	lsrv := httptest.NewServer(limited.Handler())
	defer lsrv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "run.js")
	cmd.Dir = "sdktest"
	cmd.Env = append(os.Environ(),
		"SIM_URL="+srv.URL, "SIM_TOKEN="+s.IssueToken(),
		"SIM_LIMITED_URL="+lsrv.URL, "SIM_LIMITED_TOKEN="+limited.IssueToken(),
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
		"HTTP_PROXY=", "http_proxy=", "HTTPS_PROXY=", "https_proxy=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node run.js: %v\n%s", err, stderr.String())
	}
	var out struct {
		Me struct {
			Status int
			Name   string
		}
		TokenClient string
		Limits      map[string]int
		List        struct {
			Status, PageSize, PageNumber, Total, PageCount, Entities int
			NextURI                                                  string `json:"nextUri"`
			RateLimitCount                                           string
		}
		Get struct {
			Status  int
			ID      string
			Version int
			DNIS    []string
		}
		Put struct {
			Status      int
			Version     int
			Description string
		}
		Groups struct {
			Total, PutStatus, Version, VersionBefore, HolidaysBefore, HolidaysAfter int
			ID, TimeZone, AddedName                                                 string
		}
		GroupStale      sdkFailure
		Stale           sdkFailure
		Unauthorized    sdkFailure
		LimitedFirstPut int
		TooMany         sdkFailure
	}
	if err := json.Unmarshal(stdout, &out); err != nil {
		t.Fatalf("run.js printed %s: %v", stdout, err)
	}
	t.Logf("SDK saw: %s", stdout)

	check := func(what string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: SDK decoded %v, want %v", what, got, want)
		}
	}
	check("users/me", fmt.Sprint(out.Me.Status, " ", out.Me.Name), "200 Alex Admin")
	check("tokens/me client", out.TokenClient, "gcpace-local")
	check("limits", out.Limits[BucketClientUser], 300)

	active := 0
	for _, v := range s.IVRs() {
		if v.State != StateDeleted {
			active++
		}
	}
	check("list", fmt.Sprint(out.List.Status, out.List.PageSize, out.List.PageNumber, out.List.Total, out.List.PageCount, out.List.Entities),
		fmt.Sprint(200, 5, 2, active, (active+4)/5, 5))
	check("list nextUri", strings.Contains(out.List.NextURI, "pageNumber=3"), true)
	if n, err := strconv.Atoi(out.List.RateLimitCount); err != nil || n < 1 {
		t.Errorf("inin-ratelimit-count as the SDK saw it: %q", out.List.RateLimitCount)
	}

	before, _ := s.IVR(out.Get.ID)
	check("get", fmt.Sprint(out.Get.Status, out.Get.Version, out.Get.DNIS), fmt.Sprint(200, before.Version-1, before.DNIS))
	check("put", fmt.Sprint(out.Put.Status, out.Put.Version), fmt.Sprint(200, out.Get.Version+1))
	check("put stored", before.Description, "edited through the official SDK")

	check("stale put", fmt.Sprint(out.Stale.Status, " ", out.Stale.Code), "409 general.conflict")
	check("stale message", strings.Contains(out.Stale.Message, "does not match the current version"), true)
	check("stale contextId", out.Stale.ContextID != "" && out.Stale.ContextID == out.Stale.CorrelationID, true)
	check("unauthorized", fmt.Sprint(out.Unauthorized.Status, " ", out.Unauthorized.Code), "401 bad.credentials")

	check("limited first put", out.LimitedFirstPut, 200)
	check("429", fmt.Sprint(out.TooMany.Status, " ", out.TooMany.Code), "429 too.many.requests.retry.after")
	ra, err := strconv.Atoi(out.TooMany.RetryAfter)
	if err != nil || ra < 1 || ra > 60 {
		t.Errorf("Retry-After as the SDK saw it: %q", out.TooMany.RetryAfter)
	}
	check("429 message", out.TooMany.Message, fmt.Sprintf("Rate limit exceeded the maximum. Retry the request in [%d] seconds", ra))
	check("429 inin-ratelimit-allowed", out.TooMany.RateLimitAllowed, "1")

	check("schedule groups listed", out.Groups.Total, siteGroups)
	check("schedule group put", fmt.Sprint(out.Groups.PutStatus, " ", out.Groups.Version, " ", out.Groups.HolidaysAfter, " ", out.Groups.AddedName),
		fmt.Sprint(200, " ", out.Groups.VersionBefore+1, " ", out.Groups.HolidaysBefore+1, " ", ScheduleChristmas2026))
	check("schedule group time zone", out.Groups.TimeZone != "", true)
	if g, _ := s.ScheduleGroup(out.Groups.ID); g.Version != out.Groups.Version || len(g.HolidaySchedules) != out.Groups.HolidaysAfter {
		t.Errorf("stored group: version %d, %d holidays", g.Version, len(g.HolidaySchedules))
	}
	check("stale group put", fmt.Sprint(out.GroupStale.Status, " ", out.GroupStale.Code), "409 general.conflict")

	// What the simulator saw of the SDK.
	cn := s.Counters()
	check("routes", fmt.Sprint(cn.Routes["GET "+ivrsPath], cn.Routes[putIVRRoute.name()], cn.Statuses[409], cn.Statuses[401]), "1 2 2 1")
	check("group routes", fmt.Sprint(cn.Routes["GET "+groupsPath], cn.Routes[putGroupRoute.name()]), "1 2")
	if !s.SawToken("forged-token") {
		t.Error("the forged token never reached the simulator")
	}
}
