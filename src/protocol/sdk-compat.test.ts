// Round trips through the official AWS SDK for JavaScript v3, offline: the SDK's request body goes
// through our reader, our serializer's answer goes back through the SDK's parser. A request handler
// stands in for the network, so what is checked is exactly the wire format on both sides.

import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { CreateUserCommand, GetAccountSummaryCommand, IAMClient, ListUsersCommand, SimulateCustomPolicyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import type { IAMClientConfig } from '@aws-sdk/client-iam';
import { CreateAccountCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { loadServiceModel } from './model.js';
import type { ServiceModel } from './model.js';
import { decodeQueryString, parseQueryInput } from './query.js';
import { jsonContentType, parseJsonInput, serializeJsonError, serializeJsonResponse } from './json.js';
import { QUERY_RESPONSE_CONTENT_TYPE, serializeQueryError, serializeQueryResponse } from './xml.js';

const load = (n: string) => loadServiceModel(new URL(`../../data/aws-models/${n}.json`, import.meta.url));
const iamModel = load('iam-2010-05-08');
const stsModel = load('sts-2011-06-15');
const orgModel = load('organizations-2016-11-28');

interface Wire {
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}
interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A stand-in for the network: every request goes to `serve`, whose reply the SDK then parses. */
type RequestHandler = NonNullable<IAMClientConfig['requestHandler']>;

function handler(serve: (req: Wire) => Reply): RequestHandler {
  const h = {
    handle: async (req: Wire) => {
      const r = serve(req);
      return { response: { statusCode: r.status, headers: r.headers, body: Readable.from([Buffer.from(r.body)]) } };
    },
  };
  return h;
}

const common = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
};

/** A query server: read with our parser, record the input, answer with `respond`. */
function queryServer(model: ServiceModel, seen: Record<string, unknown>[], respond: (op: string, input: Record<string, unknown>) => Record<string, unknown> | undefined) {
  return handler((req) => {
    const params = decodeQueryString(String(req.body));
    assert.ok(Array.isArray(params));
    const r = parseQueryInput(model, params);
    const ns = model.metadata.xmlNamespace!;
    if (!r.ok) return { status: r.error.status, headers: { 'content-type': QUERY_RESPONSE_CONTENT_TYPE }, body: serializeQueryError(r.error, 'req-err', ns) };
    seen.push(r.input);
    // The SDKs take the request id from this header, not from ResponseMetadata: the edge sends both.
    const headers = { 'content-type': QUERY_RESPONSE_CONTENT_TYPE, 'x-amzn-requestid': 'req-1' };
    return { status: 200, headers, body: serializeQueryResponse(model, r.operation, respond(r.operation.name, r.input), 'req-1') };
  });
}

describe('IAM through the SDK', () => {
  const seen: Record<string, unknown>[] = [];
  const created = new Date('2024-05-06T07:08:09Z');
  const client = new IAMClient({
    ...common,
    requestHandler: queryServer(iamModel, seen, (op, input) => {
      switch (op) {
        case 'CreateUser':
          return { User: { Path: '/', UserName: input.UserName, UserId: 'AIDAEXAMPLEEXAMPLE01', Arn: `arn:aws:iam::123456789012:user/${String(input.UserName)}`, CreateDate: created, Tags: input.Tags } };
        case 'ListUsers':
          return { Users: [], IsTruncated: false };
        case 'GetAccountSummary':
          return { SummaryMap: { Users: 3, UsersQuota: 5000 } };
        case 'SimulateCustomPolicy':
          return {
            EvaluationResults: [{ EvalActionName: 's3:GetObject', EvalResourceName: '*', EvalDecision: 'allowed', MatchedStatements: [], MissingContextValues: [], EvalDecisionDetails: { IAM: 'allowed' } }],
            IsTruncated: false,
          };
        default:
          return undefined;
      }
    }),
  });

  test('CreateUser with tags: the SDK request reads back to its input; our answer reads back to the user', async () => {
    const tags = [
      { Key: 'Dept', Value: 'R D + Ops = @team' },
      { Key: 'Équipe', Value: 'Zürich 2' },
    ];
    const out = await client.send(new CreateUserCommand({ UserName: 'Bob', Path: '/', Tags: tags }));
    assert.deepEqual(seen.at(-1), { UserName: 'Bob', Path: '/', Tags: tags });
    assert.deepEqual(out.User, { Path: '/', UserName: 'Bob', UserId: 'AIDAEXAMPLEEXAMPLE01', Arn: 'arn:aws:iam::123456789012:user/Bob', CreateDate: created, Tags: tags });
  });

  test('an empty list, a boolean and an integer', async () => {
    await client.send(new CreateUserCommand({ UserName: 'Alice', Tags: [] }));
    assert.deepEqual(seen.at(-1), { UserName: 'Alice', Tags: [] });
    await client.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, HardExpiry: false }));
    assert.deepEqual(seen.at(-1), { MinimumPasswordLength: 14, RequireSymbols: true, HardExpiry: false });
    const list = await client.send(new ListUsersCommand({ MaxItems: 10 }));
    assert.deepEqual(list.Users, []);
    assert.equal(list.IsTruncated, false);
  });

  test('SimulateCustomPolicy: nested lists in, a result with a map out', async () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]\n}';
    const out = await client.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [policy],
        ActionNames: ['s3:GetObject'],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ipList', ContextKeyValues: ['10.0.0.1', '10.0.0.2'] }],
      }),
    );
    assert.deepEqual(seen.at(-1), {
      PolicyInputList: [policy],
      ActionNames: ['s3:GetObject'],
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ipList', ContextKeyValues: ['10.0.0.1', '10.0.0.2'] }],
    });
    assert.equal(out.EvaluationResults?.[0]?.EvalDecision, 'allowed');
    assert.deepEqual(out.EvaluationResults?.[0]?.EvalDecisionDetails, { IAM: 'allowed' });
  });

  test('maps read back (GetAccountSummary)', async () => {
    const out = await client.send(new GetAccountSummaryCommand({}));
    assert.deepEqual(out.SummaryMap, { Users: 3, UsersQuota: 5000 });
  });

  test('a ValidationError reaches the caller with its code and message', async () => {
    await assert.rejects(client.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'ValidationError');
      assert.equal(e.message, `1 validation error detected: Value '${'x'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`);
      assert.equal(e.$metadata?.httpStatusCode, 400);
      return true;
    });
  });
});

