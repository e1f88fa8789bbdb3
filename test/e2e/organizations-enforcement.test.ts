// SCPs and RCPs in every decision, through the SDKs: an SCP on an OU denies CreateUser to every
// principal of its accounts (even an administrator) and nowhere else, until detached; a region
// guardrail; service-linked roles exempt; an RCP limiting who may assume roles in an account;
// aws:PrincipalOrgID in a trust policy across two member accounts.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CreateRoleCommand, CreateServiceLinkedRoleCommand, CreateUserCommand, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { accessKeyId as newAccessKeyId, secretAccessKey } from '../../src/lib/ids.js';
import { sealSecret } from '../../src/iam/access-keys.js';
import { loadMasterKey } from '../../src/server/keys.js';
import { SessionTokens } from '../../src/sts/token.js';
import { policy, rejectsWith, REGION, serverFixture, userWithKey, type Credentials } from './helpers.js';

const fx = serverFixture();
const { iam, sts } = fx;
let org: OrganizationsClient;
let orgId = '';
let rootId = '';
const accounts: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
let devOu = '';
const OUTSIDER = '999988887777';
let outsider: Credentials;
// The management account's root cannot assume roles (AWS refuses root sessions); an administrator
// user of the management account does, as an operator would.
let admin: Credentials;

async function assume(from: Credentials, roleArn: string, name = 'e2e'): Promise<Credentials> {
  const out = await sts(from).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: name }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
const accessRole = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;
const doc = (...statements: Record<string, unknown>[]) => JSON.stringify(policy(...statements));

before(async () => {
  await fx.ready();
  org = fx.track(new OrganizationsClient({ endpoint: fx.ts.url, region: REGION, credentials: { ...fx.ts.root }, maxAttempts: 1 }));
  orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
  rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  devOu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Dev' }))).OrganizationalUnit!.Id!;
  const prodOu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Prod' }))).OrganizationalUnit!.Id!;
  for (const [k, ou] of [['a', devOu], ['b', devOu], ['c', prodOu]] as const) {
    const status = (await org.send(new CreateAccountCommand({ AccountName: `acct-${k}`, Email: `${k}@example.com` }))).CreateAccountStatus!;
    assert.equal(status.State, 'SUCCEEDED');
    accounts[k] = status.AccountId!;
    await org.send(new MoveAccountCommand({ AccountId: accounts[k], SourceParentId: rootId, DestinationParentId: ou }));
  }
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));

  // An account outside the organization, made through the store, with a root key.
  const sealing = loadMasterKey({ dataDir: fx.ts.dataDir, persistent: true });
  outsider = { accessKeyId: newAccessKeyId(false, OUTSIDER), secretAccessKey: secretAccessKey() };
  await fx.ts.server.store.write(async (tx) => {
    await tx.accounts.create({ id: OUTSIDER, createdAt: new Date() });
    await tx.accessKeys.create({
      accessKeyId: outsider.accessKeyId,
      accountId: OUTSIDER,
      userName: null,
      status: 'Active',
      secretCiphertext: sealSecret(sealing, outsider.accessKeyId, outsider.secretAccessKey),
      createDate: new Date(),
    });
  });
  fx.ts.server.app.invalidate();
  admin = await userWithKey(iam(fx.ts.root), 'org-admin', { admin: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
});

