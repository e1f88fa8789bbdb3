// Authorization as a caller meets it: IAM users signed in with their own keys are allowed or
// denied by their inline policies (with AWS's AccessDenied wording), conditions see the request
// (region, principal tags, request tags), GetCallerIdentity is never denied, and the simulator
// agrees with what is enforced.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { accessDeniedMessage, attempt, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();
const { iam: asUser } = fx;

const userArn = (name: string) => `arn:aws:iam::${fx.ts.accountId}:user/${name}`;
const usersArn = () => `arn:aws:iam::${fx.ts.accountId}:user/`;

const put = (user: string, name: string, doc: Record<string, unknown>) =>
  fx.root.send(new PutUserPolicyCommand({ UserName: user, PolicyName: name, PolicyDocument: JSON.stringify(doc) }));

describe('identity policies decide', () => {
  test('an unprivileged user is denied with AWS\'s message, then allowed after PutUserPolicy', async () => {
    const bob = asUser(await userWithKey(fx.root, 'bob'));
    await rejectsWith(bob.send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${fx.ts.accountId}:user/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${fx.ts.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
    await put('bob', 'list', policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    const listed = await bob.send(new ListUsersCommand({}));
    assert.ok(listed.Users!.some((u) => u.UserName === 'bob'));
    // Only that action: GetUser on someone else is still denied, naming that user's ARN.
    await rejectsWith(bob.send(new GetUserCommand({ UserName: 'bob' })), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('bob'), 'iam:GetUser', userArn('bob'), 'implicit'),
    });
    // And the policy taken away takes the permission with it.
    await fx.root.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'list' }));
    await rejectsWith(bob.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });
  });

  test('an explicit Deny wins over an Allow', async () => {
    const dee = asUser(
      await userWithKey(fx.root, 'dee', {
        all: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
        nolist: policy({ Effect: 'Deny', Action: 'iam:List*', Resource: '*' }),
      }),
    );
    await rejectsWith(dee.send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${fx.ts.accountId}:user/dee is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${fx.ts.accountId}:user/ with an explicit deny in an identity-based policy`,
    });
    // What the Deny does not cover, the Allow still allows.
    assert.equal((await dee.send(new GetUserCommand({ UserName: 'dee' }))).User!.UserName, 'dee');
  });

  test('a Resource scoped to the user\'s own ARN (with ${aws:username}) allows only that user', async () => {
    const ann = asUser(await userWithKey(fx.root, 'ann', { own: policy({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListAccessKeys'], Resource: 'arn:aws:iam::*:user/${aws:username}' }) }));
    assert.equal((await ann.send(new GetUserCommand({}))).User!.UserName, 'ann');
    assert.equal((await ann.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!.length, 1);
    await rejectsWith(ann.send(new GetUserCommand({ UserName: 'bob' })), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('ann'), 'iam:GetUser', userArn('bob'), 'implicit'),
    });
  });
});

describe('conditions see the request', () => {
  test('aws:RequestedRegion is the region the request was signed for', async () => {
    const creds = await userWithKey(fx.root, 'regional', {
      region: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
    });
    await asUser(creds, 'us-east-1').send(new ListUsersCommand({}));
    await rejectsWith(asUser(creds, 'eu-west-1').send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('regional'), 'iam:ListUsers', usersArn(), 'implicit'),
    });
  });

  test('aws:PrincipalTag/team follows the caller\'s tags as they change', async () => {
    const tagged = asUser(
      await userWithKey(fx.root, 'tagged', {
        team: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }),
      }),
    );
    const denied = accessDeniedMessage(userArn('tagged'), 'iam:ListUsers', usersArn(), 'implicit');
    await rejectsWith(tagged.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403, message: denied });
    await fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] }));
    await tagged.send(new ListUsersCommand({}));
    await fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await rejectsWith(tagged.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403, message: denied });
  });

  test('"may create users only with tag team=red": aws:RequestTag and aws:TagKeys', async () => {
    const maker = asUser(
      await userWithKey(fx.root, 'maker', {
        create: policy({
          Effect: 'Allow',
          Action: ['iam:CreateUser', 'iam:TagUser'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestTag/team': 'red' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
        }),
      }),
    );
    const denied = (name: string) => accessDeniedMessage(userArn('maker'), 'iam:CreateUser', userArn(name), 'implicit');

    await rejectsWith(maker.send(new CreateUserCommand({ UserName: 'untagged' })), { code: 'AccessDenied', status: 403, message: denied('untagged') });
    await rejectsWith(maker.send(new CreateUserCommand({ UserName: 'blue', Tags: [{ Key: 'team', Value: 'blue' }] })), {
      code: 'AccessDenied',
      status: 403,
      message: denied('blue'),
    });
    await rejectsWith(
      maker.send(new CreateUserCommand({ UserName: 'extra', Tags: [{ Key: 'team', Value: 'red' }, { Key: 'owner', Value: 'me' }] })),
      { code: 'AccessDenied', status: 403, message: denied('extra') },
    );
    const made = await maker.send(new CreateUserCommand({ UserName: 'red', Tags: [{ Key: 'team', Value: 'red' }] }));
    assert.deepEqual(made.User!.Tags, [{ Key: 'team', Value: 'red' }]);
    // Nothing was created by the denied calls.
    for (const name of ['untagged', 'blue', 'extra']) {
      await rejectsWith(fx.root.send(new GetUserCommand({ UserName: name })), { code: 'NoSuchEntity', status: 404 });
    }
    await fx.root.send(new DeleteUserCommand({ UserName: 'red' }));
  });
});

describe('more of what a request carries', () => {
  test('aws:SourceIp is the caller\'s address', async () => {
    const local = asUser(await userWithKey(fx.root, 'local', { p: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } }) }));
    const remote = asUser(await userWithKey(fx.root, 'remote', { p: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) }));
    await local.send(new ListUsersCommand({}));
    await rejectsWith(remote.send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('remote'), 'iam:ListUsers', usersArn(), 'implicit'),
    });
  });

  test('"deny unless MFA" (BoolIfExists aws:MultiFactorAuthPresent false) denies long-term keys', async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    const nomfa = asUser(
      await userWithKey(fx.root, 'nomfa', {
        all: policy({ Effect: 'Allow', Action: '*', Resource: '*' }),
        mfa: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }),
      }),
    );
    await rejectsWith(nomfa.send(new ListUsersCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('nomfa'), 'iam:ListUsers', usersArn(), 'explicit'),
    });
  });

  test('a Resource with a path matches users by their real path', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'deep', Path: '/eng/' }));
    await fx.root.send(new CreateUserCommand({ UserName: 'shallow' }));
    const pathy = asUser(await userWithKey(fx.root, 'pathy', { p: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${fx.ts.accountId}:user/eng/*` }) }));
    assert.equal((await pathy.send(new GetUserCommand({ UserName: 'deep' }))).User!.Path, '/eng/');
    await rejectsWith(pathy.send(new GetUserCommand({ UserName: 'shallow' })), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('pathy'), 'iam:GetUser', userArn('shallow'), 'implicit'),
    });
  });

  test(
    'aws:ResourceTag/team is the tags of the user acted on',
    async () => {
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html: "Resource – Control access to
      // user or role resources based on their tags ... use the aws:ResourceTag/key-name condition key".
      await fx.root.send(new CreateUserCommand({ UserName: 'red-target', Tags: [{ Key: 'team', Value: 'red' }] }));
      await fx.root.send(new CreateUserCommand({ UserName: 'blue-target', Tags: [{ Key: 'team', Value: 'blue' }] }));
      const viewer = asUser(
        await userWithKey(fx.root, 'tag-viewer', { p: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } }) }),
      );
      assert.equal((await viewer.send(new GetUserCommand({ UserName: 'red-target' }))).User!.UserName, 'red-target');
      await rejectsWith(viewer.send(new GetUserCommand({ UserName: 'blue-target' })), {
        code: 'AccessDenied',
        status: 403,
        message: accessDeniedMessage(userArn('tag-viewer'), 'iam:GetUser', userArn('blue-target'), 'implicit'),
      });
    },
  );
});

