package genesys

import "encoding/json"

// Ref is Genesys's reference to another entity (a flow, schedule group, division).
type Ref struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name,omitempty"`
	SelfURI string `json:"selfUri,omitempty"`
}

// IVR is an Architect IVR ("call route"). PUT replaces the whole object, so
// fields this type does not model are kept in Extra and sent back untouched:
// dropping them would clear them on the server.
type IVR struct {
	ID               string   `json:"id,omitempty"`
	Name             string   `json:"name"`
	Description      string   `json:"description,omitempty"`
	Version          int      `json:"version"`
	DNIS             []string `json:"dnis"`
	OpenHoursFlow    *Ref     `json:"openHoursFlow,omitempty"`
	ClosedHoursFlow  *Ref     `json:"closedHoursFlow,omitempty"`
	HolidayHoursFlow *Ref     `json:"holidayHoursFlow,omitempty"`
	ScheduleGroup    *Ref     `json:"scheduleGroup,omitempty"`
	Division         *Ref     `json:"division,omitempty"`
	State            string   `json:"state,omitempty"`
	DateCreated      string   `json:"dateCreated,omitempty"`
	DateModified     string   `json:"dateModified,omitempty"`
	CreatedBy        string   `json:"createdBy,omitempty"`
	ModifiedBy       string   `json:"modifiedBy,omitempty"`
	CreatedByApp     string   `json:"createdByApp,omitempty"`
	ModifiedByApp    string   `json:"modifiedByApp,omitempty"`
	SelfURI          string   `json:"selfUri,omitempty"`

	// Extra holds every JSON field not listed above, verbatim.
	Extra map[string]json.RawMessage `json:"-"`
}

// IVRPage is one page of GET /api/v2/architect/ivrs.
type IVRPage = Page[IVR]

// Page is one page of a Genesys listing: the same envelope for every entity.
type Page[T any] struct {
	Entities    []T    `json:"entities"`
	PageSize    int    `json:"pageSize"`
	PageNumber  int    `json:"pageNumber"`
	Total       int    `json:"total"`
	PageCount   int    `json:"pageCount"`
	FirstURI    string `json:"firstUri,omitempty"`
	SelfURI     string `json:"selfUri,omitempty"`
	NextURI     string `json:"nextUri,omitempty"`
	PreviousURI string `json:"previousUri,omitempty"`
	LastURI     string `json:"lastUri,omitempty"`
}

// User is the subset of GET /api/v2/users/me the page shows.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// Permissions are what users/me?expand=authorization granted; nil when
	// the answer carried none (Me reads them, the JSON of a User does not).
	// A pointer keeps User comparable.
	Permissions *Permissions `json:"-"`
}
