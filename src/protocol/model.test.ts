// Loading service models: the three shipped models load whole, lookups are exact, shapes are
// linked, and a malformed model is a TypeError (our bug), not a client error.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadServiceModel, parseServiceModel, resolveOperation } from './model.js';
import type { StructureShape } from './model.js';

const load = (n: string) => loadServiceModel(new URL(`../../data/aws-models/${n}.json`, import.meta.url));
const iam = load('iam-2010-05-08');
const sts = load('sts-2011-06-15');
const org = load('organizations-2016-11-28');

describe('the shipped models', () => {
  const cases = [
    { model: iam, serviceId: 'IAM', protocol: 'query', version: '2010-05-08', operations: 176, ns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
    { model: sts, serviceId: 'STS', protocol: 'query', version: '2011-06-15', operations: 11, ns: 'https://sts.amazonaws.com/doc/2011-06-15/' },
    { model: org, serviceId: 'Organizations', protocol: 'json', version: '2016-11-28', operations: 63, ns: undefined },
  ] as const;
  for (const c of cases) {
    test(`${c.serviceId}: ${c.operations} operations, ${c.protocol}, ${c.version}`, () => {
      assert.equal(c.model.metadata.serviceId, c.serviceId);
      assert.equal(c.model.metadata.protocol, c.protocol);
      assert.equal(c.model.metadata.apiVersion, c.version);
      assert.equal(c.model.operations.size, c.operations);
      assert.equal(c.model.metadata.xmlNamespace, c.ns);
    });
  }

  test('Organizations names its target prefix and JSON version', () => {
    assert.equal(org.metadata.targetPrefix, 'AWSOrganizationsV20161128');
    assert.equal(org.metadata.jsonVersion, '1.1');
  });

  test('every query operation with an output has a result wrapper', () => {
    for (const model of [iam, sts]) {
      for (const op of model.operations.values()) {
        if (op.output !== undefined) assert.equal(op.resultWrapper, `${op.name}Result`, op.name);
      }
    }
  });
});

describe('operations', () => {
  test('lookup is by exact name, as AWS routes', () => {
    assert.equal(iam.operation('CreateUser')?.name, 'CreateUser');
    assert.equal(iam.operation('createuser'), undefined);
    assert.equal(iam.operation('CreateUser '), undefined);
    assert.equal(iam.operation('toString'), undefined);
  });

  test('input, output, result wrapper and errors are linked', () => {
    const op = iam.operation('CreateUser')!;
    assert.equal(op.input?.name, 'CreateUserRequest');
    assert.equal(op.output?.name, 'CreateUserResponse');
    assert.equal(op.resultWrapper, 'CreateUserResult');
    assert.deepEqual(
      op.errors.map((e) => [e.name, e.error?.code, e.error?.httpStatusCode]),
      [
        ['LimitExceededException', 'LimitExceeded', 409],
        ['EntityAlreadyExistsException', 'EntityAlreadyExists', 409],
        ['NoSuchEntityException', 'NoSuchEntity', 404],
        ['InvalidInputException', 'InvalidInput', 400],
        ['ConcurrentModificationException', 'ConcurrentModification', 409],
        ['ServiceFailureException', 'ServiceFailure', 500],
      ],
    );
    assert.equal(op.http.method, 'POST');
  });

  test('an operation without output has none', () => {
    const op = iam.operation('DeleteUser')!;
    assert.equal(op.output, undefined);
    assert.equal(op.resultWrapper, undefined);
  });

  test('resolveOperation takes a name or an operation and refuses unknown names', () => {
    const op = iam.operation('GetUser')!;
    assert.equal(resolveOperation(iam, 'GetUser'), op);
    assert.equal(resolveOperation(iam, op), op);
    assert.throws(() => resolveOperation(iam, 'Nope'), TypeError);
  });
});

describe('shapes', () => {
  test('structure members keep the model order, with required flags', () => {
    const s = iam.shape('User') as StructureShape;
    assert.deepEqual(
      s.members.map((m) => [m.name, m.required]),
      [
        ['Path', true],
        ['UserName', true],
        ['UserId', true],
        ['Arn', true],
        ['CreateDate', true],
        ['PasswordLastUsed', false],
        ['PermissionsBoundary', false],
        ['Tags', false],
      ],
    );
  });

  test('constraints are carried: length, pattern, range, enum, list size', () => {
    assert.deepEqual(
      { ...iam.shape('userNameType') },
      { name: 'userNameType', type: 'string', sensitive: false, min: 1, max: 64, pattern: '[\\w+=,.@-]+' },
    );
    assert.deepEqual({ ...iam.shape('maxItemsType') }, { name: 'maxItemsType', type: 'integer', sensitive: false, min: 1, max: 1000 });
    const status = iam.shape('statusType');
    assert.ok(status.type === 'string');
    assert.deepEqual(status.enum, ['Active', 'Inactive', 'Expired']);
    const tags = iam.shape('tagListType');
    assert.ok(tags.type === 'list');
    assert.equal(tags.max, 50);
    assert.equal(tags.member.shape, iam.shape('Tag'));
    assert.equal(iam.shape('passwordType').sensitive, true);
  });

  test('maps link their key and value shapes', () => {
    const m = iam.shape('summaryMapType');
    assert.ok(m.type === 'map');
    assert.equal(m.key.shape.name, 'summaryKeyType');
    assert.equal(m.value.shape.type, 'integer');
  });

  test('an unknown shape name is a TypeError', () => {
    assert.throws(() => iam.shape('NoSuchShape'), TypeError);
  });
});

describe('serialization hints and malformed models', () => {
  const base = {
    metadata: { apiVersion: '2020-01-01', protocol: 'query', serviceId: 'Test', endpointPrefix: 'test', xmlNamespace: 'urn:test' },
    operations: { Op: { name: 'Op', input: { shape: 'In' }, output: { shape: 'Out', resultWrapper: 'OpResult' } } },
  };

  test('locationName and flattened are read where they are used', () => {
    const m = parseServiceModel({
      ...base,
      shapes: {
        In: { type: 'structure', members: { Items: { shape: 'List', locationName: 'Item', flattened: true } } },
        Out: { type: 'structure', members: {} },
        List: { type: 'list', member: { shape: 'Str', locationName: 'it' } },
        Str: { type: 'string' },
      },
    });
    const items = (m.shape('In') as StructureShape).memberByName.get('Items')!;
    assert.equal(items.locationName, 'Item');
    assert.equal(items.flattened, true);
    const list = m.shape('List');
    assert.ok(list.type === 'list');
    assert.equal(list.member.locationName, 'it');
  });

  test('recursive shapes link to themselves', () => {
    const m = parseServiceModel({
      ...base,
      shapes: {
        In: { type: 'structure', members: { Child: { shape: 'In' } } },
        Out: { type: 'structure', members: {} },
      },
    });
    const s = m.shape('In') as StructureShape;
    assert.equal(s.memberByName.get('Child')!.shape, s);
  });

  const broken: [why: string, shapes: Record<string, unknown>, metadata?: Record<string, unknown>][] = [
    ['an unknown member shape', { In: { type: 'structure', members: { A: { shape: 'Missing' } } }, Out: { type: 'structure', members: {} } }],
    ['an unknown type', { In: { type: 'vector' }, Out: { type: 'structure', members: {} } }],
    ['a required member that does not exist', { In: { type: 'structure', required: ['A'], members: {} }, Out: { type: 'structure', members: {} } }],
    ['an input that is not a structure', { In: { type: 'string' }, Out: { type: 'structure', members: {} } }],
    ['an unsupported protocol', { In: { type: 'structure', members: {} }, Out: { type: 'structure', members: {} } }, { ...base.metadata, protocol: 'rest-xml' }],
  ];
  for (const [why, shapes, metadata] of broken) {
    test(`${why} is a TypeError`, () => {
      assert.throws(() => parseServiceModel({ ...base, metadata: metadata ?? base.metadata, shapes }), TypeError);
    });
  }
});
