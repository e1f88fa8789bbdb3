// The reference evaluator pinned by a table of cases, each one a rule of AWS's policy evaluation
// logic. The same table runs through the fast engine (fast and explain modes): one contract, two
// implementations (STYLE principle 10).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RequestContext, type ContextValue } from '../policy/context.js';
import type { PolicyDocument, PolicyType } from '../policy/types.js';
import { validatePolicy, type ValidateOptions } from '../policy/validate.js';
import { PolicyCache } from './cache.js';
import type { CompiledPolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { referenceEvaluate } from './reference.js';
import type { AuthorizationRequest, Outcome, PolicyRef, PolicySetKind, PolicySets, Principal } from './types.js';

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const ROLE = `arn:aws:iam::${A}:role/Dev`;
const SESSION = `arn:aws:sts::${A}:assumed-role/Dev/s1`;
const FED = `arn:aws:sts::${A}:federated-user/fred`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const OPS = `arn:aws:iam::${B}:role/Ops`;
const OPS_SESSION = `arn:aws:sts::${B}:assumed-role/Ops/s2`;
const ROOT_A = `arn:aws:iam::${A}:root`;
const ROOT_B = `arn:aws:iam::${B}:root`;
const OBJECT = 'arn:aws:s3:::bucket/key';

const alice: Principal = { type: 'user', account: A, arn: ALICE };
const session: Principal = { type: 'assumed-role', account: A, arn: SESSION, roleArn: ROLE };
const fed: Principal = { type: 'federated-user', account: A, arn: FED, userArn: ALICE };
const rootA: Principal = { type: 'root', account: A, arn: ROOT_A };
const bob: Principal = { type: 'user', account: B, arn: BOB };
const opsSession: Principal = { type: 'assumed-role', account: B, arn: OPS_SESSION, roleArn: OPS };
const service: Principal = { type: 'service', service: 'cloudtrail.amazonaws.com' };
const provider: Principal = { type: 'federated', provider: 'cognito-identity.amazonaws.com' };
const anonymous: Principal = { type: 'anonymous' };

// ---- policy builders ---------------------------------------------------------------------

type Json = Record<string, unknown>;

function st(effect: 'Allow' | 'Deny', action: string | string[], resource: string | string[], extra: Json = {}): Json {
  return { Effect: effect, Action: action, Resource: resource, ...extra };
}
const allow = (action: string | string[] = 's3:GetObject', resource: string | string[] = '*', extra: Json = {}): Json =>
  st('Allow', action, resource, extra);
const deny = (action: string | string[] = 's3:GetObject', resource: string | string[] = '*', extra: Json = {}): Json =>
  st('Deny', action, resource, extra);
/** A Version 2012-10-17 policy. */
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
/** A policy without Version (2008-10-17 rules: variables are literal text). */
const unversioned = (...statements: Json[]): Json => ({ Statement: statements });
const principal = (...aws: string[]): Json => ({ Principal: { AWS: aws.length === 1 ? aws[0] : aws } });
const ALLOW_ALL = policy(allow('*', '*'));
/** RCPFullAWSAccess: AWS-managed, the one RCP that may Allow. */
const RCP_FULL_ACCESS = policy(allow('*', '*', { Principal: '*' }));

interface Case {
  name: string;
  principal?: Principal;
  action?: string;
  resource?: string;
  /** Defaults to account A; null leaves it undefined (the principal's own account). */
  resourceAccount?: string | null;
  context?: Record<string, ContextValue>;
  identity?: Json[];
  resourcePolicy?: Json;
  boundary?: Json;
  session?: Json[];
  scps?: Json[][];
  rcps?: Json[][];
  expect: Outcome | [Outcome, PolicySetKind];
  /** The fast engine disagrees: why (the case stays pinned for the reference). */
  engineTodo?: string;
}

const CASES: Case[] = [
  // -- identity policies, actions, resources -------------------------------------------------
  { name: 'nothing allows: implicit deny by identity policies', expect: ['ImplicitDeny', 'identity'] },
  { name: 'an identity policy allows', identity: [policy(allow())], expect: 'Allow' },
  { name: 'explicit deny beats allow', identity: [policy(allow()), policy(deny())], expect: ['ExplicitDeny', 'identity'] },
  { name: 'deny in the same statement list beats allow', identity: [policy(allow('s3:*'), deny('s3:Get*'))], expect: ['ExplicitDeny', 'identity'] },
  { name: 'action match is case-insensitive', identity: [policy(allow('S3:getobject'))], expect: 'Allow' },
  { name: 'request action case does not matter', action: 'S3:GETOBJECT', identity: [policy(allow())], expect: 'Allow' },
  { name: 'action * wildcard', identity: [policy(allow('s3:Get*'))], expect: 'Allow' },
  { name: 'action ? wildcard is one character', identity: [policy(allow('s3:?etObject'))], expect: 'Allow' },
  { name: 'action ? does not match two characters', identity: [policy(allow('s3:?tObject'))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'other action does not match', identity: [policy(allow('s3:Put*'))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'NotAction allows what it does not list', identity: [policy({ Effect: 'Allow', NotAction: 's3:Put*', Resource: '*' })], expect: 'Allow' },
  { name: 'NotAction listing the action does not allow it', identity: [policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })], expect: ['ImplicitDeny', 'identity'] },
  { name: 'resource match is case-sensitive', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::Bucket/key'))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'resource * spans / and :', resource: 'arn:aws:s3:::bucket/a/b:c', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::*'))], expect: 'Allow' },
  { name: 'resource * in the middle', resource: 'arn:aws:s3:::bucket/a/b/key', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/*/key'))], expect: 'Allow' },
  { name: 'resource ? is exactly one character', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/ke?'))], expect: 'Allow' },
  { name: 'resource ? needs a character', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/key?'))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'NotResource excludes the resource', identity: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bucket/*' })], expect: ['ImplicitDeny', 'identity'] },
  { name: 'NotResource elsewhere applies', identity: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::other/*' })], expect: 'Allow' },
  { name: 'request resource * is literal: a specific Resource does not cover it', resource: '*', identity: [policy(allow('s3:GetObject', OBJECT))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'request resource * is covered by Resource "*"', resource: '*', identity: [policy(allow('s3:GetObject', '*'))], expect: 'Allow' },
  { name: 'request resource * matches a NotResource element', resource: '*', identity: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: OBJECT })], expect: 'Allow' },
  { name: 'request resource * does not match NotResource "*"', resource: '*', identity: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: ['arn:aws:s3:::x', '*'] })], expect: ['ImplicitDeny', 'identity'] },

  // -- escapes and variables -------------------------------------------------------------------
  { name: '${*} is a literal star under 2012-10-17', resource: 'arn:aws:s3:::bucket/*', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))], expect: 'Allow' },
  { name: '${*} does not act as a wildcard', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))], expect: ['ImplicitDeny', 'identity'] },
  { name: '${?} and ${$} are literal characters', resource: 'arn:aws:s3:::bucket/?$', identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${?}${$}'))], expect: 'Allow' },
  {
    name: 'without Version ${*} is text with a wildcard',
    resource: 'arn:aws:s3:::bucket/${anything}',
    session: [unversioned(allow('s3:GetObject', 'arn:aws:s3:::bucket/${*}'))],
    identity: [ALLOW_ALL],
    expect: 'Allow',
  },
  {
    name: 'resource variable resolved',
    resource: 'arn:aws:s3:::bucket/alice/file',
    context: { 'aws:username': 'alice' },
    identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*'))],
    expect: 'Allow',
  },
  {
    name: 'resource variable of another user does not match',
    resource: 'arn:aws:s3:::bucket/bob/file',
    context: { 'aws:username': 'alice' },
    identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*'))],
    expect: ['ImplicitDeny', 'identity'],
  },
  {
    name: 'resource variable without a value matches nothing',
    resource: 'arn:aws:s3:::bucket/alice/file',
    identity: [policy(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}/*'))],
    expect: ['ImplicitDeny', 'identity'],
  },
  {
    name: 'resource variable default',
    resource: 'arn:aws:s3:::bucket/guest/file',
    identity: [policy(allow('s3:GetObject', "arn:aws:s3:::bucket/${aws:username, 'guest'}/*"))],
    expect: 'Allow',
  },
  {
    name: 'NotResource entry whose variable has no value excludes nothing',
    identity: [policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::bucket/${aws:username}' })],
    expect: 'Allow',
  },
  {
    name: 'without Version a variable is literal text',
    resource: 'arn:aws:s3:::bucket/${aws:username}',
    context: { 'aws:username': 'alice' },
    identity: [ALLOW_ALL],
    session: [unversioned(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}'))],
    expect: 'Allow',
  },
  {
    name: 'without Version a variable is not substituted',
    resource: 'arn:aws:s3:::bucket/alice',
    context: { 'aws:username': 'alice' },
    identity: [ALLOW_ALL],
    session: [unversioned(allow('s3:GetObject', 'arn:aws:s3:::bucket/${aws:username}'))],
    expect: ['ImplicitDeny', 'session'],
  },

  // -- conditions ----------------------------------------------------------------------------
  { name: 'condition holds', context: { 'aws:username': 'alice' }, identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))], expect: 'Allow' },
  { name: 'condition fails', context: { 'aws:username': 'bob' }, identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'condition key names are case-insensitive', context: { 'AWS:UserName': 'alice' }, identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))], expect: 'Allow' },
  { name: 'missing key: positive operator fails', identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' } } }))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'missing key: negated operator holds', identity: [policy(allow('s3:GetObject', '*', { Condition: { StringNotEquals: { 'aws:username': 'alice' } } }))], expect: 'Allow' },
  { name: 'missing key: IfExists holds', identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEqualsIfExists: { 'aws:username': 'alice' } } }))], expect: 'Allow' },
  { name: 'every clause must hold', context: { 'aws:username': 'alice' }, identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } } }))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'ForAllValues: every value listed', context: { 'aws:TagKeys': ['a'] }, identity: [policy(allow('s3:GetObject', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } } }))], expect: 'Allow' },
  { name: 'ForAllValues: a value not listed', context: { 'aws:TagKeys': ['a', 'c'] }, identity: [policy(allow('s3:GetObject', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } } }))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'ForAllValues: missing key holds', identity: [policy(allow('s3:GetObject', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } } }))], expect: 'Allow' },
  { name: 'ForAnyValue: missing key fails', identity: [policy(allow('s3:GetObject', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } } }))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'ForAnyValue: one value listed', context: { 'aws:TagKeys': ['z', 'a'] }, identity: [policy(allow('s3:GetObject', '*', { Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*'] } } }))], expect: 'Allow' },
  {
    name: 'condition value variable',
    context: { 'aws:username': 'alice', 'aws:PrincipalTag/owner': 'alice' },
    identity: [policy(allow('s3:GetObject', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } } }))],
    expect: 'Allow',
  },
  {
    name: 'condition on a deny decides whether it applies',
    context: { 'aws:SourceIp': '10.0.0.1' },
    identity: [policy(allow(), deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))],
    expect: 'Allow',
  },

  // -- boundaries and session policies ---------------------------------------------------------
  { name: 'boundary allows too', identity: [policy(allow())], boundary: policy(allow('s3:*')), expect: 'Allow' },
  { name: 'boundary does not allow', identity: [policy(allow())], boundary: policy(allow('ec2:*')), expect: ['ImplicitDeny', 'boundary'] },
  { name: 'boundary alone grants nothing', boundary: policy(allow('s3:*')), expect: ['ImplicitDeny', 'identity'] },
  { name: 'boundary deny', identity: [policy(allow())], boundary: policy(allow('*'), deny()), expect: ['ExplicitDeny', 'boundary'] },
  { name: 'session policies given and empty allow nothing', principal: session, identity: [policy(allow())], session: [], expect: ['ImplicitDeny', 'session'] },
  { name: 'session policy allows too', principal: session, identity: [policy(allow())], session: [policy(allow('s3:*'))], expect: 'Allow' },
  { name: 'session policy alone grants nothing', principal: session, session: [policy(allow('s3:*'))], expect: ['ImplicitDeny', 'identity'] },
  { name: 'implicit denies: identity reported before boundary', boundary: policy(allow('ec2:*')), session: [], expect: ['ImplicitDeny', 'identity'] },
  { name: 'implicit denies: boundary reported before session', identity: [policy(allow())], boundary: policy(allow('ec2:*')), session: [], expect: ['ImplicitDeny', 'boundary'] },
  { name: 'explicit denies: boundary reported before session', identity: [policy(allow())], boundary: policy(deny()), session: [policy(deny())], expect: ['ExplicitDeny', 'boundary'] },

  // -- SCPs and RCPs -------------------------------------------------------------------------
  { name: 'SCPs allow at every level', identity: [policy(allow())], scps: [[ALLOW_ALL], [policy(allow('s3:*'))]], expect: 'Allow' },
  { name: 'an SCP level allows nothing', identity: [policy(allow())], scps: [[ALLOW_ALL], []], expect: ['ImplicitDeny', 'scp'] },
  { name: 'an SCP level does not allow the action', identity: [policy(allow())], scps: [[ALLOW_ALL], [policy(allow('ec2:*'))]], expect: ['ImplicitDeny', 'scp'] },
  { name: 'no SCP levels: nothing to fail', identity: [policy(allow())], scps: [], expect: 'Allow' },
  { name: 'one policy of a level is enough', identity: [policy(allow())], scps: [[policy(allow('ec2:*')), policy(allow('s3:GetObject'))]], expect: 'Allow' },
  { name: 'SCP deny', identity: [policy(allow())], scps: [[policy(allow('*'), deny())]], expect: ['ExplicitDeny', 'scp'] },
  { name: 'SCP deny reported before identity deny', identity: [policy(deny())], scps: [[policy(allow('*'), deny())]], expect: ['ExplicitDeny', 'scp'] },
  { name: 'SCP implicit deny reported before identity', scps: [[policy(allow('ec2:*'))]], expect: ['ImplicitDeny', 'scp'] },
  { name: 'SCPs grant nothing', scps: [[ALLOW_ALL]], expect: ['ImplicitDeny', 'identity'] },
  { name: 'RCP full access passes', identity: [policy(allow())], rcps: [[RCP_FULL_ACCESS]], expect: 'Allow' },
  { name: 'RCP deny', identity: [policy(allow())], rcps: [[RCP_FULL_ACCESS, policy(deny('s3:*', '*', { Principal: '*' }))]], expect: ['ExplicitDeny', 'rcp'] },
  { name: 'an RCP level without allow', identity: [policy(allow())], rcps: [[RCP_FULL_ACCESS], [policy(deny('s3:PutObject', '*', { Principal: '*' }))]], expect: ['ImplicitDeny', 'rcp'] },
  { name: 'RCP implicit deny reported before SCP (AWS evaluates RCPs first)', identity: [policy(allow())], scps: [[]], rcps: [[]], expect: ['ImplicitDeny', 'rcp'] },
  { name: 'RCP explicit deny reported before SCP implicit', identity: [policy(allow())], scps: [[]], rcps: [[policy(deny('s3:*', '*', { Principal: '*' }))]], expect: ['ExplicitDeny', 'rcp'] },
  { name: 'RCP deny reported before resource deny', identity: [policy(allow())], rcps: [[RCP_FULL_ACCESS, policy(deny('s3:*', '*', { Principal: '*' }))]], resourcePolicy: policy(deny('*', '*', { Principal: '*' })), expect: ['ExplicitDeny', 'rcp'] },

  // -- the root user -------------------------------------------------------------------------
  { name: 'root in its own account: allowed without policies', principal: rootA, expect: 'Allow' },
  { name: 'root: identity policies do not apply (not even a deny)', principal: rootA, identity: [policy(deny())], boundary: policy(deny()), expect: 'Allow' },
  { name: 'root: SCP deny applies', principal: rootA, scps: [[policy(allow('*'), deny())]], expect: ['ExplicitDeny', 'scp'] },
  { name: 'root: SCP level without allow', principal: rootA, scps: [[]], expect: ['ImplicitDeny', 'scp'] },
  { name: 'root: resource policy deny applies', principal: rootA, resourcePolicy: policy(deny('*', '*', { Principal: '*' })), expect: ['ExplicitDeny', 'resource'] },
  { name: 'root: resource deny naming its account applies', principal: rootA, resourcePolicy: policy(deny('*', '*', principal(A))), expect: ['ExplicitDeny', 'resource'] },
  { name: 'root cross-account: nothing grants', principal: rootA, resourceAccount: B, identity: [ALLOW_ALL], expect: ['ImplicitDeny', 'resource'] },
  { name: 'root cross-account: resource policy names its account', principal: rootA, resourceAccount: B, resourcePolicy: policy(allow('s3:GetObject', '*', principal(A))), expect: 'Allow' },
  { name: 'root cross-account: resource policy names its root ARN', principal: rootA, resourceAccount: B, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROOT_A))), expect: 'Allow' },
  {
    name: 'root cross-account: an account root ARN of another partition does not name it',
    principal: rootA,
    resourceAccount: B,
    resourcePolicy: policy(allow('s3:GetObject', '*', principal(`arn:aws-cn:iam::${A}:root`))),
    expect: ['ImplicitDeny', 'resource'],
  },
  {
    name: 'a deny naming the account root ARN of another partition does not apply',
    identity: [policy(allow())],
    resourcePolicy: policy(deny('*', '*', principal(`arn:aws-cn:iam::${A}:root`))),
    expect: 'Allow',
  },
  { name: 'root cross-account: resource policy names another account', principal: rootA, resourceAccount: B, resourcePolicy: policy(allow('s3:GetObject', '*', principal(B))), expect: ['ImplicitDeny', 'resource'] },
  { name: 'root cross-account: resource policy names the other root user', principal: rootA, resourceAccount: B, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROOT_B))), expect: ['ImplicitDeny', 'resource'] },

  // -- services, providers, anonymous ----------------------------------------------------------
  { name: 'service: nothing grants', principal: service, identity: [ALLOW_ALL], expect: ['ImplicitDeny', 'resource'] },
  { name: 'service: resource policy names it', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: { Service: 'cloudtrail.amazonaws.com' } })), expect: 'Allow' },
  { name: 'service: resource policy names another service', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: { Service: 'lambda.amazonaws.com' } })), expect: ['ImplicitDeny', 'resource'] },
  { name: 'service: account principal does not name it', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', principal(A))), expect: ['ImplicitDeny', 'resource'] },
  { name: 'service: Principal * names it', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' })), expect: 'Allow' },
  { name: 'federated provider: resource policy names it', principal: provider, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: { Federated: 'cognito-identity.amazonaws.com' } })), expect: 'Allow' },
  { name: 'anonymous: Principal * grants', principal: anonymous, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' })), expect: 'Allow' },
  { name: 'anonymous: {"AWS":"*"} grants', principal: anonymous, resourcePolicy: policy(allow('s3:GetObject', '*', principal('*'))), expect: 'Allow' },
  { name: 'anonymous: nothing grants', principal: anonymous, expect: ['ImplicitDeny', 'resource'] },
  { name: 'anonymous: SCP deny applies when SCPs are given', principal: anonymous, scps: [[policy(allow('*'), deny())]], resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' })), expect: ['ExplicitDeny', 'scp'] },

  // -- same account: resource-based policies ---------------------------------------------------
  { name: 'names the user: grants without identity policies', resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), expect: 'Allow' },
  { name: 'names the user: boundary implicit deny does not limit', resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), boundary: policy(allow('ec2:*')), expect: 'Allow' },
  { name: 'names the user: boundary explicit deny still denies', resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), boundary: policy(allow('*'), deny()), expect: ['ExplicitDeny', 'boundary'] },
  { name: 'Principal * names the caller directly', resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' })), boundary: policy(allow('ec2:*')), expect: 'Allow' },
  { name: '{"AWS":"*"} names the caller directly', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal('*'))), session: [], expect: 'Allow' },
  { name: 'names another user: nothing', resourcePolicy: policy(allow('s3:GetObject', '*', principal(`arn:aws:iam::${A}:user/carol`))), expect: ['ImplicitDeny', 'identity'] },
  { name: 'names the session: boundary and session policies do not limit', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(SESSION))), boundary: policy(allow('ec2:*')), session: [], expect: 'Allow' },
  { name: 'names the role: counts like an identity allow', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROLE))), expect: 'Allow' },
  { name: 'names the role: limited by the boundary', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROLE))), boundary: policy(allow('ec2:*')), expect: ['ImplicitDeny', 'boundary'] },
  { name: 'names the role: limited by session policies', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROLE))), session: [], expect: ['ImplicitDeny', 'session'] },
  { name: 'names the role and the session: the session wins', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROLE, SESSION))), session: [], expect: 'Allow' },
  { name: 'names the account: grants nothing on its own', resourcePolicy: policy(allow('s3:GetObject', '*', principal(A))), expect: ['ImplicitDeny', 'identity'] },
  { name: 'names the account root ARN: grants nothing on its own', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ROOT_A))), expect: ['ImplicitDeny', 'identity'] },
  { name: 'names the account: identity allow decides', resourcePolicy: policy(allow('s3:GetObject', '*', principal(A))), identity: [policy(allow())], expect: 'Allow' },
  { name: 'federated user: names the session', principal: fed, resourcePolicy: policy(allow('s3:GetObject', '*', principal(FED))), session: [], expect: 'Allow' },
  { name: 'federated user: names the IAM user behind it, limited by session policies', principal: fed, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), session: [], expect: ['ImplicitDeny', 'session'] },
  { name: 'federated user: names the IAM user behind it, session allows', principal: fed, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), session: [policy(allow('s3:*'))], expect: 'Allow' },
  { name: 'resource deny naming the account applies to its users', resourcePolicy: policy(deny('*', '*', principal(A))), identity: [policy(allow())], expect: ['ExplicitDeny', 'resource'] },
  { name: 'resource deny naming someone else does not apply', resourcePolicy: policy(deny('*', '*', principal(BOB))), identity: [policy(allow())], expect: 'Allow' },
  { name: 'resource deny reported before identity deny', resourcePolicy: policy(deny('*', '*', { Principal: '*' })), identity: [policy(deny())], expect: ['ExplicitDeny', 'resource'] },
  { name: 'resource allow does not beat a session policy deny', principal: session, resourcePolicy: policy(allow('s3:GetObject', '*', principal(SESSION))), session: [policy(deny())], expect: ['ExplicitDeny', 'session'] },
  { name: 'resource account undefined: same account', resourceAccount: null, resourcePolicy: policy(allow('s3:GetObject', '*', principal(ALICE))), expect: 'Allow' },

  // -- NotPrincipal ----------------------------------------------------------------------------
  { name: 'NotPrincipal lists the user: not denied', identity: [policy(allow())], resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: ALICE } })), expect: 'Allow' },
  { name: 'NotPrincipal lists someone else: denied', identity: [policy(allow())], resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: BOB } })), expect: ['ExplicitDeny', 'resource'] },
  { name: 'NotPrincipal role ARN does not exclude its sessions', principal: session, identity: [policy(allow())], resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: ROLE } })), expect: ['ExplicitDeny', 'resource'] },
  { name: 'NotPrincipal session ARN excludes the session', principal: session, identity: [policy(allow())], resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: [ROOT_A, ROLE, SESSION] } })), expect: 'Allow' },
  { name: 'NotPrincipal account excludes only its root user (user)', identity: [policy(allow())], resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: A } })), expect: ['ExplicitDeny', 'resource'] },
  { name: 'NotPrincipal account excludes only its root user (root)', principal: rootA, resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: A } })), expect: 'Allow' },
  { name: 'NotPrincipal AWS user does not exclude a service', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' }), deny('*', '*', { NotPrincipal: { AWS: ALICE } })), expect: ['ExplicitDeny', 'resource'] },
  {
    name: 'NotPrincipal Deny always denies an IAM principal with a boundary, even one it lists',
    identity: [policy(allow())],
    boundary: policy(allow('*')),
    resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: [ROOT_A, ALICE] } })),
    expect: ['ExplicitDeny', 'resource'],
  },
  {
    name: 'NotPrincipal Deny: a boundary given for the root user does not apply to it',
    principal: rootA,
    boundary: policy(allow('*')),
    resourcePolicy: policy(deny('*', '*', { NotPrincipal: { AWS: A } })),
    expect: 'Allow',
  },
  {
    name: 'NotPrincipal Deny: a boundary given for a service does not apply to it',
    principal: service,
    boundary: policy(allow('*')),
    resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' }), deny('*', '*', { NotPrincipal: { Service: 'cloudtrail.amazonaws.com' } })),
    expect: 'Allow',
  },
  { name: 'NotPrincipal service excludes the service', principal: service, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' }), deny('*', '*', { NotPrincipal: { Service: 'cloudtrail.amazonaws.com' } })), expect: 'Allow' },

  // -- cross account ---------------------------------------------------------------------------
  { name: 'cross-account: both sides allow', principal: bob, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(BOB))), expect: 'Allow' },
  { name: 'cross-account: no resource policy', principal: bob, identity: [policy(allow())], expect: ['ImplicitDeny', 'resource'] },
  { name: 'cross-account: resource policy alone is not enough', principal: bob, resourcePolicy: policy(allow('s3:GetObject', '*', principal(BOB))), expect: ['ImplicitDeny', 'identity'] },
  { name: 'cross-account: Principal * alone is not enough', principal: bob, resourcePolicy: policy(allow('s3:GetObject', '*', { Principal: '*' })), expect: ['ImplicitDeny', 'identity'] },
  { name: 'cross-account: naming the account satisfies the resource side', principal: bob, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(B))), expect: 'Allow' },
  { name: 'cross-account: naming the role satisfies the resource side', principal: opsSession, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(OPS))), expect: 'Allow' },
  { name: 'cross-account: naming the session satisfies the resource side', principal: opsSession, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(OPS_SESSION))), expect: 'Allow' },
  { name: 'cross-account: naming another account does not', principal: bob, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(A))), expect: ['ImplicitDeny', 'resource'] },
  { name: 'cross-account: boundary limits even a session named directly', principal: opsSession, identity: [policy(allow())], boundary: policy(allow('ec2:*')), resourcePolicy: policy(allow('s3:GetObject', '*', principal(OPS_SESSION))), expect: ['ImplicitDeny', 'boundary'] },
  { name: 'cross-account: session policies limit', principal: opsSession, identity: [policy(allow())], session: [], resourcePolicy: policy(allow('s3:GetObject', '*', principal(OPS_SESSION))), expect: ['ImplicitDeny', 'session'] },
  { name: 'cross-account: session reported before resource', principal: opsSession, identity: [policy(allow())], session: [], expect: ['ImplicitDeny', 'session'] },
  { name: 'cross-account: resource deny', principal: bob, identity: [policy(allow())], resourcePolicy: policy(allow('s3:GetObject', '*', principal(BOB)), deny('*', '*', principal(B))), expect: ['ExplicitDeny', 'resource'] },
];

// ---- running a case ----------------------------------------------------------------------

function request(c: Case): AuthorizationRequest {
  const account = c.resourceAccount === undefined ? A : c.resourceAccount;
  return {
    principal: c.principal ?? alice,
    action: c.action ?? 's3:GetObject',
    resource: c.resource ?? OBJECT,
    ...(account !== null ? { resourceAccount: account } : {}),
    context: new RequestContext(c.context ?? {}),
  };
}

/**
 * How each policy is validated. An RCP that allows is RCPFullAWSAccess, AWS-managed and outside
 * the customers' RCP grammar; an identity policy without Version is an inline one.
 */
function optionsFor(json: Json, type: PolicyType): ValidateOptions {
  const statements = Array.isArray(json.Statement) ? (json.Statement as Json[]) : [json.Statement as Json];
  if (type === 'rcp' && statements.some((s) => s.Effect === 'Allow')) return { type, awsManaged: true };
  if (type === 'identity' && json.Version !== '2012-10-17') return { type, inline: true };
  return { type };
}

function buildSets<C>(c: Case, load: (json: Json, options: ValidateOptions) => C): PolicySets<C> {
  const ref = (id: string, json: Json, type: PolicyType): PolicyRef<C> => ({ id, sourceType: 'none', compiled: load(json, optionsFor(json, type)) });
  const sets: PolicySets<C> = { identity: (c.identity ?? []).map((p, i) => ref(`identity.${i}`, p, 'identity')) };
  if (c.resourcePolicy) sets.resource = ref('resource', c.resourcePolicy, 'resource');
  if (c.boundary) sets.boundary = ref('boundary', c.boundary, 'boundary');
  if (c.session) sets.session = c.session.map((p, i) => ref(`session.${i}`, p, 'session'));
  if (c.scps) sets.scps = c.scps.map((level, l) => level.map((p, i) => ref(`scp.${l}.${i}`, p, 'scp')));
  if (c.rcps) sets.rcps = c.rcps.map((level, l) => level.map((p, i) => ref(`rcp.${l}.${i}`, p, 'rcp')));
  return sets;
}

function documentOf(json: Json, options: ValidateOptions): PolicyDocument {
  const r = validatePolicy(JSON.stringify(json), options);
  if (!r.ok) throw new Error(`test ${options.type} policy refused: ${r.errors.map((e) => e.message).join('; ')}: ${JSON.stringify(json)}`);
  return r.document;
}

const cache = new PolicyCache();
function compiledOf(json: Json, options: ValidateOptions): CompiledPolicy {
  const r = cache.load(JSON.stringify(json), options);
  if (!r.ok) throw new Error(`test ${options.type} policy refused: ${r.errors.map((e) => e.message).join('; ')}: ${JSON.stringify(json)}`);
  return r.policy;
}

function expected(c: Case): { outcome: Outcome; deniedBy?: PolicySetKind } {
  return typeof c.expect === 'string' ? { outcome: c.expect } : { outcome: c.expect[0], deniedBy: c.expect[1] };
}

describe('referenceEvaluate', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const d = referenceEvaluate(request(c), buildSets(c, documentOf));
      assert.deepEqual({ outcome: d.outcome, ...(d.deniedBy !== undefined ? { deniedBy: d.deniedBy } : {}) }, expected(c));
    });
  }

  test('lists every applicable statement, allows and denies alike', () => {
    const c: Case = {
      name: 'listing',
      identity: [policy(allow(), allow('s3:Put*'), deny('s3:Get*', 'arn:aws:s3:::other/*')), policy(allow('s3:*'))],
      resourcePolicy: policy(allow('s3:GetObject', '*', principal(A)), deny('*', '*', principal(BOB))),
      scps: [[ALLOW_ALL]],
      expect: 'Allow',
    };
    const d = referenceEvaluate(request(c), buildSets(c, documentOf));
    assert.deepEqual(
      d.applicable.map((s) => [s.kind, s.policyId, s.index, s.effect, s.naming]),
      [
        ['scp', 'scp.0.0', 0, 'Allow', 'caller'],
        ['resource', 'resource', 0, 'Allow', 'account'],
        ['identity', 'identity.0', 0, 'Allow', 'caller'],
        ['identity', 'identity.1', 0, 'Allow', 'caller'],
      ],
    );
  });

  test('an unvalidated operator is our bug, not a denial', () => {
    const doc: PolicyDocument = {
      version: '2012-10-17',
      statements: [
        {
          index: 0,
          effect: 'Allow',
          action: ['*'],
          resource: ['*'],
          conditions: [{ operator: 'StringEqualz', key: 'aws:username', values: ['x'] }],
          start: { line: 1, column: 1 },
          end: { line: 1, column: 1 },
        },
      ],
    };
    assert.throws(() => referenceEvaluate(request({ name: '', expect: 'Allow' }), { identity: [{ id: 'p', sourceType: 'none', compiled: doc }] }), TypeError);
  });
});

describe('the fast engine on the same cases', () => {
  for (const c of CASES) {
    for (const explain of [false, true]) {
      const name = `${c.name}${explain ? ' (explain)' : ''}`;
      const run = (): void => {
        const d = evaluate(request(c), buildSets(c, compiledOf), { explain });
        assert.deepEqual({ outcome: d.outcome, ...(d.deniedBy !== undefined ? { deniedBy: d.deniedBy } : {}) }, expected(c));
      };
      if (c.engineTodo) test(name, { todo: `engine bug: ${c.engineTodo}` }, run);
      else test(name, run);
    }
  }
});
