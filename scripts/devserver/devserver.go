// Package devserver serves the built page and the Genesys Cloud simulator on two
// loopback origins, as with the real Genesys Cloud: `make run` and the browser
// tests use it.
package devserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"maps"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gcpace/gcpace/scripts/sim"
)

// Options configure Start. Only WebDir is required.
type Options struct {
	WebDir   string // the built page: web/ after make build
	PagePort int    // port of the page origin; 0 means any free port
	APIPort  int    // port of the API and login origin; 0 means any free port

	Sim sim.Options // the simulated org; its ClientID goes into config.json

	// Fields of the generated config.json.
	Grant         string         // "implicit" (the default) or "pkce"
	WindowSeconds float64        // 0 means Sim.Window in seconds, or 60
	Config        map[string]any // extra or overriding fields, written last; a nil value removes the field

	// FrameAncestors are origins allowed to frame the page besides its own,
	// e.g. "https://apps.mypurecloud.com". None by default.
	FrameAncestors []string

	// ConnectSrc are origins the page may call besides the simulator's,
	// e.g. a region's https://api.… and https://login.… when config.json
	// names no apiBase/loginBase (the region test maps them to a simulator).
	ConnectSrc []string

	Log *log.Logger // logs every request when set
}

// Dev is a running page server and simulator. Close stops both.
type Dev struct {
	PageURL string // e.g. "http://127.0.0.1:8080/"
	APIURL  string // e.g. "http://127.0.0.1:8081", also the login base
	Sim     *sim.Server

	servers []*http.Server
}

// Start listens on both origins and serves until Close.
func Start(o Options) (*Dev, error) {
	if o.WebDir == "" {
		return nil, errors.New("devserver: no WebDir")
	}
	pageLn, err := listen(o.PagePort)
	if err != nil {
		return nil, err
	}
	apiLn, err := listen(o.APIPort)
	if err != nil {
		pageLn.Close()
		return nil, err
	}
	d := &Dev{
		PageURL: "http://" + pageLn.Addr().String() + "/",
		APIURL:  "http://" + apiLn.Addr().String(),
		Sim:     sim.New(o.Sim),
	}
	config, err := configJSON(o, d.Sim.Options().ClientID, d.APIURL)
	if err == nil {
		var page http.Handler
		page, err = newPage(o.WebDir, config, strings.Join(append([]string{d.APIURL}, o.ConnectSrc...), " "), o.FrameAncestors)
		if err == nil {
			d.serve(pageLn, page, o.Log, "page")
			d.serve(apiLn, d.Sim.Handler(), o.Log, "api")
			return d, nil
		}
	}
	pageLn.Close()
	apiLn.Close()
	return nil, err
}

// Close stops both servers, letting requests in flight finish for a moment.
func (d *Dev) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	for _, s := range d.servers {
		if err := s.Shutdown(ctx); err != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

func (d *Dev) serve(ln net.Listener, h http.Handler, l *log.Logger, name string) {
	if l != nil {
		h = logged(h, l, name)
	}
	s := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	d.servers = append(d.servers, s)
	go s.Serve(ln)
}

func listen(port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return nil, fmt.Errorf("devserver: %w", err)
	}
	return ln, nil
}

// configJSON is the config.json that points the page at the simulator.
func configJSON(o Options, clientID, api string) ([]byte, error) {
	grant := o.Grant
	switch grant {
	case "":
		grant = "implicit"
	case "implicit", "pkce":
	default:
		return nil, fmt.Errorf("devserver: grant %q is neither implicit nor pkce", grant)
	}
	window := o.WindowSeconds
	if window <= 0 {
		window = 60
		if o.Sim.Window > 0 {
			window = o.Sim.Window.Seconds()
		}
	}
	cfg := map[string]any{
		"clientId":      clientID,
		"grant":         grant,
		"apiBase":       api,
		"loginBase":     api,
		"windowSeconds": window,
	}
	maps.Copy(cfg, o.Config)
	for k, v := range cfg {
		if v == nil {
			delete(cfg, k)
		}
	}
	return json.MarshalIndent(cfg, "", "  ")
}

// logged logs the path only: a page URL can carry an OAuth code in its query.
func logged(h http.Handler, l *log.Logger, name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		h.ServeHTTP(rec, r)
		l.Printf("%s %s %s %d %s", name, r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Millisecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
