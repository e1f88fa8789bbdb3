// AWS Organizations through the SDK: an organization with two OUs and three accounts; OUs,
// accounts, moves, lists and their pages; policies (CRUD, enable/disable types, attach/detach,
// the per-target limits, FullAWSAccess/RCPFullAWSAccess by default); tags; the errors AWS answers
// (with ConstraintViolationException's Reason); who may call; the management account reaching a
// member through OrganizationAccountAccessRole; and one aws-cli flow.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { CreateUserCommand, GetRoleCommand, GetAccountSummaryCommand, GetRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateOrganizationalUnitCommand,
  UpdatePolicyCommand,
  type Account,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { awsCli, awsCliMissing, policy, rejectsWith, REGION, serverFixture, userWithKey, type Credentials } from './helpers.js';

const fx = serverFixture();
const { iam, sts } = fx;
let org: OrganizationsClient;

function orgs(c: Credentials): OrganizationsClient {
  return fx.track(new OrganizationsClient({ endpoint: fx.ts.url, region: REGION, credentials: { ...c }, maxAttempts: 1 }));
}

/** The Reason member of a ConstraintViolationException / InvalidInputException. */
async function reasonOf(call: Promise<unknown>): Promise<{ code: string; reason: string | undefined; message: string }> {
  try {
    await call;
  } catch (e) {
    const x = e as { name: string; Reason?: string; message: string };
    return { code: x.name, reason: x.Reason, message: x.message };
  }
  assert.fail('the call succeeded, an error was expected');
}

const scp = (sid: string, action = 'ec2:TerminateInstances') => JSON.stringify(policy({ Sid: sid, Effect: 'Deny', Action: action, Resource: '*' }));

let orgId = '';
let rootId = '';
let dev = '';
let prod = '';
const accounts: string[] = [];

before(async () => {
  await fx.ready();
  org = orgs(fx.ts.root);
});

test('before an organization exists: AWSOrganizationsNotInUseException', async () => {
  await rejectsWith(org.send(new DescribeOrganizationCommand({})), { code: 'AWSOrganizationsNotInUseException', status: 400, message: 'Your account is not a member of an organization.' });
  await rejectsWith(org.send(new ListAccountsCommand({})), { code: 'AWSOrganizationsNotInUseException', status: 400 });
});

