// Runs first, before any other script or style of the page is requested:
// it moves an OAuth answer (the implicit grant's #access_token=… or PKCE's
// ?code=&state=) out of the address bar into sessionStorage, where the Go
// program reads it. So the token or code leaves the URL even when
// config.json or the wasm never loads, and no later request or history entry
// carries it. It then starts fetching and compiling gcpace.wasm, and once
// the deferred scripts ran, it starts the Go program.
// Kept out of index.html so the Content-Security-Policy needs no
// 'unsafe-inline' for scripts.
(function () {
  "use strict";
  // The names an OAuth answer may put in a URL (wasm/auth: oauthParams).
  var oauth = ["access_token", "token_type", "expires_in", "scope", "state",
    "code", "error", "error_description", "error_uri", "session_state", "iss"];
  // Keep in step with wasm/internal/browser/answer.go.
  var answerKey = "gcpace.boot.answer";

  function hasAnswer(params) {
    for (var i = 0; i < oauth.length; i++) {
      if (params.has(oauth[i])) { return true; }
    }
    return false;
  }

  var tookAnswer = (function takeAnswer() {
    var here;
    try { here = new URL(location.href); } catch (e) { return false; }
    var inFragment = here.hash.length > 1 && hasAnswer(new URLSearchParams(here.hash.slice(1)));
    var inQuery = hasAnswer(here.searchParams);
    if (!inFragment && !inQuery) { return false; }
    try {
      sessionStorage.setItem(answerKey, here.href);
    } catch (e) {
      // No storage: the answer is lost, but it still leaves the URL; the
      // page then says sign-in did not finish.
    }
    here.hash = "";
    for (var i = 0; i < oauth.length; i++) { here.searchParams.delete(oauth[i]); }
    var clean = here.href.replace(/[?#]$/, "");
    try { history.replaceState(null, "", clean); } catch (e) { /* best effort */ }
    return true;
  })();

  // Marks of the start-up's steps (gcpace:…), read by the benchmark
  // (scripts/bench -ready) to say where the time to a ready page goes. A
  // mark costs microseconds; without the User Timing API there are none.
  function mark(name, at) {
    try {
      if (at === undefined) { performance.mark("gcpace:" + name); } else { performance.mark("gcpace:" + name, { startTime: at }); }
    } catch (e) { /* marks are only for measuring */ }
  }
  function markWorker(times) {
    if (!times || !performance.timeOrigin) { return; }
    var o = performance.timeOrigin;
    if (times.begun) { mark("worker-started", times.begun - o); }
    if (times.fetched) { mark("wasm-fetched", times.fetched - o); }
    if (times.compiled) { mark("wasm-compiled", times.compiled - o); }
  }
  mark("boot");

  function fail(err) {
    var status = document.getElementById("boot");
    if (status) {
      status.textContent = "gcpace could not start: " + (err && err.message ? err.message : String(err)) +
        ". Reload the page; if it keeps happening, the page is not hosted completely (gcpace.wasm, wasm_exec.js).";
      status.className = "boot bad";
    }
  }

  // The module is fetched and compiled from here on, while the styles,
  // Spark and the deferred scripts load: compiling needs no import object,
  // only instantiating does (wasm_exec.js's Go). Waiting for
  // DOMContentLoaded to start the download put the whole fetch and compile
  // after the page's other files. The outcome is kept as a value so that a
  // failure is reported by start(), not as an unhandled rejection.
  function compileHere() {
    var bytes = function () {
      return fetch("gcpace.wasm").then(function (r) {
        if (!r.ok) { throw new Error("gcpace.wasm: HTTP " + r.status); }
        return r.arrayBuffer();
      }).then(function (b) { return WebAssembly.compile(b); });
    };
    var module = WebAssembly.compileStreaming
      ? WebAssembly.compileStreaming(fetch("gcpace.wasm")).catch(bytes) // e.g. served without application/wasm
      : bytes();
    return module.then(function (m) { mark("wasm-compiled"); return { module: m }; }, function (e) { return { err: e }; });
  }
  // In a worker (compile.js) when the browser can: decoding the module
  // there leaves the page's thread to Spark and the styles. Any failure
  // there, and the page compiles it itself.
  function compile() {
    if (typeof WebAssembly !== "object") {
      return Promise.resolve({ err: new Error("this browser cannot run WebAssembly") });
    }
    if (typeof Worker !== "function" || !WebAssembly.compileStreaming) {
      return compileHere();
    }
    return new Promise(function (resolve) {
      var w;
      try { w = new Worker("compile.js"); } catch (e) { resolve(compileHere()); return; }
      w.onmessage = function (ev) {
        w.terminate();
        markWorker(ev.data && ev.data.times);
        resolve(ev.data && ev.data.module instanceof WebAssembly.Module ? { module: ev.data.module } : compileHere());
      };
      w.onerror = function () { w.terminate(); resolve(compileHere()); };
    });
  }
  var compiled = compile();
  // config.json too: the Go program's first read (wasm/internal/browser,
  // WithEarlyConfig) takes this answer, or null, then asks again itself.
  window.__gcpaceConfig = fetch("config.json", { cache: "no-store" }).then(function (r) {
    return r.text().then(function (t) { return { status: r.status, text: t }; });
  }).catch(function () { return null; });

  // A fetch answer read whole, as the Go program takes it
  // (wasm/internal/browser: fetchTransport, WithEarlyAPI): the headers as
  // one string of "name: value" lines, the body as bytes, not text (the Go
  // program copies them in at once, where a string of a 100 kB page would be
  // encoded again on the way).
  function readAnswer(r) {
    var headers = "";
    r.headers.forEach(function (v, k) { headers += k + ": " + v + "\n"; });
    return r.arrayBuffer().then(function (b) { return { status: r.status, headers: headers, body: new Uint8Array(b) }; });
  }

  // Every API call of the Go program, whole in one crossing each way
  // (wasm/internal/browser: fetchTransport): headers come as "name\nvalue\n"
  // pairs, body as bytes or null; done(status, headers, body) gets the
  // answer, or done(0, message) the failure. Reading an answer's headers one
  // by one and its body chunk by chunk from Go made ~100 js.Values a call,
  // each one a finalizer for Go's collector to run.
  window.__gcpaceFetch = function (method, url, headers, body, done) {
    var h = new Headers(), parts = headers.split("\n");
    for (var i = 0; i + 1 < parts.length; i += 2) { h.append(parts[i], parts[i + 1]); }
    var opt = { method: method, headers: h };
    if (body) { opt.body = body; }
    var ac = typeof AbortController === "function" ? new AbortController() : null;
    if (ac) { opt.signal = ac.signal; }
    fetch(url, opt).then(readAnswer).then(function (a) {
      done(a.status, a.headers, a.body);
    }, function (e) {
      done(0, String(e && e.name ? e.name + ": " + e.message : e));
    });
    return ac;
  };

  // Elements described by the Go program (wasm/ui: sp, build) made in one
  // call: json is a list of ["tag", [name, value, …], child…], a child being
  // such a list or a string, which becomes text. No markup is parsed.
  // Replace swaps parent's children for them; else they are appended.
  window.__gcpaceBuild = function (parent, json, replace) {
    var list = JSON.parse(json), f = document.createDocumentFragment();
    for (var i = 0; i < list.length; i++) { f.appendChild(make(list[i])); }
    if (replace) { parent.replaceChildren(f); } else { parent.appendChild(f); }
    function make(n) {
      if (typeof n === "string") { return document.createTextNode(n); }
      var e = document.createElement(n[0]), a = n[1];
      for (var j = 0; j + 1 < a.length; j += 2) { e.setAttribute(a[j], a[j + 1]); }
      for (var k = 2; k < n.length; k++) { e.appendChild(make(n[k])); }
      return e;
    }
  };

  // The API reads the tab's last load made before it was ready (the
  // sign-in check, the org, the IVR list's first pages), sent now, while the
  // module downloads and compiles, rather than one after another once the Go
  // program runs. The Go program takes an answer only for the very request
  // it would send (same URL, same token: browser.WithEarlyAPI) and asks
  // itself for anything else. Not when a sign-in is coming back (the session
  // is about to change) or the stored token is about to expire (the Go
  // program would not use it: wasm/auth's expirySlack).
  // Keep in step with wasm/app (StartPlanKey) and wasm/auth (sessionKey).
  (function sendAhead() {
    if (tookAnswer) { return; }
    var plan, session;
    try {
      plan = JSON.parse(sessionStorage.getItem("gcpace.boot.prefetch") || "null");
      session = JSON.parse(sessionStorage.getItem("gcpace.auth.session") || "null");
    } catch (e) { return; }
    if (!plan || !Array.isArray(plan.urls) || !session || typeof session.token !== "string" || !session.token ||
        typeof session.apiBase !== "string" || !(Date.parse(session.expires) - 30000 > Date.now())) {
      return;
    }
    var auth = "Bearer " + session.token;
    var prefix = session.apiBase + "/api/v2/";
    var early = Object.create(null);
    for (var i = 0; i < plan.urls.length && i < 8; i++) {
      var u = plan.urls[i];
      // Only the API the token was issued for: the plan is data, not trusted.
      if (typeof u !== "string" || u.indexOf(prefix) !== 0 || early[u]) { continue; }
      early[u] = {
        auth: auth,
        answer: fetch(u, { headers: { Authorization: auth } }).then(readAnswer).catch(function () { return null; })
      };
    }
    window.__gcpaceEarlyAPI = early;
  })();

  // Spark's first component on the page parses its 435 kB of design tokens
  // into a constructed style sheet (replaceSync), once: 80–300 ms of the main
  // thread. Made here, while the module compiles and the thread is idle,
  // rather than inside the Go program's first render. The element is never
  // connected: only its constructor runs (no render, no component code).
  if (window.customElements && customElements.whenDefined) {
    customElements.whenDefined("gux-button-slot").then(function () {
      try { document.createElement("gux-button-slot"); } catch (e) { /* only a head start */ }
      mark("spark-warm");
    });
  }

  function start() {
    mark("dom-ready");
    if (typeof WebAssembly !== "object" || typeof Go !== "function") {
      fail(new Error("this browser cannot run WebAssembly"));
      return;
    }
    var go = new Go();
    // How long the browser task now running has been in Go: every entry
    // into Go from an event, a promise or a timer goes through _resume.
    // Go's goroutines all run in that one task until every one of them
    // waits, so a goroutine that would hand the page back after 8 ms of
    // its own work cannot know, by itself, that others filled the task
    // already (browser.TaskElapsed; issue 14).
    var depth = 0, entered = 0, resume = go._resume;
    go._resume = function () {
      if (depth++ === 0) { entered = performance.now(); }
      try { return resume.call(this); } finally { depth--; }
    };
    globalThis.__gcpaceTaskMs = function () { return depth > 0 ? performance.now() - entered : -1; };
    compiled.then(function (c) {
      if (c.err) { throw c.err; }
      mark("module-received");
      return WebAssembly.instantiate(c.module, go.importObject);
    }).then(function (instance) { mark("instantiated"); return go.run(instance); }).catch(fail);
  }

  // Deferred scripts (wasm_exec.js, the client-app SDK) have all run by
  // DOMContentLoaded.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
