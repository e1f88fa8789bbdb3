// The benchmark workload: a seeded, deterministic generator of IAM policies and authorization
// requests, engine-neutral (plain JSON policy documents and plain request records), so that the
// same inputs can be fed to Tessera's engine and to other implementations.
//
// The principal is an IAM user (alice, account 111122223333, tagged team=platform). Identity
// policies hold 10 statements each (the last one fewer when the size is not a multiple of 10),
// mixing Allow and Deny, exact actions and action wildcards (s3:Get*, ec2:Describe*, iam:*)
// across 20 services, "*", exact and prefix-wildcard resource ARNs, and conditions on
// aws:PrincipalTag/team (StringEquals), aws:SourceIp (IpAddress), aws:MultiFactorAuthPresent
// (Bool) and aws:CurrentTime (DateLessThan). Every action/resource pair the generator emits is
// one AWS documents (the resource matches exactly one of the action's resource types, and
// wildcard-only actions such as ec2:DescribeInstances get "*").
//
// Requests are half "targeted" (built to satisfy a random Allow statement, which denies or
// missed conditions may still turn down) and half uniformly random, which lands the allowed
// fraction near one half; the engine bench prints the measured fraction.

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const USER_NAME = 'alice';
export const PRINCIPAL_ARN = `arn:aws:iam::${ACCOUNT}:user/${USER_NAME}`;
export const PRINCIPAL_TEAM = 'platform';

// ---- seeded PRNG ---------------------------------------------------------------------------

/** sfc32 seeded through splitmix32: fast, small state, good enough statistics for a workload. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }
}

// ---- the action and resource catalog ---------------------------------------------------------

/** A resource type: how its ARN looks, for requests and for policies. */
interface ResourceKind {
  /** A concrete resource ARN for a request. */
  arn: (name: string) => string;
  /** The exact pattern a policy writes for this resource (may end in /* for objects). */
  exact?: (name: string) => string;
  /** A prefix-wildcard pattern for names starting with `stem`. */
  prefix?: (stem: string) => string;
}

const A = ACCOUNT;
const R = REGION;

const KINDS = {
  's3-bucket': { arn: (n: string) => `arn:aws:s3:::${n}` },
  's3-object': {
    arn: (n: string) => `arn:aws:s3:::${n}/reports/2025/part-0001.parquet`,
    exact: (n: string) => `arn:aws:s3:::${n}/*`,
    prefix: (s: string) => `arn:aws:s3:::${s}*/*`,
  },
  'ec2-instance': { arn: (n: string) => `arn:aws:ec2:${R}:${A}:instance/i-0${hex(n)}` },
  'iam-user': { arn: (n: string) => `arn:aws:iam::${A}:user/${n}` },
  'iam-role': { arn: (n: string) => `arn:aws:iam::${A}:role/${n}` },
  'iam-policy': { arn: (n: string) => `arn:aws:iam::${A}:policy/${n}` },
  'ddb-table': { arn: (n: string) => `arn:aws:dynamodb:${R}:${A}:table/${n}` },
  'lambda-function': { arn: (n: string) => `arn:aws:lambda:${R}:${A}:function:${n}` },
  'sqs-queue': { arn: (n: string) => `arn:aws:sqs:${R}:${A}:${n}` },
  'sns-topic': { arn: (n: string) => `arn:aws:sns:${R}:${A}:${n}` },
  'kms-key': { arn: (n: string) => `arn:aws:kms:${R}:${A}:key/${uuid(n)}`, prefix: () => `arn:aws:kms:${R}:${A}:key/*` },
  secret: { arn: (n: string) => `arn:aws:secretsmanager:${R}:${A}:secret:${n}-AbCdEf` },
  'ssm-parameter': {
    arn: (n: string) => `arn:aws:ssm:${R}:${A}:parameter/${n}/db-url`,
    exact: (n: string) => `arn:aws:ssm:${R}:${A}:parameter/${n}/*`,
    prefix: (s: string) => `arn:aws:ssm:${R}:${A}:parameter/${s}*`,
  },
  'log-group': { arn: (n: string) => `arn:aws:logs:${R}:${A}:log-group:${n}` },
  'log-stream': {
    arn: (n: string) => `arn:aws:logs:${R}:${A}:log-group:${n}:log-stream:main`,
    exact: (n: string) => `arn:aws:logs:${R}:${A}:log-group:${n}:*`,
    prefix: (s: string) => `arn:aws:logs:${R}:${A}:log-group:${s}*`,
  },
  'cloudwatch-alarm': { arn: (n: string) => `arn:aws:cloudwatch:${R}:${A}:alarm:${n}-high-latency` },
  'rds-db': { arn: (n: string) => `arn:aws:rds:${R}:${A}:db:${n}` },
  'ecr-repository': { arn: (n: string) => `arn:aws:ecr:${R}:${A}:repository/${n}` },
  'ecs-cluster': { arn: (n: string) => `arn:aws:ecs:${R}:${A}:cluster/${n}` },
  'ecs-service': {
    arn: (n: string) => `arn:aws:ecs:${R}:${A}:service/main/${n}`,
    prefix: (s: string) => `arn:aws:ecs:${R}:${A}:service/main/${s}*`,
  },
  'kinesis-stream': { arn: (n: string) => `arn:aws:kinesis:${R}:${A}:stream/${n}` },
  'cfn-stack': {
    arn: (n: string) => `arn:aws:cloudformation:${R}:${A}:stack/${n}/${uuid(n)}`,
    exact: (n: string) => `arn:aws:cloudformation:${R}:${A}:stack/${n}/*`,
    prefix: (s: string) => `arn:aws:cloudformation:${R}:${A}:stack/${s}*`,
  },
  'route53-zone': { arn: (n: string) => `arn:aws:route53:::hostedzone/Z${hex(n).toUpperCase()}` },
  'sfn-state-machine': { arn: (n: string) => `arn:aws:states:${R}:${A}:stateMachine:${n}` },
  'sfn-execution': {
    arn: (n: string) => `arn:aws:states:${R}:${A}:execution:${n}:run-42`,
    exact: (n: string) => `arn:aws:states:${R}:${A}:execution:${n}:*`,
    prefix: (s: string) => `arn:aws:states:${R}:${A}:execution:${s}*`,
  },
} satisfies Record<string, ResourceKind>;

