package sim

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// route is one endpoint. API routes need a token, pass the rate limiter and
// meet the faults; login routes do none of that.
type route struct {
	method, pattern string
	buckets         []string // nil: the client×user and user buckets
	handle          func(*Server, *call) reply
}

func (rt *route) name() string { return rt.method + " " + rt.pattern }

var putIVRRoute = &route{http.MethodPut, ivrsPath + "/{ivrId}", []string{BucketIVRPut, BucketClientUser, BucketUser}, (*Server).putIVR}

var putGroupRoute = &route{http.MethodPut, groupsPath + "/{scheduleGroupId}", []string{BucketScheduleGroupPut, BucketClientUser, BucketUser}, (*Server).putScheduleGroup}

var apiRoutes = []*route{
	{http.MethodGet, ivrsPath, nil, (*Server).listIVRs},
	{http.MethodGet, ivrsPath + "/{ivrId}", nil, (*Server).getIVR},
	putIVRRoute,
	{http.MethodGet, schedulesPath, nil, (*Server).listSchedules},
	{http.MethodGet, schedulesPath + "/{scheduleId}", nil, (*Server).getSchedule},
	{http.MethodGet, groupsPath, nil, (*Server).listScheduleGroups},
	{http.MethodGet, groupsPath + "/{scheduleGroupId}", nil, (*Server).getScheduleGroup},
	putGroupRoute,
	{http.MethodGet, "/api/v2/users/me", nil, (*Server).getMe},
	{http.MethodGet, "/api/v2/tokens/me", nil, (*Server).getTokenMe},
	{http.MethodGet, "/api/v2/organizations/me", nil, (*Server).getOrgMe},
	{http.MethodGet, "/api/v2/organizations/limits/namespaces/{namespaceName}", nil, (*Server).getLimits},
}

var loginRoutes = []*route{
	{http.MethodGet, "/oauth/authorize", nil, (*Server).authorize},
	{http.MethodPost, "/oauth/token", nil, (*Server).exchange},
}

// match finds the route of method and path. When none matches, other tells
// whether the path has a route for another method.
func match(routes []*route, method, path string) (rt *route, params map[string]string, other bool) {
	segs := strings.Split(strings.TrimSuffix(path, "/"), "/")
	for _, cand := range routes {
		p, ok := matchPattern(cand.pattern, segs)
		if !ok {
			continue
		}
		if cand.method == method {
			return cand, p, false
		}
		other = true
	}
	return nil, nil, other
}

func matchPattern(pattern string, segs []string) (map[string]string, bool) {
	want := strings.Split(pattern, "/")
	if len(want) != len(segs) {
		return nil, false
	}
	params := map[string]string{}
	for i, w := range want {
		switch {
		case strings.HasPrefix(w, "{"):
			if segs[i] == "" {
				return nil, false
			}
			params[strings.Trim(w, "{}")] = segs[i]
		case w != segs[i]:
			return nil, false
		}
	}
	return params, true
}

// secretParams are query parameters the log never keeps.
var secretParams = []string{"access_token", "id_token", "refresh_token", "token", "code", "code_verifier", "client_secret", "password"}

// redactQuery is the query as the log keeps it: secrets replaced.
func redactQuery(q url.Values) string {
	for _, k := range secretParams {
		if q.Has(k) {
			q.Set(k, "REDACTED")
		}
	}
	return q.Encode()
}

// call is one request on its way through the Server.
type call struct {
	r         *http.Request
	body      []byte
	now       time.Time
	corr      string // ININ-Correlation-Id, and contextId of error bodies
	params    map[string]string
	hasToken  bool
	tokenHash string
	token     *token // set once authenticated
}

// ServeHTTP serves the API, the login and the /_sim/ control prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rep := s.serve(r)
	if rep.drop {
		hangUp(w)
		return
	}
	for k, vs := range rep.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

// Handler returns the Server as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// hangUp closes the connection with no answer at all.
func hangUp(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // net/http drops the connection, quietly
}