describe('always allowed', () => {
  test('GetCallerIdentity is allowed even with a deny-all policy', async () => {
    const creds = await userWithKey(fx.root, 'nobody-at-all', { deny: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) });
    const sts = fx.sts(creds);
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, userArn('nobody-at-all'));
    assert.equal(who.Account, fx.ts.accountId);
    assert.match(who.UserId!, /^AIDA[A-Z2-7]{17}$/);
    await rejectsWith(asUser(creds).send(new GetUserCommand({})), {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(userArn('nobody-at-all'), 'iam:GetUser', userArn('nobody-at-all'), 'explicit'),
    });
  });

  test('the root user is allowed without any policy', async () => {
    const sts = fx.sts(fx.ts.root);
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ Arn: who.Arn, Account: who.Account, UserId: who.UserId }, { Arn: `arn:aws:iam::${fx.ts.accountId}:root`, Account: fx.ts.accountId, UserId: fx.ts.accountId });
  });
});

describe('the simulator agrees with enforcement', () => {
  test('SimulatePrincipalPolicy for a user matches what its calls get', async () => {
    const creds = await userWithKey(fx.root, 'sim', {
      read: policy({ Sid: 'Read', Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers', 'iam:ListUserTags'], Resource: '*' }),
      nodelete: policy({ Sid: 'NoDelete', Effect: 'Deny', Action: ['iam:DeleteUser', 'iam:ListUserTags'], Resource: '*' }),
      ownkeys: policy({ Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: `arn:aws:iam::${fx.ts.accountId}:user/sim` }),
    });
    await fx.root.send(new CreateUserCommand({ UserName: 'target' }));
    const sim = asUser(creds);

    const cases: { action: string; resource: string; call: () => Promise<unknown> }[] = [
      { action: 'iam:ListUsers', resource: usersArn(), call: () => sim.send(new ListUsersCommand({})) },
      { action: 'iam:GetUser', resource: userArn('target'), call: () => sim.send(new GetUserCommand({ UserName: 'target' })) },
      { action: 'iam:DeleteUser', resource: userArn('target'), call: () => sim.send(new DeleteUserCommand({ UserName: 'target' })) },
      { action: 'iam:ListUserTags', resource: userArn('target'), call: () => sim.send(new ListUserTagsCommand({ UserName: 'target' })) },
      { action: 'iam:CreateUser', resource: userArn('newbie'), call: () => sim.send(new CreateUserCommand({ UserName: 'newbie' })) },
      { action: 'iam:ListAccessKeys', resource: userArn('sim'), call: () => sim.send(new ListAccessKeysCommand({ UserName: 'sim' })) },
      { action: 'iam:ListAccessKeys', resource: userArn('target'), call: () => sim.send(new ListAccessKeysCommand({ UserName: 'target' })) },
    ];
    const simulated: string[] = [];
    const enforced: string[] = [];
    for (const c of cases) {
      const r = await fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('sim'), ActionNames: [c.action], ResourceArns: [c.resource] }));
      assert.equal(r.EvaluationResults!.length, 1);
      simulated.push(`${c.action} ${c.resource}: ${r.EvaluationResults![0]!.EvalDecision}`);
      let outcome = 'allowed';
      const err = await attempt(c.call());
      if (err) {
        assert.equal(err.code, 'AccessDenied', `${c.action}: ${err.message}`);
        outcome = err.message.includes('with an explicit deny') ? 'explicitDeny' : 'implicitDeny';
      }
      enforced.push(`${c.action} ${c.resource}: ${outcome}`);
    }
    assert.deepEqual(simulated, enforced);
    // And the expectations themselves, so a shared mistake in both does not pass.
    assert.deepEqual(
      enforced.map((s) => s.split(': ')[1]),
      ['allowed', 'allowed', 'explicitDeny', 'explicitDeny', 'implicitDeny', 'allowed', 'implicitDeny'],
    );
  });

  test('SimulatePrincipalPolicy names the matched inline policy', async () => {
    const r = await fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('sim'), ActionNames: ['iam:DeleteUser', 'iam:CreateUser'] }));
    assert.equal(r.IsTruncated, false);
    const [del, create] = r.EvaluationResults!;
    assert.equal(del!.EvalActionName, 'iam:DeleteUser');
    assert.equal(del!.EvalResourceName, '*');
    assert.equal(del!.EvalDecision, 'explicitDeny');
    assert.deepEqual(del!.MatchedStatements!.map((m) => m.SourcePolicyId), ['nodelete']);
    assert.equal(create!.EvalDecision, 'implicitDeny');
    assert.deepEqual(create!.MatchedStatements, []);
    await rejectsWith(fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('ghost'), ActionNames: ['iam:GetUser'] })), {
      code: 'NoSuchEntity',
      status: 404,
    });
  });

  test('SimulateCustomPolicy answers as in AWS\'s documented examples', async () => {
    // https://docs.aws.amazon.com/cli/latest/reference/iam/simulate-custom-policy.html (examples 1 and 2)
    const doc = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    const run = (when: string) =>
      fx.root.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: [when], ContextKeyType: 'date' }],
        }),
      );
    const allowed = await run('2019-04-25T11:00:00Z');
    assert.equal(allowed.IsTruncated, false);
    // The documented output does not show SourcePolicyType; it is checked on its own below.
    const withoutType = allowed.EvaluationResults!.map((r) => ({
      ...r,
      MatchedStatements: r.MatchedStatements!.map(({ SourcePolicyType: _t, ...m }) => m),
    }));
    assert.deepEqual(withoutType, [
      {
        EvalActionName: 'dynamodb:CreateBackup',
        EvalResourceName: '*',
        EvalDecision: 'allowed',
        MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', StartPosition: { Line: 1, Column: 38 }, EndPosition: { Line: 1, Column: 167 } }],
        MissingContextValues: [],
      },
    ]);
    const denied = await run('2014-04-25T11:00:00Z');
    assert.deepEqual(denied.EvaluationResults, [
      { EvalActionName: 'dynamodb:CreateBackup', EvalResourceName: '*', EvalDecision: 'implicitDeny', MatchedStatements: [], MissingContextValues: [] },
    ]);
  });

  test(
    'SourcePolicyType of a matched identity policy is "IAM Policy", as AWS answers',
    async () => {
      // AWS's real answers carry "SourcePolicyType": "IAM Policy" for PolicyInputList entries and for a
      // principal's own policies alike (the model's enum notwithstanding).
      const custom = await fx.root.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [JSON.stringify(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))], ActionNames: ['s3:GetObject'] }),
      );
      assert.deepEqual(custom.EvaluationResults![0]!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['PolicyInputList.1', 'IAM Policy']]);
      const principal = await fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn('sim'), ActionNames: ['iam:DeleteUser'] }));
      assert.deepEqual(principal.EvaluationResults![0]!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['nodelete', 'IAM Policy']]);
    },
  );

  test('SimulateCustomPolicy reports missing context keys and pages with MaxItems/Marker', async () => {
    const doc = JSON.stringify(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }));
    const first = await fx.root.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['s3:GetObject', 's3:PutObject'], MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    assert.equal(first.EvaluationResults!.length, 1);
    assert.equal(first.EvaluationResults![0]!.EvalActionName, 's3:GetObject');
    assert.equal(first.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
    assert.deepEqual(first.EvaluationResults![0]!.MissingContextValues, ['aws:PrincipalTag/team']);
    const second = await fx.root.send(new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['s3:GetObject', 's3:PutObject'], MaxItems: 1, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    assert.deepEqual(second.EvaluationResults!.map((r) => r.EvalActionName), ['s3:PutObject']);

    await rejectsWith(fx.root.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17",'], ActionNames: ['s3:GetObject'] })), {
      code: 'MalformedPolicyDocument',
      status: 400,
    });
  });
});

