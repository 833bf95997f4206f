package genesys

import (
	"reflect"
	"testing"
)

func TestBucketsFor(t *testing.T) {
	put := []Bucket{BucketIVRPut, BucketClientUser, BucketUser}
	other := []Bucket{BucketClientUser, BucketUser}
	tests := []struct {
		method, path string
		want         []Bucket
	}{
		{"PUT", "/api/v2/architect/ivrs/abc-123", put},
		{"put", "/api/v2/architect/ivrs/abc-123", put},
		{"PUT", "/api/v2/architect/ivrs/abc-123/", put},
		{"PUT", "/api/v2/architect/ivrs/a%2Fb", put},
		{"PUT", "/api/v2/architect/ivrs/abc?x=1", put},
		{"PUT", "https://api.mypurecloud.com/api/v2/architect/ivrs/abc", put},
		{"GET", "/api/v2/architect/ivrs/abc-123", other},
		{"DELETE", "/api/v2/architect/ivrs/abc-123", other},
		{"PUT", "/api/v2/architect/ivrs", other},
		{"PUT", "/api/v2/architect/ivrs/", other},
		{"PUT", "/api/v2/architect/ivrs/abc/extra", other},
		{"PUT", "/api/v2/architect/ivrsx/abc", other},
		{"GET", "/api/v2/architect/ivrs?pageNumber=1", other},
		{"GET", "/api/v2/users/me", other},
		{"GET", "/api/v2/organizations/limits/namespaces/platform.api", other},
	}
	for _, tt := range tests {
		got := BucketsFor(tt.method, tt.path)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("BucketsFor(%s, %s) = %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
	// Callers may change the slice they get.
	a := BucketsFor("GET", "/x")
	a[0] = "changed"
	if BucketsFor("GET", "/x")[0] != BucketClientUser {
		t.Error("BucketsFor returns a shared slice")
	}
}

func TestDecodeLimits(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    map[string]int
		wantErr bool
	}{
		{
			name: "LimitsEntityListing",
			body: `{"entities":[{"key":"org.app.user.rate.per.minute","namespace":"platform.api","value":300},
			                    {"key":"org.user.rate.per.minute","namespace":"platform.api","value":3000}]}`,
			want: map[string]int{"org.app.user.rate.per.minute": 300, "org.user.rate.per.minute": 3000},
		},
		{
			name: "bare array, name, float and string values",
			body: `[{"name":"a","value":12.0},{"key":"b","value":"40"},{"key":" c ","value":7}]`,
			want: map[string]int{"a": 12, "b": 40, "c": 7},
		},
		{
			name: "unusable entries skipped",
			body: `{"entities":[{"key":"","value":1},{"key":"neg","value":-1},{"key":"nan","value":"x"},
			                    {"key":"none"},{"key":"null","value":null},42,{"key":"ok","value":5}],"pageSize":25}`,
			want: map[string]int{"ok": 5},
		},
		{name: "no entities", body: `{}`, want: map[string]int{}},
		{name: "empty", body: ``, want: map[string]int{}},
		{name: "not a listing", body: `"hello"`, wantErr: true},
		{name: "entities not a list", body: `{"entities":3}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeLimits([]byte(tt.body))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
