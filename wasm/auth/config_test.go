package auth

import (
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    Config
		wantErr string // a part of the error, "" for none
	}{
		{
			name: "defaults",
			in:   `{"clientId":"abc"}`,
			want: Config{ClientID: "abc", Grant: "implicit", Environment: "mypurecloud.com", WindowSeconds: 60},
		},
		{
			name: "everything",
			in:   `{"clientId":" abc ","grant":"PKCE","environment":"mypurecloud.ie","apiBase":"http://127.0.0.1:8081/","loginBase":"https://proxy.example/login/","windowSeconds":6,"other":true}`,
			want: Config{ClientID: "abc", Grant: "pkce", Environment: "mypurecloud.ie", APIBase: "http://127.0.0.1:8081", LoginBase: "https://proxy.example/login", WindowSeconds: 6},
		},
		{
			name: "environment written as an address",
			in:   `{"clientId":"a","environment":"https://apps.euw2.pure.cloud/"}`,
			want: Config{ClientID: "a", Grant: "implicit", Environment: "euw2.pure.cloud", WindowSeconds: 60},
		},
		{
			name: "environment written as a target env",
			in:   `{"clientId":"a","environment":"prod-apne2"}`,
			want: Config{ClientID: "a", Grant: "implicit", Environment: "apne2.pure.cloud", WindowSeconds: 60},
		},
		{
			name: "unknown environment is fine with both bases",
			in:   `{"clientId":"gcpace-local","environment":"local","apiBase":"http://127.0.0.1:8081","loginBase":"http://127.0.0.1:8081"}`,
			want: Config{ClientID: "gcpace-local", Grant: "implicit", Environment: "local", APIBase: "http://127.0.0.1:8081", LoginBase: "http://127.0.0.1:8081", WindowSeconds: 60},
		},
		{
			name: "plain http on loopback",
			in:   `{"clientId":"a","apiBase":"http://localhost:8081","loginBase":"http://[::1]:8082"}`,
			want: Config{ClientID: "a", Grant: "implicit", Environment: "mypurecloud.com", APIBase: "http://localhost:8081", LoginBase: "http://[::1]:8082", WindowSeconds: 60},
		},
		{
			name: "plain http on 127.x",
			in:   `{"clientId":"a","apiBase":"http://127.8.0.1","loginBase":"http://app.localhost:1"}`,
			want: Config{ClientID: "a", Grant: "implicit", Environment: "mypurecloud.com", APIBase: "http://127.8.0.1", LoginBase: "http://app.localhost:1", WindowSeconds: 60},
		},
		{name: "fractional window", in: `{"clientId":"a","windowSeconds":0.5}`, want: Config{ClientID: "a", Grant: "implicit", Environment: "mypurecloud.com", WindowSeconds: 0.5}},
		{name: "empty file", in: ` `, wantErr: "config.json: the file is empty"},
		{name: "no clientId", in: `{}`, wantErr: "config.json: clientId is missing"},
		{name: "blank clientId", in: `{"clientId":"  "}`, wantErr: "config.json: clientId is missing"},
		{name: "clientId a number", in: `{"clientId":5}`, wantErr: "config.json: clientId must be a string, not a JSON number"},
		{name: "window a string", in: `{"clientId":"a","windowSeconds":"60"}`, wantErr: "config.json: windowSeconds must be a number, not a JSON string"},
		{name: "not an object", in: `["clientId"]`, wantErr: "config.json: the file must hold one JSON object"},
		{name: "syntax", in: "{\n\"clientId\": \"a\",\n}", wantErr: "config.json: line 3: the file is not valid JSON"},
		{name: "bad grant", in: `{"clientId":"a","grant":"password"}`, wantErr: `config.json: grant must be "implicit" or "pkce", not "password"`},
		{name: "unknown environment", in: `{"clientId":"a","environment":"mypurecloud.io"}`, wantErr: `config.json: environment "mypurecloud.io" is not a Genesys Cloud region`},
		{name: "unknown environment, one base", in: `{"clientId":"a","environment":"x","apiBase":"http://127.0.0.1:1"}`, wantErr: `environment "x"`},
		{name: "apiBase not http", in: `{"clientId":"a","apiBase":"ftp://x"}`, wantErr: `config.json: apiBase "ftp://x" must start with https://`},
		{name: "apiBase relative", in: `{"clientId":"a","apiBase":"api.mypurecloud.com"}`, wantErr: `config.json: apiBase "api.mypurecloud.com" must start with https://`},
		{name: "apiBase no host", in: `{"clientId":"a","apiBase":"https:///x"}`, wantErr: `config.json: apiBase "https:///x" has no host name`},
		{name: "apiBase not a URL", in: `{"clientId":"a","apiBase":"https://a b:x"}`, wantErr: `config.json: apiBase "https://a b:x" is not a URL`},
		{name: "loginBase with query", in: `{"clientId":"a","loginBase":"https://x/?a=1"}`, wantErr: `config.json: loginBase "https://x/?a=1" must not have a query or fragment`},
		{name: "loginBase with fragment", in: `{"clientId":"a","loginBase":"https://x/#a"}`, wantErr: `must not have a query or fragment`},
		{name: "loginBase with user", in: `{"clientId":"a","loginBase":"https://u:p@x"}`, wantErr: `must not contain a user name or password`},
		{name: "apiBase http on another host", in: `{"clientId":"a","apiBase":"http://proxy.example"}`, wantErr: `http:// is allowed only for this machine`},
		{name: "loginBase http on a LAN address", in: `{"clientId":"a","loginBase":"http://192.168.1.5:8081"}`, wantErr: `loginBase "http://192.168.1.5:8081" must start with https://`},
		{name: "apiBase http on a name ending in localhost", in: `{"clientId":"a","apiBase":"http://evil-localhost.example"}`, wantErr: `http:// is allowed only for this machine`},
		{name: "negative window", in: `{"clientId":"a","windowSeconds":-1}`, wantErr: "config.json: windowSeconds must be more than 0 and at most 3600, not -1"},
		{name: "huge window", in: `{"clientId":"a","windowSeconds":1e9}`, wantErr: "config.json: windowSeconds must be more than 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseConfig([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
