"use strict";
// Runs one Go test binary (GOOS=js GOARCH=wasm) in this page and reports to
// wasmtest through console.debug calls that start with a marker: each chunk the
// program writes (with its fd), then its exit code, or why it could not run.
(async () => {
	const mark = "\u0000wasmtest";
	const report = (kind, ...args) => console.debug(mark, kind, ...args);

	// wasm_exec's stub joins stdout and stderr and holds back partial lines;
	// send every chunk as it comes, on its own fd.
	const decoders = new Map();
	globalThis.fs.writeSync = (fd, buf) => {
		if (!decoders.has(fd)) decoders.set(fd, new TextDecoder("utf-8"));
		report("write", fd, decoders.get(fd).decode(buf, { stream: true }));
		return buf.length;
	};

	try {
		const run = await (await fetch("/run.json")).json();
		const go = new Go();
		go.argv = run.argv;
		go.env = run.env;
		go.exit = (code) => report("exit", code);
		const { instance } = await WebAssembly.instantiateStreaming(fetch("/test.wasm"), go.importObject);
		await go.run(instance);
	} catch (err) {
		report("fail", String((err && err.stack) || err));
	}
})();
