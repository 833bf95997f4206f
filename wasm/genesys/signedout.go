package genesys

// ErrSignedOut stands for the 401 an expired session would get: a job
// finds no token, sends nothing, and returns this, so the queue waits for
// sign-in exactly as after a real 401.
var ErrSignedOut = &Error{
	Meta: Meta{Status: 401},
	Body: ErrorBody{Status: 401, Code: "session.expired", Message: "Your Genesys Cloud session has expired"},
}
