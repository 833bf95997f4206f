// Starts the Go program. Kept out of index.html so the Content-Security-Policy
// needs no 'unsafe-inline' for scripts.
(function () {
  "use strict";
  var status = document.getElementById("boot");
  function fail(err) {
    if (status) {
      status.textContent = "gcpace could not start: " + (err && err.message ? err.message : String(err)) +
        ". Reload the page; if it keeps happening, the page is not hosted completely (gcpace.wasm, wasm_exec.js).";
      status.className = "boot bad";
    }
  }
  if (typeof WebAssembly !== "object" || typeof Go !== "function") {
    fail(new Error("this browser cannot run WebAssembly"));
    return;
  }
  var go = new Go();
  var load = WebAssembly.instantiateStreaming
    ? WebAssembly.instantiateStreaming(fetch("gcpace.wasm"), go.importObject).catch(function () {
        // Some static hosts serve .wasm without application/wasm: fall back.
        return fetch("gcpace.wasm").then(function (r) { return r.arrayBuffer(); })
          .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
      })
    : fetch("gcpace.wasm").then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
  load.then(function (r) { return go.run(r.instance); }).catch(fail);
})();
