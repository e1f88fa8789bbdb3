// The query protocol's input side against real IAM and STS operations. Routing and the edge cases
// (duplicates, unknown parameters, number forms, messages) are pinned to what live STS answered to
// an AWS-backed probe suite; the message shapes also match IAM's errors as users report them.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AWS_FAULT_NAMESPACE, MISSING_ACTION_LOCATION } from './errors.js';
import { loadServiceModel, parseServiceModel } from './model.js';
import { decodeQueryString, parseQueryInput } from './query.js';
import type { ParseResult } from './parse-result.js';

const load = (n: string) => loadServiceModel(new URL(`../../data/aws-models/${n}.json`, import.meta.url));
const iam = load('iam-2010-05-08');
const sts = load('sts-2011-06-15');

const IAM = 'Version=2010-05-08';
const STS = 'Version=2011-06-15';

/** Parses a raw form body (as on the wire) against a model. */
function parse(model: typeof iam, body: string): ParseResult {
  const params = decodeQueryString(body);
  assert.ok(Array.isArray(params), 'the body decodes');
  return parseQueryInput(model, params);
}

function input(model: typeof iam, body: string): Record<string, unknown> {
  const r = parse(model, body);
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.error));
  return r.input;
}

function error(model: typeof iam, body: string): { code: string; status: number; message?: string } {
  const r = parse(model, body);
  assert.ok(!r.ok, 'the request is refused');
  return r.error;
}

const enc = encodeURIComponent;

describe('routing: Action and Version (as live STS answers)', () => {
  const cases: [body: string, expected: { code: string; message?: string } | 'ok'][] = [
    [`Action=GetCallerIdentity&${STS}`, 'ok'],
    [`Action=NoSuchAction&${STS}`, { code: 'InvalidAction', message: 'Could not find operation NoSuchAction for version 2011-06-15' }],
    ['Action=GetCallerIdentity', { code: 'InvalidAction', message: 'Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED' }],
    ['Action=GetCallerIdentity&Version=', { code: 'InvalidAction', message: 'Could not find operation GetCallerIdentity for version ' }],
    ['Action=GetCallerIdentity&Version=2000-01-01', { code: 'InvalidAction', message: 'Could not find operation GetCallerIdentity for version 2000-01-01' }],
    [`Action=&${STS}`, { code: 'InvalidAction', message: 'Could not find operation  for version 2011-06-15' }],
    [`Action=getcalleridentity&${STS}`, { code: 'InvalidAction', message: 'Could not find operation getcalleridentity for version 2011-06-15' }],
    [`Action=GetCallerIdentity&Action=NoSuchAction&${STS}`, 'ok'],
    [`Action=NoSuchAction&Action=GetCallerIdentity&${STS}`, { code: 'InvalidAction', message: 'Could not find operation NoSuchAction for version 2011-06-15' }],
    [`Action=GetCallerIdentity&${STS}&Version=2000-01-01`, 'ok'],
    ['Action=GetCallerIdentity&Version=2000-01-01&Version=2011-06-15', { code: 'InvalidAction', message: 'Could not find operation GetCallerIdentity for version 2000-01-01' }],
    [`Action=GetCallerIdentity&${STS}&Unknown=value`, 'ok'],
    [`Version=2011-06-15`, { code: 'MissingAction' }],
    [`Action=AssumeRole&${IAM}`, { code: 'InvalidAction', message: 'Could not find operation AssumeRole for version 2010-05-08' }],
  ];
  for (const [body, expected] of cases) {
    test(`${body || '(empty)'} -> ${expected === 'ok' ? 'routed' : expected.code}`, () => {
      const r = parse(sts, body);
      if (expected === 'ok') {
        assert.ok(r.ok);
        assert.equal(r.operation.name, 'GetCallerIdentity');
        return;
      }
      assert.ok(!r.ok);
      assert.equal(r.error.code, expected.code);
      assert.equal(r.error.message, expected.message);
    });
  }

  test('InvalidAction is a 400 Sender fault in the AWSFault namespace', () => {
    const e = error(sts, `Action=Nope&${STS}`);
    assert.deepEqual(e, {
      code: 'InvalidAction',
      status: 400,
      type: 'Sender',
      awsFault: true,
      message: 'Could not find operation Nope for version 2011-06-15',
    });
    assert.equal(AWS_FAULT_NAMESPACE, 'http://webservices.amazon.com/AWSFault/2005-15-09');
  });

  test('a request without Action is redirected to the IAM page, as AWS does', () => {
    const e = error(iam, IAM);
    assert.equal(e.status, 302);
    assert.equal((e as { location?: string }).location, MISSING_ACTION_LOCATION);
  });

  test('an operation without input members reads as {}', () => {
    assert.deepEqual(input(sts, `Action=GetCallerIdentity&${STS}`), {});
  });
});

