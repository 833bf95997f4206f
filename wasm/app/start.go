package app

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/gcpace/gcpace/wasm/auth"
	"github.com/gcpace/gcpace/wasm/dnis"
	"github.com/gcpace/gcpace/wasm/genesys"
)

// Start reads the configuration, finishes a sign-in that is coming back from
// the login page, and loads the org. It blocks: run it in a goroutine.
func (a *App) Start(cfgJSON []byte, cfgErr error) {
	if cfgErr != nil {
		a.fatal("gcpace is not set up on this server: " + words(cfgErr))
		return
	}
	cfg, err := auth.ParseConfig(cfgJSON)
	if err != nil {
		a.fatal(words(err))
		return
	}
	page := a.d.Page()
	// The login sends the browser back without the page's query: the region
	// of a sign-in in progress is the one saved with its state. It must be
	// known before the code is exchanged (at that region's login) and the
	// session is tied to an API.
	query := page.Query()
	if q, ok := (&auth.Flow{Store: a.d.Session}).AnswerQuery(page); ok {
		query = q
	}
	settings, err := auth.Resolve(cfg, query)
	if err != nil {
		a.fatal(words(err))
		return
	}
	a.useSettings(settings)
	if settings.Grant == auth.GrantImplicit {
		a.update(func(v *View) { v.Warning = implicitWarning })
	}

	ctx, cancel := context.WithTimeout(a.ctx, exchangeTimeout)
	res, err := a.flow.Complete(ctx, page, a.d.Now(), a.d.HTTP)
	cancel()
	if res.CleanURL != "" {
		a.d.ReplaceURL(res.CleanURL)
	}
	// Only now, with the region checked and the page's query back in the
	// address bar, may the client-app bridge start talking to its host.
	if a.d.Embedded != nil {
		a.d.Embedded(embeddedQuery(settings.PageQuery))
	}
	refused := ""
	switch {
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		refused = "Sign-in did not finish: the Genesys Cloud login did not answer within " + seconds(exchangeTimeout) + "."
	case err != nil:
		refused = "Sign-in did not finish: " + words(err)
	case res.Refused != "":
		refused = res.Refused
	}
	if refused != "" {
		// A refused answer (error=, a used or foreign state) must not start
		// another trip by itself: that is how a login loop begins.
		stopAutoSignIn(a.d.Session)
		a.notice(refused, true)
	}
	a.afterSignIn(refused)
}

func (a *App) useSettings(s auth.Settings) {
	a.settings = s
	a.flow = &auth.Flow{Settings: s, Store: a.d.Session, Rand: a.d.Rand}
	// The page's own calls teach the running queue through Observe; the
	// queue's jobs go through jobs, whose answers the queue reads itself
	// (observing them too would count every request twice).
	page := genesys.Patient{Doer: deadline{a.d.HTTP, requestTimeout}, Now: a.d.Now}
	a.client = &genesys.Client{Base: s.APIBase, HTTP: page, Token: a.token, Now: a.d.Now, Observe: a.observe}
	a.jobs = &genesys.Client{Base: s.APIBase, HTTP: a.d.HTTP, Token: a.token, Now: a.d.Now}
}

// token is read before every request; an expired session yields "" and the
// request is not sent (see work.go), so no doomed call leaves the page.
func (a *App) token() string {
	s, ok := a.flow.Current(a.d.Now())
	if !ok {
		return ""
	}
	return s.Token
}

func (a *App) signedIn() bool {
	_, ok := a.flow.Current(a.d.Now())
	return ok
}

