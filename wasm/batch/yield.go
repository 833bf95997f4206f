package batch

// pauser is a fresh pause hook for one long stretch of a batch's start
// (Config.Yield). In the browser every goroutine runs on the page's one
// thread, and a goroutine that neither sleeps nor waits never hands it
// back: encoding, recording and decoding 5 000 jobs, then the first view of
// them, was one task of most of a second in which no click, paint or timer
// ran (issue 14).
func (e *Engine) pauser() func() {
	if e.c.Yield != nil {
		if p := e.c.Yield(); p != nil {
			return p
		}
	}
	return func() {}
}
