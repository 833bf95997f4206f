package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gcpace/gcpace/wasm/genesys"

	"github.com/gcpace/gcpace/wasm/say"
)

// exchanged is the outcome of a PKCE token exchange: a token, or words
// saying why the login refused the code.
type exchanged struct {
	token    string
	lifetime time.Duration
	refused  string
}

// exchange trades a PKCE code for a token: POST <loginBase>/oauth/token,
// form-encoded as OAuth specifies. Its error never quotes the answer, which
// could hold the token.
func (f *Flow) exchange(ctx context.Context, doer genesys.Doer, code string, p pending) (exchanged, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {p.Redirect},
		"client_id":     {f.Settings.ClientID},
		"code_verifier": {p.Verifier},
	}
	target := strings.TrimRight(f.Settings.LoginBase, "/") + "/oauth/token"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return exchanged{}, fmt.Errorf("auth: token exchange: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if doer == nil {
		// Never http.DefaultClient: it would link net/http's TLS stack into the wasm.
		return exchanged{}, errors.New("auth: token exchange: no HTTP client")
	}
	resp, err := doer.Do(req)
	if err != nil {
		return exchanged{}, say.Wrap(fmt.Errorf("auth: the login service could not be reached to finish sign-in: %w", err),
			"The login service could not be reached to finish sign-in ("+err.Error()+").")
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return exchanged{}, say.Wrap(fmt.Errorf("auth: reading the login service's answer: %w", err),
			"The login service's answer broke off before sign-in finished ("+err.Error()+").")
	}

	var body struct {
		AccessToken      string          `json:"access_token"`
		ExpiresIn        json.RawMessage `json:"expires_in"`
		TokenType        string          `json:"token_type"`
		Error            string          `json:"error"`
		ErrorDescription string          `json:"error_description"`
		Description      string          `json:"description"`
	}
	decodeErr := json.Unmarshal(raw, &body)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if decodeErr == nil && body.Error != "" {
			desc := body.ErrorDescription
			if desc == "" {
				desc = body.Description
			}
			return exchanged{refused: "Genesys Cloud refused the sign-in code: " + oauthWords(body.Error, desc) + ". Sign in again."}, nil
		}
		return exchanged{}, say.New(fmt.Sprintf("The login service answered HTTP %d %s to the token exchange.", resp.StatusCode, http.StatusText(resp.StatusCode)))
	}
	if decodeErr != nil {
		return exchanged{}, say.New("The login service's answer to the token exchange is not the JSON expected.")
	}
	if body.AccessToken == "" {
		return exchanged{refused: refusedNoToken}, nil
	}
	if t := body.TokenType; t != "" && !strings.EqualFold(t, "bearer") {
		return exchanged{refused: refusedWrongKind}, nil
	}
	return exchanged{token: body.AccessToken, lifetime: tokenLifetime(strings.Trim(string(body.ExpiresIn), `"`))}, nil
}
