package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// control serves /_sim/, the simulator's own JSON API for the dev server, the
// browser tests and a curious person. It is open to every origin, not rate
// limited, not faulted and not logged.
//
//	GET  /_sim/log               the request log (Log)
//	GET  /_sim/counters          Counters
//	GET  /_sim/ivrs              every IVR, deleted ones included
//	GET  /_sim/user              the sample user and the number they hold
//	GET  /_sim/free-numbers?n=N  FreeNumbers(N), N defaults to 10
//	GET  /_sim/faults            the faults in force
//	POST /_sim/faults            Faults as JSON; latency in ns or as "250ms"
//	POST /_sim/limits            {"enforced": Limits, "documented": Limits}
//	POST /_sim/background        Background as JSON
//	POST /_sim/revoke            RevokeTokens
//	POST /_sim/reset             Reset
//	POST /_sim/token             {"access_token": IssueToken()}; ?user=KEY: IssueTokenFor(KEY)
//	GET  /_sim/schedulegroups    every schedule group
//	GET  /_sim/schedules         every schedule, deleted ones included
//	GET  /_sim/people            the sample users who can sign in, with their permissions
//	POST /_sim/choose-user       {"on": true}: the login asks who signs in (ChooseUser)
func (s *Server) control(r *http.Request) reply {
	rep := s.controlReply(r)
	s.mu.Lock()
	rep.set("ININ-Correlation-Id", newUUID(s.ids))
	s.mu.Unlock()
	rep.set("Access-Control-Allow-Origin", "*")
	rep.set("Cache-Control", "no-store")
	return rep
}

func (s *Server) controlReply(r *http.Request) reply {
	if r.Method == http.MethodOptions {
		rep := reply{status: http.StatusNoContent}
		rep.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		rep.set("Access-Control-Allow-Headers", "Content-Type")
		return rep
	}
	key := r.Method + " " + r.URL.Path
	switch key {
	case "GET /_sim/log":
		return jsonReply(http.StatusOK, s.Log())
	case "GET /_sim/counters":
		return jsonReply(http.StatusOK, s.Counters())
	case "GET /_sim/ivrs":
		return jsonReply(http.StatusOK, s.IVRs())
	case "GET /_sim/user":
		return jsonReply(http.StatusOK, s.User())
	case "GET /_sim/free-numbers":
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n <= 0 {
			n = 10
		}
		return jsonReply(http.StatusOK, s.FreeNumbers(n))
	case "GET /_sim/faults":
		return jsonReply(http.StatusOK, s.Options().Faults)
	case "POST /_sim/revoke":
		s.RevokeTokens()
		return reply{status: http.StatusNoContent}
	case "POST /_sim/reset":
		s.Reset()
		return reply{status: http.StatusNoContent}
	case "POST /_sim/token":
		if who := r.URL.Query().Get("user"); who != "" {
			return jsonReply(http.StatusOK, map[string]string{"access_token": s.IssueTokenFor(who)})
		}
		return jsonReply(http.StatusOK, map[string]string{"access_token": s.IssueToken()})
	case "GET /_sim/schedulegroups":
		return jsonReply(http.StatusOK, s.ScheduleGroups())
	case "GET /_sim/schedules":
		return jsonReply(http.StatusOK, s.Schedules())
	case "GET /_sim/people":
		return jsonReply(http.StatusOK, s.People())
	case "POST /_sim/faults", "POST /_sim/limits", "POST /_sim/background", "POST /_sim/choose-user":
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil {
			err = s.controlSet(key, body)
		}
		if err != nil {
			return jsonReply(http.StatusBadRequest, map[string]string{"error": err.Error()})
		}
		return reply{status: http.StatusNoContent}
	}
	return jsonReply(http.StatusNotFound, map[string]string{"error": "no such control endpoint: " + key})
}

func (s *Server) controlSet(key string, body []byte) error {
	switch key {
	case "POST /_sim/faults":
		var f struct {
			Faults
			Latency json.RawMessage `json:"latency"`
		}
		if err := json.Unmarshal(body, &f); err != nil {
			return err
		}
		d, err := parseDuration(f.Latency)
		if err != nil {
			return err
		}
		f.Faults.Latency = d
		s.SetFaults(f.Faults)
	case "POST /_sim/limits":
		cur := s.Options()
		l := struct{ Enforced, Documented Limits }{cur.Enforced, cur.Documented}
		if err := json.Unmarshal(body, &l); err != nil {
			return err
		}
		s.SetLimits(l.Enforced, l.Documented)
	case "POST /_sim/choose-user":
		var on struct{ On bool }
		if err := json.Unmarshal(body, &on); err != nil {
			return err
		}
		s.SetChooseUser(on.On)
	case "POST /_sim/background":
		var b Background
		if err := json.Unmarshal(body, &b); err != nil {
			return err
		}
		s.SetBackground(b)
	}
	return nil
}

// parseDuration reads nanoseconds (a JSON number) or a Go duration string.
func parseDuration(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var ns int64
	if err := json.Unmarshal(raw, &ns); err == nil {
		return time.Duration(ns), nil
	}
	var str string
	if err := json.Unmarshal(raw, &str); err != nil {
		return 0, err
	}
	return time.ParseDuration(str)
}