test('CreateOrganization: the caller becomes the management account; a second one is refused', async () => {
  const { Organization: o } = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  assert.match(o!.Id!, /^o-[a-z0-9]{10}$/);
  orgId = o!.Id!;
  assert.equal(o!.Arn, `arn:aws:organizations::${fx.ts.accountId}:organization/${orgId}`);
  assert.equal(o!.MasterAccountId, fx.ts.accountId);
  assert.equal(o!.MasterAccountArn, `arn:aws:organizations::${fx.ts.accountId}:account/${orgId}/${fx.ts.accountId}`);
  assert.equal(o!.FeatureSet, 'ALL');
  assert.deepEqual(o!.AvailablePolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  await rejectsWith(org.send(new CreateOrganizationCommand({})), { code: 'AlreadyInOrganizationException', status: 400 });
  assert.equal((await org.send(new DescribeOrganizationCommand({}))).Organization!.Id, orgId);

  const { Roots } = await org.send(new ListRootsCommand({}));
  assert.equal(Roots!.length, 1);
  rootId = Roots![0]!.Id!;
  assert.match(rootId, /^r-[a-z0-9]{4}$/);
  assert.equal(Roots![0]!.Arn, `arn:aws:organizations::${fx.ts.accountId}:root/${orgId}/${rootId}`);
  assert.equal(Roots![0]!.Name, 'Root');
  // SCPs are not enabled until asked for.
  assert.deepEqual(Roots![0]!.PolicyTypes, []);
  const { Accounts } = await org.send(new ListAccountsCommand({}));
  assert.deepEqual(Accounts!.map((a) => [a.Id, a.JoinedMethod, a.Status]), [[fx.ts.accountId, 'INVITED', 'ACTIVE']]);
});

test('organizational units: create, duplicate, nest, rename, describe, list, parents, children, delete', async () => {
  dev = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Dev' }))).OrganizationalUnit!.Id!;
  const prodOu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Prod', Tags: [{ Key: 'env', Value: 'prod' }] }))).OrganizationalUnit!;
  prod = prodOu.Id!;
  assert.match(dev, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
  assert.equal(prodOu.Arn, `arn:aws:organizations::${fx.ts.accountId}:ou/${orgId}/${prod}`);
  await rejectsWith(org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Dev' })), {
    code: 'DuplicateOrganizationalUnitException',
    status: 400,
    message: 'An OU with the same name already exists.',
  });
  await rejectsWith(org.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'X' })), { code: 'ParentNotFoundException', status: 400 });
  const team = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: dev, Name: 'Team' }))).OrganizationalUnit!.Id!;
  assert.equal((await org.send(new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: team, Name: 'Squad' }))).OrganizationalUnit!.Name, 'Squad');
  assert.equal((await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: team }))).OrganizationalUnit!.Name, 'Squad');
  await rejectsWith(org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-zzzz-zzzzzzzz' })), { code: 'OrganizationalUnitNotFoundException', status: 400 });
  assert.deepEqual((await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }))).OrganizationalUnits!.map((u) => u.Name), ['Dev', 'Prod']);
  assert.deepEqual((await org.send(new ListChildrenCommand({ ParentId: dev, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children, [{ Id: team, Type: 'ORGANIZATIONAL_UNIT' }]);
  assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: team }))).Parents, [{ Id: dev, Type: 'ORGANIZATIONAL_UNIT' }]);
  assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: dev }))).Parents, [{ Id: rootId, Type: 'ROOT' }]);
  await rejectsWith(org.send(new ListParentsCommand({ ChildId: '123456789012' })), { code: 'ChildNotFoundException', status: 400 });
  // A non-empty OU stays.
  await rejectsWith(org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: dev })), { code: 'OrganizationalUnitNotEmptyException', status: 400 });
  await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: team }));
  assert.deepEqual((await org.send(new ListChildrenCommand({ ParentId: dev, ChildType: 'ORGANIZATIONAL_UNIT' }))).Children, []);
});

test('OUs nest five levels deep at most', async () => {
  let parent = rootId;
  const made: string[] = [];
  for (let level = 1; level <= 5; level++) {
    parent = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `L${level}` }))).OrganizationalUnit!.Id!;
    made.push(parent);
  }
  const e = await reasonOf(org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' })));
  assert.deepEqual([e.code, e.reason], ['ConstraintViolationException', 'OU_DEPTH_LIMIT_EXCEEDED']);
  for (const id of made.reverse()) await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: id }));
});

