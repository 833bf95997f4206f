// A dedicated worker that fetches and compiles gcpace.wasm for boot.js. A
// streaming compile decodes the module on the thread that receives its
// bytes: in the page, that took the main thread for about half a second
// (8 MB of code) while Spark and the styles wanted it. The compiled
// WebAssembly.Module is posted back; boot.js instantiates it.
"use strict";
WebAssembly.compileStreaming(fetch("gcpace.wasm")).then(function (m) {
  postMessage({ module: m });
}, function (e) {
  postMessage({ err: String(e && e.message ? e.message : e) });
});
