// The same flows through boto3 (python3): a user with tags and keys, deny-then-allow by an inline
// policy, a winning Deny, key deactivation and limits, last-used data and the deletion order, with
// AWS's errors as botocore parses them. The whole flow is one Python process (its start-up is the
// expensive part); the script records what it saw in `out`, and the assertions are made here.
// Skipped when python3 or boto3 is missing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessDeniedMessage, boto3, boto3Missing, startTestServer, type TestServer } from './helpers.js';

describe('boto3', { skip: boto3Missing() }, () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts?.close();
  });

  const arn = (path: string, name: string) => `arn:aws:iam::${ts.accountId}:user${path}${name}`;

  test('users, keys, inline policies, deny-then-allow, a winning Deny and AWS errors', async () => {
    const script = `
allow = {'Version': '2012-10-17', 'Statement': [{'Sid': 'List', 'Effect': 'Allow', 'Action': 'iam:ListUsers', 'Resource': '*'}]}
deny = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:List*', 'Resource': '*'}]}

out['created'] = iam.create_user(UserName='py-bob', Path='/py/', Tags=[{'Key': 'team', 'Value': 'red'}])['User']
iam.create_user(UserName='py-carol', Path='/py/')
out['clash'] = err(iam.create_user, UserName='PY-BOB')
out['bad_name'] = err(iam.create_user, UserName='bad name')
out['missing'] = err(iam.get_user, UserName='nobody')

key = iam.create_access_key(UserName='py-bob')['AccessKey']
out['key'] = {k: key[k] for k in ('UserName', 'AccessKeyId', 'Status')}
out['secret_len'] = len(key['SecretAccessKey'])
bob_creds = {'id': key['AccessKeyId'], 'secret': key['SecretAccessKey']}
bob_iam = client('iam', bob_creds)
bob_sts = client('sts', bob_creds)

out['whoami'] = {k: v for k, v in bob_sts.get_caller_identity().items() if k != 'ResponseMetadata'}
out['denied'] = err(bob_iam.list_users)

iam.put_user_policy(UserName='py-bob', PolicyName='list', PolicyDocument=json.dumps(allow))
pages = list(bob_iam.get_paginator('list_users').paginate(PathPrefix='/py/', PaginationConfig={'PageSize': 1}))
out['pages'] = [[u['UserName'] for u in p['Users']] for p in pages]
out['policy'] = iam.get_user_policy(UserName='py-bob', PolicyName='list')['PolicyDocument']
out['policy_names'] = iam.list_user_policies(UserName='py-bob')['PolicyNames']

iam.put_user_policy(UserName='py-bob', PolicyName='deny', PolicyDocument=json.dumps(deny))
out['explicit'] = err(bob_iam.list_users)
out['malformed'] = err(iam.put_user_policy, UserName='py-bob', PolicyName='bad', PolicyDocument='{"Version": "2012-10-17"')

# Keys: a second, a third over the limit, deactivation, reactivation, last use.
second = iam.create_access_key(UserName='py-bob')['AccessKey']
out['third'] = err(iam.create_access_key, UserName='py-bob')
iam.update_access_key(UserName='py-bob', AccessKeyId=key['AccessKeyId'], Status='Inactive')
out['inactive'] = err(bob_sts.get_caller_identity)
iam.update_access_key(UserName='py-bob', AccessKeyId=key['AccessKeyId'], Status='Active')
out['reactivated'] = bob_sts.get_caller_identity()['Arn']
# Last use is written in the background, as AWS's is eventually consistent: wait for the sts call.
import time
for _ in range(40):
    last = iam.get_access_key_last_used(AccessKeyId=key['AccessKeyId'])
    if last['AccessKeyLastUsed'].get('ServiceName') == 'sts':
        break
    time.sleep(0.05)
out['last_used'] = {'UserName': last['UserName'], 'ServiceName': last['AccessKeyLastUsed']['ServiceName'],
                    'Region': last['AccessKeyLastUsed']['Region'], 'has_date': 'LastUsedDate' in last['AccessKeyLastUsed']}

# Deletion happens in AWS's order.
out['conflict_keys'] = err(iam.delete_user, UserName='py-bob')
for k in (key, second):
    iam.delete_access_key(UserName='py-bob', AccessKeyId=k['AccessKeyId'])
out['conflict_policies'] = err(iam.delete_user, UserName='py-bob')
for name in ('list', 'deny'):
    iam.delete_user_policy(UserName='py-bob', PolicyName=name)
iam.delete_user(UserName='py-bob')
out['deleted_key'] = err(bob_sts.get_caller_identity)
out['gone'] = err(iam.get_user, UserName='py-bob')
`;
    const { out } = await boto3(ts.url, ts.root, script);
    const created = out.created as Record<string, unknown>;
    assert.equal(created.UserName, 'py-bob');
    assert.equal(created.Path, '/py/');
    assert.equal(created.Arn, arn('/py/', 'py-bob'));
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'red' }]);
    assert.deepEqual(out.clash, { code: 'EntityAlreadyExists', status: 409, message: 'User with name PY-BOB already exists.' });
    assert.deepEqual(out.bad_name, {
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    assert.deepEqual(out.missing, { code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' });

    const key = out.key as { UserName: string; AccessKeyId: string; Status: string };
    assert.equal(key.UserName, 'py-bob');
    assert.match(key.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key.Status, 'Active');
    assert.equal(out.secret_len, 40);

    assert.deepEqual(out.whoami, { UserId: created.UserId, Account: ts.accountId, Arn: arn('/py/', 'py-bob') });
    assert.deepEqual(out.denied, { code: 'AccessDenied', status: 403, message: accessDeniedMessage(arn('/py/', 'py-bob'), 'iam:ListUsers', arn('/', ''), 'implicit') });
    assert.deepEqual(out.pages, [['py-bob'], ['py-carol']]);
    assert.deepEqual(out.policy, { Version: '2012-10-17', Statement: [{ Sid: 'List', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
    assert.deepEqual(out.policy_names, ['list']);
    assert.deepEqual(out.explicit, { code: 'AccessDenied', status: 403, message: accessDeniedMessage(arn('/py/', 'py-bob'), 'iam:ListUsers', arn('/', ''), 'explicit') });
    assert.deepEqual(out.malformed, { code: 'MalformedPolicyDocument', status: 400, message: 'Syntax errors in policy.' });

    assert.deepEqual(out.third, { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
    assert.deepEqual(out.inactive, { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    assert.equal(out.reactivated, arn('/py/', 'py-bob'));
    assert.deepEqual(out.last_used, { UserName: 'py-bob', ServiceName: 'sts', Region: 'us-east-1', has_date: true });

    assert.deepEqual(out.conflict_keys, { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete access keys first.' });
    assert.deepEqual(out.conflict_policies, { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.' });
    assert.deepEqual(out.deleted_key, { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    assert.deepEqual(out.gone, { code: 'NoSuchEntity', status: 404, message: 'The user with name py-bob cannot be found.' });
  });
});
