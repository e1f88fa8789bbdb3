import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePolicy } from '../policy/validate.js';
import { statementGrants } from './service-access.js';

const S3_ACTIONS = ['GetObject', 'PutObject', 'ListBucket'];

function statement(body: Record<string, unknown>) {
  const r = validatePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Resource: '*', ...body }] }), { type: 'identity' });
  assert.ok(r.ok, JSON.stringify(body));
  return r.document.statements[0]!;
}

test('a statement grants a service when it allows one of its actions', () => {
  const cases: [string, Record<string, unknown>, string, readonly string[], boolean][] = [
    ['exact action', { Effect: 'Allow', Action: 's3:GetObject' }, 's3', S3_ACTIONS, true],
    ['other service', { Effect: 'Allow', Action: 'ec2:RunInstances' }, 's3', S3_ACTIONS, false],
    ['service wildcard', { Effect: 'Allow', Action: 's3:*' }, 's3', S3_ACTIONS, true],
    ['everything', { Effect: 'Allow', Action: '*' }, 's3', S3_ACTIONS, true],
    ['prefix wildcard matching', { Effect: 'Allow', Action: 's3:Get*' }, 's3', S3_ACTIONS, true],
    ['prefix wildcard matching nothing', { Effect: 'Allow', Action: 's3:Frobnicate*' }, 's3', S3_ACTIONS, false],
    ['case-insensitive', { Effect: 'Allow', Action: 'S3:getobject' }, 's3', S3_ACTIONS, true],
    ['deny never grants', { Effect: 'Deny', Action: 's3:*' }, 's3', S3_ACTIONS, false],
    ['NotAction of another service', { Effect: 'Allow', NotAction: 'iam:*' }, 's3', S3_ACTIONS, true],
    ['NotAction of the whole service', { Effect: 'Allow', NotAction: 's3:*' }, 's3', S3_ACTIONS, false],
    ['NotAction of some actions', { Effect: 'Allow', NotAction: ['s3:GetObject', 's3:PutObject'] }, 's3', S3_ACTIONS, true],
    ['NotAction of every action', { Effect: 'Allow', NotAction: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'] }, 's3', S3_ACTIONS, false],
    ['unknown service, its prefix named', { Effect: 'Allow', Action: 'newsvc:Do' }, 'newsvc', [], true],
    ['unknown service, another prefix', { Effect: 'Allow', Action: 'other:Do' }, 'newsvc', [], false],
    ['unknown service, NotAction elsewhere', { Effect: 'Allow', NotAction: 's3:*' }, 'newsvc', [], true],
    ['unknown service, NotAction of it', { Effect: 'Allow', NotAction: 'newsvc:*' }, 'newsvc', [], false],
  ];
  for (const [name, body, service, actions, want] of cases) assert.equal(statementGrants(statement(body), service, actions), want, name);
});
