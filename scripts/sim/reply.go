package sim

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
)

// reply is what a handler decides; one adapter (write, or the Transport)
// turns it into bytes. Handlers never touch a ResponseWriter.
type reply struct {
	status int
	header http.Header
	body   []byte
	drop   bool // the connection dies instead: the client gets no answer
}

func (r *reply) set(k, v string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(k, v)
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sim: encoding %T: %v", v, err)) // our own types always encode
	}
	r := reply{status: status, body: b}
	r.set("Content-Type", "application/json")
	return r
}

func htmlReply(status int, title, text string) reply {
	b := fmt.Appendf(nil, "<!doctype html><title>%s</title><h1>%s</h1><p>%s</p>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(text))
	r := reply{status: status, body: b}
	r.set("Content-Type", "text/html; charset=utf-8")
	return r
}

// ErrorBody is Genesys's error shape, shared by every 4xx and 5xx of the API.
// Details and Errors are always present, as [] when empty.
type ErrorBody struct {
	Message           string            `json:"message"`
	Code              string            `json:"code"`
	Status            int               `json:"status"`
	MessageWithParams string            `json:"messageWithParams,omitempty"`
	MessageParams     map[string]string `json:"messageParams,omitempty"`
	ContextID         string            `json:"contextId"`
	EntityID          string            `json:"entityId,omitempty"`
	EntityName        string            `json:"entityName,omitempty"`
	Details           []ErrorDetail     `json:"details"`
	Errors            []ErrorBody       `json:"errors"`
	Limit             *ErrorLimit       `json:"limit,omitempty"`
}

// ErrorDetail is one entry of ErrorBody.Details.
type ErrorDetail struct {
	ErrorCode  string `json:"errorCode,omitempty"`
	FieldName  string `json:"fieldName,omitempty"`
	EntityID   string `json:"entityId,omitempty"`
	EntityName string `json:"entityName,omitempty"`
}

// ErrorLimit names a limit in an ErrorBody.
type ErrorLimit struct {
	Key       string `json:"key,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Value     int    `json:"value,omitempty"`
}

// Error codes the simulator answers with.
const (
	CodeBadRequest     = "bad.request"
	CodeBadCredentials = "bad.credentials"
	CodeAuthRequired   = "authentication.required"
	CodeNotFound       = "not.found"
	CodeConflict       = "general.conflict"
	CodeTooMany        = "too.many.requests.retry.after"
	CodeMethod         = "method.not.allowed"
	CodeMediaType      = "unsupported.media.type"
	CodeBadGateway     = "bad.gateway"
	CodeUnavailable    = "service.unavailable"
	CodeTimeout        = "gateway.timeout"
)

// apiError is an ErrorBody on its way out; the adapter fills in contextId.
func apiError(status int, code, msg string) *ErrorBody {
	return &ErrorBody{Message: msg, Code: code, Status: status, Details: []ErrorDetail{}, Errors: []ErrorBody{}}
}

// withParams adds Genesys's templated message: tmpl uses {name} placeholders.
func (e *ErrorBody) withParams(tmpl string, params map[string]string) *ErrorBody {
	e.MessageWithParams, e.MessageParams = tmpl, params
	return e
}

func (e *ErrorBody) withDetail(d ErrorDetail) *ErrorBody {
	e.Details = append(e.Details, d)
	return e
}

// reply renders e with the request's correlation id as its contextId.
func (e *ErrorBody) reply(c *call) reply {
	e.ContextID = c.corr
	return jsonReply(e.Status, e)
}