describe('STS through the SDK', () => {
  const seen: Record<string, unknown>[] = [];
  const expiration = new Date('2026-01-01T01:00:00Z');
  const client = new STSClient({
    ...common,
    requestHandler: queryServer(stsModel, seen, (op, input) => {
      if (op === 'GetCallerIdentity') return { UserId: 'AIDAEXAMPLE', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/Alice' };
      return {
        Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration },
        AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLE:${String(input.RoleSessionName)}`, Arn: `arn:aws:sts::123456789012:assumed-role/demo/${String(input.RoleSessionName)}` },
        PackedPolicySize: 6,
      };
    }),
  });

  test('AssumeRole with PolicyArns, DurationSeconds, tags', async () => {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::123456789012:role/demo',
        RoleSessionName: 's1',
        DurationSeconds: 900,
        PolicyArns: [{ arn: 'arn:aws:iam::123456789012:policy/p1' }],
        Tags: [{ Key: 'Project', Value: 'Pegasus' }],
        TransitiveTagKeys: ['Project'],
      }),
    );
    assert.deepEqual(seen.at(-1), {
      RoleArn: 'arn:aws:iam::123456789012:role/demo',
      RoleSessionName: 's1',
      DurationSeconds: 900,
      PolicyArns: [{ arn: 'arn:aws:iam::123456789012:policy/p1' }],
      Tags: [{ Key: 'Project', Value: 'Pegasus' }],
      TransitiveTagKeys: ['Project'],
    });
    assert.deepEqual(out.Credentials, { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: expiration });
    assert.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::123456789012:assumed-role/demo/s1');
    assert.equal(out.PackedPolicySize, 6);
  });

  test('GetCallerIdentity', async () => {
    const out = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '123456789012');
    assert.equal(out.Arn, 'arn:aws:iam::123456789012:user/Alice');
    assert.equal(out.$metadata.requestId, 'req-1');
  });

  test('a DurationSeconds below range is refused as AWS refuses it', async () => {
    await assert.rejects(client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/demo', RoleSessionName: 's1', DurationSeconds: 899 })), {
      name: 'ValidationError',
      message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
  });
});

describe('Organizations through the SDK', () => {
  const seen: Record<string, unknown>[] = [];
  const joined = new Date('2016-11-21T14:35:50.500Z');
  const client = new OrganizationsClient({
    ...common,
    requestHandler: handler((req): Reply => {
      const target = req.headers['x-amz-target'] ?? req.headers['X-Amz-Target'];
      const ct = jsonContentType(orgModel);
      const body = req.body instanceof Uint8Array || typeof req.body === 'string' ? req.body : '';
      const r = parseJsonInput(orgModel, target, body);
      if (!r.ok) return { status: r.error.status, headers: { 'content-type': ct, 'x-amzn-errortype': r.error.code }, body: serializeJsonError(orgModel, r.error) };
      seen.push(r.input);
      if (r.operation.name === 'ListAccounts') {
        const body = serializeJsonResponse(orgModel, r.operation, { Accounts: [{ Id: '111111111111', Name: 'Main', Status: 'ACTIVE', JoinedTimestamp: joined }], NextToken: 'next' });
        return { status: 200, headers: { 'content-type': ct }, body };
      }
      const e = { code: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' };
      return { status: 400, headers: { 'content-type': ct, 'x-amzn-errortype': e.code }, body: serializeJsonError(orgModel, e) };
    }),
  });

  test('ListAccounts: the request reads back; timestamps come back as Dates', async () => {
    const out = await client.send(new ListAccountsCommand({ MaxResults: 20 }));
    assert.deepEqual(seen.at(-1), { MaxResults: 20 });
    assert.equal(out.NextToken, 'next');
    assert.deepEqual(out.Accounts, [{ Id: '111111111111', Name: 'Main', Status: 'ACTIVE', JoinedTimestamp: joined }]);
  });

  test('a service error: code from __type, message from Message', async () => {
    await assert.rejects(client.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'Dev' })), {
      name: 'AWSOrganizationsNotInUseException',
      message: 'Your account is not a member of an organization.',
    });
    assert.deepEqual(seen.at(-1), { Email: 'dev@example.com', AccountName: 'Dev' });
  });

  test('InvalidInputException with its Reason', async () => {
    await assert.rejects(client.send(new ListAccountsCommand({ MaxResults: 21 })), (e: Error & { Reason?: string }) => {
      assert.equal(e.name, 'InvalidInputException');
      assert.equal(e.message, 'You provided a value that exceeds the maximum allowed.');
      assert.equal(e.Reason, 'MAX_VALUE_EXCEEDED');
      return true;
    });
  });
});
