package app

import (
	"context"
	"errors"

	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
	"github.com/gcpace/gcpace/wasm/pacer"
)

// work does one job's requests for the pacer: GET the IVR, apply the intent
// to that fresh copy, PUT it back with the version read. Replaying an intent
// (not a stored array) is what keeps someone else's edit alive.
type work struct {
	a       *App
	intents map[string]dnis.Intent // job id → intent
}

// errSignedOut stands for the 401 an expired session would get: the request
// is not sent, the queue waits for sign-in.
var errSignedOut = &genesys.Error{
	Meta: genesys.Meta{Status: 401},
	Body: genesys.ErrorBody{Status: 401, Code: "session.expired", Message: "Your Genesys Cloud session has expired"},
}

func (w *work) Read(ctx context.Context, j pacer.Job) (any, genesys.Meta, error) {
	if !w.a.signedIn() {
		return nil, errSignedOut.Meta, errSignedOut
	}
	ivr, m, err := w.a.jobs.GetIVR(ctx, j.Key)
	if err != nil {
		return nil, m, err
	}
	w.a.remember(ivr)
	if ivr.State == "deleted" {
		return nil, m, pacer.Permanent(errors.New("this IVR was deleted in Genesys Cloud"))
	}
	if w.intents[j.ID].Satisfied(ivr.DNIS) {
		return nil, m, pacer.ErrNothingToDo
	}
	return ivr, m, nil
}

func (w *work) Write(ctx context.Context, j pacer.Job, read any) (genesys.Meta, error) {
	if !w.a.signedIn() {
		return errSignedOut.Meta, errSignedOut
	}
	ivr := read.(genesys.IVR)
	ivr.DNIS = w.intents[j.ID].Apply(ivr.DNIS)
	out, m, err := w.a.jobs.PutIVR(ctx, ivr)
	if err == nil {
		w.a.remember(out)
	}
	return m, err
}

// remember keeps the loaded org current with what the batch read or wrote,
// so the list, undo and the next plan see today's numbers.
func (a *App) remember(ivr genesys.IVR) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if ivr.State == "deleted" {
		delete(a.ivrs, ivr.ID)
		return
	}
	a.ivrs[ivr.ID] = ivr
}
