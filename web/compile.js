// A dedicated worker that fetches and compiles gcpace.wasm for boot.js. A
// streaming compile decodes the module on the thread that receives its
// bytes: in the page, that took the main thread for about half a second
// (8 MB of code) while Spark and the styles wanted it. The compiled
// WebAssembly.Module is posted back; boot.js instantiates it.
"use strict";
// The worker's clock starts later than the page's: its times are posted
// in the page's terms (timeOrigin + now), for boot.js's performance marks.
function at() { return performance.timeOrigin + performance.now(); }
var begun = at();
WebAssembly.compileStreaming(fetch("gcpace.wasm")).then(function (m) {
  var r = performance.getEntriesByName(new URL("gcpace.wasm", location.href).href)[0];
  postMessage({ module: m, times: { begun: begun, fetched: r ? performance.timeOrigin + r.responseEnd : 0, compiled: at() } });
}, function (e) {
  postMessage({ err: String(e && e.message ? e.message : e) });
});
