import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsManagedCatalogue, derivedPolicyId, isAwsManagedArn } from './aws-managed.js';
import { validatePolicy } from '../policy/validate.js';

const catalogue = new AwsManagedCatalogue();

test('the catalogue serves AWS-managed policies by ARN, with versions and documents', () => {
  const admin = catalogue.get('arn:aws:iam::aws:policy/AdministratorAccess');
  assert.ok(admin);
  assert.equal(admin.name, 'AdministratorAccess');
  assert.equal(admin.path, '/');
  assert.match(admin.policyId, /^ANPA[A-Z2-7]{17}$/);
  const v = catalogue.version(admin.arn, admin.defaultVersionId);
  assert.ok(v);
  assert.deepEqual(JSON.parse(v.document), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  assert.equal(catalogue.get('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
  assert.equal(catalogue.get('arn:aws-cn:iam::aws:policy/AdministratorAccess')?.name, 'AdministratorAccess');
});

test('every default version validates as a managed identity policy', () => {
  let checked = 0;
  for (const p of catalogue.all()) {
    const v = catalogue.version(p.arn, p.defaultVersionId);
    if (!v) continue;
    const r = validatePolicy(v.document, { type: 'identity', maxLength: 1_000_000 });
    assert.ok(r.ok, `${p.name}: ${r.ok ? '' : r.errors[0]?.message}`);
    checked++;
  }
  assert.ok(checked > 1500, `checked ${checked}`);
});

test('ids and ARNs', () => {
  assert.equal(derivedPolicyId('arn:aws:iam::aws:policy/ReadOnlyAccess'), derivedPolicyId('arn:aws:iam::aws:policy/ReadOnlyAccess'));
  assert.notEqual(derivedPolicyId('arn:aws:iam::aws:policy/a'), derivedPolicyId('arn:aws:iam::aws:policy/b'));
  const cases: [string, boolean][] = [
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', true],
    ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole', true],
    ['arn:aws:iam::123456789012:policy/mine', false],
  ];
  for (const [arn, want] of cases) assert.equal(isAwsManagedArn(arn), want, arn);
});
