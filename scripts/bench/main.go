// Command bench is `make bench`: the pacing comparison of issue 4 and the
// page's size and load time of issue 5, in one run.
//
// The Go strategies (the pacer, (a) parallel, (b) serial) run in virtual time
// inside testing/synctest bubbles, which need a *testing.T: so this program
// runs them as TestBench through `go test` and reads back its JSON. The
// real-time rows run the real page (web/ after make build) in headless
// Chromium against the simulator on another origin (CORS: every call
// preflighted), beside strategy (c), the official JS SDK with Bottleneck in
// Node, against a simulator with the same options, on a shrunk window; both
// are timed from the simulator's own log.
//
// Usage:
//
//	go run ./scripts/bench [-quick] [-real NAME|all] [-windows] [-profile N] [-web DIR] [-page] [-ready]
//	go run ./scripts/bench -wasm-code UNSTRIPPED.wasm
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// showWindows is -windows.
var showWindows = new(bool)

// config sizes a run.
type config struct {
	jobs       int           // per virtual-time run (one-minute windows)
	realJobs   int           // per real-time run
	slowJobs   int           // per real-time run on the slow server (RTT-bound)
	realWindow time.Duration // the shrunk window of the real-time runs
	loads      int           // page loads per kind
}

var (
	// Real-time runs need several windows' worth of jobs for the limits to
	// bite (250 jobs: 2.5 windows at 100, 6.25 at 40), and a window long
	// enough that Retry-After's whole seconds do not swamp it (6 s).
	full  = config{jobs: 1000, realJobs: 250, slowJobs: 60, realWindow: 6 * time.Second, loads: 7}
	quick = config{jobs: 200, realJobs: 60, slowJobs: 10, realWindow: 6 * time.Second, loads: 3}
)

