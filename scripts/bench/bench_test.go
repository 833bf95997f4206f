package main

import (
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"testing/synctest"
	"time"
)

// TestBench runs every Go strategy on every scenario in virtual time: synctest
// needs a *testing.T, which is why the benchmark's Go half is a test that
// main runs with `go test`. Without GCPACE_BENCH_OUT (make test) it skips.
func TestBench(t *testing.T) {
	out := os.Getenv(envOut)
	if out == "" {
		t.Skip("the benchmark runs with `make bench` (go run ./scripts/bench)")
	}
	n, err := strconv.Atoi(os.Getenv(envJobs))
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number of jobs", envJobs, os.Getenv(envJobs))
	}
	var results []result
	for _, sc := range virtualScenarios() {
		for _, st := range goStrategies() {
			synctest.Test(t, func(t *testing.T) {
				r := runInProcess(sc, st, n, time.Minute)
				t.Logf("%s / %s: makespan %s, ratio %.3f, %d/%d finished, %d PUTs, %d answered 429",
					sc.Name, st.Name, r.Makespan.Round(time.Second), r.Ratio, r.Finished, r.Jobs, r.Puts, r.Put429)
				results = append(results, r)
			})
		}
	}
	b, err := json.Marshal(results)
	if err == nil {
		err = os.WriteFile(out, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestStrategies is a smoke test of the strategies themselves (make test):
// with room for every job in one window, each one finishes them all, none
// twice, with no 429.
func TestStrategies(t *testing.T) {
	sc := scenarios()[0]
	for _, st := range goStrategies() {
		t.Run(st.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := runInProcess(sc, st, 30, time.Minute)
				if r.Finished != 30 || r.Puts != 30 || r.Put429 != 0 {
					t.Errorf("%+v", r)
				}
			})
		})
	}
}