export type KindName = keyof typeof KINDS;
/** "*" marks a wildcard-only action (no resource-level permissions). */
type ActionResource = KindName | '*';

function hex(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0') + 'abcdef12';
}

function uuid(name: string): string {
  const h = hex(name) + hex(name + '!');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** 20 services, with real action names and the resource type each takes. */
const CATALOG: Record<string, Record<string, ActionResource>> = {
  s3: {
    GetObject: 's3-object',
    PutObject: 's3-object',
    DeleteObject: 's3-object',
    GetObjectTagging: 's3-object',
    ListBucket: 's3-bucket',
    GetBucketPolicy: 's3-bucket',
    PutBucketPolicy: 's3-bucket',
    GetBucketLocation: 's3-bucket',
    CreateBucket: 's3-bucket',
    ListAllMyBuckets: '*',
  },
  ec2: {
    DescribeInstances: '*',
    DescribeVpcs: '*',
    DescribeSubnets: '*',
    DescribeSecurityGroups: '*',
    StartInstances: 'ec2-instance',
    StopInstances: 'ec2-instance',
    RebootInstances: 'ec2-instance',
    TerminateInstances: 'ec2-instance',
  },
  iam: {
    GetUser: 'iam-user',
    CreateUser: 'iam-user',
    DeleteUser: 'iam-user',
    ListUsers: '*',
    GetRole: 'iam-role',
    CreateRole: 'iam-role',
    PassRole: 'iam-role',
    AttachRolePolicy: 'iam-role',
    ListRoles: '*',
    GetPolicy: 'iam-policy',
  },
  dynamodb: {
    GetItem: 'ddb-table',
    PutItem: 'ddb-table',
    UpdateItem: 'ddb-table',
    DeleteItem: 'ddb-table',
    Query: 'ddb-table',
    Scan: 'ddb-table',
    BatchGetItem: 'ddb-table',
    DescribeTable: 'ddb-table',
    CreateTable: 'ddb-table',
    ListTables: '*',
  },
  lambda: {
    InvokeFunction: 'lambda-function',
    GetFunction: 'lambda-function',
    GetFunctionConfiguration: 'lambda-function',
    CreateFunction: 'lambda-function',
    UpdateFunctionCode: 'lambda-function',
    DeleteFunction: 'lambda-function',
    ListFunctions: '*',
  },
  sqs: {
    SendMessage: 'sqs-queue',
    ReceiveMessage: 'sqs-queue',
    DeleteMessage: 'sqs-queue',
    GetQueueAttributes: 'sqs-queue',
    CreateQueue: 'sqs-queue',
    PurgeQueue: 'sqs-queue',
    ListQueues: '*',
  },
  sns: {
    Publish: 'sns-topic',
    Subscribe: 'sns-topic',
    GetTopicAttributes: 'sns-topic',
    CreateTopic: 'sns-topic',
    DeleteTopic: 'sns-topic',
    ListTopics: '*',
  },
  kms: {
    Decrypt: 'kms-key',
    Encrypt: 'kms-key',
    GenerateDataKey: 'kms-key',
    DescribeKey: 'kms-key',
    ScheduleKeyDeletion: 'kms-key',
    ListKeys: '*',
    CreateKey: '*',
  },
  secretsmanager: {
    GetSecretValue: 'secret',
    DescribeSecret: 'secret',
    PutSecretValue: 'secret',
    CreateSecret: 'secret',
    DeleteSecret: 'secret',
    ListSecrets: '*',
  },
  ssm: {
    GetParameter: 'ssm-parameter',
    GetParameters: 'ssm-parameter',
    GetParametersByPath: 'ssm-parameter',
    PutParameter: 'ssm-parameter',
    DeleteParameter: 'ssm-parameter',
    DescribeParameters: '*',
  },
  logs: {
    CreateLogGroup: 'log-group',
    DeleteLogGroup: 'log-group',
    CreateLogStream: 'log-stream',
    PutLogEvents: 'log-stream',
    GetLogEvents: 'log-stream',
    DescribeLogGroups: '*',
  },
  cloudwatch: {
    DescribeAlarms: 'cloudwatch-alarm',
    PutMetricAlarm: 'cloudwatch-alarm',
    DeleteAlarms: 'cloudwatch-alarm',
  },
  rds: {
    DescribeDBInstances: 'rds-db',
    CreateDBInstance: 'rds-db',
    DeleteDBInstance: 'rds-db',
    StartDBInstance: 'rds-db',
    StopDBInstance: 'rds-db',
    RebootDBInstance: 'rds-db',
  },
  ecr: {
    BatchGetImage: 'ecr-repository',
    GetDownloadUrlForLayer: 'ecr-repository',
    PutImage: 'ecr-repository',
    DescribeRepositories: 'ecr-repository',
    CreateRepository: 'ecr-repository',
    GetAuthorizationToken: '*',
  },
  ecs: {
    DescribeClusters: 'ecs-cluster',
    DescribeServices: 'ecs-service',
    UpdateService: 'ecs-service',
    ListClusters: '*',
  },
  sts: {
    AssumeRole: 'iam-role',
    GetCallerIdentity: '*',
    GetSessionToken: '*',
  },
  kinesis: {
    PutRecord: 'kinesis-stream',
    PutRecords: 'kinesis-stream',
    GetRecords: 'kinesis-stream',
    DescribeStream: 'kinesis-stream',
    CreateStream: 'kinesis-stream',
    ListStreams: '*',
  },
  cloudformation: {
    DescribeStacks: 'cfn-stack',
    CreateStack: 'cfn-stack',
    UpdateStack: 'cfn-stack',
    DeleteStack: 'cfn-stack',
    GetTemplate: 'cfn-stack',
    ListStacks: '*',
  },
  route53: {
    GetHostedZone: 'route53-zone',
    ListResourceRecordSets: 'route53-zone',
    ChangeResourceRecordSets: 'route53-zone',
    ListHostedZones: '*',
    CreateHostedZone: '*',
  },
  states: {
    StartExecution: 'sfn-state-machine',
    CreateStateMachine: 'sfn-state-machine',
    DescribeExecution: 'sfn-execution',
    StopExecution: 'sfn-execution',
    ListStateMachines: '*',
  },
};

interface CatalogAction {
  service: string;
  /** "s3:GetObject" */
  action: string;
  /** Lower-cased, for pattern matching. */
  lower: string;
  resource: ActionResource;
}

const ACTIONS: readonly CatalogAction[] = Object.entries(CATALOG).flatMap(([service, actions]) =>
  Object.entries(actions).map(([name, resource]) => ({ service, action: `${service}:${name}`, lower: `${service}:${name}`.toLowerCase(), resource })),
);
export const SERVICES: readonly string[] = Object.keys(CATALOG);
const BY_SERVICE = new Map<string, CatalogAction[]>(SERVICES.map((s) => [s, ACTIONS.filter((a) => a.service === s)]));

/** The leading verb of an action name: "GetObject" -> "Get". */
function verbOf(action: string): string {
  const name = action.slice(action.indexOf(':') + 1);
  return /^[A-Z][a-z]*/.exec(name)?.[0] ?? name;
}

/** Resource names: several stems so that prefix wildcards match some names and not others. */
const NAMES = ['orders-prod', 'orders-dev', 'payments-prod', 'payments-dev', 'analytics-shared', 'platform-build', 'ml-training', 'web-assets'];
const STEMS = ['orders-', 'payments-', 'analytics-', 'platform-', 'ml-'];

const TEAMS = ['platform', 'data', 'payments'];
const ALLOW_CIDRS = ['10.0.0.0/8', '10.20.0.0/16', '192.168.0.0/16', '203.0.113.0/24'];
const DENY_CIDRS = ['198.51.100.0/24', '100.64.0.0/10'];
const DATES = ['2025-07-01T00:00:00Z', '2026-06-30T00:00:00Z', '2027-01-01T00:00:00Z'];

// ---- tiny glob (IAM semantics: * any run, ? one character) -----------------------------------

const globCache = new Map<string, RegExp>();

export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 'c'}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
    re = new RegExp(`^${source}$`, ignoreCase ? 'i' : '');
    globCache.set(key, re);
  }
  return re.test(text);
}

