import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAuthorization, verifyRequest } from './index.js';
import type { SignedRequest } from './index.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

// AWS's documented IAM example: GET ListUsers, signed 20150830T123600Z with the example key.
const LIST_USERS: SignedRequest = {
  method: 'GET',
  path: '/',
  query: 'Action=ListUsers&Version=2010-05-08',
  headers: {
    host: 'iam.amazonaws.com',
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
      'SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  },
  body: new Uint8Array(),
};

test("AWS's documented IAM ListUsers example verifies", async () => {
  const result = await verifyRequest(LIST_USERS, {
    now: new Date('2015-08-30T12:36:00Z'),
    expectedService: ['iam'],
    lookup: async () => ({ secretAccessKey: SECRET }),
  });
  assert.deepEqual(result, {
    ok: true,
    accessKeyId: 'AKIDEXAMPLE',
    region: 'us-east-1',
    service: 'iam',
    presigned: false,
    signedAt: new Date('2015-08-30T12:36:00Z'),
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
  });
});

describe('parseAuthorization', () => {
  const request = (headers: Record<string, string>, query = ''): SignedRequest => ({
    method: 'GET',
    path: '/',
    query,
    headers: { host: 'sts.amazonaws.com', ...headers },
    body: new Uint8Array(),
  });
  const cases: Array<[name: string, req: SignedRequest, expected: unknown]> = [
    ['unsigned', request({}), undefined],
    ['a Basic Authorization header is not SigV4', request({ authorization: 'Basic dXNlcjpwYXNz' }), undefined],
    ['header form, with a session token', LIST_USERS, {
      accessKeyId: 'AKIDEXAMPLE',
      scopeDate: '20150830',
      region: 'us-east-1',
      service: 'iam',
      terminator: 'aws4_request',
      presigned: false,
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
    }],
    [
      'header form: the scope is reported as claimed, even if the date is stale or the region odd',
      request({
        authorization: 'AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20000101/moon-1/sts/aws4_request, SignedHeaders=Host;X-Amz-Date, Signature=x',
        'x-amz-date': '20000101T000000Z',
        'x-amz-security-token': ' token ',
      }),
      {
        accessKeyId: 'ASIAEXAMPLE',
        scopeDate: '20000101',
        region: 'moon-1',
        service: 'sts',
        terminator: 'aws4_request',
        presigned: false,
        sessionToken: 'token',
        signedHeaders: ['host', 'x-amz-date'],
      },
    ],
    [
      'presigned, values decoded',
      request(
        {},
        'Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20150830%2Feu-west-1%2Fsts%2Faws4_request' +
          '&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=abc&X-Amz-Security-Token=a%2Bb%2F%3D',
      ),
      {
        accessKeyId: 'ASIAEXAMPLE',
        scopeDate: '20150830',
        region: 'eu-west-1',
        service: 'sts',
        terminator: 'aws4_request',
        presigned: true,
        sessionToken: 'a+b/=',
        signedHeaders: ['host', 'x-k8s-aws-id'],
      },
    ],
    [
      'malformed credential',
      request({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=x', 'x-amz-date': '20150830T123600Z' }),
      { error: { code: 'IncompleteSignature', status: 400, message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/x'" } },
    ],
    [
      'malformed query',
      request({}, 'a=%'),
      { error: { code: 'MalformedQueryString', status: 404, message: 'Incomplete trailing escape % sequence' } },
    ],
  ];
  for (const [name, req, expected] of cases) {
    test(name, () => assert.deepEqual(parseAuthorization(req), expected));
  }
});

test('each request is read for itself: alternating requests never get the other one\'s claims', () => {
  const other = (key: string, sep: string): SignedRequest => ({
    ...LIST_USERS,
    headers: {
      ...LIST_USERS.headers,
      authorization: `AWS4-HMAC-SHA256${sep}Credential=${key}/20150830/us-west-2/iam/aws4_request,${sep}SignedHeaders=content-type;host;x-amz-date,${sep}Signature=${'0'.repeat(64)}`,
    },
  });
  const cases: [SignedRequest, string, string][] = [
    [LIST_USERS, 'AKIDEXAMPLE', 'us-east-1'],
    [other('AKIAOTHER', ' '), 'AKIAOTHER', 'us-west-2'],
    [other('AKIATAB', '\t'), 'AKIATAB', 'us-west-2'],
    [other('AKIANBSP', '\u00a0'), 'AKIANBSP', 'us-west-2'],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [req, key, region] of cases) {
      const claimed = parseAuthorization(req);
      assert.ok(claimed && !('error' in claimed), key);
      assert.equal(claimed.accessKeyId, key);
      assert.equal(claimed.region, region);
    }
  }
});