describe('reading each kind of value from real operations', () => {
  test('CreateUser: strings and a list of structures (Tags.member.N.Key/Value)', () => {
    const body = `Action=CreateUser&${IAM}&Path=%2Fdivision_abc%2F&UserName=Bob&Tags.member.1.Key=Dept&Tags.member.1.Value=Finance%20Ops&Tags.member.2.Key=Cost-Center&Tags.member.2.Value=12345`;
    assert.deepEqual(input(iam, body), {
      Path: '/division_abc/',
      UserName: 'Bob',
      Tags: [
        { Key: 'Dept', Value: 'Finance Ops' },
        { Key: 'Cost-Center', Value: '12345' },
      ],
    });
  });

  test('an empty value for a list is the empty list (how the SDKs send [])', () => {
    assert.deepEqual(input(iam, `Action=CreateUser&${IAM}&UserName=Bob&Tags=`), { UserName: 'Bob', Tags: [] });
  });

  test('list items are taken in index order; gaps and non-index keys are ignored', () => {
    const body = `Action=CreateUser&${IAM}&UserName=Bob&Tags.member.3.Key=c&Tags.member.3.Value=3&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.0.Key=z&Tags.member.x.Key=y&Tags.member.01.Key=w`;
    assert.deepEqual(input(iam, body), {
      UserName: 'Bob',
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'c', Value: '3' },
      ],
    });
  });

  test('unknown members, nested or not, are ignored; duplicates keep the first value', () => {
    const body = `Action=CreateUser&${IAM}&UserName=Bob&UserName=Alice&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.1.Colour=red&Flavour=none`;
    assert.deepEqual(input(iam, body), { UserName: 'Bob', Tags: [{ Key: 'a', Value: '1' }] });
  });

  test('PutUserPolicy: a URL-encoded policy document arrives as its text', () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]\n}';
    const body = `Action=PutUserPolicy&${IAM}&UserName=Bob&PolicyName=AllS3&PolicyDocument=${enc(doc)}`;
    assert.deepEqual(input(iam, body), { UserName: 'Bob', PolicyName: 'AllS3', PolicyDocument: doc });
  });

  test('SimulateCustomPolicy: lists of strings and a list of structures holding a list', () => {
    const body = [
      `Action=SimulateCustomPolicy&${IAM}`,
      `PolicyInputList.member.1=${enc('{"Version":"2012-10-17","Statement":[]}')}`,
      'ActionNames.member.1=s3%3AGetObject',
      'ActionNames.member.2=s3%3APutObject',
      'ContextEntries.member.1.ContextKeyName=aws%3ASourceIp',
      'ContextEntries.member.1.ContextKeyType=ipList',
      'ContextEntries.member.1.ContextKeyValues.member.1=10.0.0.1',
      'ContextEntries.member.1.ContextKeyValues.member.2=10.0.0.2',
      'ContextEntries.member.2.ContextKeyName=aws%3AMultiFactorAuthPresent',
      'ContextEntries.member.2.ContextKeyType=boolean',
      'ContextEntries.member.2.ContextKeyValues.member.1=true',
      'MaxItems=10',
    ].join('&');
    assert.deepEqual(input(iam, body), {
      PolicyInputList: ['{"Version":"2012-10-17","Statement":[]}'],
      ActionNames: ['s3:GetObject', 's3:PutObject'],
      ContextEntries: [
        { ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ipList', ContextKeyValues: ['10.0.0.1', '10.0.0.2'] },
        { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyType: 'boolean', ContextKeyValues: ['true'] },
      ],
      MaxItems: 10,
    });
  });

  test('UpdateAccountPasswordPolicy: booleans and integers', () => {
    const body = `Action=UpdateAccountPasswordPolicy&${IAM}&MinimumPasswordLength=12&RequireSymbols=true&RequireNumbers=false&MaxPasswordAge=90&PasswordReusePrevention=24&HardExpiry=TRUE`;
    assert.deepEqual(input(iam, body), {
      MinimumPasswordLength: 12,
      RequireSymbols: true,
      RequireNumbers: false,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: true,
    });
  });

  test("STS AssumeRole: the API reference's sample request, verbatim", () => {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (Examples)
    const body = [
      'Version=2011-06-15',
      'Action=AssumeRole',
      'RoleSessionName=testAR',
      'RoleArn=arn:aws:iam::123456789012:role/demo',
      'PolicyArns.member.1.arn=arn:aws:iam::123456789012:policy/demopolicy1',
      'PolicyArns.member.2.arn=arn:aws:iam::123456789012:policy/demopolicy2',
      'Policy=JSON-IAM-POLICY',
      'DurationSeconds=3600',
      'Tags.member.1.Key=Project',
      'Tags.member.1.Value=Pegasus',
      'Tags.member.2.Key=Team',
      'Tags.member.2.Value=Engineering',
      'Tags.member.3.Key=Cost-Center',
      'Tags.member.3.Value=12345',
      'TransitiveTagKeys.member.1=Project',
      'TransitiveTagKeys.member.2=Cost-Center',
      'ExternalId=123ABC',
      'SourceIdentity=Alice',
    ].join('&');
    assert.deepEqual(input(sts, body), {
      RoleArn: 'arn:aws:iam::123456789012:role/demo',
      RoleSessionName: 'testAR',
      PolicyArns: [{ arn: 'arn:aws:iam::123456789012:policy/demopolicy1' }, { arn: 'arn:aws:iam::123456789012:policy/demopolicy2' }],
      Policy: 'JSON-IAM-POLICY',
      DurationSeconds: 3600,
      Tags: [
        { Key: 'Project', Value: 'Pegasus' },
        { Key: 'Team', Value: 'Engineering' },
        { Key: 'Cost-Center', Value: '12345' },
      ],
      TransitiveTagKeys: ['Project', 'Cost-Center'],
      ExternalId: '123ABC',
      SourceIdentity: 'Alice',
    });
  });

  const durations: [wire: string, value: number][] = [
    ['900', 900],
    ['43200', 43200],
    [enc('+900'), 900],
    ['0900', 900],
  ];
  for (const [wire, value] of durations) {
    test(`DurationSeconds=${wire} reads as ${value} (Java's Integer.parseInt)`, () => {
      const r = input(sts, `Action=AssumeRole&${STS}&RoleArn=arn:aws:iam::123456789012:role/demo&RoleSessionName=s1&DurationSeconds=${wire}`);
      assert.equal(r.DurationSeconds, value);
    });
  }
});