// ---- policy documents --------------------------------------------------------------------------

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { AWS: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface NamedPolicy {
  name: string;
  doc: PolicyDoc;
  /** Compact JSON, what Tessera's cache loads. */
  text: string;
}

function named(name: string, doc: PolicyDoc): NamedPolicy {
  return { name, doc, text: JSON.stringify(doc) };
}

function asList(v: string | string[]): string[] {
  return Array.isArray(v) ? v : [v];
}

function resourceKindsFor(actionPattern: string): ActionResource[] {
  return ACTIONS.filter((a) => globMatch(actionPattern.toLowerCase(), a.lower)).map((a) => a.resource);
}

interface StatementShape {
  effect: 'Allow' | 'Deny';
  service: string;
  principal?: PolicyStatement['Principal'];
}

function genActions(rng: Rng, service: string, effect: 'Allow' | 'Deny'): string[] {
  const actions = BY_SERVICE.get(service)!;
  const verbs = [...new Set(actions.map((a) => verbOf(a.action)))];
  const n = 1 + rng.int(3);
  const out = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (effect === 'Deny') {
      // Denies name destructive actions or verbs, as guardrails do.
      const destructive = actions.filter((a) => /^(Delete|Terminate|Schedule|Purge|Stop|Put|Attach|Create)/.test(verbOf(a.action)));
      if (destructive.length > 0 && r < 0.6) out.add(rng.pick(destructive).action);
      else if (r < 0.85) out.add(`${service}:${rng.pick(['Delete', 'Put', 'Create'].filter((v) => verbs.includes(v)).concat(verbs.slice(0, 1)))}*`);
      else out.add(rng.pick(actions).action);
    } else if (r < 0.55) {
      out.add(rng.pick(actions).action);
    } else if (r < 0.88) {
      out.add(`${service}:${rng.pick(verbs)}*`);
    } else {
      return [`${service}:*`];
    }
  }
  return [...out];
}

