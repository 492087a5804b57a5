// describe.js drives the official npm SDK of ECS (@alicloud/ecs20140526)
// against an endpoint on loopback and prints one JSON summary on stdout for
// npm_test.go to check against the fixture. It judges nothing itself.
//
//   ENDPOINT=127.0.0.1:PORT AK=... SK=... TAG_KEY=env TAG_VALUE=prod [REGION=cn-hangzhou] node describe.js
//
// ENDPOINT is host:port only: the SDK adds the scheme from `protocol`.
'use strict';

const Ecs = require('@alicloud/ecs20140526');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const $dara = require('@darabonba/typescript');

const env = (name, fallback) => {
  const v = process.env[name] || fallback;
  if (!v) {
    throw new Error(`describe.js: set ${name}`);
  }
  return v;
};

const endpoint = env('ENDPOINT');
const accessKeyId = env('AK');
const accessKeySecret = env('SK');
const regionId = env('REGION', 'cn-hangzhou');
// The tag of the first-group probe: it exercises the SDK's Tag.N flattening
// and returns a group that has tags to compare.
const tagKey = env('TAG_KEY');
const tagValue = env('TAG_VALUE');

// Bounds the walk: the fixture region needs 6 pages of 50.
const MAX_PAGES = 100;
const PAGE_SIZE = 50;

function newClient(signatureAlgorithm) {
  const config = new $OpenApiUtil.Config({ accessKeyId, accessKeySecret, endpoint, protocol: 'HTTP', regionId });
  if (signatureAlgorithm) {
    config.signatureAlgorithm = signatureAlgorithm;
  }
  return new Ecs.default(config);
}

function call(client, fields) {
  const request = new Ecs.DescribeSecurityGroupsRequest({ regionId, ...fields });
  return client.describeSecurityGroupsWithOptions(request, new $dara.RuntimeOptions({}));
}

// walk follows NextToken from the first page to the last and reports the
// IDs in the order received, the page count, and what a token page must not
// carry.
async function walk(client) {
  const ids = [];
  const requestIds = [];
  let pages = 0;
  let pageNumberFields = 0;
  let nextToken;
  for (;;) {
    if (pages === MAX_PAGES) {
      throw new Error(`the walk did not end within ${MAX_PAGES} pages`);
    }
    const resp = await call(client, { maxResults: PAGE_SIZE, nextToken });
    pages++;
    const body = resp.body;
    requestIds.push(body.requestId);
    if (body.totalCount !== undefined || body.pageNumber !== undefined || body.pageSize !== undefined) {
      pageNumberFields++;
    }
    for (const g of body.securityGroups.securityGroup) {
      ids.push(g.securityGroupId);
    }
    if (!body.nextToken) {
      return { ids, pages, requestIds, pageNumberFields, regionId: body.regionId, statusCode: resp.statusCode };
    }
    nextToken = body.nextToken;
  }
}

// first returns the first group carrying the probe tag as the SDK decoded
// it, to compare field by field.
async function first(client) {
  const tag = [new Ecs.DescribeSecurityGroupsRequestTag({ key: tagKey, value: tagValue })];
  const resp = await call(client, { maxResults: 1, tag });
  const g = resp.body.securityGroups.securityGroup[0];
  return {
    securityGroupId: g.securityGroupId,
    securityGroupName: g.securityGroupName,
    description: g.description,
    securityGroupType: g.securityGroupType,
    vpcId: g.vpcId,
    creationTime: g.creationTime,
    resourceGroupId: g.resourceGroupId,
    serviceManaged: g.serviceManaged,
    serviceID: g.serviceID,
    ruleCount: g.ruleCount,
    groupToGroupRuleCount: g.groupToGroupRuleCount,
    tags: (g.tags && g.tags.tag ? g.tags.tag : []).map((t) => ({ key: t.tagKey, value: t.tagValue })),
  };
}

// failure sends a request the contract rejects and reports the error the
// SDK raised.
async function failure(client, fields) {
  try {
    await call(client, fields);
  } catch (e) {
    return { name: e.name, code: e.code, statusCode: e.statusCode, message: e.message, requestId: e.requestId };
  }
  return { name: 'none' };
}

async function main() {
  const summary = {};
  for (const [mode, algorithm] of [['v3', undefined], ['rpc', 'v2']]) {
    const client = newClient(algorithm);
    summary[mode] = {
      first: await first(client),
      walk: await walk(client),
      error: await failure(client, { securityGroupType: 'other' }),
    };
  }
  process.stdout.write(JSON.stringify(summary) + '\n');
}

main().catch((e) => {
  process.stderr.write(`describe.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
