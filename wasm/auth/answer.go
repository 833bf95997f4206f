package auth

import (
	"encoding/json"
	"net/url"
)

// AnswerQuery returns the page's query as it was when the sign-in that page
// answers started (gcHostOrigin and the rest, saved with its state), without
// using the state up. The redirect back from the login carries no query of
// its own, so this is the only place the region of that sign-in is known:
// resolve it before Complete, which exchanges the code at the login and ties
// the session to an API. ok is false when page holds no answer, or one whose
// state this tab did not issue.
func (f *Flow) AnswerQuery(page *url.URL) (q url.Values, ok bool) {
	if page == nil || f.Store == nil {
		return nil, false
	}
	params, _ := readAnswer(page)
	if params == nil || !validState(params.Get("state")) {
		return nil, false
	}
	raw, found := f.Store.Get(statePrefix + params.Get("state"))
	if !found {
		return nil, false
	}
	var p pending
	if json.Unmarshal([]byte(raw), &p) != nil {
		return nil, false
	}
	q, err := url.ParseQuery(p.Query)
	if err != nil {
		return nil, false
	}
	return q, true
}