function genResources(rng: Rng, actions: readonly string[]): string[] {
  const kinds = actions.flatMap((a) => resourceKindsFor(a)).filter((k): k is KindName => k !== '*');
  if (kinds.length === 0 || rng.chance(0.3)) return ['*'];
  const kind: ResourceKind = KINDS[rng.pick(kinds)];
  const r = rng.next();
  if (r < 0.65 || !kind.prefix) {
    const exact = kind.exact ?? kind.arn;
    const n = 1 + rng.int(2);
    const out = new Set<string>();
    for (let i = 0; i < n; i++) out.add(exact(rng.pick(NAMES)));
    return [...out];
  }
  return [kind.prefix(rng.pick(STEMS))];
}

type ConditionKind = 'team' | 'ip' | 'mfa' | 'date';

function addCondition(block: ConditionBlock, op: string, key: string, value: string): void {
  (block[op] ??= {})[key] = value;
}

function genConditions(rng: Rng, effect: 'Allow' | 'Deny'): ConditionBlock | undefined {
  const count = effect === 'Allow' ? (rng.chance(0.45) ? 0 : rng.chance(0.75) ? 1 : 2) : rng.chance(0.35) ? 0 : 1;
  if (count === 0) return undefined;
  const block: ConditionBlock = {};
  const kinds: ConditionKind[] = ['team', 'ip', 'mfa', 'date'];
  for (let i = 0; i < count; i++) {
    const kind = kinds.splice(rng.int(kinds.length), 1)[0]!;
    switch (kind) {
      case 'team':
        addCondition(block, 'StringEquals', 'aws:PrincipalTag/team', effect === 'Allow' ? rng.pick(TEAMS) : rng.pick(['contractors', 'platform']));
        break;
      case 'ip':
        addCondition(block, 'IpAddress', 'aws:SourceIp', effect === 'Allow' ? rng.pick(ALLOW_CIDRS) : rng.pick(DENY_CIDRS));
        break;
      case 'mfa':
        addCondition(block, 'Bool', 'aws:MultiFactorAuthPresent', effect === 'Allow' ? 'true' : 'false');
        break;
      case 'date':
        addCondition(block, 'DateLessThan', 'aws:CurrentTime', rng.pick(DATES));
        break;
    }
  }
  return block;
}

