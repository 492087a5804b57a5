// scenario.js runs the scenario steps of clients/scenario_test.go with the
// npm clients against endpoints on loopback, for npm_test.go to compare. It
// judges nothing. It is a worker, started once per test binary (loading the
// ECS SDK takes longer than a whole scenario): each line on stdin is one run,
//
//   {"client":"ecs-v3|ecs-v2|pop-get|pop-post","endpoint":"127.0.0.1:PORT","ak":"...","sk":"...",
//    "wrongSk":"...","region":"cn-hangzhou","steps":["plain",...],"vpcId":"...","tagKey":"...","tagValue":"..."}
//
// and each line on stdout its results, {"results":[...]} or {"error":"..."}.
'use strict';

const readline = require('readline');
const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const $dara = require('@darabonba/typescript');
const RPCClient = require('@alicloud/pop-core').RPCClient;

const MAX_PAGES = 50;

// Each client turns a step's wire parameters into its own call and reports
// { status, code, requestId, ids, nextToken } for one page.
function ecsClient(job, secret, signatureAlgorithm) {
  const regionId = job.region;
  const config = new $OpenApiUtil.Config({ accessKeyId: job.ak, accessKeySecret: secret, endpoint: job.endpoint, protocol: 'HTTP', regionId });
  if (signatureAlgorithm) {
    config.signatureAlgorithm = signatureAlgorithm;
  }
  const client = new Ecs.default(config);
  return async (params) => {
    const fields = { regionId };
    for (const [k, v] of Object.entries(params)) {
      switch (k) {
        case 'Tag.1.Key': break;
        case 'Tag.1.Value': fields.tag = [new Ecs.DescribeSecurityGroupsRequestTag({ key: params['Tag.1.Key'], value: v })]; break;
        case 'MaxResults': case 'PageSize': case 'PageNumber': fields[k[0].toLowerCase() + k.slice(1)] = Number(v); break;
        case 'DryRun': fields.dryRun = v === 'true'; break;
        default: fields[k[0].toLowerCase() + k.slice(1)] = v;
      }
    }
    try {
      const resp = await client.describeSecurityGroupsWithOptions(new Ecs.DescribeSecurityGroupsRequest(fields), new $dara.RuntimeOptions({}));
      const b = resp.body;
      return { status: resp.statusCode, code: '', requestId: b.requestId, ids: b.securityGroups.securityGroup.map((g) => g.securityGroupId), nextToken: b.nextToken || '' };
    } catch (e) {
      if (!e.code) { throw e; }
      return { status: e.statusCode, code: e.code };
    }
  };
}

function popClient(job, secret, method) {
  const regionId = job.region;
  const client = new RPCClient({ accessKeyId: job.ak, accessKeySecret: secret, endpoint: `http://${job.endpoint}`, apiVersion: '2014-05-26' });
  return async (params) => {
    try {
      const [b, entry] = await (async () => {
        client.verbose = true;
        return client.request('DescribeSecurityGroups', { RegionId: regionId, ...params }, { method, timeout: 10000 });
      })();
      return { status: entry.response.statusCode, code: '', requestId: b.RequestId, ids: b.SecurityGroups.SecurityGroup.map((g) => g.SecurityGroupId), nextToken: b.NextToken || '' };
    } catch (e) {
      if (!e.code || !e.entry) { throw e; }
      return { status: e.entry.response.statusCode, code: e.code };
    }
  };
}

function newClient(job, secret) {
  switch (job.client) {
    case 'ecs-v3': return ecsClient(job, secret);
    case 'ecs-v2': return ecsClient(job, secret, 'v2');
    case 'pop-get': return popClient(job, secret, 'GET');
    case 'pop-post': return popClient(job, secret, 'POST');
  }
  throw new Error(`scenario.js: client ${job.client}: use ecs-v3, ecs-v2, pop-get or pop-post`);
}

async function run(step, send, fixture) {
  const params = {
    'plain': {},
    'next-token-walk': { MaxResults: '50' },
    'page-number-walk': { PageSize: '50' },
    'vpc-filter': { VpcId: fixture.vpcId },
    'tag-filter': { 'Tag.1.Key': fixture.tagKey, 'Tag.1.Value': fixture.tagValue },
    'name-filter': { SecurityGroupName: 'web', MaxResults: '100' },
    'error': { SecurityGroupType: 'other' },
    'dry-run': { DryRun: 'true' },
    'wrong-secret': {},
  }[step];
  if (!params) {
    throw new Error(`scenario.js: unknown step ${step}`);
  }
  const r = { step, status: 0, code: '', ids: [], pages: 0, requestIds: null };
  for (let page = 1; page <= MAX_PAGES; page++) {
    if (step === 'page-number-walk') { params.PageNumber = String(page); }
    const p = await send(params);
    r.status = p.status;
    if (p.code) { r.code = p.code; return r; }
    r.pages++;
    r.requestIds = (r.requestIds || []).concat([p.requestId]);
    r.ids.push(...p.ids);
    if (step === 'next-token-walk' && p.nextToken) {
      params.NextToken = p.nextToken;
    } else if (!(step === 'page-number-walk' && p.ids.length === 50)) {
      return r;
    }
  }
  throw new Error(`scenario.js: ${step} did not end within ${MAX_PAGES} pages`);
}

async function scenario(job) {
  const good = newClient(job, job.sk);
  const wrong = newClient(job, job.wrongSk);
  const out = [];
  for (const step of job.steps) {
    out.push(await run(step, step === 'wrong-secret' ? wrong : good, job));
  }
  return out;
}

// One job at a time, in order: the test sends the next only after reading
// the answer to the last.
const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on('line', (line) => {
  queue = queue.then(async () => {
    let answer;
    try {
      answer = { results: await scenario(JSON.parse(line)) };
    } catch (e) {
      answer = { error: `scenario.js: ${e && e.stack ? e.stack : e}` };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  });
});
