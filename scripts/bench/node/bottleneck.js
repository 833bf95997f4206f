// Strategy (c) of make bench: what a JavaScript developer would write with
// the official Genesys Cloud SDK and Bottleneck, run against the simulator.
// One task per job (GET the IVR, add the number, PUT it with the version
// read); Bottleneck runs them one at a time, minTime = window ÷ documented
// limit apart, and retries a task answered 429 after Retry-After from its
// "failed" event, up to MAX_RETRIES times. While a retry waits, Bottleneck
// keeps the task's slot: with maxConcurrent 1 everything waits with it.
//
// Input:  stdin, JSON [{"ivr": id, "number": "+1…"}, …]
// Env:    SIM_URL, SIM_TOKEN, WINDOW_MS, LIMIT (documented, per window), MAX_RETRIES
// Output: stdout, JSON {"makespanMs", "done", "lost", "retries"}
'use strict';

const platformClient = require('purecloud-platform-client-v2');
const Bottleneck = require('bottleneck');

function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(name + ' is not set');
  return v;
}

// architectApi points the SDK at the simulator, as sdktest/run.js does.
function architectApi() {
  const u = new URL(env('SIM_URL'));
  const c = new platformClient.ApiClientClass();
  c.setEnvironment('mypurecloud.com');
  c.setGateway({ host: u.hostname, port: Number(u.port), protocol: u.protocol.replace(':', '') });
  c.setAccessToken(env('SIM_TOKEN'));
  c.setReturnExtendedResponses(true); // errors carry headers (what a browser lets through)
  return new platformClient.ArchitectApi(c);
}

// retryAfterMs reads Retry-After; when the browser hides it, the message's
// "[N] seconds", as a careful developer would; else one second.
function retryAfterMs(err) {
  const h = err.headers && err.headers['retry-after'];
  if (h && !isNaN(Number(h))) return Number(h) * 1000;
  const m = err.body && /\[(\d+)\] seconds/.exec(err.body.message || '');
  return m ? Number(m[1]) * 1000 : 1000;
}

async function main() {
  const jobs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const windowMs = Number(env('WINDOW_MS'));
  const maxRetries = Number(env('MAX_RETRIES'));
  const architect = architectApi();
  const limiter = new Bottleneck({ maxConcurrent: 1, minTime: windowMs / Number(env('LIMIT')) });
  let retries = 0;
  limiter.on('failed', (err, info) => {
    if (err && err.status === 429 && info.retryCount < maxRetries) {
      retries++;
      return retryAfterMs(err);
    }
    return undefined; // not retried: the job is lost
  });

  const addNumber = async (job) => {
    const ivr = (await architect.getArchitectIvr(job.ivr)).body;
    ivr.dnis = ivr.dnis || [];
    if (ivr.dnis.includes(job.number)) return;
    ivr.dnis.push(job.number);
    await architect.putArchitectIvr(job.ivr, ivr);
  };

  const start = performance.now();
  const ends = await Promise.allSettled(jobs.map((job) => limiter.schedule(() => addNumber(job))));
  const makespanMs = performance.now() - start;
  const done = ends.filter((e) => e.status === 'fulfilled').length;
  process.stdout.write(JSON.stringify({ makespanMs, done, lost: jobs.length - done, retries }) + '\n');
}

main().catch((e) => {
  process.stderr.write('bottleneck.js: ' + (e && e.stack ? e.stack : JSON.stringify(e)) + '\n');
  process.exit(1);
});