// serve decides the reply to r. Every answer carries ININ-Correlation-Id, and
// everything but /_sim/ is logged.
func (s *Server) serve(r *http.Request) reply {
	if r.URL.Path == "/_sim" || strings.HasPrefix(r.URL.Path, "/_sim/") {
		return s.control(r)
	}
	api := strings.HasPrefix(r.URL.Path, "/api/")
	var d time.Duration // the latency this call waited
	if api && r.Method != http.MethodOptions {
		s.mu.Lock()
		d = s.latencyFor(r)
		s.mu.Unlock()
		s.sleep(r.Context(), d)
		if r.Context().Err() != nil {
			return reply{drop: true} // the client left before the request arrived
		}
	}
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(r.Body, 4<<20))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c := &call{r: r, body: body, now: s.now(), corr: newUUID(s.ids)}
	e := Entry{Time: c.now, Method: r.Method, Host: requestHost(r), Path: r.URL.Path, Query: redactQuery(r.URL.Query()),
		Origin: r.Header.Get("Origin"), CorrelationID: c.corr, Latency: d}
	if tok, ok := bearer(r); ok {
		c.hasToken, c.tokenHash = true, tokenHash(tok)
		e.TokenUsed, e.TokenHash = true, shortHash(tok)
	}
	// A token in a query string reached the API too: SawToken must say so.
	for _, vs := range r.URL.Query() {
		for _, v := range vs {
			s.rec.seen[shortHash(v)] = true
		}
	}
	var rep reply
	switch {
	case r.Method == http.MethodOptions:
		rep = s.preflight(c, &e, api)
	case api:
		rep = s.api(c, &e)
	default:
		rep = s.login(c, &e)
	}
	s.cors(c, &rep)
	rep.set("ININ-Correlation-Id", c.corr)
	e.Status = rep.status
	s.rec.add(e)
	return rep
}

// api runs the gateway's steps in order: authenticate, rate-limit, fail at
// random (5xx), handle, then count PUTs and maybe drop the answer. A 5xx is
// decided before the handler (nothing changed); a drop after it (the change
// happened, its answer is lost), the case a client finds hardest.
func (s *Server) api(c *call, e *Entry) reply {
	rt, params, other := match(apiRoutes, c.r.Method, c.r.URL.Path)
	if rt != nil {
		e.Route, c.params = rt.name(), params
	}
	tok, fail := s.authenticate(c)
	if fail != nil {
		return fail.reply(c)
	}
	c.token = tok
	if rt != nil {
		if e := s.permitted(tok, rt); e != nil {
			return e.reply(c)
		}
	}
	buckets := []string{BucketClientUser, BucketUser}
	if rt != nil && rt.buckets != nil {
		buckets = rt.buckets
	}
	v := s.lim.take(c.now, buckets)
	e.Bucket = v.bucket
	if !v.ok {
		return v.tooMany(c)
	}
	var rep reply
	switch code := s.flt.serverError(); {
	case code != 0:
		rep, e.Fault = serverErrorBody(code).reply(c), "5xx"
	case rt != nil:
		rep = rt.handle(s, c)
	case other:
		rep = apiError(http.StatusMethodNotAllowed, CodeMethod, "HTTP method "+c.r.Method+" is not supported by this resource.").reply(c)
	default:
		rep = apiError(http.StatusNotFound, CodeNotFound, "The requested resource was not found.").reply(c)
	}
	if rt == putIVRRoute {
		s.afterPut(c, rep.status)
	}
	v.headers(&rep)
	if s.flt.drop() {
		rep.drop, e.Fault = true, "drop"
	}
	return rep
}

func (s *Server) login(c *call, e *Entry) reply {
	rt, _, other := match(loginRoutes, c.r.Method, c.r.URL.Path)
	switch {
	case rt != nil:
		e.Route = rt.name()
		return rt.handle(s, c)
	case other:
		return apiError(http.StatusMethodNotAllowed, CodeMethod, "HTTP method "+c.r.Method+" is not supported by this resource.").reply(c)
	}
	return apiError(http.StatusNotFound, CodeNotFound, "The requested resource was not found.").reply(c)
}