test('CreateAccount: real accounts at once, statuses, duplicate email, describe, list pages, move', async () => {
  for (const name of ['alpha', 'beta', 'gamma']) {
    const { CreateAccountStatus: s } = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com`, ...(name === 'gamma' ? { Tags: [{ Key: 'team', Value: 'g' }] } : {}) }));
    assert.match(s!.Id!, /^car-[a-z0-9]{32}$/);
    assert.equal(s!.State, 'SUCCEEDED');
    assert.match(s!.AccountId!, /^[1-9]\d{11}$/);
    assert.equal(s!.AccountName, name);
    assert.ok(s!.RequestedTimestamp instanceof Date && s!.CompletedTimestamp instanceof Date);
    assert.deepEqual((await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: s!.Id! }))).CreateAccountStatus, s);
    accounts.push(s!.AccountId!);
  }
  const dup = (await org.send(new CreateAccountCommand({ AccountName: 'again', Email: 'ALPHA@example.com' }))).CreateAccountStatus!;
  assert.deepEqual([dup.State, dup.FailureReason, dup.AccountId], ['FAILED', 'EMAIL_ALREADY_EXISTS', undefined]);
  await rejectsWith(org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' })), { code: 'CreateAccountStatusNotFoundException', status: 400 });
  assert.equal((await org.send(new ListCreateAccountStatusCommand({}))).CreateAccountStatuses!.length, 4);
  assert.deepEqual((await org.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }))).CreateAccountStatuses!.map((s) => s.Id), [dup.Id]);

  const described = (await org.send(new DescribeAccountCommand({ AccountId: accounts[0]! }))).Account!;
  assert.equal(described.Arn, `arn:aws:organizations::${fx.ts.accountId}:account/${orgId}/${accounts[0]}`);
  assert.deepEqual([described.Name, described.Email, described.Status, described.JoinedMethod], ['alpha', 'alpha@example.com', 'ACTIVE', 'CREATED']);
  await rejectsWith(org.send(new DescribeAccountCommand({ AccountId: '111122223333' })), { code: 'AccountNotFoundException', status: 400 });

  // Pages of two: management account first, then the three in creation order.
  const seen: Account[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const out = await org.send(new ListAccountsCommand({ MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
    seen.push(...out.Accounts!);
    token = out.NextToken;
    pages++;
  } while (token);
  assert.equal(pages, 2);
  assert.deepEqual(seen.map((a) => a.Id), [fx.ts.accountId, ...accounts]);
  const bad = await reasonOf(org.send(new ListAccountsCommand({ NextToken: 'o2.nottoken' })));
  assert.deepEqual([bad.code, bad.reason], ['InvalidInputException', 'INVALID_NEXT_TOKEN']);

  await org.send(new MoveAccountCommand({ AccountId: accounts[0]!, SourceParentId: rootId, DestinationParentId: dev }));
  await org.send(new MoveAccountCommand({ AccountId: accounts[1]!, SourceParentId: rootId, DestinationParentId: prod }));
  await rejectsWith(org.send(new MoveAccountCommand({ AccountId: accounts[0]!, SourceParentId: dev, DestinationParentId: dev })), { code: 'DuplicateAccountException', status: 400 });
  await rejectsWith(org.send(new MoveAccountCommand({ AccountId: accounts[0]!, SourceParentId: 'ou-zzzz-zzzzzzzz', DestinationParentId: rootId })), { code: 'SourceParentNotFoundException', status: 400 });
  await rejectsWith(org.send(new MoveAccountCommand({ AccountId: accounts[0]!, SourceParentId: dev, DestinationParentId: 'ou-zzzz-zzzzzzzz' })), { code: 'DestinationParentNotFoundException', status: 400 });
  assert.deepEqual((await org.send(new ListAccountsForParentCommand({ ParentId: dev }))).Accounts!.map((a) => a.Id), [accounts[0]]);
  assert.deepEqual((await org.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }))).Children!.map((c) => c.Id), [fx.ts.accountId, accounts[2]]);
  assert.deepEqual((await org.send(new ListParentsCommand({ ChildId: accounts[1]! }))).Parents, [{ Id: prod, Type: 'ORGANIZATIONAL_UNIT' }]);
});

let admin: Credentials;

test('the management account reaches a member through OrganizationAccountAccessRole; the member has no root key', async () => {
  // Roots may not assume roles (as on AWS): an administrator of the management account does.
  admin = await userWithKey(fx.root, 'org-admin', { all: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
  const member = accounts[0]!;
  const roleArn = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`;
  const out = await sts(admin).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'admin' }));
  const c = out.Credentials!;
  const inMember = iam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
  const role = (await inMember.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))).Role!;
  assert.equal(role.Arn, roleArn);
  assert.deepEqual((JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) as { Statement: Array<{ Principal: unknown }> }).Statement[0]!.Principal, { AWS: `arn:aws:iam::${fx.ts.accountId}:root` });
  const adminPolicy = await inMember.send(new GetRolePolicyCommand({ RoleName: 'OrganizationAccountAccessRole', PolicyName: 'AdministratorAccess' }));
  assert.deepEqual((JSON.parse(decodeURIComponent(adminPolicy.PolicyDocument!)) as { Statement: unknown }).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const user = (await inMember.send(new CreateUserCommand({ UserName: 'member-admin' }))).User!;
  assert.equal(user.Arn, `arn:aws:iam::${member}:user/member-admin`);
  // The member's root user has no access key, as on AWS.
  assert.equal((await inMember.send(new GetAccountSummaryCommand({}))).SummaryMap!.AccountAccessKeysPresent, 0);

  // A member account may describe its organization, not administer it.
  const memberOrgs = orgs({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
  assert.equal((await memberOrgs.send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountId, fx.ts.accountId);
  await rejectsWith(memberOrgs.send(new ListAccountsCommand({})), { code: 'AccessDeniedException', status: 403, message: "You don't have permissions to access this resource." });
  // A custom role name.
  const custom = (await org.send(new CreateAccountCommand({ AccountName: 'delta', Email: 'delta@example.com', RoleName: 'OrgAdmin' }))).CreateAccountStatus!;
  await sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${custom.AccountId}:role/OrgAdmin`, RoleSessionName: 'custom' }));
  await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: custom.AccountId! }));
});

test('policies: create, validate, enable types, FullAWSAccess by default, attach, limits, detach, delete', async () => {
  const bad = await rejectsWith(org.send(new CreatePolicyCommand({ Name: 'Bad', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: '{"Statement":[]}x' })), {
    code: 'MalformedPolicyDocumentException',
    status: 400,
  });
  assert.ok(bad.message.length > 0);
  const big = JSON.stringify(policy({ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`), Resource: '*' }));
  const tooBig = await reasonOf(org.send(new CreatePolicyCommand({ Name: 'Big', Description: 'd', Type: 'SERVICE_CONTROL_POLICY', Content: big })));
  assert.deepEqual([tooBig.code, tooBig.reason], ['ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED']);

  const created = (await org.send(new CreatePolicyCommand({ Name: 'NoTerminate', Description: 'guard', Type: 'SERVICE_CONTROL_POLICY', Content: scp('a') }))).Policy!;
  const id = created.PolicySummary!.Id!;
  assert.match(id, /^p-[a-z0-9]{8}$/);
  assert.equal(created.PolicySummary!.Arn, `arn:aws:organizations::${fx.ts.accountId}:policy/${orgId}/service_control_policy/${id}`);
  assert.equal(created.PolicySummary!.AwsManaged, false);
  await rejectsWith(org.send(new CreatePolicyCommand({ Name: 'NoTerminate', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: scp('b') })), { code: 'DuplicatePolicyException', status: 400 });

  // Before the type is enabled nothing can be attached.
  await rejectsWith(org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: dev })), { code: 'PolicyTypeNotEnabledException', status: 400 });
  const enabled = (await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }))).Root!;
  assert.deepEqual(enabled.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  await rejectsWith(org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' })), { code: 'PolicyTypeAlreadyEnabledException', status: 400 });
  await rejectsWith(org.send(new EnablePolicyTypeCommand({ RootId: 'r-zzzz', PolicyType: 'SERVICE_CONTROL_POLICY' })), { code: 'RootNotFoundException', status: 400 });

  // FullAWSAccess: AWS-managed, on the root, every OU and every account.
  const full = (await org.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!;
  assert.equal(full.PolicySummary!.Arn, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
  assert.equal(full.PolicySummary!.AwsManaged, true);
  const targets = (await org.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Targets!;
  assert.deepEqual(new Set(targets.map((t) => t.TargetId)), new Set([rootId, dev, prod, fx.ts.accountId, ...accounts]));
  assert.equal(targets.find((t) => t.TargetId === dev)!.Type, 'ORGANIZATIONAL_UNIT');
  // A new OU gets it too.
  const fresh = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Fresh' }))).OrganizationalUnit!.Id!;
  assert.deepEqual((await org.send(new ListPoliciesForTargetCommand({ TargetId: fresh, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id), ['p-FullAWSAccess']);
  await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: fresh }));
  await rejectsWith(org.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Name: 'Mine' })), { code: 'AccessDeniedException', status: 403 });

  await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: dev }));
  await rejectsWith(org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: dev })), { code: 'DuplicatePolicyAttachmentException', status: 400 });
  await rejectsWith(org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-zzzz-zzzzzzzz' })), { code: 'TargetNotFoundException', status: 400 });
  await rejectsWith(org.send(new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: dev })), { code: 'PolicyNotFoundException', status: 400 });
  assert.deepEqual((await org.send(new ListPoliciesForTargetCommand({ TargetId: dev, Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id), ['p-FullAWSAccess', id]);

  // Five SCPs on one target at most: FullAWSAccess + four.
  const more: string[] = [];
  for (let i = 0; i < 4; i++) {
    more.push((await org.send(new CreatePolicyCommand({ Name: `Extra${i}`, Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: scp(`x${i}`) }))).Policy!.PolicySummary!.Id!);
  }
  for (const p of more.slice(0, 3)) await org.send(new AttachPolicyCommand({ PolicyId: p, TargetId: dev }));
  const limit = await reasonOf(org.send(new AttachPolicyCommand({ PolicyId: more[3]!, TargetId: dev })));
  assert.deepEqual([limit.code, limit.reason], ['ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
  for (const p of more.slice(0, 3)) await org.send(new DetachPolicyCommand({ PolicyId: p, TargetId: dev }));
  await rejectsWith(org.send(new DetachPolicyCommand({ PolicyId: more[0]!, TargetId: dev })), { code: 'PolicyNotAttachedException', status: 400 });

  // The last SCP of a target stays.
  await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: accounts[2]! }));
  await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: accounts[2]! }));
  const last = await reasonOf(org.send(new DetachPolicyCommand({ PolicyId: id, TargetId: accounts[2]! })));
  assert.deepEqual([last.code, last.reason], ['ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
  await org.send(new AttachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: accounts[2]! }));
  await org.send(new DetachPolicyCommand({ PolicyId: id, TargetId: accounts[2]! }));

  // Update, describe, list; an attached policy cannot be deleted.
  const updated = (await org.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'NoTerminate2', Description: 'guard2', Content: scp('c') }))).Policy!;
  assert.deepEqual([updated.PolicySummary!.Name, updated.PolicySummary!.Description, updated.Content], ['NoTerminate2', 'guard2', scp('c')]);
  await rejectsWith(org.send(new UpdatePolicyCommand({ PolicyId: id, Name: 'Extra0' })), { code: 'DuplicatePolicyException', status: 400 });
  await rejectsWith(org.send(new UpdatePolicyCommand({ PolicyId: id, Content: 'nope' })), { code: 'MalformedPolicyDocumentException', status: 400 });
  const listed = (await org.send(new ListPoliciesCommand({ Filter: 'SERVICE_CONTROL_POLICY' }))).Policies!.map((p) => p.Name);
  assert.deepEqual(listed, ['FullAWSAccess', 'NoTerminate2', 'Extra0', 'Extra1', 'Extra2', 'Extra3']);
  await rejectsWith(org.send(new DeletePolicyCommand({ PolicyId: id })), { code: 'PolicyInUseException', status: 400 });
  for (const p of more) await org.send(new DeletePolicyCommand({ PolicyId: p }));
  await rejectsWith(org.send(new DescribePolicyCommand({ PolicyId: more[0]! })), { code: 'PolicyNotFoundException', status: 400 });

  // RCPs: RCPFullAWSAccess everywhere once enabled, and it stays.
  await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
  assert.deepEqual((await org.send(new ListPoliciesForTargetCommand({ TargetId: accounts[1]!, Filter: 'RESOURCE_CONTROL_POLICY' }))).Policies!.map((p) => p.Id), ['p-RCPFullAWSAccess']);
  const rcpBad = await rejectsWith(
    org.send(new CreatePolicyCommand({ Name: 'R', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: JSON.stringify(policy({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' })) })),
    { code: 'MalformedPolicyDocumentException', status: 400 },
  );
  assert.ok(rcpBad.message);
  const keep = await reasonOf(org.send(new DetachPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess', TargetId: accounts[1]! })));
  assert.deepEqual([keep.code, keep.reason], ['ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED']);
  const disabled = (await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }))).Root!;
  assert.deepEqual(disabled.PolicyTypes, [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }]);
  assert.deepEqual((await org.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' }))).Targets, []);
  await rejectsWith(org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' })), { code: 'PolicyTypeNotEnabledException', status: 400 });

  // Disabling SCPs detaches them all; the policy can then go.
  await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
  await org.send(new DeletePolicyCommand({ PolicyId: id }));
});

test('tags on accounts, OUs, roots and policies', async () => {
  assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: prod }))).Tags, [{ Key: 'env', Value: 'prod' }]);
  assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: accounts[2]! }))).Tags, [{ Key: 'team', Value: 'g' }]);
  await org.send(new TagResourceCommand({ ResourceId: accounts[0]!, Tags: [{ Key: 'b', Value: '1' }, { Key: 'a', Value: '2' }] }));
  await org.send(new TagResourceCommand({ ResourceId: accounts[0]!, Tags: [{ Key: 'b', Value: '3' }] }));
  await org.send(new TagResourceCommand({ ResourceId: rootId, Tags: [{ Key: 'r', Value: 'v' }] }));
  await org.send(new UntagResourceCommand({ ResourceId: accounts[0]!, TagKeys: ['a'] }));
  assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: accounts[0]! }))).Tags, [{ Key: 'b', Value: '3' }]);
  assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: rootId }))).Tags, [{ Key: 'r', Value: 'v' }]);
  const p = (await org.send(new CreatePolicyCommand({ Name: 'Tagged', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: scp('t'), Tags: [{ Key: 'k', Value: 'v' }] }))).Policy!.PolicySummary!.Id!;
  assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: p }))).Tags, [{ Key: 'k', Value: 'v' }]);
  await rejectsWith(org.send(new TagResourceCommand({ ResourceId: '111122223333', Tags: [{ Key: 'k', Value: 'v' }] })), { code: 'TargetNotFoundException', status: 400 });
  const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  const tooMany = await reasonOf(org.send(new TagResourceCommand({ ResourceId: accounts[1]!, Tags: many })));
  assert.equal(tooMany.code, 'ConstraintViolationException');
  await org.send(new DeletePolicyCommand({ PolicyId: p }));
});