function genStatement(rng: Rng, shape: StatementShape, sid: string): PolicyStatement {
  const actions = genActions(rng, shape.service, shape.effect);
  const resources = genResources(rng, actions);
  const condition = genConditions(rng, shape.effect);
  return {
    Sid: sid,
    Effect: shape.effect,
    ...(shape.principal !== undefined ? { Principal: shape.principal } : {}),
    Action: actions.length === 1 ? actions[0]! : actions,
    Resource: resources.length === 1 ? resources[0]! : resources,
    ...(condition ? { Condition: condition } : {}),
  };
}

/** `statements` identity statements in policies of 10; the very first statement always allows. */
export function identityPolicies(rng: Rng, statements: number, services: readonly string[] = SERVICES, prefix = 'identity'): NamedPolicy[] {
  const out: NamedPolicy[] = [];
  for (let p = 0; p * 10 < statements; p++) {
    const list: PolicyStatement[] = [];
    for (let i = 0; i < Math.min(10, statements - p * 10); i++) {
      const effect = p === 0 && i === 0 ? 'Allow' : rng.chance(0.2) ? 'Deny' : 'Allow';
      list.push(genStatement(rng, { effect, service: rng.pick(services) }, `P${p}S${i}`));
    }
    out.push(named(`${prefix}-${p + 1}`, { Version: '2012-10-17', Statement: list }));
  }
  return out;
}

