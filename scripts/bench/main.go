// Command bench is `make bench`: the pacing comparison of issue 4 and the
// page's size and load time of issue 5, in one run.
//
// The Go strategies (the pacer, (a) parallel, (b) serial) run in virtual time
// inside testing/synctest bubbles, which need a *testing.T: so this program
// runs them as TestBench through `go test` and reads back its JSON. Strategy
// (c), the official JS SDK with Bottleneck in Node, can only run in real time,
// against the simulator on a loopback listener with a shrunk window; the pacer
// runs there too, as a control under the same conditions.
//
// Usage: go run ./scripts/bench [-quick]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// config sizes a run.
type config struct {
	jobs       int           // per virtual-time run (one-minute windows)
	nodeJobs   int           // per real-time run
	nodeWindow time.Duration // the shrunk window of the real-time runs
	loads      int           // page loads per kind
}

var (
	// Real-time runs need several windows' worth of jobs for the limits to
	// bite (250 jobs: 2.5 windows at 100, 6.25 at 40), and a window long
	// enough that Retry-After's whole seconds do not swamp it.
	full  = config{jobs: 1000, nodeJobs: 250, nodeWindow: 2 * time.Second, loads: 7}
	quick = config{jobs: 200, nodeJobs: 120, nodeWindow: 2 * time.Second, loads: 3}
)

func main() {
	q := flag.Bool("quick", false, "fewer jobs and page loads: a smoke run")
	pageOnly := flag.Bool("page", false, "only the page: wasm size and time to a ready page")
	flag.Parse()
	cfg := full
	if *q {
		cfg = quick
	}
	began := time.Now()
	root, err := repoRoot()
	if err != nil {
		fail(err)
	}

	if *pageOnly {
		measurePage(root, cfg.loads)
		fmt.Printf("\nbench took %s\n", time.Since(began).Round(100*time.Millisecond))
		return
	}
	progress("virtual time: %d jobs per run, %d scenarios × %d Go strategies (go test -run TestBench)", cfg.jobs, len(scenarios()), len(goStrategies()))
	results, err := runVirtual(root, cfg.jobs)
	if err != nil {
		fail(err)
	}

	nodeDir := filepath.Join(root, "scripts", "bench", "node")
	nodeErr := ensureNodeModules(nodeDir)
	for _, sc := range scenarios() {
		progress("real time, %s window, %d jobs: %s", cfg.nodeWindow, cfg.nodeJobs, sc.Name)
		results = append(results, runOverHTTP(sc, pacerStrategy, cfg.nodeJobs, cfg.nodeWindow))
		if nodeErr != nil {
			results = append(results, result{Scenario: sc.Name, Strategy: nodeStrategy, Clock: "real", Err: nodeErr.Error()})
			continue
		}
		results = append(results, runNode(nodeDir, sc, cfg.nodeJobs, cfg.nodeWindow))
	}
	printTables(results)

	measurePage(root, cfg.loads)

	fmt.Printf("\nbench took %s\n", time.Since(began).Round(100*time.Millisecond))
	printFinal(results)
}

// Environment of TestBench, set by runVirtual.
const (
	envOut  = "GCPACE_BENCH_OUT"  // file the results are written to, as JSON
	envJobs = "GCPACE_BENCH_JOBS" // jobs per run
)

// runVirtual runs TestBench and returns its results.
func runVirtual(root string, jobs int) ([]result, error) {
	out, err := os.CreateTemp("", "gcpace-bench-*.json")
	if err != nil {
		return nil, err
	}
	out.Close()
	defer os.Remove(out.Name())
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.Command(goCmd, "test", "-count=1", "-run", "^TestBench$", "-v", "./scripts/bench")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), envOut+"="+out.Name(), fmt.Sprintf("%s=%d", envJobs, jobs))
	log, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -run TestBench ./scripts/bench: %v\n%s", err, log)
	}
	b, err := os.ReadFile(out.Name())
	if err != nil {
		return nil, err
	}
	var rs []result
	err = json.Unmarshal(b, &rs)
	return rs, err
}

// repoRoot is the folder of the nearest go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("bench: no go.mod above the working directory")
		}
		dir = parent
	}
}

// progress goes to stderr, so that stdout is only the report.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// measurePage builds the page and prints its size and start-up time.
func measurePage(root string, loads int) {
	progress("make build, then the wasm size and %d page loads of each kind in headless Chromium", loads)
	webDir := filepath.Join(root, "web")
	if err := buildPage(root); err != nil {
		fmt.Printf("\nbench: %v\nbench: measuring the page already built, if any\n", err)
	}
	sz, err := wasmSizes(filepath.Join(webDir, "gcpace.wasm"))
	printSizes(sz, err)
	ld, err := readyTimes(webDir, loads)
	printLoads(ld, err)
}
