// Drives the official Genesys Cloud JavaScript SDK against the gcpace simulator
// and prints what the SDK decoded, as one JSON object, for ../sdk_test.go.
//
// Environment:
//   SIM_URL, SIM_TOKEN                  a simulator with default limits
//   SIM_LIMITED_URL, SIM_LIMITED_TOKEN  a simulator that allows one IVR PUT a window
'use strict';

const platformClient = require('purecloud-platform-client-v2');

// client returns an ApiClient whose API calls go to the simulator at base.
function client(base, token) {
  const u = new URL(base);
  const c = new platformClient.ApiClientClass();
  c.setEnvironment('mypurecloud.com');
  c.setGateway({ host: u.hostname, port: Number(u.port), protocol: u.protocol.replace(':', '') });
  c.setAccessToken(token);
  c.setReturnExtendedResponses(true);
  return c;
}

// failure runs a call that must fail and returns what the SDK rejected with.
async function failure(call) {
  try {
    const res = await call();
    return { unexpectedSuccess: res.status };
  } catch (e) {
    if (e instanceof Error) return { thrown: String(e) };
    return {
      status: e.status,
      code: e.body && e.body.code,
      message: e.body && e.body.message,
      contextId: e.body && e.body.contextId,
      retryAfter: e.headers && e.headers['retry-after'],
      correlationId: e.headers && e.headers['inin-correlation-id'],
      rateLimitAllowed: e.headers && e.headers['inin-ratelimit-allowed'],
    };
  }
}

async function main() {
  const out = {};
  const c = client(process.env.SIM_URL, process.env.SIM_TOKEN);
  const architect = new platformClient.ArchitectApi(c);

  const me = await new platformClient.UsersApi(c).getUsersMe();
  out.me = { status: me.status, name: me.body.name };

  const tok = await new platformClient.TokensApi(c).getTokensMe();
  out.tokenClient = tok.body.OAuthClient && tok.body.OAuthClient.id;

  const limits = await new platformClient.OrganizationApi(c).getOrganizationsLimitsNamespace('platform.api');
  out.limits = Object.fromEntries(limits.body.entities.map((l) => [l.key, l.value]));

  const list = await architect.getArchitectIvrs({ pageSize: 5, pageNumber: 2, sortBy: 'name', sortOrder: 'DESC' });
  out.list = {
    status: list.status,
    pageSize: list.body.pageSize,
    pageNumber: list.body.pageNumber,
    total: list.body.total,
    pageCount: list.body.pageCount,
    entities: list.body.entities.length,
    nextUri: list.body.nextUri,
    rateLimitCount: list.headers['inin-ratelimit-count'],
  };

  const id = list.body.entities[0].id;
  const got = await architect.getArchitectIvr(id);
  const ivr = got.body;
  out.get = { status: got.status, id: ivr.id, version: ivr.version, dnis: ivr.dnis || [] };

  ivr.description = 'edited through the official SDK';
  const put = await architect.putArchitectIvr(id, ivr);
  out.put = { status: put.status, version: put.body.version, description: put.body.description };

  out.stale = await failure(() => architect.putArchitectIvr(id, ivr)); // ivr still has the old version

  // Schedule groups: the holiday chore's round trip (list, get, add a holiday, stale → 409).
  const xmas = (await architect.getArchitectSchedules({ name: 'Christmas Day 2026' })).body.entities[0];
  const groups = await architect.getArchitectSchedulegroups({ pageSize: 3, pageNumber: 1 });
  const gid = groups.body.entities[0].id;
  const grp = (await architect.getArchitectSchedulegroup(gid)).body;
  const holidaysBefore = (grp.holidaySchedules || []).length;
  grp.holidaySchedules = (grp.holidaySchedules || []).concat([{ id: xmas.id }]);
  const gput = await architect.putArchitectSchedulegroup(gid, grp);
  out.groups = {
    total: groups.body.total,
    id: gid,
    timeZone: grp.timeZone,
    putStatus: gput.status,
    version: gput.body.version,
    versionBefore: grp.version,
    holidaysBefore,
    holidaysAfter: gput.body.holidaySchedules.length,
    addedName: gput.body.holidaySchedules.find((r) => r.id === xmas.id).name,
  };
  out.groupStale = await failure(() => architect.putArchitectSchedulegroup(gid, grp)); // grp still has the old version

  const forged = client(process.env.SIM_URL, 'forged-token');
  out.unauthorized = await failure(() => new platformClient.UsersApi(forged).getUsersMe());

  const lc = client(process.env.SIM_LIMITED_URL, process.env.SIM_LIMITED_TOKEN);
  const limited = new platformClient.ArchitectApi(lc);
  const first = (await limited.getArchitectIvrs({ pageSize: 1 })).body.entities[0];
  const once = await limited.putArchitectIvr(first.id, first);
  out.limitedFirstPut = once.status;
  first.version = once.body.version;
  out.tooMany = await failure(() => limited.putArchitectIvr(first.id, first));

  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write('sdktest: ' + (e && e.stack ? e.stack : JSON.stringify(e)) + '\n');
  process.exit(1);
});