/** A resource-based policy for one service's resources (bucket policy, key policy, queue policy...). */
function resourcePolicy(rng: Rng, service: string, statements: number): NamedPolicy {
  // First, the statement that lets the account's identity policies decide (as in KMS's default
  // key policy), then statements naming this user, the account, and other principals.
  const list: PolicyStatement[] = [
    { Sid: 'R0', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: `${service}:*`, Resource: '*' },
  ];
  for (let i = 1; i < statements; i++) {
    const r = rng.next();
    const principal: PolicyStatement['Principal'] =
      r < 0.4
        ? { AWS: PRINCIPAL_ARN }
        : r < 0.7
          ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
          : r < 0.85
            ? { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }
            : { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:user/bob`, `arn:aws:iam::${ACCOUNT}:role/deployer`] };
    const effect = rng.chance(0.15) ? 'Deny' : 'Allow';
    list.push(genStatement(rng, { effect, service, principal }, `R${i}`));
  }
  return named(`resource-${service}`, { Version: '2012-10-17', Statement: list });
}

/** A permissions boundary: most services allowed wholesale, a few only from the corporate network. */
function boundaryPolicy(rng: Rng): NamedPolicy {
  const services = [...SERVICES];
  const open: string[] = [];
  for (let i = 0; i < 14; i++) open.push(services.splice(rng.int(services.length), 1)[0]!);
  const netOnly = services.filter((s) => s !== 'iam');
  const statements: PolicyStatement[] = [
    { Sid: 'Services', Effect: 'Allow', Action: open.sort().map((s) => `${s}:*`), Resource: '*' },
    { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
    {
      Sid: 'CorpNetworkOnly',
      Effect: 'Allow',
      Action: netOnly.sort().map((s) => `${s}:*`),
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
    },
    { Sid: 'NoUserManagement', Effect: 'Deny', Action: ['iam:CreateUser', 'iam:DeleteUser', 'iam:AttachRolePolicy'], Resource: '*' },
    {
      Sid: 'NoDeletesWithoutMfa',
      Effect: 'Deny',
      Action: ['s3:DeleteObject', 'dynamodb:DeleteItem', 'rds:DeleteDBInstance', 'kms:ScheduleKeyDeletion'],
      Resource: '*',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ];
  return named('boundary', { Version: '2012-10-17', Statement: statements });
}

// ---- requests ----------------------------------------------------------------------------------

export interface WorkloadRequest {
  action: string;
  service: string;
  /** ARN, or "*" for wildcard-only actions. */
  resource: string;
  /** The context as AWS would pass it (all values strings). */
  context: Record<string, string>;
}

function ipIn(rng: Rng, cidr: string): string {
  const [base, bitsText] = cidr.split('/') as [string, string];
  const bits = Number(bitsText);
  const octets = base.split('.').map(Number);
  let n = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const hostBits = 32 - bits;
  const host = hostBits >= 31 ? rng.int(2 ** 30) : rng.int(2 ** hostBits);
  n = (n + host) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function randomIp(rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return ipIn(rng, '10.0.0.0/8');
  if (r < 0.6) return ipIn(rng, '192.168.0.0/16');
  if (r < 0.7) return ipIn(rng, '203.0.113.0/24');
  if (r < 0.8) return ipIn(rng, '198.51.100.0/24');
  return ipIn(rng, '54.0.0.0/8');
}

const TIME_FROM = Date.parse('2024-06-01T00:00:00Z');
const TIME_TO = Date.parse('2027-06-01T00:00:00Z');

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function baseContext(rng: Rng): Record<string, string> {
  return {
    'aws:PrincipalArn': PRINCIPAL_ARN,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'User',
    'aws:username': USER_NAME,
    'aws:PrincipalTag/team': PRINCIPAL_TEAM,
    'aws:PrincipalTag/cost-center': 'cc-4711',
    'aws:SecureTransport': 'true',
    'aws:SourceIp': randomIp(rng),
    'aws:MultiFactorAuthPresent': rng.chance(0.7) ? 'true' : 'false',
    'aws:CurrentTime': isoSeconds(TIME_FROM + rng.next() * (TIME_TO - TIME_FROM)),
  };
}

function resourceFor(rng: Rng, a: CatalogAction, patterns?: readonly string[]): string {
  if (a.resource === '*') return '*';
  const kind: ResourceKind = KINDS[a.resource];
  let arn = kind.arn(rng.pick(NAMES));
  if (!patterns || patterns.includes('*')) return arn;
  for (let tries = 0; tries < 12; tries++) {
    if (patterns.some((p) => globMatch(p, arn))) return arn;
    arn = kind.arn(rng.pick(NAMES));
  }
  return arn;
}

/** A request built to satisfy `st` (each condition with probability 0.85). */
function targetedRequest(rng: Rng, st: PolicyStatement): WorkloadRequest {
  const pattern = rng.pick(asList(st.Action)).toLowerCase();
  const a = rng.pick(ACTIONS.filter((x) => globMatch(pattern, x.lower)));
  const context = baseContext(rng);
  for (const [op, keys] of Object.entries(st.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys)) {
      if (!rng.chance(0.85)) continue;
      const v = asList(value)[0]!;
      if (op === 'IpAddress' && key === 'aws:SourceIp') context[key] = ipIn(rng, v);
      else if (op === 'Bool') context[key] = v;
      else if (op === 'DateLessThan') context[key] = isoSeconds(Date.parse(v) - (1 + rng.next() * 300) * 86_400_000);
    }
  }
  return { action: a.action, service: a.service, resource: resourceFor(rng, a, asList(st.Resource)), context };
}

function randomRequest(rng: Rng): WorkloadRequest {
  const a = rng.pick(ACTIONS);
  return { action: a.action, service: a.service, resource: resourceFor(rng, a), context: baseContext(rng) };
}

// ---- the workload --------------------------------------------------------------------------------

export type Variant = 'identity' | 'resource' | 'boundary';
export const VARIANTS: readonly Variant[] = ['identity', 'resource', 'boundary'];

export interface Workload {
  size: number;
  variant: Variant;
  seed: number;
  principalArn: string;
  account: string;
  identity: NamedPolicy[];
  /** Resource-based policy per service (variant "resource"); applied to requests with an ARN. */
  resourcePolicies: Map<string, NamedPolicy>;
  boundary?: NamedPolicy;
  requests: WorkloadRequest[];
  /** Statement counts, for the report. */
  counts: { identity: number; resourcePerService: number; boundary: number };
}

export interface WorkloadOptions {
  size: number;
  variant: Variant;
  requests: number;
  seed?: number;
  /** Fraction of requests built to satisfy an Allow statement (the rest are uniformly random). */
  targeted?: number;
}

export function buildWorkload(options: WorkloadOptions): Workload {
  const seed = options.seed ?? 0x7e55e7a;
  // The same identity policies for every variant of a size: variants differ only in what is added.
  const rng = new Rng(seed ^ Math.imul(options.size, 0x9e3779b1));
  const identity = identityPolicies(rng, options.size);
  const extraRng = new Rng(seed ^ 0x51ed270b ^ options.size);
  const resourceStatements = Math.min(10, options.size);
  const resourcePolicies = new Map<string, NamedPolicy>();
  if (options.variant === 'resource') {
    for (const s of SERVICES) resourcePolicies.set(s, resourcePolicy(extraRng, s, resourceStatements));
  }
  const boundary = options.variant === 'boundary' ? boundaryPolicy(extraRng) : undefined;

  const reqRng = new Rng(seed ^ 0x2545f491 ^ Math.imul(options.size, 31) ^ VARIANTS.indexOf(options.variant));
  // Resource-policy statements are targets only when they name our principal or its account
  // (not the delegation statement R0, which grants nothing by itself).
  const namesUs = (s: PolicyStatement): boolean =>
    s.Sid !== 'R0' &&
    s.Principal !== undefined && s.Principal !== '*' && asList(s.Principal.AWS).some((v) => v === PRINCIPAL_ARN || v === `arn:aws:iam::${ACCOUNT}:root`);
  const allowTargets: PolicyStatement[] = [
    ...identity.flatMap((p) => p.doc.Statement),
    ...[...resourcePolicies.values()].flatMap((p) => p.doc.Statement).filter(namesUs),
  ].filter((s) => s.Effect === 'Allow');
  const targeted = options.targeted ?? 0.6;
  const requests: WorkloadRequest[] = [];
  for (let i = 0; i < options.requests; i++) {
    requests.push(allowTargets.length > 0 && reqRng.chance(targeted) ? targetedRequest(reqRng, reqRng.pick(allowTargets)) : randomRequest(reqRng));
  }
  return {
    size: options.size,
    variant: options.variant,
    seed,
    principalArn: PRINCIPAL_ARN,
    account: ACCOUNT,
    identity,
    resourcePolicies,
    ...(boundary ? { boundary } : {}),
    requests,
    counts: {
      identity: identity.reduce((n, p) => n + p.doc.Statement.length, 0),
      resourcePerService: options.variant === 'resource' ? resourceStatements : 0,
      boundary: boundary ? boundary.doc.Statement.length : 0,
    },
  };
}

/** The resource policy that applies to a request, if any (none for wildcard-only actions). */
export function resourcePolicyFor(w: Workload, r: WorkloadRequest): NamedPolicy | undefined {
  return r.resource === '*' ? undefined : w.resourcePolicies.get(r.service);
}

/**
 * Identity policies whose statements can never match `service` (for the scaling sweep): every
 * statement names actions of the other services only.
 */
export function irrelevantPolicies(rng: Rng, statements: number, exceptService: string): NamedPolicy[] {
  return identityPolicies(
    rng,
    statements,
    SERVICES.filter((s) => s !== exceptService),
    'unrelated',
  );
}

/** Requests for one service only (for the scaling sweep). */
export function serviceRequests(rng: Rng, service: string, policies: readonly NamedPolicy[], count: number): WorkloadRequest[] {
  const allows = policies.flatMap((p) => p.doc.Statement).filter((s) => s.Effect === 'Allow');
  const own = ACTIONS.filter((a) => a.service === service);
  const out: WorkloadRequest[] = [];
  for (let i = 0; i < count; i++) {
    if (allows.length > 0 && rng.chance(0.6)) out.push(targetedRequest(rng, rng.pick(allows)));
    else {
      const a = rng.pick(own);
      out.push({ action: a.action, service, resource: resourceFor(rng, a), context: baseContext(rng) });
    }
  }
  return out;
}
