package genesys

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

const fullBody = `{"message":"The version supplied (3) does not match the current version (4).",
 "code":"bad.request","status":400,
 "messageWithParams":"The version supplied ({v}) does not match the current version ({c}).",
 "messageParams":{"v":"3","c":"4"},
 "contextId":"ctx-1","entityId":"ivr-1","entityName":"Main line",
 "details":[{"errorCode":"version","fieldName":"version","entityId":"ivr-1","entityName":"Main line"}],
 "errors":[{"message":"Version mismatch for Main line","code":"version.mismatch","status":400,"details":[],"errors":[]}],
 "limit":{"key":"k","namespace":"architect","value":5}}`

func TestDecodeErrorBody(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		want   ErrorBody
	}{
		{
			name:   "full Genesys body",
			body:   fullBody,
			status: 400,
			want: ErrorBody{
				Message:           "The version supplied (3) does not match the current version (4).",
				Code:              "bad.request",
				Status:            400,
				MessageWithParams: "The version supplied ({v}) does not match the current version ({c}).",
				MessageParams:     map[string]string{"v": "3", "c": "4"},
				ContextID:         "ctx-1",
				EntityID:          "ivr-1",
				EntityName:        "Main line",
				Details:           []ErrorDetail{{ErrorCode: "version", FieldName: "version", EntityID: "ivr-1", EntityName: "Main line"}},
				Errors:            []ErrorBody{{Message: "Version mismatch for Main line", Code: "version.mismatch", Status: 400, Details: []ErrorDetail{}, Errors: []ErrorBody{}}},
				Limit:             &ErrorLimit{Key: "k", Namespace: "architect", Value: 5},
			},
		},
		{
			name:   "429 body",
			body:   body429,
			status: 429,
			want: ErrorBody{
				Message:   "Rate limit exceeded the maximum. Retry the request in [42] seconds",
				Code:      "too.many.requests.retry.after",
				Status:    429,
				ContextID: "ctx-429",
				Details:   []ErrorDetail{},
				Errors:    []ErrorBody{},
			},
		},
		{
			name:   "HTML from a proxy",
			body:   "<html><body>502 Bad Gateway</body></html>",
			status: 502,
			want:   ErrorBody{Message: "Bad Gateway", Status: 502},
		},
		{
			name:   "empty",
			status: 401,
			want:   ErrorBody{Message: "Unauthorized", Status: 401},
		},
		{
			name:   "broken JSON",
			body:   `{"message": "cut sh`,
			status: 500,
			want:   ErrorBody{Message: "Internal Server Error", Status: 500},
		},
		{
			name:   "wrong types keep the message",
			body:   `{"message":"No such IVR","code":404,"status":"404","messageParams":{"n":1}}`,
			status: 404,
			want:   ErrorBody{Message: "No such IVR", Code: "", Status: 404, MessageParams: map[string]string{"n": ""}},
		},
		{
			name:   "message not a string",
			body:   `{"message":{"text":"odd"},"code":"x"}`,
			status: 400,
			want:   ErrorBody{Message: "Bad Request", Code: "x", Status: 400},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeErrorBody([]byte(tt.body), tt.status)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decodeErrorBody =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestErrorWords(t *testing.T) {
	tests := []struct {
		name   string
		status int
		h      http.Header
		body   string
		want   string
	}{
		{
			name:   "full body",
			status: 400,
			body:   fullBody,
			want:   "The version supplied (3) does not match the current version (4).; Version mismatch for Main line; field version (HTTP 400 Bad Request, code bad.request, correlation id ctx-1)",
		},
		{
			name:   "429",
			status: 429,
			h:      hdr("Inin-Correlation-Id", "cid"),
			body:   body429,
			want:   "Rate limit exceeded the maximum. Retry the request in [42] seconds (HTTP 429 Too Many Requests, code too.many.requests.retry.after, correlation id cid)",
		},
		{
			name:   "non-JSON",
			status: 503,
			body:   "upstream connect error",
			want:   "Service Unavailable (HTTP 503 Service Unavailable)",
		},
		{
			name:   "only nested errors",
			status: 400,
			body:   `{"errors":[{"message":"Number +13175550100 is not in a DID pool"}]}`,
			want:   "Number +13175550100 is not in a DID pool (HTTP 400 Bad Request)",
		},
		{
			name:   "unknown status",
			status: 599,
			want:   "HTTP status 599 (HTTP 599)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newError(t, tt.status, tt.h, tt.body)
			if got := e.Error(); got != tt.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestErrorKinds(t *testing.T) {
	tests := []struct {
		name                                   string
		status                                 int
		body                                   string
		conflict, limited, unauthorized, fault bool
	}{
		{"409", 409, `{"message":"Conflict"}`, true, false, false, false},
		{"409 without body", 409, "", true, false, false, false},
		{"400 version message", 400, `{"message":"The version supplied does not match the current version of the resource."}`, true, false, false, false},
		{"400 version message, other case", 400, `{"message":"Version DOES NOT MATCH THE CURRENT VERSION"}`, true, false, false, false},
		{"400 version in nested error", 400, `{"message":"Bad request","errors":[{"message":"does not match the current version"}]}`, true, false, false, false},
		{"400 other", 400, `{"message":"Field 'didPoolId' is required and cannot be empty."}`, false, false, false, false},
		{"404 with version words", 404, `{"message":"does not match the current version"}`, false, false, false, false},
		{"429", 429, body429, false, true, false, false},
		{"401", 401, `{"message":"Invalid login credentials."}`, false, false, true, false},
		{"502", 502, "", false, false, false, true},
		{"504", 504, "", false, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newError(t, tt.status, nil, tt.body)
			if got := e.VersionConflict(); got != tt.conflict {
				t.Errorf("VersionConflict() = %v, want %v", got, tt.conflict)
			}
			if got := e.RateLimited(); got != tt.limited {
				t.Errorf("RateLimited() = %v, want %v", got, tt.limited)
			}
			if got := e.Unauthorized(); got != tt.unauthorized {
				t.Errorf("Unauthorized() = %v, want %v", got, tt.unauthorized)
			}
			if got := e.ServerFault(); got != tt.fault {
				t.Errorf("ServerFault() = %v, want %v", got, tt.fault)
			}
		})
	}
}

// newError builds the *Error the client returns for an answer.
func newError(t *testing.T, status int, h http.Header, body string) *Error {
	t.Helper()
	if h == nil {
		h = http.Header{}
	}
	b := decodeErrorBody([]byte(body), status)
	e := &Error{Meta: parseMeta(h, status, &b, t0), Body: b}
	if strings.Contains(e.Error(), "Bearer") {
		t.Fatalf("error words mention a token: %s", e.Error())
	}
	return e
}
