package genesys

import "time"

// RateLimit is what the inin-ratelimit-* headers said, when the browser let us
// read them (across origins it hides them unless the server exposes them).
type RateLimit struct {
	Known   bool          // all three headers were present and parsed
	Count   int           // inin-ratelimit-count: requests used in the window
	Allowed int           // inin-ratelimit-allowed: requests allowed in the window
	Reset   time.Duration // inin-ratelimit-reset: time until the window resets
}

// Meta is what every response tells besides its body.
type Meta struct {
	Status        int
	RateLimit     RateLimit
	RetryAfter    time.Duration // from Retry-After (seconds or HTTP-date), else the 429 body's "[N] seconds"
	HasRetryAfter bool
	CorrelationID string // ININ-Correlation-Id, when readable
}

// ErrorDetail is one entry of an error body's details.
type ErrorDetail struct {
	ErrorCode  string `json:"errorCode,omitempty"`
	FieldName  string `json:"fieldName,omitempty"`
	EntityID   string `json:"entityId,omitempty"`
	EntityName string `json:"entityName,omitempty"`
}

// ErrorLimit names the limit a 429 hit, when the body says so.
type ErrorLimit struct {
	Key       string `json:"key,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Value     int    `json:"value,omitempty"`
}

// ErrorBody is Genesys's error shape, shared by every 4xx/5xx.
type ErrorBody struct {
	Message           string            `json:"message"`
	Code              string            `json:"code"`
	Status            int               `json:"status"`
	MessageWithParams string            `json:"messageWithParams,omitempty"`
	MessageParams     map[string]string `json:"messageParams,omitempty"`
	ContextID         string            `json:"contextId,omitempty"`
	EntityID          string            `json:"entityId,omitempty"`
	EntityName        string            `json:"entityName,omitempty"`
	Details           []ErrorDetail     `json:"details"`
	Errors            []ErrorBody       `json:"errors"`
	Limit             *ErrorLimit       `json:"limit,omitempty"`
}
