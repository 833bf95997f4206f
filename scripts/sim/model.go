package sim

import "slices"

// Ref is Genesys's reference to another entity (flow, schedule group, division).
type Ref struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	SelfURI string `json:"selfUri,omitempty"`
}

// IVR mirrors Genesys's IVR JSON, field for field and in the SDK's order.
// A nil DNIS (never set) is left out of the JSON; an empty one is sent as [].
type IVR struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Division         *Ref     `json:"division,omitempty"`
	Description      string   `json:"description,omitempty"`
	Version          int      `json:"version"`
	DateCreated      string   `json:"dateCreated,omitempty"`
	DateModified     string   `json:"dateModified,omitempty"`
	ModifiedBy       string   `json:"modifiedBy,omitempty"`
	CreatedBy        string   `json:"createdBy,omitempty"`
	State            string   `json:"state,omitempty"`
	ModifiedByApp    string   `json:"modifiedByApp,omitempty"`
	CreatedByApp     string   `json:"createdByApp,omitempty"`
	DNIS             []string `json:"dnis,omitzero"`
	OpenHoursFlow    *Ref     `json:"openHoursFlow,omitempty"`
	ClosedHoursFlow  *Ref     `json:"closedHoursFlow,omitempty"`
	HolidayHoursFlow *Ref     `json:"holidayHoursFlow,omitempty"`
	ScheduleGroup    *Ref     `json:"scheduleGroup,omitempty"`
	SelfURI          string   `json:"selfUri"`
}

// IVR states.
const (
	StateActive   = "active"
	StateInactive = "inactive"
	StateDeleted  = "deleted"
)

// clone is a deep copy: callers of IVR and IVRs may keep or change what they get.
func (v *IVR) clone() IVR {
	c := *v
	c.DNIS = slices.Clone(v.DNIS)
	c.Division = v.Division.clone()
	c.OpenHoursFlow = v.OpenHoursFlow.clone()
	c.ClosedHoursFlow = v.ClosedHoursFlow.clone()
	c.HolidayHoursFlow = v.HolidayHoursFlow.clone()
	c.ScheduleGroup = v.ScheduleGroup.clone()
	return c
}

func (r *Ref) clone() *Ref {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

// IVR returns a copy of the IVR with that id, deleted ones included.
func (s *Server) IVR(id string) (IVR, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.org.ivrs[id]
	if !ok {
		return IVR{}, false
	}
	return v.clone(), true
}

// IVRs returns copies of every IVR, deleted ones included, in creation order.
func (s *Server) IVRs() []IVR {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]IVR, 0, len(s.org.order))
	for _, id := range s.org.order {
		out = append(out, s.org.ivrs[id].clone())
	}
	return out
}

// FreeNumbers returns up to n numbers, ascending, that lie in a DID pool and
// are held by nobody. It never returns the numbers "someone else" uses for
// external edits, so a test may plan with them safely.
func (s *Server) FreeNumbers(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.org.numbers.free(n)
}

// UnpooledNumber returns a well-formed E.164 number that lies in no DID pool.
func (s *Server) UnpooledNumber() string { return unpooledNumber }

// Pools returns the org's DID pools.
func (s *Server) Pools() []Pool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.org.numbers.pools)
}