test('an SCP on an OU denies CreateUser to every principal of its accounts, nowhere else, until detached', async () => {
  const adminA = await assume(admin, accessRole(accounts.a));
  const adminC = await assume(admin, accessRole(accounts.c));
  assert.equal((await sts(adminA).send(new GetCallerIdentityCommand({}))).Account, accounts.a);
  await iam(adminA).send(new CreateUserCommand({ UserName: 'before-scp' }));

  const scp = (
    await org.send(
      new CreatePolicyCommand({ Name: 'NoCreateUser', Type: 'SERVICE_CONTROL_POLICY', Description: 'no new users', Content: doc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }) }),
    )
  ).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: devOu }));

  await rejectsWith(iam(adminA).send(new CreateUserCommand({ UserName: 'during-scp' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:sts::${accounts.a}:assumed-role/OrganizationAccountAccessRole/e2e is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accounts.a}:user/during-scp with an explicit deny in a service control policy`,
  });
  // Prod is not under the SCP; the management account is exempt.
  await iam(adminC).send(new CreateUserCommand({ UserName: 'in-prod' }));
  await iam(fx.ts.root).send(new CreateUserCommand({ UserName: 'in-management' }));

  await org.send(new DetachPolicyCommand({ PolicyId: scp, TargetId: devOu }));
  await iam(adminA).send(new CreateUserCommand({ UserName: 'after-scp' }));
});

test('a region guardrail SCP with aws:RequestedRegion', async () => {
  const adminC = await assume(admin, accessRole(accounts.c), 'region');
  const guard = (
    await org.send(
      new CreatePolicyCommand({
        Name: 'OnlyUsEast1',
        Type: 'SERVICE_CONTROL_POLICY',
        Description: 'region guardrail',
        Content: doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }),
      }),
    )
  ).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: guard, TargetId: accounts.c }));
  try {
    await iam(adminC, 'us-east-1').send(new ListRolesCommand({}));
    await rejectsWith(iam(adminC, 'eu-west-1').send(new ListRolesCommand({})), { code: 'AccessDenied', status: 403, message: /service control policy/ });
  } finally {
    await org.send(new DetachPolicyCommand({ PolicyId: guard, TargetId: accounts.c }));
  }
});

test('an SCP does not apply to a service-linked role', async () => {
  const adminB = await assume(admin, accessRole(accounts.b), 'slr');
  const slr = (await iam(adminB).send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' }))).Role!;
  const denyAll = (
    await org.send(new CreatePolicyCommand({ Name: 'DenyAll', Type: 'SERVICE_CONTROL_POLICY', Description: 'deny', Content: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }))
  ).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: denyAll, TargetId: accounts.b }));
  try {
    // The service assumes its role (a session sealed as the server seals them).
    const tokens = new SessionTokens(loadMasterKey({ dataDir: fx.ts.dataDir, persistent: true }));
    const now = Date.now();
    const akid = newAccessKeyId().replace(/^AKIA/, 'ASIA');
    const secret = secretAccessKey();
    const token = tokens.seal({
      kind: 'assumed-role',
      account: accounts.b,
      akid,
      secret,
      issuedAt: now,
      expiresAt: now + 900_000,
      role: { id: slr.RoleId!, arn: slr.Arn!, name: slr.RoleName! },
      sessionName: 'config',
    });
    const service = { accessKeyId: akid, secretAccessKey: secret, sessionToken: token };
    // AWSConfigServiceRolePolicy allows iam:GetRole among others; the deny-all SCP is not applied.
    assert.equal((await sts(service).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${accounts.b}:assumed-role/${slr.RoleName}/config`);
    await iam(service).send(new ListRolesCommand({}));
    // The administrator of the same account is denied everything.
    await rejectsWith(iam(adminB).send(new ListRolesCommand({})), { code: 'AccessDenied', status: 403, message: /explicit deny in a service control policy/ });
  } finally {
    await org.send(new DetachPolicyCommand({ PolicyId: denyAll, TargetId: accounts.b }));
  }
});

test('aws:PrincipalOrgID in a trust policy across member accounts; an RCP limits who may assume roles in an account', async () => {
  const adminA = await assume(admin, accessRole(accounts.a), 'org');
  const adminB = await assume(admin, accessRole(accounts.b), 'org');
  await iam(adminB).send(
    new CreateRoleCommand({
      RoleName: 'OrgReader',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } }),
    }),
  );
  await iam(adminB).send(new PutRolePolicyCommand({ RoleName: 'OrgReader', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }) }));
  const reader = await assume(adminA, `arn:aws:iam::${accounts.b}:role/OrgReader`, 'from-a');
  await iam(reader).send(new ListRolesCommand({}));

  // A role in B that trusts the outsider's account: allowed until an RCP on B says org principals only.
  await iam(adminB).send(
    new CreateRoleCommand({ RoleName: 'Partner', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` }, Action: 'sts:AssumeRole' }) }),
  );
  const outsiderUser = iam(outsider);
  // The outsider's root cannot assume roles; its operator user assumes its admin role.
  await outsiderUser.send(
    new CreateRoleCommand({ RoleName: 'Admin', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` }, Action: 'sts:AssumeRole' }) }),
  );
  await outsiderUser.send(new PutRolePolicyCommand({ RoleName: 'Admin', PolicyName: 'all', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
  const outsiderOperator = await userWithKey(outsiderUser, 'operator', { admin: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
  const outsiderAdmin = await assume(outsiderOperator, `arn:aws:iam::${OUTSIDER}:role/Admin`, 'outside');
  await assume(outsiderAdmin, `arn:aws:iam::${accounts.b}:role/Partner`, 'before-rcp');

  const rcp = (
    await org.send(
      new CreatePolicyCommand({
        Name: 'OrgOnlyAssume',
        Type: 'RESOURCE_CONTROL_POLICY',
        Description: 'only principals of the organization assume roles here',
        Content: doc({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': orgId } },
        }),
      }),
    )
  ).Policy!.PolicySummary!.Id!;
  await org.send(new AttachPolicyCommand({ PolicyId: rcp, TargetId: accounts.b }));
  try {
    await rejectsWith(sts(outsiderAdmin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accounts.b}:role/Partner`, RoleSessionName: 'after-rcp' })), {
      code: 'AccessDenied',
      status: 403,
      message: /resource control policy/,
    });
    // Principals of the organization still may.
    await assume(adminA, `arn:aws:iam::${accounts.b}:role/OrgReader`, 'still');
  } finally {
    await org.send(new DetachPolicyCommand({ PolicyId: rcp, TargetId: accounts.b }));
  }
});
