package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// nodeStrategy is the name of strategy (c) in the table.
const nodeStrategy = "(c) JS SDK + Bottleneck"

// serveSim serves a fresh simulator of sc on a loopback listener, as a
// browser page would see it (see browserHandler).
func serveSim(sc scenario, window time.Duration, n int) (*sim.Server, *httptest.Server) {
	s := sim.New(sc.realOptions(window, n))
	return s, httptest.NewServer(browserHandler(s.Handler()))
}

// ensureNodeModules installs scripts/bench/node's packages from its lock
// file when they are missing or older than it; it says so when it does.
func ensureNodeModules(dir string) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("node is not installed")
	}
	lock, err := os.Stat(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return err
	}
	if inst, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil && !inst.ModTime().Before(lock.ModTime()) {
		return nil
	}
	fmt.Println("bench: scripts/bench/node/node_modules is missing or stale: running npm ci --ignore-scripts --no-audit --no-fund there")
	cmd := exec.Command("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// runNode plays strategy (c) in real time against a fresh simulator of sc.
// Everything, the makespan included, is read from the simulator's log, as
// for the page (Node's start-up is not in it).
func runNode(dir string, sc scenario, n int, window time.Duration) result {
	s, srv := serveSim(sc, window, n)
	defer srv.Close()
	jobs := pickJobs(s, n)
	in, _ := json.Marshal(nodeJobs(jobs))
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout(sc, n, window))
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "bottleneck.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	cmd.Env = append(os.Environ(),
		"SIM_URL="+srv.URL, "SIM_TOKEN="+s.IssueToken(),
		"WINDOW_MS="+strconv.FormatInt(window.Milliseconds(), 10),
		"LIMIT="+strconv.Itoa(documentedPUT), "MAX_RETRIES="+strconv.Itoa(maxRetries),
		// Loopback only: no proxy may take the SDK's calls elsewhere.
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost",
		"HTTP_PROXY=", "http_proxy=", "HTTPS_PROXY=", "https_proxy=")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	s.AlignWindows() // its first request starts a window, as the page's does
	out, err := cmd.Output()
	var got struct {
		MakespanMs float64
		Done, Lost int
	}
	if err == nil {
		err = json.Unmarshal(out, &got)
	}
	simStart, base := alignedBase(s)
	r := measureLog(s, sc, jobs, 0, window, simStart, base)
	r.Strategy, r.Clock = nodeStrategy, "real"
	switch {
	case err != nil:
		r.Err = fmt.Sprintf("node bottleneck.js: %v %s", err, strings.TrimSpace(stderr.String()))
	case got.Done != r.Finished:
		r.Err = fmt.Sprintf("the script counted %d done, the simulator %d", got.Done, r.Finished)
	}
	return r
}

type nodeJob struct {
	IVR    string `json:"ivr"`
	Number string `json:"number"`
}

func nodeJobs(jobs []job) []nodeJob {
	out := make([]nodeJob, len(jobs))
	for i, j := range jobs {
		out[i] = nodeJob(j)
	}
	return out
}
