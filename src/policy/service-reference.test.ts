import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintPolicy } from './service-reference.js';
import { validatePolicy } from './validate.js';
import type { PolicyType } from './types.js';

async function lint(statement: object, type: PolicyType = 'identity'): Promise<string[]> {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const v = validatePolicy(text, { type });
  assert.ok(v.ok, JSON.stringify(v));
  return (await lintPolicy(v.document)).map((d) => `${d.path}: ${d.message}`);
}

describe('lintPolicy', () => {
  const table: { name: string; statement: object; type?: PolicyType; warnings: string[] }[] = [
    { name: 'known actions, any case', statement: { Effect: 'Allow', Action: ['s3:GetObject', 'EC2:describeinstances', '*'], Resource: '*' }, warnings: [] },
    { name: 'wildcards that match', statement: { Effect: 'Allow', Action: ['s3:Get*', 'iam:*AccessKey*', 'sts:AssumeRole?ithSAML', 's3:*'], Resource: '*' }, warnings: [] },
    {
      name: 'unknown service prefix',
      statement: { Effect: 'Allow', Action: 's4:GetObject', Resource: '*' },
      warnings: ['Statement[0].Action[0]: The service s4 specified in the action s4:GetObject does not exist.'],
    },
    {
      name: 'unknown action',
      statement: { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjects'], Resource: '*' },
      warnings: ['Statement[0].Action[1]: The action s3:GetObjects does not exist.'],
    },
    {
      name: 'wildcard matching nothing',
      statement: { Effect: 'Deny', NotAction: 's3:Frobnicate*', Resource: '*' },
      warnings: ['Statement[0].NotAction[0]: The action s3:Frobnicate* does not match any action of the service s3.'],
    },
    {
      name: 'known global, tag-style and service condition keys',
      statement: {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {
          StringEquals: {
            'aws:PrincipalTag/team': 'a',
            'aws:RequestTag/Env': 'b',
            'aws:ResourceTag/aws:cloudformation:stack-name': 'c',
            's3:prefix': 'd',
            's3:ExistingObjectTag/Owner': 'e',
            'kms:EncryptionContext:aws:s3:arn': 'f',
          },
          Bool: { 'aws:SecureTransport': 'true' },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        },
      },
      warnings: [],
    },
    {
      name: 'unknown global key',
      statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:UserNames': 'x' } } },
      warnings: ['Statement[0].Condition.StringEquals.aws:UserNames: The condition key aws:UserNames does not exist. Use a valid condition key.'],
    },
    {
      name: 'unknown service key',
      statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:prefixes': 'x' } } },
      warnings: ['Statement[0].Condition.StringEquals.s3:prefixes: The condition key s3:prefixes does not exist in the service s3.'],
    },
    {
      name: 'web-identity provider keys are not looked up',
      type: 'trust',
      statement: {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:*', 'accounts.google.com:aud': 'x' },
        },
      },
      warnings: [],
    },
  ];
  for (const { name, statement, type, warnings } of table) {
    test(name, async () => {
      assert.deepEqual(await lint(statement, type), warnings);
    });
  }
});