test('who may call: an IAM user needs organizations:* permissions, narrowly as granted', async () => {
  const nobody = orgs(await userWithKey(fx.root, 'org-nobody'));
  const denied = await rejectsWith(nobody.send(new ListAccountsCommand({})), { code: 'AccessDeniedException', status: 403 });
  assert.match(denied.message, /organizations:ListAccounts/);
  const reader = orgs(
    await userWithKey(fx.root, 'org-reader', {
      read: policy({ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: `arn:aws:organizations::${fx.ts.accountId}:account/${orgId}/${accounts[0]}` }),
    }),
  );
  assert.equal((await reader.send(new DescribeAccountCommand({ AccountId: accounts[0]! }))).Account!.Name, 'alpha');
  await rejectsWith(reader.send(new DescribeAccountCommand({ AccountId: accounts[1]! })), { code: 'AccessDeniedException', status: 403 });
  await rejectsWith(reader.send(new ListAccountsCommand({})), { code: 'AccessDeniedException', status: 403 });
  // The resource's tags are aws:ResourceTag/* (accounts[0] carries b=3 from the tags test).
  const tagged = orgs(
    await userWithKey(fx.root, 'org-tagged', {
      read: policy({ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/b': '3' } } }),
    }),
  );
  assert.equal((await tagged.send(new DescribeAccountCommand({ AccountId: accounts[0]! }))).Account!.Id, accounts[0]);
  await rejectsWith(tagged.send(new DescribeAccountCommand({ AccountId: accounts[1]! })), { code: 'AccessDeniedException', status: 403 });
  // A policy's type is organizations:PolicyType.
  const scpReader = orgs(
    await userWithKey(fx.root, 'org-scp-reader', {
      read: policy({ Effect: 'Allow', Action: 'organizations:DescribePolicy', Resource: '*', Condition: { StringEquals: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' } } }),
    }),
  );
  assert.equal((await scpReader.send(new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Policy!.PolicySummary!.Name, 'FullAWSAccess');
  await rejectsWith(scpReader.send(new DescribePolicyCommand({ PolicyId: 'p-RCPFullAWSAccess' })), { code: 'AccessDeniedException', status: 403 });
});

test('aws-cli: describe-organization, list-accounts, an error', async (t) => {
  const missing = awsCliMissing();
  if (missing) return t.skip(missing);
  const described = await awsCli(fx.ts.url, fx.ts.root, ['organizations', 'describe-organization']);
  assert.equal(described.code, 0, described.stderr);
  assert.equal((described.json as { Organization: { Id: string } }).Organization.Id, orgId);
  const listed = await awsCli(fx.ts.url, fx.ts.root, ['organizations', 'list-accounts-for-parent', '--parent-id', dev]);
  assert.deepEqual((listed.json as { Accounts: Array<{ Id: string }> }).Accounts.map((a) => a.Id), [accounts[0]]);
  const created = await awsCli(fx.ts.url, fx.ts.root, ['organizations', 'create-organizational-unit', '--parent-id', rootId, '--name', 'Dev']);
  assert.equal(created.error?.code, 'DuplicateOrganizationalUnitException');
  const closeMgmt = await awsCli(fx.ts.url, fx.ts.root, ['organizations', 'close-account', '--account-id', fx.ts.accountId]);
  assert.equal(closeMgmt.error?.code, 'ConstraintViolationException');
});

test('closing and removing accounts; the organization is deleted once empty', async () => {
  await org.send(new CloseAccountCommand({ AccountId: accounts[2]! }));
  assert.equal((await org.send(new DescribeAccountCommand({ AccountId: accounts[2]! }))).Account!.Status, 'SUSPENDED');
  await rejectsWith(org.send(new CloseAccountCommand({ AccountId: accounts[2]! })), { code: 'AccountAlreadyClosedException', status: 400 });
  const mgmt = await reasonOf(org.send(new CloseAccountCommand({ AccountId: fx.ts.accountId })));
  assert.deepEqual([mgmt.code, mgmt.reason], ['ConstraintViolationException', 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT']);
  await rejectsWith(org.send(new RemoveAccountFromOrganizationCommand({ AccountId: fx.ts.accountId })), { code: 'MasterCannotLeaveOrganizationException', status: 400 });
  await rejectsWith(org.send(new DeleteOrganizationCommand({})), { code: 'OrganizationNotEmptyException', status: 400 });
  for (const a of accounts) await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: a }));
  await rejectsWith(org.send(new DescribeAccountCommand({ AccountId: accounts[0]! })), { code: 'AccountNotFoundException', status: 400 });
  await org.send(new DeleteOrganizationCommand({}));
  await rejectsWith(org.send(new DescribeOrganizationCommand({})), { code: 'AWSOrganizationsNotInUseException', status: 400 });
  // A removed account lives on as a standalone account: its access role still answers.
  await sts(admin).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accounts[0]}:role/OrganizationAccountAccessRole`, RoleSessionName: 'after' }));
});

test('ten accounts in an organization (the default quota), the eleventh refused', async () => {
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  for (let i = 1; i < 10; i++) {
    const s = (await org.send(new CreateAccountCommand({ AccountName: `quota${i}`, Email: `quota${i}@example.com` }))).CreateAccountStatus!;
    assert.equal(s.State, 'SUCCEEDED');
  }
  assert.equal((await org.send(new ListAccountsCommand({}))).Accounts!.length, 10);
  const past = await reasonOf(org.send(new CreateAccountCommand({ AccountName: 'quota10', Email: 'quota10@example.com' })));
  assert.deepEqual([past.code, past.reason], ['ConstraintViolationException', 'ACCOUNT_NUMBER_LIMIT_EXCEEDED']);
});
