// Organizations makes its service-linked role (AWSServiceRoleForOrganizations) on the caller's
// permissions, in the management account at CreateOrganization and in each account CreateAccount
// makes: without iam:CreateServiceLinkedRole for organizations.amazonaws.com the caller gets
// AccessDeniedForDependencyException (Reason ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE) and
// nothing is made.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, DescribeOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { policy, REGION, serverFixture, userWithKey, type Credentials } from './helpers.js';

const fx = serverFixture();

function orgs(c: Credentials): OrganizationsClient {
  return fx.track(new OrganizationsClient({ endpoint: fx.ts.url, region: REGION, credentials: { ...c }, maxAttempts: 1 }));
}

async function dependencyError(call: Promise<unknown>): Promise<void> {
  const e = await call.then(
    () => assert.fail('expected AccessDeniedForDependencyException'),
    (err: unknown) => err as { name: string; Reason?: string; message: string; $metadata: { httpStatusCode?: number } },
  );
  assert.equal(e.name, 'AccessDeniedForDependencyException');
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.Reason, 'ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE');
  assert.match(e.message, /requires you to have the iam:CreateServiceLinkedRole for organizations\.amazonaws\.com permission/);
}

test('CreateOrganization and CreateAccount need iam:CreateServiceLinkedRole for organizations.amazonaws.com', async () => {
  await fx.ready();
  const orgsOnly = await userWithKey(fx.root, 'orgs-only', { orgs: policy({ Effect: 'Allow', Action: 'organizations:*', Resource: '*' }) });
  const admin = await userWithKey(fx.root, 'orgs-admin', {
    orgs: policy(
      { Effect: 'Allow', Action: ['organizations:*', 'sts:AssumeRole'], Resource: '*' },
      { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'organizations.amazonaws.com' } } },
      { Effect: 'Allow', Action: ['iam:GetRole', 'iam:ListAttachedRolePolicies'], Resource: '*' },
    ),
  });

  await dependencyError(orgs(orgsOnly).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' })));
  // Nothing was made.
  await assert.rejects(orgs(admin).send(new DescribeOrganizationCommand({})), { name: 'AWSOrganizationsNotInUseException' });
  await assert.rejects(fx.iam(admin).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' })), { name: 'NoSuchEntityException' });

  await orgs(admin).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const role = (await fx.iam(admin).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' }))).Role!;
  assert.equal(role.Path, '/aws-service-role/organizations.amazonaws.com/');
  assert.equal(role.Arn, `arn:aws:iam::${fx.ts.accountId}:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations`);
  const attached = await fx.iam(admin).send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForOrganizations' }));
  assert.deepEqual(
    attached.AttachedPolicies?.map((p) => p.PolicyArn),
    ['arn:aws:iam::aws:policy/aws-service-role/AWSOrganizationsServiceTrustPolicy'],
  );

  // The role already exists in the management account, but CreateAccount makes one in the new account.
  await dependencyError(orgs(orgsOnly).send(new CreateAccountCommand({ AccountName: 'denied', Email: 'denied@example.com' })));
  assert.equal((await orgs(admin).send(new ListAccountsCommand({}))).Accounts?.length, 1);

  const status = (await orgs(admin).send(new CreateAccountCommand({ AccountName: 'dev', Email: 'dev@example.com' }))).CreateAccountStatus!;
  assert.equal(status.State, 'SUCCEEDED');
  const out = await fx.sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${status.AccountId}:role/OrganizationAccountAccessRole`, RoleSessionName: 'check' }));
  const member = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
  const memberRole = (await fx.iam(member).send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForOrganizations' }))).Role!;
  assert.equal(memberRole.Arn, `arn:aws:iam::${status.AccountId}:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations`);
});