func main() {
	q := flag.Bool("quick", false, "fewer jobs and page loads: a smoke run")
	pageOnly := flag.Bool("page", false, "only the page: wasm size and time to a ready page")
	realOnly := flag.String("real", "", "only the real-time rows of the scenarios whose name contains this (\"all\": every one)")
	codeOf := flag.String("wasm-code", "", "print code bytes by package and function of this unstripped wasm (go build without -ldflags=-s), then stop")
	web := flag.String("web", "", "the built page the real-time rows run (default: web/ after make build)")
	showWindows = flag.Bool("windows", false, "print each real-time run's IVR PUTs and 429s per server window")
	profileTop = flag.Int("profile", 0, "profile the page's main thread during each batch and print its N busiest functions")
	flag.Parse()
	cfg := full
	if *q {
		cfg = quick
	}
	if *codeOf != "" {
		if err := printWasmCode(*codeOf, "github.com_gcpace_gcpace_", 40); err != nil {
			fail(err)
		}
		return
	}
	began := time.Now()
	root, err := repoRoot()
	if err != nil {
		fail(err)
	}

	if *longTaskOnly {
		ivrs, jobs := 10000, 5000
		if *q {
			ivrs, jobs = 2000, 1000
		}
		dir := *web
		if dir == "" {
			dir = filepath.Join(root, "web")
			if err := buildPage(root); err != nil {
				fmt.Printf("\nbench: %v\nbench: measuring the page already built, if any\n", err)
			}
		}
		if _, err := measureLongTasks(dir, ivrs, jobs, 30*time.Second); err != nil {
			fail(err)
		}
		return
	}
	if *readyOnly {
		dir := *web
		if dir == "" {
			dir = filepath.Join(root, "web")
			if err := buildPage(root); err != nil {
				fmt.Printf("\nbench: %v\nbench: measuring the page already built, if any\n", err)
			}
		}
		measureReady(dir, cfg.loads)
		return
	}
	if *pageOnly {
		measurePage(root, cfg.loads)
		fmt.Printf("\nbench took %s\n", time.Since(began).Round(100*time.Millisecond))
		return
	}
	var results []result
	if *realOnly == "" {
		progress("virtual time: %d jobs per run, %d scenarios × %d Go strategies (go test -run TestBench)", cfg.jobs, len(virtualScenarios()), len(goStrategies()))
		rs, err := runVirtual(root, cfg.jobs)
		if err != nil {
			fail(err)
		}
		results = rs
	}

	webDir, buildErr := *web, error(nil)
	if webDir == "" {
		progress("make build (the page of the real-time rows)")
		buildErr = buildPage(root)
		webDir = filepath.Join(root, "web")
	}
	br, brErr := startBrowser()
	nodeDir := filepath.Join(root, "scripts", "bench", "node")
	nodeErr := ensureNodeModules(nodeDir)
	for _, sc := range scenarios() {
		if *realOnly != "" && *realOnly != "all" && !strings.Contains(sc.Name, *realOnly) {
			continue
		}
		n := cfg.realJobs
		if sc.rttBound() {
			n = cfg.slowJobs
		}
		progress("real time, %s window, %d jobs: %s", cfg.realWindow, n, sc.Name)
		switch {
		case brErr != nil:
			results = append(results, result{Scenario: sc.Name, Strategy: browserStrategy, Clock: "real", Err: brErr.Error()})
		default:
			results = append(results, runPage(br, webDir, sc, n, cfg.realWindow))
		}
		if nodeErr != nil {
			results = append(results, result{Scenario: sc.Name, Strategy: nodeStrategy, Clock: "real", Err: nodeErr.Error()})
			continue
		}
		results = append(results, runNode(nodeDir, sc, n, cfg.realWindow))
	}
	br.close()
	if buildErr != nil {
		fmt.Printf("\nbench: %v\nbench: the real-time rows ran the page already built\n", buildErr)
	}
	printTables(results)
	if *realOnly != "" {
		fmt.Printf("\nbench took %s (load average now %s)\n", time.Since(began).Round(100*time.Millisecond), loadAverage())
		return
	}

	pg := measurePage(root, cfg.loads)
	// The long-task figure: a page with 10 000 IVRs listed and a
	// 5 000-job batch running (the rows' own longest tasks, on a page of
	// 250 jobs just loaded, are in the tables).
	ivrs, jobs := 10000, 5000
	if *q {
		ivrs, jobs = 2000, 1000
	}
	if lt, err := measureLongTasks(filepath.Join(root, "web"), ivrs, jobs, 30*time.Second); err != nil {
		fmt.Printf("\nbench: long tasks: %v\n", err)
	} else {
		pg.longtask = lt
		pg.longtaskRun = true
	}

	fmt.Printf("\nbench took %s (load average now %s)\n", time.Since(began).Round(100*time.Millisecond), loadAverage())
	printFinal(results, pg)
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

// pageFigures are the page's figures of the final line.
type pageFigures struct {
	brotli int64         // 0: not measured
	ready  time.Duration // median, cache off; 0: not measured
	// longtask is the longest task of the long-task run (0: none reached
	// 50 ms), when longtaskRun; else the final line takes the rows'.
	longtask    time.Duration
	longtaskRun bool
}

// measurePage builds the page and prints its size and start-up time.
func measurePage(root string, loads int) pageFigures {
	progress("make build, then the wasm size and %d page loads of each kind in headless Chromium", loads)
	webDir := filepath.Join(root, "web")
	if err := buildPage(root); err != nil {
		fmt.Printf("\nbench: %v\nbench: measuring the page already built, if any\n", err)
	}
	var pg pageFigures
	sz, err := wasmSizes(filepath.Join(webDir, "gcpace.wasm"))
	printSizes(sz, err)
	pg.brotli = sz.Brotli
	ld, err := readyTimes(webDir, loads)
	printLoads(ld, err)
	if err == nil {
		printLoadSpread(ld)
		pg.ready, _, _ = stats(ld.Cold)
	}
	return pg
}

// loadAverage is /proc/loadavg's first three figures: the bench's times are
// only as quiet as the machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