describe('reading every shape kind (a model that has them all)', () => {
  const model = parseServiceModel({
    metadata: { apiVersion: '2020-01-01', protocol: 'query', serviceId: 'Kinds', endpointPrefix: 'kinds', xmlNamespace: 'urn:kinds' },
    operations: { Op: { name: 'Op', input: { shape: 'In' } } },
    shapes: {
      In: {
        type: 'structure',
        members: {
          Attributes: { shape: 'AttrMap' },
          Flat: { shape: 'StrList', flattened: true },
          Named: { shape: 'NamedList' },
          Renamed: { shape: 'Str', locationName: 'OtherName' },
          Nested: { shape: 'Inner' },
          When: { shape: 'Time' },
          Since: { shape: 'Time' },
          Data: { shape: 'Bytes' },
          Big: { shape: 'Long' },
          Ratio: { shape: 'Double' },
          FlatMap: { shape: 'FlatAttrMap' },
        },
      },
      Inner: { type: 'structure', members: { Deep: { shape: 'Inner2' }, Label: { shape: 'Str' } } },
      Inner2: { type: 'structure', members: { Value: { shape: 'Str' } } },
      AttrMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
      FlatAttrMap: { type: 'map', key: { shape: 'Str', locationName: 'Name' }, value: { shape: 'Str', locationName: 'Val' }, flattened: true },
      StrList: { type: 'list', member: { shape: 'Str' } },
      NamedList: { type: 'list', member: { shape: 'Str', locationName: 'item' } },
      Str: { type: 'string' },
      Time: { type: 'timestamp' },
      Bytes: { type: 'blob' },
      Long: { type: 'long' },
      Double: { type: 'double' },
    },
  });

  test('maps, flattened lists, renamed items and members, nested structures, timestamps, blobs, long, double', () => {
    const body = [
      'Action=Op&Version=2020-01-01',
      'Attributes.entry.1.key=colour&Attributes.entry.1.value=red',
      'Attributes.entry.2.key=size&Attributes.entry.2.value=L',
      'Flat.1=a&Flat.2=b',
      'Named.item.1=x&Named.item.2=y',
      'OtherName=renamed',
      'Nested.Label=top&Nested.Deep.Value=bottom',
      'When=2024-02-03T04:05:06Z',
      'Since=1700000000',
      `Data=${enc(Buffer.from('hello').toString('base64'))}`,
      'Big=9007199254740991',
      'Ratio=0.25',
      'FlatMap.1.Name=k&FlatMap.1.Val=v',
    ].join('&');
    assert.deepEqual(input(model, body), {
      Attributes: { colour: 'red', size: 'L' },
      Flat: ['a', 'b'],
      Named: ['x', 'y'],
      Renamed: 'renamed',
      Nested: { Deep: { Value: 'bottom' }, Label: 'top' },
      When: new Date('2024-02-03T04:05:06Z'),
      Since: new Date(1700000000 * 1000),
      Data: new Uint8Array(Buffer.from('hello')),
      Big: 9007199254740991,
      Ratio: 0.25,
      FlatMap: { k: 'v' },
    });
  });

  test('a map key of __proto__ is data, not a prototype', () => {
    const r = input(model, 'Action=Op&Version=2020-01-01&Attributes.entry.1.key=__proto__&Attributes.entry.1.value=x');
    const attrs = r.Attributes as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.deepEqual(Object.keys(attrs), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value, 'x');
  });

  const malformed: [member: string, wire: string][] = [
    ['When', 'yesterday'],
    ['Data', 'not base64!'],
    ['Big', '9007199254740992'],
    ['Ratio', 'half'],
  ];
  for (const [member, wire] of malformed) {
    test(`${member}=${wire} is MalformedInput`, () => {
      assert.equal(error(model, `Action=Op&Version=2020-01-01&${member}=${enc(wire)}`).code, 'MalformedInput');
    });
  }
});

