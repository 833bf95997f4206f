package genesys

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

const (
	schedulesPath = "/api/v2/architect/schedules"
	groupsPath    = "/api/v2/architect/schedulegroups"
)

// Schedule is an Architect schedule, as far as gcpace shows it.
type Schedule struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name"`
	State   string `json:"state,omitempty"`
	Start   string `json:"start,omitempty"`
	End     string `json:"end,omitempty"`
	RRule   string `json:"rrule,omitempty"`
	Version int    `json:"version,omitempty"`
}

// ScheduleGroup is an Architect schedule group. PUT replaces the whole
// object: the fields it does not model are kept in Extra and sent back
// untouched, as for IVR.
type ScheduleGroup struct {
	ID               string `json:"id,omitempty"`
	Name             string `json:"name"`
	Description      string `json:"description,omitempty"`
	Version          int    `json:"version"`
	State            string `json:"state,omitempty"`
	TimeZone         string `json:"timeZone,omitempty"`
	OpenSchedules    []Ref  `json:"openSchedules"`
	ClosedSchedules  []Ref  `json:"closedSchedules"`
	HolidaySchedules []Ref  `json:"holidaySchedules"`
	Division         *Ref   `json:"division,omitempty"`
	SelfURI          string `json:"selfUri,omitempty"`

	// Extra holds every JSON field not listed above, verbatim.
	Extra map[string]json.RawMessage `json:"-"`
}

type groupFields ScheduleGroup

// UnmarshalJSON fills the modelled fields and keeps the others in Extra.
func (g *ScheduleGroup) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var f groupFields
	extra, err := unmarshalKeeping(data, &f)
	if err != nil {
		return err
	}
	f.Extra = extra
	*g = ScheduleGroup(f)
	return nil
}

// MarshalJSON writes the modelled fields, then Extra's. The three lists are
// always arrays: a list left out of a PUT is cleared.
func (g ScheduleGroup) MarshalJSON() ([]byte, error) {
	f := groupFields(g)
	for _, l := range []*[]Ref{&f.OpenSchedules, &f.ClosedSchedules, &f.HolidaySchedules} {
		if *l == nil {
			*l = []Ref{}
		}
	}
	return marshalKeeping(f, g.Extra)
}

func listQuery(n int) url.Values {
	return url.Values{"pageNumber": {strconv.Itoa(n)}, "pageSize": {strconv.Itoa(allPageSize)}, "sortBy": {"name"}, "sortOrder": {"ASC"}}
}

// AllScheduleGroups reads every page of the schedule group list.
func (c *Client) AllScheduleGroups(ctx context.Context, progress func(loaded, total int)) ([]ScheduleGroup, error) {
	return allPages(ctx, "schedule group", func(ctx context.Context, n int) (Page[ScheduleGroup], error) {
		var p Page[ScheduleGroup]
		_, err := c.do(ctx, http.MethodGet, groupsPath, listQuery(n), nil, &p)
		return p, err
	}, progress)
}

// AllSchedules reads every page of the schedule list.
func (c *Client) AllSchedules(ctx context.Context) ([]Schedule, error) {
	return allPages(ctx, "schedule", func(ctx context.Context, n int) (Page[Schedule], error) {
		var p Page[Schedule]
		_, err := c.do(ctx, http.MethodGet, schedulesPath, listQuery(n), nil, &p)
		return p, err
	}, nil)
}

// GetScheduleGroup reads one group, with the version a PUT must send back.
func (c *Client) GetScheduleGroup(ctx context.Context, id string) (ScheduleGroup, Meta, error) {
	if id == "" {
		return ScheduleGroup{}, Meta{}, errors.New("genesys: GetScheduleGroup: the id is empty")
	}
	var g ScheduleGroup
	m, err := c.do(ctx, http.MethodGet, groupsPath+"/"+url.PathEscape(id), nil, nil, &g)
	return g, m, err
}

// PutScheduleGroup replaces the group with g, which must carry the version it
// was read at. A stale version comes back as an *Error whose VersionConflict
// reports true.
func (c *Client) PutScheduleGroup(ctx context.Context, g ScheduleGroup) (ScheduleGroup, Meta, error) {
	if g.ID == "" {
		return ScheduleGroup{}, Meta{}, errors.New("genesys: PutScheduleGroup: the id is empty")
	}
	var out ScheduleGroup
	m, err := c.do(ctx, http.MethodPut, groupsPath+"/"+url.PathEscape(g.ID), nil, g, &out)
	return out, m, err
}