// afterSignIn checks the session, loads the user and the org, and picks up a
// batch a reload interrupted.
func (a *App) afterSignIn(refused string) {
	if !a.signedIn() {
		if a.eng.PendingNeedsAuth() {
			// The page went to sign in again in the middle of a batch; the
			// login came back without a token (or the token lapsed while away):
			// go again rather than strand the batch behind a button, within
			// the bound of autoSignIn.
			if refused != "" {
				a.strandBatch(refused)
				return
			}
			a.autoSignIn("")
			return
		}
		a.update(func(v *View) { v.Phase = PhaseSignedOut })
		return
	}
	// The page client rides out network errors, 5xx and 429 (Patient, the
	// one retry loop) until checkTimeout ends the wait.
	ctx, cancel := context.WithTimeout(a.ctx, checkTimeout)
	user, err := auth.CheckToken(ctx, a.client)
	cancel()
	if err != nil {
		if auth.SessionEnded(err) {
			a.flow.Clear()
			if a.eng.AwaitSignIn() {
				// The batch this tab runs needs a new token: go and get it, as
				// after a 401 in the middle of the batch.
				a.autoSignIn("Your Genesys Cloud session has ended.")
				return
			}
			a.update(func(v *View) {
				v.Phase = PhaseSignedOut
				v.Notice, v.NoticeBad = "Your Genesys Cloud session has ended. Sign in again.", true
			})
			return
		}
		a.update(func(v *View) {
			v.Phase = PhaseSignedOut
			v.Notice, v.NoticeBad = "Genesys Cloud could not be reached: "+timeoutWords(err, checkTimeout), true
		})
		return
	}
	a.update(func(v *View) { v.User, v.Phase = user.Name, PhaseLoading })
	a.setKinds(user)
	go a.loadOrg()
	if err := a.loadIVRsIfOffered(); err != nil {
		a.update(func(v *View) {
			v.Phase = PhaseReady
			v.Notice, v.NoticeBad = "The IVRs could not be loaded: "+words(err)+" Reload the page to try again.", true
		})
	} else {
		a.update(func(v *View) { v.Phase = PhaseReady })
	}
	a.startHistory(user)
	// A batch the last page load left unfinished goes on even without the
	// list: its journal holds every intent and before-state it needs.
	a.joinBatch()
}

func (a *App) loadIVRs() error {
	all, err := a.client.AllIVRs(a.ctx, func(loaded, total int) {
		a.update(func(v *View) { v.Loaded, v.Total = loaded, total })
	})
	if err != nil {
		return err
	}
	a.mu.Lock()
	a.ivrs = make(map[string]orgIVR, len(all))
	for _, r := range all {
		if r.State == "deleted" {
			continue
		}
		a.ivrs[r.ID] = keptOf(r)
	}
	a.mu.Unlock()
	a.publishIVRs()
	return nil
}

// publishIVRs hands the UI a fresh sorted list after the org changed.
func (a *App) publishIVRs() {
	a.mu.Lock()
	list := make([]dnis.IVR, 0, len(a.ivrs))
	for id, r := range a.ivrs {
		list = append(list, dnis.IVR{ID: id, Name: r.Name, DNIS: append([]string(nil), r.DNIS...)})
	}
	a.mu.Unlock()
	sort.Slice(list, func(i, j int) bool {
		if list[i].Name != list[j].Name {
			return list[i].Name < list[j].Name
		}
		return list[i].ID < list[j].ID
	})
	a.update(func(v *View) {
		v.IVRs, v.Loaded, v.Total = list, len(list), len(list)
		v.IVRsRev++
	})
}

// SignIn leaves for the login page: the person asked, so the bound on
// automatic trips starts afresh.
func (a *App) SignIn() {
	a.d.Session.Remove(autoKey)
	a.signIn()
}

func (a *App) signIn() {
	a.update(func(v *View) { v.Phase = PhaseSigningIn })
	go func() {
		to, err := a.flow.Begin(a.d.Page(), a.d.Now())
		if err != nil {
			a.update(func(v *View) {
				v.Phase = PhaseSignedOut
				v.Notice, v.NoticeBad = "Sign-in could not start: "+words(err), true
			})
			return
		}
		a.d.Navigate(to)
	}()
}

func (a *App) fatal(msg string) {
	a.update(func(v *View) { v.Phase, v.Notice, v.NoticeBad = PhaseFatal, msg, true })
}

// window is the rate-limit window config.json sets (simulators shrink it).
func (a *App) window() time.Duration {
	if w := a.settings.WindowSeconds; w > 0 {
		return time.Duration(w * float64(time.Second))
	}
	return time.Minute
}