describe('constraint violations: ValidationError in AWS words', () => {
  const long = (n: number, c = 'x') => c.repeat(n);
  const SUPPLEMENTARY = '\u{1F600}';
  const ARN_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
  const role = 'RoleArn=arn:aws:iam::123456789012:role/demo';
  const cases: [why: string, model: typeof iam, body: string, message: string][] = [
    [
      'a missing required member',
      iam,
      `Action=CreateUser&${IAM}`,
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a name over 64 characters (as IAM answers CreateUser)',
      iam,
      `Action=CreateUser&${IAM}&UserName=${long(65)}`,
      `1 validation error detected: Value '${long(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    [
      'a name outside the pattern',
      iam,
      `Action=CreateUser&${IAM}&UserName=bad%2Fname`,
      "1 validation error detected: Value 'bad/name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    ],
    [
      'an empty name breaks the pattern and the minimum length',
      iam,
      `Action=CreateUser&${IAM}&UserName=`,
      "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'a tag value outside its pattern, by its list path',
      iam,
      `Action=CreateUser&${IAM}&UserName=Bob&Tags.member.1.Key=a&Tags.member.1.Value=ok&Tags.member.2.Key=b&Tags.member.2.Value=${enc('x;y')}`,
      "1 validation error detected: Value 'x;y' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
    ],
    [
      'a tag without its value',
      iam,
      `Action=CreateUser&${IAM}&UserName=Bob&Tags.member.1.Key=a`,
      "1 validation error detected: Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null",
    ],
    [
      'MaxItems under its range',
      iam,
      `Action=ListUsers&${IAM}&MaxItems=0`,
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'MaxItems over its range',
      iam,
      `Action=ListUsers&${IAM}&MaxItems=1001`,
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    ],
    [
      'a value outside the enum',
      iam,
      `Action=UpdateAccessKey&${IAM}&AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Enabled`,
      "1 validation error detected: Value 'Enabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    ],
    [
      'a nested enum inside a list of structures',
      iam,
      `Action=SimulateCustomPolicy&${IAM}&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3%3AGetObject&ContextEntries.member.1.ContextKeyName=aws%3Ax&ContextEntries.member.1.ContextKeyType=text`,
      "1 validation error detected: Value 'text' at 'contextEntries.1.member.contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]",
    ],
    [
      'a short item of a list of strings',
      iam,
      `Action=SimulateCustomPolicy&${IAM}&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3`,
      "1 validation error detected: Value 's3' at 'actionNames.1.member' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      'a sensitive value is not echoed',
      iam,
      `Action=ChangePassword&${IAM}&OldPassword=&NewPassword=secret`,
      "2 validation errors detected: Value at 'oldPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+; Value at 'oldPassword' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      'errors of several members, in member order, joined by "; "',
      sts,
      `Action=AssumeRole&${STS}&RoleSessionName=a&DurationSeconds=899`,
      "3 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    ],
    [
      'a short ARN inside PolicyArns',
      sts,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=s1&PolicyArns.member.1.arn=short`,
      "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
    // The rest were observed on live STS (AssumeRole).
    ['missing RoleArn', sts, `Action=AssumeRole&${STS}&RoleSessionName=s1`, "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null"],
    [
      'empty RoleArn',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=&RoleSessionName=s1`,
      `2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}; Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    ],
    [
      'short RoleArn',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=not-an-arn&RoleSessionName=s1`,
      "1 validation error detected: Value 'not-an-arn' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
    [
      'RoleArn of 2049 characters',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=${long(2049)}&RoleSessionName=s1`,
      `1 validation error detected: Value '${long(2049)}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    ],
    [
      'RoleArn of 2049 BMP characters',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=${enc(long(2049, 'é'))}&RoleSessionName=s1`,
      `1 validation error detected: Value '${long(2049, 'é')}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    ],
    [
      'RoleArn of 2048 supplementary characters: the pattern only (length counts code points)',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=${enc(long(2048, SUPPLEMENTARY))}&RoleSessionName=s1`,
      `1 validation error detected: Value '${long(2048, SUPPLEMENTARY)}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}`,
    ],
    [
      'RoleArn of 2049 supplementary characters: pattern, then length',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=${enc(long(2049, SUPPLEMENTARY))}&RoleSessionName=s1`,
      `2 validation errors detected: Value '${long(2049, SUPPLEMENTARY)}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}; Value '${long(2049, SUPPLEMENTARY)}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    ],
    [
      'RoleArn of 1025 decomposed é (no normalization: 2050 code points)',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=${enc(long(1025, 'e\u0301'))}&RoleSessionName=s1`,
      `1 validation error detected: Value '${long(1025, 'e\u0301')}' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048`,
    ],
    ['missing RoleSessionName', sts, `Action=AssumeRole&${STS}&${role}`, "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null"],
    [
      'empty RoleSessionName',
      sts,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=`,
      "1 validation error detected: Value '' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ],
    [
      'RoleSessionName with a slash',
      sts,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=bad%2Fname`,
      "1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ],
    [
      'RoleSessionName of 65 characters',
      sts,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=${long(65, 'a')}`,
      `1 validation error detected: Value '${long(65, 'a')}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    ],
    ...(
      [
        ['-1', 'greater than or equal to 900'],
        ['899', 'greater than or equal to 900'],
        ['43201', 'less than or equal to 43200'],
        ['2147483647', 'less than or equal to 43200'],
        ['-2147483648', 'greater than or equal to 900'],
      ] as const
    ).map(
      ([wire, limit]) =>
        [
          `DurationSeconds=${wire}`,
          sts,
          `Action=AssumeRole&${STS}&${role}&RoleSessionName=s1&DurationSeconds=${wire}`,
          `1 validation error detected: Value '${wire}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${limit}`,
        ] as [string, typeof iam, string, string],
    ),
    [
      'duplicate members: the first value is judged',
      sts,
      `Action=AssumeRole&${STS}&RoleArn=not-an-arn&${role}&RoleSessionName=s1`,
      "1 validation error detected: Value 'not-an-arn' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
  ];
  for (const [why, model, body, message] of cases) {
    test(why, () => {
      const e = error(model, body);
      assert.equal(e.code, 'ValidationError');
      assert.equal(e.status, 400);
      assert.equal(e.message, message);
    });
  }

  test('accepted at the boundaries observed on AWS', () => {
    for (const body of [
      `Action=AssumeRole&${STS}&RoleArn=${enc(long(2048, 'é'))}&RoleSessionName=s1`,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=${long(64, 'b')}`,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=aa&DurationSeconds=43200`,
      `Action=AssumeRole&${STS}&${role}&RoleSessionName=s1&RoleSessionName=bad%2Fname`,
    ]) {
      assert.ok(parse(sts, body).ok, body.slice(0, 80));
    }
  });

  test('a list over its size', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('&');
    const e = error(iam, `Action=CreateUser&${IAM}&UserName=Bob&${tags}`);
    assert.match(e.message!, /^1 validation error detected: Value '\[\{Key: k0, Value: v\}, .*\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
  });
});

describe('values that are not their type: MalformedInput (as live STS answers)', () => {
  const base = `Action=AssumeRole&${STS}&RoleArn=arn:aws:iam::123456789012:role/demo&RoleSessionName=s1`;
  const cases: [wire: string, message: string | undefined][] = [
    ['', 'missing value for decimal type'],
    ['abc', undefined],
    ['900.0', undefined],
    ['2147483648', undefined],
    ['-2147483649', undefined],
    ['9%C3%A9', undefined],
  ];
  for (const [wire, message] of cases) {
    test(`DurationSeconds=${wire || '(empty)'} -> MalformedInput${message === undefined ? ', no message' : `: ${message}`}`, () => {
      const e = error(sts, `${base}&DurationSeconds=${wire}`);
      assert.equal(e.code, 'MalformedInput');
      assert.equal(e.status, 400);
      assert.equal(e.message, message);
      assert.equal('message' in e, message !== undefined);
    });
  }

  test('a malformed value wins over constraint violations elsewhere', () => {
    const e = error(sts, `Action=AssumeRole&${STS}&RoleSessionName=a&DurationSeconds=abc`);
    assert.equal(e.code, 'MalformedInput');
  });

  test('a boolean that is neither true nor false', () => {
    assert.equal(error(iam, `Action=UpdateAccountPasswordPolicy&${IAM}&RequireSymbols=yes`).code, 'MalformedInput');
  });
});

describe('decoding the form body', () => {
  const cases: [raw: string, params: [string, string][]][] = [
    ['', []],
    ['a=1&b=2&a=3', [['a', '1'], ['b', '2'], ['a', '3']]],
    ['a=x+y&b=x%2By&c=%7B%22k%22%3A1%7D', [['a', 'x y'], ['b', 'x+y'], ['c', '{"k":1}']]],
    ['flag&empty=&&x=%C3%A9', [['flag', ''], ['empty', ''], ['x', 'é']]],
    ['Tags.member.1.Key=a', [['Tags.member.1.Key', 'a']]],
  ];
  for (const [raw, params] of cases) {
    test(JSON.stringify(raw), () => assert.deepEqual(decodeQueryString(raw), params));
  }

  for (const raw of ['a=%zz', 'a=%', 'a=%C3', '%E0%A4%A=1']) {
    test(`${raw} is MalformedQueryString`, () => {
      const r = decodeQueryString(raw);
      assert.ok(!Array.isArray(r));
      assert.equal(r.code, 'MalformedQueryString');
    });
  }

  test('URLSearchParams and Maps are accepted too', () => {
    assert.ok(parseQueryInput(sts, new URLSearchParams(`Action=GetCallerIdentity&${STS}`)).ok);
    assert.ok(parseQueryInput(sts, new Map([['Action', 'GetCallerIdentity'], ['Version', '2011-06-15']])).ok);
  });
});

describe('speed', () => {
  test('routing, reading and validating a typical request takes microseconds', () => {
    const params = decodeQueryString(
      `Action=CreateUser&${IAM}&Path=%2Fteam%2F&UserName=Bob&PermissionsBoundary=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fb&Tags.member.1.Key=Dept&Tags.member.1.Value=Eng&Tags.member.2.Key=Cost&Tags.member.2.Value=1`,
    );
    assert.ok(Array.isArray(params));
    for (let i = 0; i < 1000; i++) parseQueryInput(iam, params); // warm up (compiles the validators once)
    // The best of several batches: a loaded machine slows some batches, never speeds one up.
    let perCall = Infinity;
    for (let batch = 0; batch < 10; batch++) {
      const n = 2000;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const r = parseQueryInput(iam, params);
        if (!r.ok) throw new Error('unexpected');
      }
      perCall = Math.min(perCall, Number(process.hrtime.bigint() - t0) / n / 1000);
    }
    console.log(`# parseQueryInput(CreateUser with 2 tags): ${perCall.toFixed(2)} µs per request`);
    assert.ok(perCall < 50, `${perCall} µs`);
  });
});
