// Command gcpace-dev serves the built page and the Genesys Cloud simulator for
// `make run`: the page on http://127.0.0.1:$PORT/ (8080), the simulated API and
// login on http://127.0.0.1:$API_PORT (8081), until interrupted.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gcpace/gcpace/scripts/devserver"
)

func main() {
	var (
		o       devserver.Options
		frames  string
		verbose bool
	)
	flag.StringVar(&o.WebDir, "web", "web", "folder of the built page")
	flag.IntVar(&o.PagePort, "port", envInt("PORT", 8080), "port of the page (env PORT)")
	flag.IntVar(&o.APIPort, "api-port", envInt("API_PORT", 8081), "port of the simulated API and login (env API_PORT)")
	flag.StringVar(&o.Grant, "grant", "pkce", "OAuth grant the page uses: pkce or implicit")
	flag.Int64Var(&o.Sim.Seed, "seed", 1, "seed of the sample org")
	flag.IntVar(&o.Sim.IVRs, "ivrs", 0, "IVRs in the sample org (0: the simulator's default)")
	flag.DurationVar(&o.Sim.Window, "window", time.Minute, "length of one rate-limit window")
	flag.BoolVar(&o.Sim.ExposeHeaders, "expose-headers", false, "let the page read Retry-After and inin-ratelimit-* (unverified on the real API)")
	flag.StringVar(&frames, "frame-ancestors", "", "space-separated origins allowed to frame the page, e.g. https://apps.mypurecloud.com")
	flag.BoolVar(&verbose, "v", false, "log every request")
	flag.Parse()

	o.FrameAncestors = strings.Fields(frames)
	if verbose {
		o.Log = log.New(os.Stderr, "", log.Ltime|log.Lmicroseconds)
	}
	if _, err := os.Stat(filepath.Join(o.WebDir, "gcpace.wasm")); err != nil {
		log.Printf("warning: %s has no gcpace.wasm; run `make build` (or `make run`)", o.WebDir)
	}

	d, err := devserver.Start(o)
	if err != nil {
		log.Fatal(err)
	}
	user := d.Sim.User()
	fmt.Printf("page: %s\n", d.PageURL)
	fmt.Printf("api:  %s\n", d.APIURL)
	fmt.Printf("simulated org: client id %q, %s grant, signs in as %s without asking. Ctrl-C stops.\n",
		d.Sim.Options().ClientID, o.Grant, user.Name)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	stop()
	fmt.Println("stopping")
	if err := d.Close(); err != nil {
		log.Fatal(err)
	}
}

func envInt(name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		log.Fatalf("%s=%q is not a port number", name, v)
	}
	return n
}
