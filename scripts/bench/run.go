package main

import (
	"context"
	"net/http"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
	"github.com/gcpace/gcpace/wasm/genesys"
)

// goStrategies are the strategies written in Go, run in virtual time.
func goStrategies() []strategy {
	return []strategy{pacerStrategy, parallelStrategy, serialStrategy}
}

// runInProcess plays st against a fresh simulator of sc called in-process
// (no sockets), as wasm/pacer/sim_test.go does. Inside a synctest bubble it
// runs on virtual time: minutes of pacing take milliseconds.
func runInProcess(sc scenario, st strategy, n int, window time.Duration) result {
	s := sim.New(sc.simOptions(window, n))
	simStart := time.Now()
	c := &genesys.Client{
		Base:  "https://api.sim.test",
		HTTP:  &http.Client{Transport: browserTransport{s.Transport()}},
		Token: constant(s.IssueToken()),
	}
	r := play(s, simStart, c, sc, st, n, window)
	r.Clock = "virtual"
	return r
}

func play(s *sim.Server, simStart time.Time, c *genesys.Client, sc scenario, st strategy, n int, window time.Duration) result {
	jobs := pickJobs(s, n)
	start := time.Now()
	st.Run(context.Background(), c, jobs, window)
	r := measure(s, sc, jobs, time.Since(start), window, simStart)
	r.Strategy = st.Name
	return r
}

func constant(tok string) func() string { return func() string { return tok } }
