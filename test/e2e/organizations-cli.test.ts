// README's multi-account walk-through, through aws-cli only: found an organization, an OU and a
// member account, enable SCPs, attach one denying iam:CreateUser to the OU, assume the account's
// OrganizationAccountAccessRole through a profile (role_arn + source_profile) and see CreateUser
// denied there "with an explicit deny in a service control policy", still allowed in the
// management account, and allowed in the member account once the SCP is detached.

import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { awsCliMissing, awsCliWithProfile, policy, serverFixture, tempDir, userWithKey, type CliResult } from './helpers.js';

const fx = serverFixture();
let dir = '';
let files: { config: string; credentials: string };

before(async () => {
  await fx.ready();
  dir = tempDir('tessera-org-cli-');
  files = { config: join(dir, 'config'), credentials: join(dir, 'credentials') };
  const operator = await userWithKey(fx.root, 'operator', { admin: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
  writeFileSync(
    files.credentials,
    [
      `[tessera]`,
      `aws_access_key_id = ${fx.ts.root.accessKeyId}`,
      `aws_secret_access_key = ${fx.ts.root.secretAccessKey}`,
      `[operator]`,
      `aws_access_key_id = ${operator.accessKeyId}`,
      `aws_secret_access_key = ${operator.secretAccessKey}`,
      ``,
    ].join('\n'),
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function ok(r: CliResult): unknown {
  assert.equal(r.code, 0, r.stderr);
  return r.json;
}

test("README's walk-through: an SCP on an OU takes effect in its account through the assumed access role", { skip: awsCliMissing() }, async () => {
  const profiles = (member?: string): void =>
    writeFileSync(
      files.config,
      [
        `[profile tessera]`,
        `region = us-east-1`,
        `endpoint_url = ${fx.ts.url}`,
        `[profile operator]`,
        `region = us-east-1`,
        `endpoint_url = ${fx.ts.url}`,
        ...(member
          ? [`[profile dev-admin]`, `role_arn = arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, `source_profile = operator`, `region = us-east-1`, `endpoint_url = ${fx.ts.url}`]
          : []),
        ``,
      ].join('\n'),
    );
  profiles();
  const org = (args: string[]) => awsCliWithProfile(files, 'tessera', ['organizations', ...args]);

  const orgId = (ok(await org(['create-organization', '--feature-set', 'ALL'])) as { Organization: { Id: string } }).Organization.Id;
  assert.match(orgId, /^o-[a-z0-9]{10}$/);
  const rootId = (ok(await org(['list-roots'])) as { Roots: Array<{ Id: string }> }).Roots[0]!.Id;
  const ou = (ok(await org(['create-organizational-unit', '--parent-id', rootId, '--name', 'Dev'])) as { OrganizationalUnit: { Id: string } }).OrganizationalUnit.Id;
  const status = (ok(await org(['create-account', '--account-name', 'dev', '--email', 'dev@example.com'])) as { CreateAccountStatus: { State: string; AccountId: string } })
    .CreateAccountStatus;
  assert.equal(status.State, 'SUCCEEDED');
  const dev = status.AccountId;
  ok(await org(['move-account', '--account-id', dev, '--source-parent-id', rootId, '--destination-parent-id', ou]));
  ok(await org(['enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY']));
  const scp = (
    ok(
      await org([
        'create-policy',
        '--name',
        'NoIamUsers',
        '--type',
        'SERVICE_CONTROL_POLICY',
        '--description',
        'no IAM users',
        '--content',
        JSON.stringify(policy({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' })),
      ]),
    ) as { Policy: { PolicySummary: { Id: string } } }
  ).Policy.PolicySummary.Id;
  ok(await org(['attach-policy', '--policy-id', scp, '--target-id', ou]));

  profiles(dev);
  const who = ok(await awsCliWithProfile(files, 'dev-admin', ['sts', 'get-caller-identity'])) as { Account: string; Arn: string };
  assert.equal(who.Account, dev);
  assert.match(who.Arn, new RegExp(`^arn:aws:sts::${dev}:assumed-role/OrganizationAccountAccessRole/`));

  const denied = await awsCliWithProfile(files, 'dev-admin', ['iam', 'create-user', '--user-name', 'bob']);
  assert.notEqual(denied.code, 0);
  assert.equal(denied.error?.code, 'AccessDenied');
  assert.equal(
    denied.error?.message,
    `User: ${who.Arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${dev}:user/bob with an explicit deny in a service control policy`,
  );
  // The management account is not governed by SCPs.
  const carol = ok(await awsCliWithProfile(files, 'operator', ['iam', 'create-user', '--user-name', 'carol'])) as { User: { Arn: string } };
  assert.equal(carol.User.Arn, `arn:aws:iam::${fx.ts.accountId}:user/carol`);

  ok(await awsCliWithProfile(files, 'operator', ['organizations', 'detach-policy', '--policy-id', scp, '--target-id', ou]));
  const bob = ok(await awsCliWithProfile(files, 'dev-admin', ['iam', 'create-user', '--user-name', 'bob'])) as { User: { Arn: string } };
  assert.equal(bob.User.Arn, `arn:aws:iam::${dev}:user/bob`);
});
