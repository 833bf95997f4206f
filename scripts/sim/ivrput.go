package sim

import (
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// putBody is what PUT /api/v2/architect/ivrs/{ivrId} reads; read-only fields
// (id, state, dates, createdBy…) are ignored like the real API does.
type putBody struct {
	Name             *string  `json:"name"`
	Description      string   `json:"description"`
	Version          *int     `json:"version"`
	DNIS             []string `json:"dnis"`
	OpenHoursFlow    *Ref     `json:"openHoursFlow"`
	ClosedHoursFlow  *Ref     `json:"closedHoursFlow"`
	HolidayHoursFlow *Ref     `json:"holidayHoursFlow"`
	ScheduleGroup    *Ref     `json:"scheduleGroup"`
	Division         *Ref     `json:"division"`
}

const versionMismatch = "The version supplied does not match the current version of the IVR. Get the IVR again and retry with its current version."

func badRequest(field, errorCode, msg string) *ErrorBody {
	return apiError(http.StatusBadRequest, CodeBadRequest, msg).withDetail(ErrorDetail{ErrorCode: errorCode, FieldName: field})
}

// putIVR replaces the whole IVR: a field left out is cleared (flows,
// schedule group, description, numbers), the version goes up by one.
func (s *Server) putIVR(c *call) reply {
	if mt, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type")); mt != "application/json" {
		return apiError(http.StatusUnsupportedMediaType, CodeMediaType,
			"Content-Type "+strconv.Quote(c.r.Header.Get("Content-Type"))+" is not supported; send application/json.").reply(c)
	}
	id := c.params["ivrId"]
	cur, ok := s.org.ivrs[id]
	if !ok {
		return notFound(c, id)
	}
	if cur.State == StateDeleted {
		return badRequest("state", "ivr.deleted", "IVR "+id+" is deleted and cannot be updated.").reply(c)
	}
	var b putBody
	if err := json.Unmarshal(c.body, &b); err != nil {
		return apiError(http.StatusBadRequest, CodeBadRequest,
			"The request could not be understood by the server due to malformed syntax.").reply(c)
	}
	if b.Version == nil || *b.Version != cur.Version {
		if s.opts.VersionConflictAs400 {
			return badRequest("version", "version.mismatch", versionMismatch).reply(c)
		}
		return apiError(http.StatusConflict, CodeConflict, versionMismatch).reply(c)
	}
	if b.Name == nil || strings.TrimSpace(*b.Name) == "" {
		return badRequest("name", "name.required", "Field 'name' is required and cannot be empty.").reply(c)
	}
	if e := s.checkNumbers(id, b.DNIS); e != nil {
		return e.reply(c)
	}
	next := &IVR{
		ID: cur.ID, Name: *b.Name, Description: b.Description, Version: cur.Version + 1,
		DateCreated: cur.DateCreated, DateModified: isoTime(c.now),
		CreatedBy: cur.CreatedBy, ModifiedBy: s.org.user.ID,
		CreatedByApp: cur.CreatedByApp, ModifiedByApp: c.token.client,
		State: cur.State, DNIS: b.DNIS, SelfURI: cur.SelfURI,
	}
	var e *ErrorBody
	resolve := func(field string, r *Ref, table map[string]Ref) *Ref {
		if r == nil || e != nil {
			return nil
		}
		got, ok := table[r.ID]
		if !ok {
			e = badRequest(field, "entity.not.found", "Field '"+field+"' refers to "+strconv.Quote(r.ID)+", which does not exist.")
			return nil
		}
		return &got
	}
	next.OpenHoursFlow = resolve("openHoursFlow", b.OpenHoursFlow, s.org.flows)
	next.ClosedHoursFlow = resolve("closedHoursFlow", b.ClosedHoursFlow, s.org.flows)
	next.HolidayHoursFlow = resolve("holidayHoursFlow", b.HolidayHoursFlow, s.org.flows)
	next.ScheduleGroup = resolve("scheduleGroup", b.ScheduleGroup, s.org.groups)
	div := s.org.division
	next.Division = resolve("division", b.Division, map[string]Ref{div.ID: div})
	if next.Division == nil {
		next.Division = &div // no division given: the home division
	}
	if e != nil {
		return e.reply(c)
	}
	if next.ScheduleGroup != nil && (next.OpenHoursFlow == nil || next.ClosedHoursFlow == nil) {
		return badRequest("scheduleGroup", "schedule.group.requires.flows",
			"An IVR with a schedule group must have an open hours flow and a closed hours flow.").reply(c)
	}
	s.org.numbers.take(id, cur.DNIS, next.DNIS)
	s.org.ivrs[id] = next
	s.org.sorted = nil
	return jsonReply(http.StatusOK, next.clone())
}

// checkNumbers rejects a number list that is malformed, repeats a number, or
// names a number in no DID pool or held by another IVR or a user.
func (s *Server) checkNumbers(id string, nums []string) *ErrorBody {
	seen := map[string]bool{}
	for _, n := range nums {
		params := map[string]string{"number": n}
		switch holder := s.org.numbers.holder[n]; {
		case !e164.MatchString(n):
			return badRequest("dnis", "dnis.invalid", "The number "+strconv.Quote(n)+" is not a valid E.164 phone number.").
				withParams("The number {number} is not a valid E.164 phone number.", params)
		case seen[n]:
			return badRequest("dnis", "dnis.duplicate", "The number "+n+" appears more than once in dnis.").
				withParams("The number {number} appears more than once in dnis.", params)
		case !s.inPool(n):
			return badRequest("dnis", "dnis.not.in.pool", "The number "+n+" is not in any DID pool. Field 'didPoolId' is required and cannot be empty.").
				withParams("The number {number} is not in any DID pool. Field 'didPoolId' is required and cannot be empty.", params)
		case holder == userHolder:
			u := s.org.user
			params["entityType"], params["entityName"] = "user", u.Name
			e := badRequest("dnis", "dnis.in.use", "The number "+n+" is already assigned to user '"+u.Name+"'.").
				withParams("The number {number} is already assigned to {entityType} '{entityName}'.", params)
			e.EntityID, e.EntityName, e.Details[0].EntityID, e.Details[0].EntityName = u.ID, u.Name, u.ID, u.Name
			return e
		case holder != "" && holder != id:
			other := s.org.ivrs[holder]
			params["entityType"], params["entityName"] = "IVR", other.Name
			e := badRequest("dnis", "dnis.in.use", "The number "+n+" is already assigned to IVR '"+other.Name+"' ("+other.ID+").").
				withParams("The number {number} is already assigned to {entityType} '{entityName}'.", params)
			e.EntityID, e.EntityName, e.Details[0].EntityID, e.Details[0].EntityName = other.ID, other.Name, other.ID, other.Name
			return e
		}
		seen[n] = true
	}
	return nil
}

func (s *Server) inPool(n string) bool {
	_, ok := s.org.numbers.pool(n)
	return ok
}
