package pacer_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// The queue reads answers exactly as genesys.Classify does (its table is in
// genesys); the pacer's own markers are genesys's.
func TestClassifyDelegates(t *testing.T) {
	cause := errors.New("the intent cannot apply")
	for _, tc := range []struct {
		name string
		m    genesys.Meta
		err  error
		want pacer.Outcome
	}{
		{"nothing to do", genesys.Meta{Status: 200}, fmt.Errorf("read: %w", pacer.ErrNothingToDo), pacer.Done{}},
		{"permanent", genesys.Meta{}, pacer.Permanent(cause), pacer.Failed{Err: pacer.Permanent(cause)}},
		{"429", genesys.Meta{Status: 429}, nil, pacer.Retry{Reason: "rate limit", Limited: true}},
		{"409", genesys.Meta{Status: 409}, nil, pacer.Reread{}},
		{"401", genesys.Meta{Status: 401}, nil, pacer.NeedAuth{}},
	} {
		got := pacer.Classify(tc.m, tc.err)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Classify = %#v, want %#v", tc.name, got, tc.want)
		}
		if g := genesys.Classify(tc.m, tc.err); !reflect.DeepEqual(got, g) {
			t.Errorf("%s: pacer says %#v, genesys says %#v", tc.name, got, g)
		}
	}
	if pacer.Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
}

// gerr is the *genesys.Error a client returns for status, with its Meta.
func gerr(status int, msg string) *genesys.Error {
	return &genesys.Error{Meta: genesys.Meta{Status: status}, Body: genesys.ErrorBody{Message: msg, Status: status}}
}
