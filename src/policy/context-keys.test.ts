import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextKeysOf } from './context-keys.js';
import { validatePolicy } from './validate.js';

const cases: { name: string; policy: unknown; keys: string[] }[] = [
  {
    name: 'condition keys, de-duplicated case-insensitively',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
        { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { NotIpAddress: { 'AWS:SourceIp': '10.0.0.0/8' } } },
      ],
    },
    keys: ['aws:SourceIp', 'aws:MultiFactorAuthPresent'],
  },
  {
    name: 'policy variables in resources and condition values',
    policy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } } },
      ],
    },
    keys: ['aws:username', 's3:prefix', 'aws:PrincipalTag/team'],
  },
  {
    name: 'no variables under 2008-10-17',
    policy: { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}' }] },
    keys: [],
  },
];

for (const c of cases) {
  test(`contextKeysOf: ${c.name}`, () => {
    const v = validatePolicy(JSON.stringify(c.policy), { type: 'identity', inline: true });
    assert.ok(v.ok);
    assert.deepEqual(contextKeysOf(v.document), c.keys);
  });
}
